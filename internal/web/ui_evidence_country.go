package web

import (
	"context"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"roundtable/internal/chart"
	"roundtable/internal/country"
	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/groups"
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
	// ChartURL is the line chart, an SVG of its own: a profile of some
	// thirty charts reads faster with each fetched beside the page.
	ChartURL string
	// Lines are the chart's areas (the country first) and Years the
	// years any of them has in the window, for the table under the chart.
	Lines []profileLine
	Years []int
	// Table is that table's body: a row per year, the year first.
	Table template.HTML
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
	Groups   []groups.Group
	From, To int
	Query    string
	// population weighs the members of a group (the default series of
	// SP.POP.TOTL); nil: no group figures but the source's own.
	population *evidence.Panel
	download   bool // a CSV or JSON download: the latest values only
	// Others counts the indicators with data that the catalogue gives no
	// topic (imported, not curated): the catalogue page lists them; a
	// profile draws the catalogue's own, so its size does not grow with a
	// bulk import of a thousand series.
	Others int
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

// populationIndicator weighs the members of a group.
const populationIndicator = "SP.POP.TOTL"

// profileGroups are the groups a country's charts show: a CELAC state's
// sub-region and CELAC, China's CELAC; and the world as the source counts
// it.
func profileGroups(all groups.List, iso3 string) []groups.Group {
	var out []groups.Group
	for _, g := range all {
		switch {
		case g.Code == groups.World, g.Code == groups.CELAC:
		case g.M49 != "" && slices.Contains(g.Members, iso3):
		default:
			continue
		}
		out = append(out, g)
	}
	// The narrowest first: sub-region, CELAC, world.
	slices.SortStableFunc(out, func(a, b groups.Group) int { return groupOrder(a) - groupOrder(b) })
	return out
}

func groupOrder(g groups.Group) int {
	switch {
	case g.M49 != "":
		return 0
	case g.Code == groups.World:
		return 2
	}
	return 1
}

// groupLine is a group's figures in a series from year from on (0: all),
// those the coverage rule lets stand, by year.
func groupLine(values, population *evidence.Panel, g groups.Group, from int) map[int]float64 {
	out := map[int]float64{}
	if population == nil && g.SourceArea == "" {
		return out
	}
	pop := population
	if pop == nil {
		pop = values
	}
	for _, y := range groups.CachedAggregate(values, pop, g, groups.RuleFor(values.Series.Indicator)).Years {
		if y.OK && y.Year >= from {
			out[y.Year] = y.Value
		}
	}
	return out
}

// participant returns the participating country iso3 names, or a not-found
// error in the reader's language.
func (s *Server) participant(ctx context.Context, iso3 string) (country.Country, error) {
	c, err := country.Get(ctx, s.db.Reader(), iso3)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return c, err
	}
	if err != nil || (c.ISO3 != "CHN" && !slices.Contains(c.Groups, "CELAC")) {
		return country.Country{}, errs.New(errs.NotFound, "country_not_found", "evidence.error.country", "code", iso3)
	}
	return c, nil
}

// profile reads a country's profile: each indicator's default series, the
// country's figures in it and the lines of its chart.
func (s *Server) profile(ctx context.Context, p *evidenceCountryPage) error {
	inds, err := s.evidence.Indicators(ctx)
	if err != nil {
		return err
	}
	defaults, err := s.defaultSeries(ctx)
	if err != nil {
		return err
	}
	fr := s.newFrontiers(ctx, p.evidenceBase, defaults)
	for _, in := range inds {
		se, ok := defaults[in.Code]
		if !ok {
			continue // no series with data: nothing to show
		}
		if in.Topic == "" {
			p.Others++
			continue
		}
		panel, err := s.evidence.Panel(ctx, se.ID)
		if err != nil {
			return err
		}
		if p.download {
			// The downloads hold the latest values only.
			row := profileRow{Indicator: in, Series: se}
			row.Latest, row.Has = panel.Latest(p.Country.ISO3)
			if p.To != 0 {
				row.Latest, row.Has = latestBy(panel, p.Country.ISO3, p.To)
			}
			p.Rows = append(p.Rows, row)
			continue
		}
		row := profileRowOf(p, in, panel)
		row.Table = profileCells(p.evidenceBase, in, row)
		row.Figures = profileFigures(p.evidenceBase, in, panel, p.Country.ISO3, p.From, p.To, fr.of(in, panel))
		q := p.query()
		q.Set("series", strconv.FormatInt(se.ID, 10))
		row.ChartURL = "/evidence/countries/" + p.Country.ISO3 + "/charts/" + in.Code + ".svg?" + q.Encode()
		p.Rows = append(p.Rows, row)
	}
	return nil
}

