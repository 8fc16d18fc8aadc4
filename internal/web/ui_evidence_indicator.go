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

	"roundtable/internal/country"
	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/groups"
	"roundtable/internal/i18n"
)

// indicatorView is one series of an indicator read for the participants:
// what the indicator page, its downloads, its charts and its embed show.
type indicatorView struct {
	Indicator evidence.Indicator
	Series    evidence.Series
	// Others are the indicator's other series, each shown on its own.
	Others []evidence.Series
	panel  *evidence.Panel
	// Rows are the participants, ranked by their latest value (highest
	// first), those without data last, by name.
	Rows []indicatorRow
	// From and To are the slope chart's years; FirstYear and LastYear
	// the series' years.
	From, To            int
	FirstYear, LastYear int
	// References are group figures the ranking is read against: CELAC's
	// latest and the world's, in this series.
	References []groupFigure
}

// groupFigure is a group's latest figure in a series.
type groupFigure struct {
	Name  string
	Value float64
	Year  int
}

// indicatorRow is a participant's figures in one series.
type indicatorRow struct {
	Country  country.Country
	Rank     int // 1 for the highest latest value; 0 without data
	Latest   evidence.Point
	Has      bool
	From, To evidence.Point
	HasFrom  bool
	HasTo    bool
}

// slopeSpan is how many years the slope chart spans unless the reader
// chooses: a decade, a span the SDGs and national plans both speak of.
const slopeSpan = 10

// indicatorView reads an indicator's series (?series=, else the default)
// and the participants' values, with the slope chart's years (?from=, ?to=).
func (s *Server) indicatorView(ctx context.Context, r *http.Request, code string, lang i18n.Lang) (indicatorView, error) {
	var v indicatorView
	var err error
	if v.Indicator, err = s.evidence.Indicator(ctx, code); err != nil {
		return v, err
	}
	if v.Series, err = s.chosenSeries(ctx, r, code); err != nil {
		return v, err
	}
	all, err := s.evidence.Series(ctx, code)
	if err != nil {
		return v, err
	}
	for _, se := range all {
		if se.ID != v.Series.ID {
			v.Others = append(v.Others, se)
		}
	}
	if v.panel, err = s.evidence.Panel(ctx, v.Series.ID); err != nil {
		return v, err
	}
	v.FirstYear, v.LastYear = v.panel.FirstYear, v.panel.FirstYear+v.panel.Years-1
	if v.From, err = yearParam(r, "from", v.FirstYear, v.LastYear); err != nil {
		return v, err
	}
	if v.To, err = yearParam(r, "to", v.FirstYear, v.LastYear); err != nil {
		return v, err
	}
	parts, err := s.participants(ctx, string(lang))
	if err != nil {
		return v, err
	}
	latestYear := 0
	for _, c := range parts {
		row := indicatorRow{Country: c}
		row.Latest, row.Has = v.panel.Latest(c.ISO3)
		if row.Has {
			latestYear = max(latestYear, row.Latest.Year)
		}
		v.Rows = append(v.Rows, row)
	}
	if v.To == 0 {
		v.To = latestYear
	}
	if v.From == 0 {
		v.From = max(v.FirstYear, v.To-slopeSpan)
	}
	if v.From >= v.To && v.To != 0 {
		return v, errs.Field("from", "evidence_bad_window", "evidence.error.window")
	}
	for i := range v.Rows {
		row := &v.Rows[i]
		if x, ok := v.panel.At(row.Country.ISO3, v.From); ok {
			row.From, row.HasFrom = evidence.Point{Year: v.From, Value: x}, true
		}
		if x, ok := v.panel.At(row.Country.ISO3, v.To); ok {
			row.To, row.HasTo = evidence.Point{Year: v.To, Value: x}, true
		}
	}
	if v.References, err = s.groupFigures(ctx, v.panel, lang); err != nil {
		return v, err
	}
	slices.SortStableFunc(v.Rows, func(a, b indicatorRow) int {
		switch {
		case a.Has && b.Has:
			if a.Latest.Value != b.Latest.Value {
				if a.Latest.Value > b.Latest.Value {
					return -1
				}
				return 1
			}
			return 0
		case a.Has:
			return -1
		case b.Has:
			return 1
		}
		return 0
	})
	for i := range v.Rows {
		if v.Rows[i].Has {
			v.Rows[i].Rank = i + 1
		}
	}
	return v, nil
}

