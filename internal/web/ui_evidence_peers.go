package web

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"roundtable/internal/chart"
	"roundtable/internal/country"
	"roundtable/internal/discovery"
	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/peers"
	"roundtable/internal/i18n"
	"roundtable/internal/search"
	"roundtable/internal/thesaurus"
)

// The context indicators peer learning compares countries by.
const (
	peerIncomeCode     = "NY.GDP.PCAP.PP.CD"
	peerPopulationCode = "SP.POP.TOTL"
	peerDefaultYears   = 20 // the window when the reader gives none: the last twenty years of the country's data
	peerStatements     = 3  // statements linked per peer
)

// peersPage is the peer-learning page: a chooser, and once a country and an
// indicator are chosen, the peers with their reasons, their trajectories on
// one chart, the table of the chart's data and statements from the peers on
// the indicator's themes.
type peersPage struct {
	layout
	peerFormat
	Countries, Indicators []peerOption
	// Theme and ThemeIndicators: a concept was asked for, and the
	// indicators that measure it.
	Theme             string
	ThemeIndicators   []peerOption
	CountryCode, Code string
	Chosen            bool // a country and an indicator were asked for
	Indicator         evidence.Indicator
	Series            evidence.Series
	Country           evidence.Area
	From, To          int
	// Notice says why there are no suggestions (translated), if so.
	Notice string
	// Own is the country's start, end and pace over the window.
	Own      peerRow
	Peers    []peerRow
	Chart    template.HTML
	Years    []peerYear
	NotFound int // economies without data at both ends of the window
	Query    string
	Concepts []string // the indicator's themes, by name
	// Searchable: statements can be looked up (the search service runs).
	Searchable bool
	raw        []peerValue // the table's values as the series holds them, for downloads
}

type peerOption struct {
	Value, Label string
}

// peerRow is one area in the suggestions and the table.
type peerRow struct {
	Area       evidence.Area
	Name       string
	Has        bool
	Start, End evidence.Point
	Suggestion peers.Suggestion
	Reasons    []string
	Statements []search.Hit
	// Participant: the peer takes part in the forum, so it may have
	// statements on record.
	Participant bool
}

// peerYear is a row of the data table: a year and each area's value.
type peerYear struct {
	Year   int
	Values []string
}

// peerFormat prints numbers as the reader's language writes them.
type peerFormat struct {
	lang     i18n.Lang
	decimals int
}

func (s *Server) evidencePeers(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	format := q.Get("format")
	if format != "" && format != "csv" && format != "json" && format != "svg" {
		return errs.Field("format", "bad_format", "evidence_peers.error.format")
	}
	p := peersPage{layout: s.layout(w, r, "evidence_peers.title", "evidence"), CountryCode: strings.ToUpper(q.Get("country")), Code: q.Get("indicator")}
	p.lang = p.Lang
	areas, err := s.evidence.Areas(ctx)
	if err != nil {
		return err
	}
	if err := s.peerChoices(ctx, &p, areas); err != nil {
		return err
	}
	if concept := q.Get("concept"); p.Code == "" && concept != "" && format == "" {
		// A theme rather than an indicator: offer the indicators that
		// measure it.
		if err := s.peerTheme(ctx, &p, concept); err != nil {
			return err
		}
		return s.render(w, http.StatusOK, "evidence_peers.html", p)
	}
	if p.CountryCode == "" && p.Code == "" && format == "" {
		return s.render(w, http.StatusOK, "evidence_peers.html", p)
	}
	p.Chosen = true
	if err := s.peerChoose(ctx, &p, areas, q); err != nil {
		return err
	}
	if format == "" && p.Notice == "" {
		s.peerStatements(ctx, r, &p)
	}
	switch format {
	case "csv":
		return peersCSV(w, p)
	case "json":
		return peersJSON(w, p)
	case "svg":
		return peersSVG(w, p)
	}
	return s.render(w, http.StatusOK, "evidence_peers.html", p)
}