// profileRowOf is an indicator's row of a profile, from its panel: the
// country's latest value (in or before To) and the lines of its chart
// over the window.
func profileRowOf(p *evidenceCountryPage, in evidence.Indicator, panel *evidence.Panel) profileRow {
	row := profileRow{Indicator: in, Series: panel.Series}
	row.Latest, row.Has = panel.Latest(p.Country.ISO3)
	if p.To != 0 {
		row.Latest, row.Has = latestBy(panel, p.Country.ISO3, p.To)
	}
	row.Lines = append(row.Lines, profileLine{Code: p.Country.ISO3, Name: p.Name(p.Country.Names), Focus: true})
	for _, c := range p.Peers {
		row.Lines = append(row.Lines, profileLine{Code: c, Name: p.AreaName(c)})
	}
	years := map[int]bool{}
	inWindow := func(y int) bool { return y >= p.From && (p.To == 0 || y <= p.To) }
	for i := range row.Lines {
		l := &row.Lines[i]
		l.values = map[int]float64{}
		for _, pt := range panel.Points(l.Code) {
			if inWindow(pt.Year) {
				l.values[pt.Year] = pt.Value
				years[pt.Year] = true
			}
		}
	}
	for _, g := range p.Groups {
		l := profileLine{Code: g.Code, Name: g.Name(string(p.Lang)), Group: true, values: map[int]float64{}}
		for y, v := range groupLine(panel, p.population, g, p.From) {
			if inWindow(y) {
				l.values[y] = v
				years[y] = true
			}
		}
		row.Lines = append(row.Lines, l)
	}
	for y := range years {
		row.Years = append(row.Years, y)
	}
	slices.Sort(row.Years)
	return row
}

// defaultSeries is each indicator's default series, read at once: the rule
// of evidence.Service.DefaultSeries (the newest vintage that has
// observations) over the one list Service.Series gives in that order.
func (s *Server) defaultSeries(ctx context.Context) (map[string]evidence.Series, error) {
	all, err := s.evidence.Series(ctx, "")
	if err != nil {
		return nil, err
	}
	out := map[string]evidence.Series{}
	for _, se := range all {
		if _, ok := out[se.Indicator]; !ok && se.Observations > 0 {
			out[se.Indicator] = se
		}
	}
	return out, nil
}

// profileCells are the chart's data as the table under it prints them: a
// row per year, the year first (a row header), then each line's value or a
// dash. Written here rather than by the template: a profile holds some
// three thousand such cells.
func profileCells(b evidenceBase, in evidence.Indicator, row profileRow) template.HTML {
	var sb strings.Builder
	for _, y := range row.Years {
		sb.WriteString(`<tr><th scope="row" class="num">`)
		sb.WriteString(strconv.Itoa(y))
		sb.WriteString(`</th>`)
		for _, l := range row.Lines {
			sb.WriteString(`<td class="num">`)
			if v, ok := l.values[y]; ok {
				sb.WriteString(html.EscapeString(b.Value(in, v)))
			} else {
				sb.WriteString("–")
			}
			sb.WriteString(`</td>`)
		}
		sb.WriteString("</tr>\n")
	}
	return template.HTML(sb.String())
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

// populationPanel is the default series of the population, which weighs
// group figures; nil when there is none.
func (s *Server) populationPanel(ctx context.Context) (*evidence.Panel, error) {
	se, err := s.evidence.DefaultSeries(ctx, populationIndicator)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.evidence.Panel(ctx, se.ID)
}

// profilePage reads what every profile request knows: the areas, the
// peers and the window.
func (s *Server) profilePage(w http.ResponseWriter, r *http.Request, c country.Country) (evidenceCountryPage, error) {
	b, err := s.evidenceBase(r.Context(), w, r, "evidence.profile_title")
	if err != nil {
		return evidenceCountryPage{}, err
	}
	all, err := s.evidenceGroups(r.Context())
	if err != nil {
		return evidenceCountryPage{}, err
	}
	p := evidenceCountryPage{evidenceBase: b, Country: c, Groups: profileGroups(all, c.ISO3)}
	if p.population, err = s.populationPanel(r.Context()); err != nil {
		return p, err
	}
	if p.Peers, p.From, p.To, err = profileQuery(r, b.areas, c.ISO3); err != nil {
		return p, err
	}
	p.Query = p.query().Encode()
	return p, nil
}

// evidenceCountryChart is one indicator's line chart of a profile, as an
// SVG file with its source and licence under it; ?series= names the
// series, which must be the indicator's (the page links its default).
func (s *Server) evidenceCountryChart(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code, ok := strings.CutSuffix(r.PathValue("code"), ".svg")
	if !ok {
		return errs.ErrNotFound
	}
	c, err := s.participant(ctx, r.PathValue("iso3"))
	if err != nil {
		return err
	}
	in, err := s.evidence.Indicator(ctx, code)
	if err != nil {
		return err
	}
	se, err := s.chosenSeries(ctx, r, code)
	if err != nil {
		return err
	}
	p, err := s.profilePage(w, r, c)
	if err != nil {
		return err
	}
	panel, err := s.evidence.Panel(ctx, se.ID)
	if err != nil {
		return err
	}
	row := profileRowOf(&p, in, panel)
	body := chart.Standalone(profileChart(p.evidenceBase, c, row), p.Provenance(se))
	w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(body)
	return err
}

func (s *Server) evidenceCountry(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code, format, err := downloadOf(r, "iso3")
	if err != nil {
		return err
	}
	c, err := s.participant(ctx, code)
	if err != nil {
		return err
	}
	p, err := s.profilePage(w, r, c)
	if err != nil {
		return err
	}
	p.download = format != ""
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

// ChartAlt is the text of a row's chart image: what it shows, or that the
// country has no data.
func (p evidenceCountryPage) ChartAlt(row profileRow) string {
	desc := profileChartDesc(p.evidenceBase, p.Country, row)
	if !row.Has {
		return p.T("evidence.no_data_country", "country", p.Name(p.Country.Names)) + " " + desc
	}
	return desc
}
