package chart

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"testing"
)

// Under-5 mortality in 2000 and 2020 as the shipped WDI file has it;
// Venezuela's 2020 value is left out and Nowhere has neither year.
func mortalitySlope() Slope {
	return Slope{
		Title: "Under-5 mortality, 2000 and 2020", Desc: "Each line joins an area's two values.",
		Unit: "deaths per 1,000 live births", From: 2000, To: 2020, Numbers: Numbers{Decimals: 1},
		Rows: []SlopeRow{
			{Label: "Bolivia", From: 70.7, To: 19.3, Highlight: true},
			{Label: "Peru", From: 38.3, To: 14.5},
			{Label: "Ecuador", From: 29.6, To: 13.6}, // ends 0.9 (about 4 px) from Peru: the labels stack
			{Label: "Venezuela", From: 21.5, To: math.NaN()},
			{Label: "Nowhere", From: math.NaN(), To: math.Inf(1)},
		},
	}
}

func TestSlopeDrawsAreasWithBothYears(t *testing.T) {
	root := parse(t, mortalitySlope().SVG())
	if root.attr("role") != "img" || root.child("title").Text != "Under-5 mortality, 2000 and 2020" {
		t.Error("no accessible name")
	}
	var hovers []string
	for _, g := range root.class("slope") {
		hovers = append(hovers, g.child("title").Text)
	}
	// Highlighted areas are drawn last, on top.
	want := []string{"Peru: 38.3 (2000) → 14.5 (2020)", "Ecuador: 29.6 (2000) → 13.6 (2020)", "Bolivia: 70.7 (2000) → 19.3 (2020)"}
	if !slices.Equal(hovers, want) {
		t.Errorf("lines\n got %q\nwant %q", hovers, want)
	}
	bol := root.class("highlight")[0]
	if bol.child("line").attr("stroke-width") != "3.5" || len(bol.tag("polygon")) != 2 {
		t.Error("Bolivia is not thick with diamonds")
	}
	if got := root.child("desc").Text; got != "Each line joins an area's two values. Venezuela (no data in 2020); Nowhere (no data in 2000, no data in 2020)." {
		t.Errorf("desc %q", got)
	}
	if note := root.class("missing"); len(note) != 1 || !strings.Contains(strings.Join(note[0].texts(), " "), "Venezuela (no data in 2020)") {
		t.Error("the note under the chart does not name Venezuela")
	}
	from := textsOf(root.class("from"))
	to := textsOf(root.class("to"))
	if !slices.Equal(from, []string{"Bolivia 70.7", "Peru 38.3", "Ecuador 29.6"}) || !slices.Equal(to, []string{"19.3 Bolivia", "14.5 Peru", "13.6 Ecuador"}) {
		t.Errorf("end labels %q %q", from, to)
	}
	if root.textNode("2000") == nil || root.textNode("2020") == nil {
		t.Error("the two years are not written")
	}
}

func textsOf(ns []*node) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.texts()...)
	}
	return out
}

func TestSlopeLabelsDoNotOverlap(t *testing.T) {
	s := Slope{Title: "Many", From: 1990, To: 2020}
	for i := range 30 {
		s.Rows = append(s.Rows, SlopeRow{Label: fmt.Sprintf("Area %d", i), From: 50 + float64(i%5)*0.1, To: float64(i)})
	}
	s.Rows = append(s.Rows, mortalitySlope().Rows...)
	root := parse(t, s.SVG())
	w, h := viewBox(t, root)
	for _, end := range []string{"from", "to"} {
		boxes := labelBoxes(t, root, end, fontSize)
		if len(boxes) != 33 {
			t.Fatalf("%s: %d labels, want 33", end, len(boxes))
		}
		for i, a := range boxes {
			if a.x0 < 0 || a.x1 > w || a.y0 < 0 || a.y1 > h {
				t.Errorf("%s label %d %+v outside %vx%v", end, i, a, w, h)
			}
			for j, b := range boxes[:i] {
				if a.overlaps(b) {
					t.Errorf("%s labels %d and %d overlap", end, j, i)
				}
			}
		}
	}
}

