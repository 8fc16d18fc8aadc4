package chart

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Under-5 mortality (deaths per 1,000 live births) as the shipped WDI file
// (wdi_all_areas.csv.gz, SH.DYN.MORT) has it, a few years picked by hand:
// Bolivia without 2003 (bridged) and 2005-2007 (broken), Peru given out of
// order, the World Bank's Latin America & Caribbean aggregate (LCN) as the
// group; the target is SDG 3.2's 25.
func mortalityLine() Line {
	return Line{
		Title: "Under-5 mortality", Desc: "Bolivia against Peru and Latin America.",
		Unit:    "deaths per 1,000 live births",
		Numbers: Numbers{Decimals: 1},
		Series: []LineSeries{
			{Name: "Bolivia", Focus: true, Points: []YearValue{
				{2000, 70.7}, {2001, 66.3}, {2002, 62.1}, {2004, 54.5}, {2008, 41.8}, {2009, 39.1}, {2020, 19.3},
			}},
			{Name: "Peru", Points: []YearValue{{2009, 21.2}, {2001, 35.3}, {2000, 38.3}, {2020, 14.5}}},
			{Name: "LAC (World Bank)", Group: true, Points: []YearValue{{2000, 32.7}, {2001, 31.0}, {2002, 29.5}, {2020, 16.7}}},
		},
		Target: &Reference{Label: "SDG target 25", Value: 25},
	}
}

func TestLineSeriesDifferByShapeDashAndWeight(t *testing.T) {
	root := parse(t, mortalityLine().SVG())
	if root.attr("role") != "img" || root.child("title").Text != "Under-5 mortality" {
		t.Fatalf("no accessible name: role=%q", root.attr("role"))
	}
	series := root.class("series")
	if len(series) != 3 {
		t.Fatalf("%d series drawn, want 3", len(series))
	}
	// Drawn Peru, CELAC, then Bolivia on top; shapes follow the caller's order.
	var got []string
	for _, s := range series {
		line := s.child("polyline")
		got = append(got, fmt.Sprintf("%s dash=%q width=%s", s.attr("class"), line.attr("stroke-dasharray"), line.attr("stroke-width")))
	}
	want := []string{
		`series series-1 shape-square dash="" width=1.5`,
		`series series-2 shape-triangle group dash="7 4" width=1.5`,
		`series series-0 shape-circle focus dash="" width=3.5`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("series styles\n got %q\nwant %q", got, want)
	}
	// The end labels name each line beside its shape; Bolivia's is bold.
	labels := root.class("series-label")
	names := []string{}
	for _, l := range labels {
		names = append(names, l.texts()[0])
	}
	if !slices.Equal(names, []string{"Peru", "LAC (World Bank)", "Bolivia"}) {
		t.Errorf("end labels %q", names)
	}
	if !labels[2].hasClass("shape-circle") || labels[2].child("text").attr("font-weight") != "bold" {
		t.Error("Bolivia's label is not a bold circle")
	}
	if root.textNode("deaths per 1,000 live births") == nil {
		t.Error("the unit is not written")
	}
	if target := root.class("target"); len(target) != 1 || target[0].texts()[0] != "SDG target 25" {
		t.Error("the target line is not drawn with its label")
	}
}

func TestLineHoverTexts(t *testing.T) {
	root := parse(t, mortalityLine().SVG())
	bolivia := root.class("focus")[0]
	var hovers []string
	for _, p := range bolivia.class("point") {
		hovers = append(hovers, p.child("title").Text)
	}
	want := []string{"Bolivia, 2000: 70.7", "Bolivia, 2001: 66.3", "Bolivia, 2002: 62.1", "Bolivia, 2004: 54.5",
		"Bolivia, 2008: 41.8", "Bolivia, 2009: 39.1", "Bolivia, 2020: 19.3"}
	if !slices.Equal(hovers, want) {
		t.Errorf("hover texts\n got %q\nwant %q", hovers, want)
	}
}

