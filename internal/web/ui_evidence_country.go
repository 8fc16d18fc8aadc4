package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"roundtable/internal/country"
	"roundtable/internal/errs"
	"roundtable/internal/evidence"
)

// A development profile: for one participating country, every indicator
// with its latest value, the same-yardstick figures and a line chart of the
// country against chosen peers and group aggregates, each in the
// indicator's default series (a series keeps its source).

// profileRow is one indicator of a profile.
type profileRow struct {
	Indicator evidence.Indicator
	Series    evidence.Series
	Has       bool // the country has an observation in this series
	Latest    evidence.Point
	Figures   []profileFigure
	Chart     template.HTML
	// Lines are the chart's areas (the country first) and Years the
	// years any of them has in the window, for the table under the chart.
	Lines []profileLine
	Years []int
}

// profileLine is one area of a profile's chart.
type profileLine struct {
	Code   string
	Name   string
	Group  bool
	Focus  bool
	values map[int]float64
}

// profileFigure is one same-yardstick figure, linked to the method page's
// explanation of it.
type profileFigure struct {
	Label  string
	Value  string
	Anchor string // the method page's anchor: change, rate, target, frontier
}

// Cell is a line's value in a year, formatted, or a dash.
func (p evidenceCountryPage) Cell(l profileLine, in evidence.Indicator, year int) string {
	if v, ok := l.values[year]; ok {
		return p.Value(in, v)
	}
	return "–"
}

// profileWindow is the span the changes and charts cover unless the reader
// chooses: from 2000, the Millennium Declaration's base year, to the latest
// observation.
const profileFrom = 2000

// The years a window may name.
const firstDataYear, lastDataYear = 1950, 2100

// maxPeers bounds ?peers=: a chart of more lines reads as a tangle.
const maxPeers = 6

type evidenceCountryPage struct {
	evidenceBase
	Country country.Country
	Rows    []profileRow
	// Peers are the chosen areas (?peers=), Groups the aggregates every
	// chart shows, From and To the window (To 0: the latest).
	Peers    []string
	Groups   []string
	From, To int
	Query    string
}

// query is the page's choice of peers and window, for its links.
func (p evidenceCountryPage) query() url.Values {
	q := url.Values{}
	if len(p.Peers) > 0 {
		q.Set("peers", p.PeersValue())
	}
	if p.From != 0 {
		q.Set("from", strconv.Itoa(p.From))
	}
	if p.To != 0 {
		q.Set("to", strconv.Itoa(p.To))
	}
	return q
}

// PeersValue is ?peers= as the form shows it.
func (p evidenceCountryPage) PeersValue() string { return strings.Join(p.Peers, ",") }

// WithData counts the indicators the country has data for.
func (p evidenceCountryPage) WithData() int {
	n := 0
	for _, r := range p.Rows {
		if r.Has {
			n++
		}
	}
	return n
}

// profileQuery reads ?peers=, ?from= and ?to=.
func profileQuery(r *http.Request, areas map[string]evidence.Area, self string) (peers []string, from, to int, err error) {
	if v := strings.TrimSpace(r.URL.Query().Get("peers")); v != "" {
		for _, c := range strings.Split(v, ",") {
			c = strings.ToUpper(strings.TrimSpace(c))
			if c == "" || c == self || slices.Contains(peers, c) {
				continue
			}
			if _, ok := areas[c]; !ok || len(c) > 3 {
				return nil, 0, 0, errs.Field("peers", "evidence_bad_peer", "evidence.error.peers", "code", c)
			}
			peers = append(peers, c)
		}
		if len(peers) > maxPeers {
			return nil, 0, 0, errs.Field("peers", "evidence_too_many_peers", "evidence.error.too_many_peers", "n", maxPeers)
		}
	}
	if from, err = yearParam(r, "from", firstDataYear, lastDataYear); err != nil {
		return
	}
	if to, err = yearParam(r, "to", firstDataYear, lastDataYear); err != nil {
		return
	}
	if from == 0 {
		from = profileFrom
	}
	if to != 0 && from >= to {
		err = errs.Field("from", "evidence_bad_window", "evidence.error.window")
	}
	return
}

// profileGroups are the source's own aggregates a country's charts show:
// its region and the world.
func profileGroups(iso3 string) []string {
	if iso3 == "CHN" {
		return []string{"EAS", "WLD"}
	}
	return []string{"LCN", "WLD"}
}

