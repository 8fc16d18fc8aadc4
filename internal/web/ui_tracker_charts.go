package web

import (
	"html/template"
	"net/url"
	"slices"

	"roundtable/internal/chart"
	"roundtable/internal/commitment"
	"roundtable/internal/i18n"
)

// trackerChart is one chart of the tracker with the table of its numbers,
// for readers who do not see the picture and for copying.
type trackerChart struct {
	ID      string // the section's anchor
	Title   string
	SVG     template.HTML
	Head    []string // the table's column heads after the row head
	RowHead string
	Rows    []trackerChartRow
}

// trackerChartRow is one row of a chart's table.
type trackerChartRow struct {
	Label string
	Link  string
	Cells []int
	Total int
}

// maxThemeBars bounds the theme chart: the most frequent themes, the
// others still in the form's list and the exports.
const maxThemeBars = 12

// trackerStatuses are the categories of the status charts, in stack order.
func trackerStatuses() []commitment.Status {
	return append(slices.Clone(commitment.Statuses), commitment.NoReport)
}

// trackerCharts draws the summary of v: statuses by owner country (left
// out on a country's own page, where self is its code), commitments by
// theme and by year due.
func trackerCharts(l layout, v trackerView, self string) []trackerChart {
	var out []trackerChart
	sts := trackerStatuses()
	var cats []string
	for _, st := range sts {
		cats = append(cats, l.StatusLabel(st))
	}
	byCountry := trackerChart{ID: "chart-status", Title: l.T("tracker.chart.status_by_country"), Head: cats, RowHead: l.T("tracker.country")}
	if self != "" {
		byCountry.Title = l.T("tracker.chart.status")
	}
	countries := slices.Clone(v.Summary.ByCountry)
	cmp := i18n.Compare(l.Lang)
	slices.SortStableFunc(countries, func(a, b commitment.CountryCount) int {
		if a.Commitments != b.Commitments {
			return b.Commitments - a.Commitments
		}
		return cmp(v.countryName(string(l.Lang), a.Country), v.countryName(string(l.Lang), b.Country))
	})
	for _, cc := range countries {
		if self != "" && cc.Country != self {
			continue
		}
		row := trackerChartRow{Label: v.countryName(string(l.Lang), cc.Country)}
		if self == "" {
			q := trackerValues(v.Filter)
			q.Del("country")
			row.Link = "/countries/" + url.PathEscape(cc.Country) + "/commitments" + encodeQuery(q)
		}
		for _, st := range sts {
			n := cc.ByStatus[st]
			row.Cells = append(row.Cells, n)
			row.Total += n
		}
		byCountry.Rows = append(byCountry.Rows, row)
	}
	byCountry.SVG = barsOf(byCountry, l.T("tracker.chart.status_desc"), l.T("tracker.chart.empty"))
	out = append(out, byCountry)

	byTheme := trackerChart{ID: "chart-themes", Title: l.T("tracker.chart.themes"), Head: []string{l.T("tracker.chart.commitments")}, RowHead: l.T("tracker.theme")}
	for i, kc := range v.Summary.ByConcept {
		if i == maxThemeBars {
			break
		}
		q := trackerValues(v.Filter)
		q.Set("concept", kc.Key)
		base := "/commitments"
		if self != "" {
			q.Del("country")
			base = "/countries/" + url.PathEscape(self) + "/commitments"
		}
		byTheme.Rows = append(byTheme.Rows, trackerChartRow{Label: v.conceptName(kc.Key), Link: base + encodeQuery(q), Cells: []int{kc.Count}, Total: kc.Count})
	}
	byTheme.SVG = barsOf(byTheme, l.T("tracker.chart.themes_desc", "n", maxThemeBars), l.T("tracker.chart.empty"))
	out = append(out, byTheme)

	byYear := trackerChart{ID: "chart-due", Title: l.T("tracker.chart.due"), Head: []string{l.T("tracker.chart.commitments")}, RowHead: l.T("tracker.chart.year")}
	for _, kc := range v.Summary.ByDueYear {
		byYear.Rows = append(byYear.Rows, trackerChartRow{Label: kc.Key, Cells: []int{kc.Count}, Total: kc.Count})
	}
	byYear.SVG = barsOf(byYear, l.T("tracker.chart.due_desc"), l.T("tracker.chart.empty"))
	return append(out, byYear)
}

// barsOf draws a chart's table as stacked bars.
func barsOf(c trackerChart, desc, empty string) template.HTML {
	b := chart.Bars{Title: c.Title, Desc: desc, Categories: c.Head, Empty: empty}
	for _, r := range c.Rows {
		b.Rows = append(b.Rows, chart.BarRow{Label: r.Label, Link: r.Link, Counts: r.Cells})
	}
	return b.SVG()
}

// encodeQuery is "?" and q, or "" for no parameters.
func encodeQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}