// TestLineGapsBreakTheLine: one missing year is bridged; two or more break
// the line, and a point on its own is only a marker.
func TestLineGapsBreakTheLine(t *testing.T) {
	root := parse(t, mortalityLine().SVG())
	pieces := root.class("focus")[0].class("line")
	var counts []int
	for _, p := range pieces {
		counts = append(counts, len(strings.Fields(p.attr("points"))))
	}
	// 2000-2004 (2003 bridged), 2008-2009; 2020 alone.
	if !slices.Equal(counts, []int{4, 2}) {
		t.Errorf("Bolivia's line pieces have %v points, want [4 2]", counts)
	}
	// Peru, given out of order: 2000-2001 joined; 2009 and 2020 stand alone.
	peru := root.class("series-1")[0]
	if lines := peru.class("line"); len(lines) != 1 || lines[0].attr("points") != firstPoints(root, "series-1", 2) {
		t.Errorf("Peru should have one piece, 2000 to 2001")
	}
	if n := len(peru.class("point")); n != 4 {
		t.Errorf("Peru has %d markers, want 4", n)
	}
}

// firstPoints is the centres of the first n markers of a series (circles,
// squares or polygons), as a polyline's points would list them.
func firstPoints(root *node, class string, n int) string {
	var pts []string
	for _, p := range root.class(class)[0].class("point")[:n] {
		m := p.Children[len(p.Children)-1]
		var x, y float64
		switch m.XMLName.Local {
		case "circle":
			x, _ = strconv.ParseFloat(m.attr("cx"), 64)
			y, _ = strconv.ParseFloat(m.attr("cy"), 64)
		case "rect":
			x0, _ := strconv.ParseFloat(m.attr("x"), 64)
			y0, _ := strconv.ParseFloat(m.attr("y"), 64)
			w, _ := strconv.ParseFloat(m.attr("width"), 64)
			x, y = x0+w/2, y0+w/2
		}
		pts = append(pts, num(x)+","+num(y))
	}
	return strings.Join(pts, " ")
}

// labelBoxes is the box of each series' end label, estimated as layout does.
func labelBoxes(t *testing.T, root *node, class string, size float64) []box {
	t.Helper()
	var out []box
	for _, g := range root.class(class) {
		txt := g.tag("text")[0]
		x, _ := strconv.ParseFloat(txt.attr("x"), 64)
		y, _ := strconv.ParseFloat(txt.attr("y"), 64)
		w := textWidth(txt.Text, size)
		if txt.attr("text-anchor") == "end" {
			x -= w
		}
		out = append(out, box{x, y - size*0.85, x + w, y + size*0.15})
	}
	return out
}

func viewBox(t *testing.T, root *node) (w, h float64) {
	t.Helper()
	f := strings.Fields(root.attr("viewBox"))
	w, _ = strconv.ParseFloat(f[2], 64)
	h, _ = strconv.ParseFloat(f[3], 64)
	return w, h
}

func TestLineLabelsDoNotOverlap(t *testing.T) {
	// Thirty series ending within 3 units of each other: their labels must
	// stack, and stay inside the picture.
	var c Line
	c.Title = "Thirty"
	for i := range 30 {
		c.Series = append(c.Series, LineSeries{Name: fmt.Sprintf("Country %d", i),
			Points: []YearValue{{1990, float64(i)}, {2020, 50 + float64(i%7)*0.5}}})
	}
	root := parse(t, c.SVG())
	boxes := labelBoxes(t, root, "series-label", fontSize)
	if len(boxes) != 30 {
		t.Fatalf("%d labels, want 30", len(boxes))
	}
	w, h := viewBox(t, root)
	for i, a := range boxes {
		if a.x0 < 0 || a.x1 > w || a.y0 < 0 || a.y1 > h {
			t.Errorf("label %d %+v outside the %vx%v picture", i, a, w, h)
		}
		for j, b := range boxes[:i] {
			if a.overlaps(b) {
				t.Errorf("labels %d and %d overlap: %+v %+v", j, i, b, a)
			}
		}
	}
}