// peerChoices fills the chooser: every economy and every indicator that has
// a better direction, by name in the reader's language.
func (s *Server) peerChoices(ctx context.Context, p *peersPage, areas []evidence.Area) error {
	lang := string(p.Lang)
	for _, a := range areas {
		if a.Kind == evidence.Economy {
			p.Countries = append(p.Countries, peerOption{a.Code, evidence.Name(a.Names, a.Code, lang)})
		}
	}
	inds, err := s.evidence.Indicators(ctx)
	if err != nil {
		return err
	}
	for _, in := range inds {
		if in.Direction != evidence.Neither {
			p.Indicators = append(p.Indicators, peerOption{in.Code, evidence.Name(in.Names, in.Code, lang)})
		}
	}
	cmp := i18n.Compare(p.Lang)
	for _, list := range [][]peerOption{p.Countries, p.Indicators} {
		slices.SortFunc(list, func(a, b peerOption) int { return cmp(a.Label, b.Label) })
	}
	return nil
}

// peerTheme lists the indicators (with a better direction) that measure a
// thesaurus concept, for the reader to choose one.
func (s *Server) peerTheme(ctx context.Context, p *peersPage, concept string) error {
	inds, err := s.evidence.Indicators(ctx)
	if err != nil {
		return err
	}
	for _, in := range inds {
		if in.Direction != evidence.Neither && slices.Contains(in.Concepts, concept) {
			p.ThemeIndicators = append(p.ThemeIndicators, peerOption{in.Code, evidence.Name(in.Names, in.Code, string(p.Lang))})
		}
	}
	if len(p.ThemeIndicators) == 0 {
		return errs.Field("concept", "no_indicator", "evidence_peers.error.concept", "concept", concept)
	}
	p.Theme = concept
	if s.search != nil {
		if th := s.search.Thesaurus(ctx); th != nil {
			p.Theme = th.Label(concept, string(p.Lang))
		}
	}
	return nil
}

// peerChoose reads the country, indicator and window, then the panels, and
// asks for the suggestions.
func (s *Server) peerChoose(ctx context.Context, p *peersPage, areas []evidence.Area, q url.Values) error {
	i := slices.IndexFunc(areas, func(a evidence.Area) bool { return a.Code == p.CountryCode })
	if i < 0 || areas[i].Kind != evidence.Economy {
		return errs.Field("country", "unknown_country", "evidence_peers.error.country", "code", p.CountryCode)
	}
	p.Country = areas[i]
	in, err := s.evidence.Indicator(ctx, p.Code)
	if errs.Is(err, errs.NotFound) {
		return errs.New(errs.NotFound, "indicator_not_found", "evidence_peers.error.indicator", "code", p.Code)
	}
	if err != nil {
		return err
	}
	p.Indicator, p.decimals = in, in.Decimals
	if p.From, p.To, err = peerWindow(q); err != nil {
		return err
	}
	name := p.Name(p.Country.Names)
	p.Own = peerRow{Area: p.Country, Name: name}
	if in.Direction == evidence.Neither {
		p.Notice = p.T("evidence_peers.no_direction")
		return nil
	}
	p.Series, err = s.evidence.DefaultSeries(ctx, in.Code)
	if errs.Is(err, errs.NotFound) {
		p.Notice = p.T("evidence_peers.no_series")
		return nil
	}
	if err != nil {
		return err
	}
	panel, err := s.evidence.Panel(ctx, p.Series.ID)
	if err != nil {
		return err
	}
	if p.To == 0 {
		latest, ok := panel.Latest(p.Country.Code)
		if !ok {
			p.Notice = p.T("evidence_peers.no_country_data", "country", name)
			return nil
		}
		p.From, p.To = latest.Year-peerDefaultYears, latest.Year
	}
	income, err := s.peerPanel(ctx, peerIncomeCode)
	if err != nil {
		return err
	}
	pop, err := s.peerPanel(ctx, peerPopulationCode)
	if err != nil {
		return err
	}
	p.Own.Start, p.Own.End, p.Own.Has = peers.Window(panel, p.Country.Code, p.From, p.To)
	if !p.Own.Has {
		p.Notice = p.T("evidence_peers.no_window_data", "country", name, "from", p.From, "to", p.To)
		return nil
	}
	p.Own.Suggestion.PerYear = peers.PerYear(p.Own.Start, p.Own.End, in.Direction)
	found := peers.Suggest(peers.Input{Country: p.Country.Code, Indicator: panel, Direction: in.Direction, From: p.From, To: p.To,
		Income: income, Population: pop, Areas: areas})
	byCode := map[string]evidence.Area{}
	for _, a := range areas {
		byCode[a.Code] = a
		if a.Kind == evidence.Economy {
			if _, _, ok := peers.Window(panel, a.Code, p.From, p.To); !ok {
				p.NotFound++
			}
		}
	}
	for _, sg := range found {
		a := byCode[sg.Peer]
		row := peerRow{Area: a, Name: p.Name(a.Names), Has: true, Start: sg.Start, End: sg.End, Suggestion: sg}
		for _, rs := range sg.Reasons {
			row.Reasons = append(row.Reasons, p.reason(rs, in, name))
		}
		p.Peers = append(p.Peers, row)
	}
	if len(p.Peers) == 0 {
		p.Notice = p.T("evidence_peers.none_found", "country", name)
	}
	p.Chart, p.Years = p.trajectories(panel)
	p.Query = url.Values{"country": {p.Country.Code}, "indicator": {in.Code}, "from": {strconv.Itoa(p.From)}, "to": {strconv.Itoa(p.To)}}.Encode()
	return nil
}