// chosenSeries is ?series= when given (a series of this indicator), else
// the indicator's default series.
func (s *Server) chosenSeries(ctx context.Context, r *http.Request, code string) (evidence.Series, error) {
	q := r.URL.Query().Get("series")
	if q == "" {
		return s.evidence.DefaultSeries(ctx, code)
	}
	id, err := strconv.ParseInt(q, 10, 64)
	if err != nil || id <= 0 {
		return evidence.Series{}, errs.Field("series", "evidence_bad_series", "evidence.error.series")
	}
	se, err := s.evidence.OneSeries(ctx, id)
	if err != nil {
		return se, err
	}
	if se.Indicator != code {
		return evidence.Series{}, errs.New(errs.NotFound, "series_not_found", "evidence.error.series_not_found", "id", id)
	}
	return se, nil
}

// WithData counts the rows that have a value.
func (v indicatorView) WithData() int {
	n := 0
	for _, r := range v.Rows {
		if r.Has {
			n++
		}
	}
	return n
}

// query is the page's own choice of series and years, for the links of
// its downloads: "?series=12&from=2013&to=2023".
func (v indicatorView) query() url.Values {
	q := url.Values{}
	q.Set("series", strconv.FormatInt(v.Series.ID, 10))
	if v.From != 0 {
		q.Set("from", strconv.Itoa(v.From))
	}
	if v.To != 0 {
		q.Set("to", strconv.Itoa(v.To))
	}
	return q
}

type evidenceIndicatorPage struct {
	evidenceBase
	indicatorView
	Map, Dots, Slope template.HTML
	// Query is the page's choice of series and years for its links.
	Query string
}

// Years lists the series' years for the slope form's choices, newest first.
func (p evidenceIndicatorPage) Years() []int {
	var out []int
	for y := p.LastYear; y >= p.FirstYear && y > 0; y-- {
		out = append(out, y)
	}
	return out
}

// downloadOf reads a route's {name} and the download it names by its
// ending (SP.DYN.LE00.IN.csv, BOL.json) or ?format=: "" is the page.
func downloadOf(r *http.Request, name string) (code, format string, err error) {
	code = r.PathValue(name)
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

func (s *Server) evidenceIndicator(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code, format, err := downloadOf(r, "code")
	if err != nil {
		return err
	}
	lang := stateOf(r).lang
	v, err := s.indicatorView(ctx, r, code, lang)
	if err != nil {
		return err
	}
	b, err := s.evidenceBase(ctx, w, r, "evidence.indicator_title")
	if err != nil {
		return err
	}
	switch format {
	case "csv":
		return indicatorCSV(w, b, v)
	case "json":
		return indicatorJSON(w, b, v)
	}
	p := evidenceIndicatorPage{evidenceBase: b, indicatorView: v, Query: v.query().Encode()}
	p.Map, p.Dots, p.Slope = indicatorCharts(b, v)
	return s.render(w, http.StatusOK, "evidence_indicator.html", p)
}

// finiteOr is x, or NaN when a row has no value.
func finiteOr(x float64, ok bool) float64 {
	if !ok {
		return math.NaN()
	}
	return x
}

// recentYears is how far back a group's latest figure is looked for.
const recentYears = 20

// groupFigures are CELAC's and the world's latest figures in a panel.
func (s *Server) groupFigures(ctx context.Context, values *evidence.Panel, lang i18n.Lang) ([]groupFigure, error) {
	all, err := s.evidenceGroups(ctx)
	if err != nil {
		return nil, err
	}
	pop, err := s.populationPanel(ctx)
	if err != nil {
		return nil, err
	}
	var out []groupFigure
	for _, code := range []string{groups.CELAC, groups.World} {
		g, ok := all.Get(code)
		if !ok {
			continue
		}
		// The latest figure: the last twenty years suffice.
		line := groupLine(values, pop, g, values.FirstYear+values.Years-1-recentYears)
		last := 0
		for y := range line {
			last = max(last, y)
		}
		if last > 0 {
			out = append(out, groupFigure{Name: g.Name(string(lang)), Value: line[last], Year: last})
		}
	}
	return out, nil
}