func TestSlopeEmptyTranslatedEscapedChinese(t *testing.T) {
	root := parse(t, Slope{Title: "t", From: 2000, To: 2020, Empty: "Sin datos para Bolivia", NoDataIn: "sin datos en {year}",
		Rows: []SlopeRow{{Label: "Bolivia", From: 1, To: math.NaN()}}}.SVG())
	if root.textNode("Sin datos para Bolivia") == nil {
		t.Errorf("no message: %q", root.texts())
	}
	if got := root.child("desc").Text; got != "Bolivia (sin datos en 2020). Sin datos para Bolivia" {
		t.Errorf("desc %q", got)
	}
	if mortalitySlope().SVG() != mortalitySlope().SVG() {
		t.Error("the same slope chart drew differently twice")
	}
	evil := "<script>x</script>"
	out := Slope{Title: evil, Unit: evil, From: 1, To: 2, Rows: []SlopeRow{{Label: evil, From: 1, To: 2}, {Label: evil, From: 1, To: math.NaN()}}}.SVG()
	if strings.Contains(string(out), "<script") {
		t.Fatalf("a tag got through:\n%s", out)
	}
	root = parse(t, out)
	if root.textNode(evil+" 1") == nil || !strings.Contains(root.child("desc").Text, evil+" (no data in 2)") {
		t.Error("escaped names do not read back")
	}
	zh := parse(t, Slope{Title: "五岁以下儿童死亡率", From: 2000, To: 2020, Rows: []SlopeRow{
		{Label: "多民族玻利维亚国", From: 70.7, To: 19.3}, {Label: "中国", From: 36.6, To: 7.5}}}.SVG())
	w, _ := viewBox(t, zh)
	for _, b := range labelBoxes(t, zh, "slope-label", fontSize) {
		if b.x0 < 0 || b.x1 > w {
			t.Errorf("a Chinese label %+v does not fit in width %v", b, w)
		}
	}
	assertNoNaN(t, "slope", parse(t, mortalitySlope().SVG()))
}

func BenchmarkSlope(b *testing.B) {
	s := Slope{Title: "Big", From: 1960, To: 2023, Numbers: Numbers{Decimals: 1}}
	for i := range 34 {
		// Each area's first and last of 64 years.
		s.Rows = append(s.Rows, SlopeRow{Label: fmt.Sprintf("Country %d", i), From: 40 + float64(i), To: 60 + float64(i*7%34), Highlight: i == 3})
	}
	var out template.HTML
	for b.Loop() {
		out = s.SVG()
	}
	b.ReportMetric(float64(len(out)), "bytes")
}

// TestEvidenceChartsOddInput: one value, equal values, values at the edge of
// float range and NaN references never put NaN in an attribute.
func TestEvidenceChartsOddInput(t *testing.T) {
	huge, nan := math.MaxFloat64, math.NaN()
	for name, out := range map[string]template.HTML{
		"line huge":      Line{Series: []LineSeries{{Name: "a", Points: []YearValue{{2000, -huge}, {2001, huge}}}}, Target: &Reference{"t", nan}}.SVG(),
		"line far years": Line{Series: []LineSeries{{Name: "a", Points: []YearValue{{-5, 1}, {3000, 2}}}}}.SVG(),
		"dot one":        DotPlot{Rows: []DotRow{{Label: "a", Value: 3, Year: 2020}}, References: []Reference{{"r", nan}}}.SVG(),
		"dot equal":      DotPlot{Rows: []DotRow{{Label: "a", Value: 3}, {Label: "b", Value: 3}}}.SVG(),
		"dot huge":       DotPlot{Rows: []DotRow{{Label: "a", Value: huge}, {Label: "b", Value: -huge}}}.SVG(),
		"slope equal":    Slope{From: 2000, To: 2000, Rows: []SlopeRow{{Label: "a", From: 1, To: 1}}}.SVG(),
		"slope huge":     Slope{Rows: []SlopeRow{{Label: "a", From: huge, To: -huge}}}.SVG(),
	} {
		assertNoNaN(t, name, parse(t, out))
	}
}