// peerPanel is the default series of a context indicator, or nil when it
// has no data (its criterion is then not applied).
func (s *Server) peerPanel(ctx context.Context, code string) (*evidence.Panel, error) {
	se, err := s.evidence.DefaultSeries(ctx, code)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.evidence.Panel(ctx, se.ID)
}

// peerWindow reads from and to; both absent is the default window (0, 0).
func peerWindow(q url.Values) (from, to int, err error) {
	if q.Get("from") == "" && q.Get("to") == "" {
		return 0, 0, nil
	}
	year := func(field string) (int, error) {
		n, err := strconv.Atoi(q.Get(field))
		if err != nil || n < 1900 || n > 2100 {
			return 0, errs.Field(field, "bad_year", "evidence_peers.error.year", "first", 1900, "last", 2100)
		}
		return n, nil
	}
	if from, err = year("from"); err != nil {
		return 0, 0, err
	}
	if to, err = year("to"); err != nil {
		return 0, 0, err
	}
	if to-from < 2 {
		return 0, 0, errs.Field("to", "bad_window", "evidence_peers.error.window")
	}
	return from, to, nil
}

// trajectories draws the country and its peers over the window on one
// chart, and lays out the same values as the table beside it.
func (p *peersPage) trajectories(panel *evidence.Panel) (template.HTML, []peerYear) {
	rows := append([]peerRow{p.Own}, p.Peers...)
	var series []chart.LineSeries
	for i, row := range rows {
		ls := chart.LineSeries{Name: row.Name, Focus: i == 0}
		role, rank := "country", ""
		if i > 0 {
			role, rank = "peer", strconv.Itoa(i)
		}
		for _, pt := range panel.Points(row.Area.Code) {
			if pt.Year >= p.From && pt.Year <= p.To {
				ls.Points = append(ls.Points, chart.YearValue{Year: pt.Year, Value: pt.Value})
				p.raw = append(p.raw, peerValue{row.Area.Code, row.Name, role, rank, pt.Year, pt.Value})
			}
		}
		series = append(series, ls)
	}
	ind := p.IndicatorName()
	svg := chart.Line{
		Title:   p.T("evidence_peers.chart_title", "indicator", ind, "country", p.Own.Name, "from", p.From, "to", p.To),
		Desc:    p.T("evidence_peers.chart_desc", "country", p.Own.Name),
		Unit:    p.Unit(),
		Series:  series,
		Numbers: chart.Numbers{Decimals: p.decimals, Format: func(v float64) string { return p.Number(v) }},
		Empty:   p.T("evidence_peers.no_country_data", "country", p.Own.Name),
	}.SVG()
	var years []peerYear
	for y := p.From; y <= p.To; y++ {
		py := peerYear{Year: y}
		for _, row := range rows {
			if v, ok := panel.At(row.Area.Code, y); ok {
				py.Values = append(py.Values, p.Number(v))
			} else {
				py.Values = append(py.Values, "—")
			}
		}
		years = append(years, py)
	}
	return svg, years
}