func TestLineOnePointAndEqualValues(t *testing.T) {
	one := parse(t, Line{Title: "One", Series: []LineSeries{{Name: "Haiti", Points: []YearValue{{2021, 59.2}}}}}.SVG())
	if n, m := len(one.class("point")), len(one.class("line")); n != 1 || m != 0 {
		t.Errorf("one point: %d markers and %d lines, want 1 and 0", n, m)
	}
	if one.textNode("2021") == nil {
		t.Error("one point: its year is not on the axis")
	}
	flat := Line{Title: "Flat", Series: []LineSeries{
		{Name: "A", Points: []YearValue{{2000, 5}, {2001, 5}}},
		{Name: "B", Points: []YearValue{{2000, 5}, {2001, 5}, {2002, math.NaN()}, {2003, math.Inf(1)}}},
	}}
	root := parse(t, flat.SVG())
	if n := len(root.class("point")); n != 4 {
		t.Errorf("equal values: %d markers, want 4 (NaN and infinity left out)", n)
	}
	assertNoNaN(t, "flat line", root)
}

func assertNoNaN(t *testing.T, name string, root *node) {
	t.Helper()
	for _, n := range root.all(func(*node) bool { return true }) {
		for _, a := range n.Attrs {
			if strings.Contains(a.Value, "NaN") || strings.Contains(a.Value, "Inf") {
				t.Errorf("%s: <%s %s=%q>", name, n.XMLName.Local, a.Name.Local, a.Value)
			}
		}
	}
}

func TestLineWithoutDataSaysSo(t *testing.T) {
	for name, c := range map[string]Line{
		"no series":       {Title: "Under-5 mortality", Empty: "No data for Bolivia"},
		"no points":       {Title: "Under-5 mortality", Empty: "No data for Bolivia", Series: []LineSeries{{Name: "Bolivia"}}},
		"only NaN":        {Title: "Under-5 mortality", Empty: "No data for Bolivia", Series: []LineSeries{{Name: "Bolivia", Points: []YearValue{{2000, math.NaN()}}}}},
		"target, no data": {Title: "Under-5 mortality", Empty: "No data for Bolivia", Target: &Reference{"SDG", 25}},
	} {
		root := parse(t, c.SVG())
		msg := root.textNode("No data for Bolivia")
		if msg == nil {
			t.Errorf("%s: the message is not shown; texts %q", name, root.texts())
		}
		if root.child("desc").Text != "No data for Bolivia" {
			t.Errorf("%s: desc %q", name, root.child("desc").Text)
		}
		if len(root.class("series")) != 0 || len(root.class("axes")) != 0 {
			t.Errorf("%s: draws axes or series without data", name)
		}
	}
}