// participant returns the participating country iso3 names, or a not-found
// error in the reader's language.
func (s *Server) participant(ctx context.Context, iso3, lang string) (country.Country, error) {
	parts, err := s.participants(ctx, lang)
	if err != nil {
		return country.Country{}, err
	}
	for _, c := range parts {
		if strings.EqualFold(c.ISO3, iso3) {
			return c, nil
		}
	}
	return country.Country{}, errs.New(errs.NotFound, "country_not_found", "evidence.error.country", "code", iso3)
}

// profile reads a country's profile: each indicator's default series, the
// country's figures in it and the lines of its chart.
func (s *Server) profile(ctx context.Context, p *evidenceCountryPage) error {
	inds, err := s.evidence.Indicators(ctx)
	if err != nil {
		return err
	}
	for _, in := range inds {
		se, err := s.evidence.DefaultSeries(ctx, in.Code)
		if errs.Is(err, errs.NotFound) {
			continue // no series with data: nothing to show
		}
		if err != nil {
			return err
		}
		panel, err := s.evidence.Panel(ctx, se.ID)
		if err != nil {
			return err
		}
		row := profileRow{Indicator: in, Series: se}
		row.Latest, row.Has = panel.Latest(p.Country.ISO3)
		if p.To != 0 {
			row.Latest, row.Has = latestBy(panel, p.Country.ISO3, p.To)
		}
		row.Lines = append(row.Lines, profileLine{Code: p.Country.ISO3, Name: p.Name(p.Country.Names), Focus: true})
		for _, c := range p.Peers {
			row.Lines = append(row.Lines, profileLine{Code: c, Name: p.AreaName(c)})
		}
		for _, c := range p.Groups {
			row.Lines = append(row.Lines, profileLine{Code: c, Name: p.AreaName(c), Group: true})
		}
		years := map[int]bool{}
		for i := range row.Lines {
			l := &row.Lines[i]
			l.values = map[int]float64{}
			for _, pt := range panel.Points(l.Code) {
				if pt.Year < p.From || (p.To != 0 && pt.Year > p.To) {
					continue
				}
				l.values[pt.Year] = pt.Value
				years[pt.Year] = true
			}
		}
		for y := range years {
			row.Years = append(row.Years, y)
		}
		slices.Sort(row.Years)
		row.Figures = profileFigures(p.evidenceBase, in, panel, p.Country.ISO3, p.From, p.To, s.frontierFor(ctx, p.evidenceBase, in, panel))
		row.Chart = profileChart(p.evidenceBase, p.Country, row)
		p.Rows = append(p.Rows, row)
	}
	return nil
}

// latestBy is an area's last observation in or before year.
func latestBy(p *evidence.Panel, area string, year int) (evidence.Point, bool) {
	pts := p.Points(area)
	for i := len(pts) - 1; i >= 0; i-- {
		if pts[i].Year <= year {
			return pts[i], true
		}
	}
	return evidence.Point{}, false
}

// countryCode reads the {iso3} of a profile route and the download it
// names by its ending (BOL.csv) or ?format=.
func countryCode(r *http.Request) (string, string, error) {
	code := r.PathValue("iso3")
	for _, f := range []string{"csv", "json"} {
		if c, ok := strings.CutSuffix(code, "."+f); ok {
			return c, f, nil
		}
	}
	switch f := r.URL.Query().Get("format"); f {
	case "", "html":
		return code, "", nil
	case "csv", "json":
		return code, f, nil
	}
	return code, "", errs.Field("format", "evidence_bad_format", "evidence.error.format")
}

func (s *Server) evidenceCountry(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code, format, err := countryCode(r)
	if err != nil {
		return err
	}
	lang := string(stateOf(r).lang)
	c, err := s.participant(ctx, code, lang)
	if err != nil {
		return err
	}
	b, err := s.evidenceBase(ctx, w, r, "evidence.profile_title")
	if err != nil {
		return err
	}
	p := evidenceCountryPage{evidenceBase: b, Country: c, Groups: profileGroups(c.ISO3)}
	if p.Peers, p.From, p.To, err = profileQuery(r, b.areas, c.ISO3); err != nil {
		return err
	}
	p.Query = p.query().Encode()
	if err := s.profile(ctx, &p); err != nil {
		return err
	}
	switch format {
	case "csv":
		return profileCSV(w, p)
	case "json":
		return profileJSON(w, p)
	}
	return s.render(w, http.StatusOK, "evidence_country.html", p)
}
