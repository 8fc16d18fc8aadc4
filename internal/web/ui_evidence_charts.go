package web

import (
	"html/template"
	"math"
	"strings"

	"roundtable/internal/chart"
	"roundtable/internal/country"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/yardstick"
)

// The evidence pictures. Each chart draws one series (its panel), names
// what it shows in its title and description in the reader's language,
// and prints values as the tables beside it do.

// numbers prints an indicator's values in the reader's way.
func (b evidenceBase) numbers(in evidence.Indicator) chart.Numbers {
	return chart.Numbers{Decimals: max(in.Decimals, 0), Format: func(v float64) string { return b.Value(in, v) }}
}

// indicatorMap is the choropleth of the participants' latest values, each
// area a link to the participant's profile (a downloaded map.svg drops
// them: chart.Standalone).
func indicatorMap(b evidenceBase, v indicatorView) chart.Choropleth {
	name := b.IndicatorName(v.Indicator)
	m := chart.Choropleth{
		Title:         b.T("evidence.map_chart_title", "indicator", name),
		Desc:          b.T("evidence.map_chart_desc", "n", v.WithData(), "total", len(v.Rows)),
		Values:        map[string]chart.MapValue{},
		Names:         map[string]string{},
		Links:         map[string]string{},
		LowerIsBetter: v.Indicator.Direction == evidence.LowerBetter,
		Format:        func(x float64) string { return b.Value(v.Indicator, x) },
		Panels:        [2]string{b.T("evidence.panel_lac"), b.AreaName("CHN")},
		NoData:        b.T("evidence.no_data_short"),
		Empty:         b.T("evidence.no_data_participants"),
		Other:         b.T("evidence.not_participant"),
	}
	for _, r := range v.Rows {
		m.Names[r.Country.ISO3] = b.Name(r.Country.Names)
		m.Links[r.Country.ISO3] = "/evidence/countries/" + r.Country.ISO3
		if r.Has {
			m.Values[r.Country.ISO3] = chart.MapValue{Value: r.Latest.Value, Year: r.Latest.Year}
		}
	}
	return m
}

// indicatorDots ranks the participants' latest values, with the source's
// own regional and world figures as reference lines.
func indicatorDots(b evidenceBase, v indicatorView) chart.DotPlot {
	name := b.IndicatorName(v.Indicator)
	p := chart.DotPlot{
		Title:         b.T("evidence.dots_chart_title", "indicator", name),
		Desc:          b.T("evidence.dots_chart_desc", "n", v.WithData(), "total", len(v.Rows)),
		Unit:          b.Unit(v.Indicator),
		LowerIsBetter: v.Indicator.Direction == evidence.LowerBetter,
		Numbers:       b.numbers(v.Indicator),
		Empty:         b.T("evidence.no_data_participants"),
	}
	for _, r := range v.Rows {
		row := chart.DotRow{Label: b.Name(r.Country.Names), Value: math.NaN(), Link: "/evidence/countries/" + r.Country.ISO3}
		if r.Has {
			row.Value, row.Year = r.Latest.Value, r.Latest.Year
		}
		p.Rows = append(p.Rows, row)
	}
	for _, g := range v.References {
		p.References = append(p.References, chart.Reference{
			Label: b.T("evidence.reference", "area", g.Name, "year", g.Year), Value: g.Value})
	}
	return p
}

// indicatorSlope draws each participant from its value in From to To.
func indicatorSlope(b evidenceBase, v indicatorView) chart.Slope {
	name := b.IndicatorName(v.Indicator)
	s := chart.Slope{
		Title:    b.T("evidence.slope_chart_title", "indicator", name, "from", v.From, "to", v.To),
		Desc:     b.T("evidence.slope_chart_desc", "from", v.From, "to", v.To),
		Unit:     b.Unit(v.Indicator),
		From:     v.From,
		To:       v.To,
		NoDataIn: b.T("evidence.no_data_in"),
		Numbers:  b.numbers(v.Indicator),
		Empty:    b.T("evidence.no_data_years", "from", v.From, "to", v.To),
	}
	for _, r := range v.Rows {
		if !r.HasFrom && !r.HasTo {
			continue
		}
		s.Rows = append(s.Rows, chart.SlopeRow{Label: b.Name(r.Country.Names),
			From: finiteOr(r.From.Value, r.HasFrom), To: finiteOr(r.To.Value, r.HasTo)})
	}
	return s
}

// indicatorCharts draws an indicator's pictures for its page.
func indicatorCharts(b evidenceBase, v indicatorView) (mapSVG, dots, slope template.HTML) {
	return indicatorMap(b, v).SVG(), indicatorDots(b, v).SVG(), indicatorSlope(b, v).SVG()
}

// profileChartDesc says what a profile's line chart shows; it is also the
// text of the chart's image on the page.
func profileChartDesc(b evidenceBase, c country.Country, row profileRow) string {
	var others []string
	for _, ln := range row.Lines {
		if !ln.Focus {
			others = append(others, ln.Name)
		}
	}
	return b.T("evidence.line_chart_title", "indicator", b.IndicatorName(row.Indicator), "country", b.Name(c.Names)) + ". " +
		b.T("evidence.line_chart_desc", "country", b.Name(c.Names), "others", strings.Join(others, b.Sep()))
}

// profileChart draws one indicator of a profile: the country against its
// peers and the groups over the window, with the target when there is one.
func profileChart(b evidenceBase, c country.Country, row profileRow) template.HTML {
	name := b.Name(c.Names)
	l := chart.Line{
		Title:   b.T("evidence.line_chart_title", "indicator", b.IndicatorName(row.Indicator), "country", name),
		Unit:    b.Unit(row.Indicator),
		Numbers: b.numbers(row.Indicator),
		Empty:   b.T("evidence.no_data_country", "country", name),
	}
	for _, ln := range row.Lines {
		s := chart.LineSeries{Name: ln.Name, Group: ln.Group, Focus: ln.Focus}
		for _, y := range row.Years {
			if x, ok := ln.values[y]; ok {
				s.Points = append(s.Points, chart.YearValue{Year: y, Value: x})
			}
		}
		l.Series = append(l.Series, s)
	}
	l.Desc = profileChartDesc(b, c, row)
	if t, ok := yardstick.SDGTarget(row.Indicator.Code); ok {
		l.Target = &chart.Reference{Label: b.T("evidence.target_line", "goal", t.Goal, "value", b.Value(row.Indicator, t.Value)), Value: t.Value}
	}
	return l.SVG()
}
