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
	}
}
