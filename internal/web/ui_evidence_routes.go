package web

import "roundtable/internal/authz"

// evidenceRoutes are the evidence pages: the indicator catalogue, an
// indicator's charts and map, a country's development profile, downloads
// and embeds.
func (s *Server) evidenceRoutes() []route {
	return []route{
		{"GET", "/evidence", authz.ViewEvidence, s.evidenceCatalogue},
		// {code} may end in .csv or .json: the table as a download.
		{"GET", "/evidence/indicators/{code}", authz.ViewEvidence, s.evidenceIndicator},
		// {iso3} may end in .csv or .json: the profile table as a download.
		{"GET", "/evidence/countries/{iso3}", authz.ViewEvidence, s.evidenceCountry},
		// {code} ends in .svg: one indicator's line chart of a profile.
		{"GET", "/evidence/countries/{iso3}/charts/{code}", authz.ViewEvidence, s.evidenceCountryChart},
		{"GET", "/evidence/indicators/{code}/map.svg", authz.ViewEvidence, s.evidenceChartSVG("map")},
		{"GET", "/evidence/indicators/{code}/dots.svg", authz.ViewEvidence, s.evidenceChartSVG("dots")},
		{"GET", "/evidence/indicators/{code}/slope.svg", authz.ViewEvidence, s.evidenceChartSVG("slope")},
		// The map alone, for an <iframe> on another site.
		{"GET", "/evidence/embed/indicators/{code}/map", authz.ViewEvidence, s.evidenceEmbed},
	}
}