// peerStatements finds, for each peer, the newest statements its delegation
// made that the reader may read and that are tagged with one of the
// indicator's concepts or a narrower one (a statement on health systems
// speaks to health care).
func (s *Server) peerStatements(ctx context.Context, r *http.Request, p *peersPage) {
	if s.search == nil || len(p.Indicator.Concepts) == 0 {
		return
	}
	p.Searchable = true
	th := s.search.Thesaurus(ctx)
	themes := slices.Clone(p.Indicator.Concepts)
	for _, c := range p.Indicator.Concepts {
		label := c
		if th != nil {
			label = th.Label(c, string(p.Lang))
			themes = peerNarrower(th, c, themes)
		}
		p.Concepts = append(p.Concepts, label)
	}
	participants, err := country.List(ctx, s.db.Reader(), country.Filter{}, string(p.Lang))
	if err != nil {
		s.log.Warn("peer statements: participants", "err", err)
	}
	user := stateOf(r).user
	for i := range p.Peers {
		row := &p.Peers[i]
		row.Participant = slices.ContainsFunc(participants, func(c country.Country) bool { return c.ISO3 == row.Area.Code })
		seen := map[string]bool{}
		for _, c := range themes {
			res, err := s.search.Search(ctx, user, discovery.Request{Lang: string(p.Lang), Limit: peerStatements,
				Filters: search.Filters{Country: row.Area.Code, Concept: c, Type: "statement"}})
			if err != nil {
				s.log.Warn("peer statements", "country", row.Area.Code, "concept", c, "err", err)
				continue
			}
			for _, h := range res.Hits {
				if !seen[h.ID] {
					seen[h.ID] = true
					row.Statements = append(row.Statements, h)
				}
			}
		}
		slices.SortStableFunc(row.Statements, func(a, b search.Hit) int { return b.Date.Compare(a.Date) })
		row.Statements = row.Statements[:min(len(row.Statements), peerStatements)]
	}
}

// peerNarrower adds to themes the concepts narrower than id, at any depth,
// each once.
func peerNarrower(th *thesaurus.Thesaurus, id string, themes []string) []string {
	c, ok := th.Concept(id)
	if !ok {
		return themes
	}
	for _, n := range c.Narrower {
		if !slices.Contains(themes, n) {
			themes = peerNarrower(th, n, append(themes, n))
		}
	}
	return themes
}

// reason words one ground of a suggestion in the reader's language.
func (p *peersPage) reason(rs peers.Reason, in evidence.Indicator, country string) string {
	switch rs.Code {
	case peers.SimilarStart:
		return p.T("evidence_peers.reason.similar_start", "value", p.Number(rs.Value), "year", rs.Year, "country", country, "country_value", p.Number(rs.Country))
	case peers.SimilarIncome:
		return p.T("evidence_peers.reason.similar_income", "value", p.whole(rs.Value), "year", rs.Year, "country", country, "country_value", p.whole(rs.Country))
	case peers.SimilarPopulation:
		return p.T("evidence_peers.reason.similar_population", "value", p.millions(rs.Value), "year", rs.Year, "country", country, "country_value", p.millions(rs.Country))
	case peers.SameRegion:
		return p.T("evidence_peers.reason.same_region", "region", p.RegionName(rs.Region))
	case peers.Improved:
		key := "evidence_peers.reason.rose"
		if in.Direction == evidence.LowerBetter {
			key = "evidence_peers.reason.fell"
		}
		return p.T(key, "value", p.Rate(rs.Value), "country", country, "country_value", p.Rate(rs.Country))
	}
	return rs.Code
}

// IndicatorName is the indicator's name in the reader's language.
func (p peersPage) IndicatorName() string {
	return evidence.Name(p.Indicator.Names, p.Indicator.Code, string(p.Lang))
}

// Unit is the indicator's unit in the reader's language.
func (p peersPage) Unit() string { return p.Name(p.Indicator.Units) }

// RegionName is a UN M49 region's name in the reader's language.
func (p peersPage) RegionName(code string) string { return peerRegionName(code, p.Lang) }

// Pace is an area's improvement per year over the window, as shown.
func (p peersPage) Pace(row peerRow) string { return p.Rate(row.Suggestion.PerYear) }

// Number prints a value with the indicator's decimals.
func (f peerFormat) Number(v float64) string { return peerNumberText(f.lang, v, f.decimals) }

// Rate prints a change per year with one more decimal than the values.
func (f peerFormat) Rate(v float64) string { return peerNumberText(f.lang, v, f.decimals+1) }

func (f peerFormat) whole(v float64) string { return peerNumberText(f.lang, v, 0) }

// millions prints a population in millions with one decimal (two below
// one million, so a small state does not read as 0.0); Chinese counts in
// 万 (ten thousands), as its catalog says.
func (f peerFormat) millions(v float64) string {
	if f.lang == i18n.Zh {
		return peerNumberText(f.lang, v/1e4, 0)
	}
	if math.Abs(v) < 1e6 {
		return peerNumberText(f.lang, v/1e6, 2)
	}
	return peerNumberText(f.lang, v/1e6, 1)
}