func TestLineSameBytesEscapedAndChinese(t *testing.T) {
	if mortalityLine().SVG() != mortalityLine().SVG() {
		t.Error("the same line chart drew differently twice")
	}
	other := mortalityLine()
	other.Series[0].Points[0].Value = 70.8
	if parse(t, other.SVG()).attr("aria-labelledby") == parse(t, mortalityLine().SVG()).attr("aria-labelledby") {
		t.Error("two different line charts share element ids")
	}
	evil := "<script>alert(1)</script>"
	c := Line{Title: evil, Unit: evil, Series: []LineSeries{{Name: evil, Points: []YearValue{{2000, 1}}}}, Target: &Reference{evil, 1}}
	out := c.SVG()
	if strings.Contains(string(out), "<script") {
		t.Fatalf("a tag got through:\n%s", out)
	}
	root := parse(t, out)
	if root.child("title").Text != evil || len(root.all(func(n *node) bool { return n.XMLName.Local == "text" && n.Text == evil })) != 2 {
		t.Error("the escaped unit and target label do not read back as written")
	}
	// The end label holds 24 units: the 25-character name is cut, whole in its hover title.
	if l := root.class("series-name")[0]; l.Text != "<script>alert(1)</scrip…" || l.child("title").Text != evil {
		t.Errorf("end label %q", l.Text)
	}
	if got := root.class("point")[0].child("title").Text; got != evil+", 2000: 1" {
		t.Errorf("hover %q", got)
	}

	zh := Line{Title: "五岁以下儿童死亡率", Series: []LineSeries{
		{Name: "多民族玻利维亚国", Focus: true, Points: []YearValue{{2000, 70.7}, {2020, 19.3}}},
		{Name: "拉丁美洲和加勒比国家共同体成员国平均", Group: true, Points: []YearValue{{2000, 32.7}, {2020, 16.7}}},
	}}
	root = parse(t, zh.SVG())
	w, _ := viewBox(t, root)
	// 8 ideographs are 16 units; the 18 of the second name (36 units) are cut
	// to 24 units: 11 ideographs and the ellipsis.
	bol := root.textNode("多民族玻利维亚国")
	cut := root.textNode("拉丁美洲和加勒比国家共…")
	if bol == nil || cut == nil {
		t.Fatalf("Chinese end labels %q", root.texts())
	}
	if cut.child("title") == nil || cut.child("title").Text != "拉丁美洲和加勒比国家共同体成员国平均" {
		t.Error("the cut label does not keep its full name for hover")
	}
	x, _ := strconv.ParseFloat(cut.attr("x"), 64)
	if x+23*unitEm*fontSize > w {
		t.Errorf("the Chinese label at x=%v does not fit in width %v", x, w)
	}
}

func BenchmarkLine(b *testing.B) {
	c := bigLine()
	var out template.HTML
	for b.Loop() {
		out = c.SVG()
	}
	b.ReportMetric(float64(len(out)), "bytes")
}

// bigLine is 34 series × 64 years, the forum's participants over WDI's span.
func bigLine() Line {
	c := Line{Title: "Big", Unit: "years", Numbers: Numbers{Decimals: 1}, Target: &Reference{"Target", 70}}
	for s := range 34 {
		ls := LineSeries{Name: fmt.Sprintf("Country %d", s), Focus: s == 3, Group: s >= 31}
		for y := range 64 {
			ls.Points = append(ls.Points, YearValue{1960 + y, 40 + float64(s) + float64(y)*0.4 + math.Sin(float64(s*y))})
		}
		c.Series = append(c.Series, ls)
	}
	return c
}

func attrNum(n *node, name string) float64 {
	f, _ := strconv.ParseFloat(n.attr(name), 64)
	return f
}

// TestLineDenseSeriesShowShapesEveryFewYears: 64 years in 560 px leave 8.9 px
// a year, too little for a shape at every point; every point keeps its hover
// text, and the shape shows every 5 years (1960 … 2020) and at the end (2023).
func TestLineDenseSeriesShowShapesEveryFewYears(t *testing.T) {
	root := parse(t, bigLine().SVG())
	focus := root.class("focus")[0] // Country 3: a diamond
	points := focus.class("point")
	if len(points) != 64 {
		t.Fatalf("%d points with hover text, want 64", len(points))
	}
	var shaped []string
	for _, p := range points {
		if len(p.tag("polygon")) == 1 {
			shaped = append(shaped, strings.TrimPrefix(strings.Split(p.child("title").Text, ":")[0], "Country 3, "))
		}
	}
	want := []string{"1960", "1965", "1970", "1975", "1980", "1985", "1990", "1995", "2000", "2005", "2010", "2015", "2020", "2023"}
	if !slices.Equal(shaped, want) {
		t.Errorf("diamonds at %q, want %q", shaped, want)
	}
}
