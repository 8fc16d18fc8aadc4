package chart

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"testing"
)

// Life expectancy at birth (years) in 2023 as the shipped WDI file
// (SP.DYN.LE00.IN) has it, rounded by hand; Haiti is given its 2022 value
// (63.948), as if 2023 were missing. References: the World Bank's Latin
// America & Caribbean (75.64) and World (73.33) aggregates.
func lifeDots() DotPlot {
	return DotPlot{
		Title: "Life expectancy", Desc: "Latest value of some CELAC states.", Unit: "years",
		Numbers: Numbers{Decimals: 1},
		Rows: []DotRow{
			{Label: "Bolivia", Value: 68.581, Year: 2023, Highlight: true, Link: "/evidence/areas/BOL"},
			{Label: "Chile", Value: 81.167, Year: 2023, Link: "/evidence/areas/CHL"},
			{Label: "Haiti", Value: 63.948, Year: 2022},
			{Label: "Peru", Value: 77.74, Year: 2023},
			{Label: "Nowhere", Value: math.NaN()},
			{Label: "Cuba", Value: 78.085, Year: 2023},
		},
		References: []Reference{{Label: "LAC", Value: 75.6435}, {Label: "World", Value: 73.3302}, {Value: math.NaN()}},
	}
}

func TestDotPlotRanksAndPrints(t *testing.T) {
	root := parse(t, lifeDots().SVG())
	if root.attr("role") != "group" || root.child("title").Text != "Life expectancy" {
		t.Errorf("a dot plot with links: role %q, want group with its title", root.attr("role"))
	}
	var got []string
	for _, r := range root.class("row") {
		got = append(got, r.class("row-label")[0].Text+" "+r.class("value")[0].Text)
	}
	want := []string{"Chile 81.2", "Cuba 78.1", "Peru 77.7", "Bolivia 68.6", "Haiti 63.9 (2022)", "Nowhere –"}
	if !slices.Equal(got, want) {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
	rows := root.class("row")
	if got := rows[4].child("title").Text; got != "Haiti, 2022: 63.9" {
		t.Errorf("hover %q", got)
	}
	if n := len(rows[5].tag("circle")) + len(rows[5].tag("polygon")); n != 0 {
		t.Error("a row without a value draws a dot")
	}
	// Bolivia stands out without colour: bold, a diamond rather than a circle.
	bol := rows[3]
	if !bol.hasClass("highlight") || bol.class("row-label")[0].attr("font-weight") != "bold" ||
		len(bol.tag("polygon")) != 1 || len(rows[0].tag("circle")) != 1 {
		t.Error("Bolivia is not drawn bold with a diamond among circles")
	}
	// Links: Chile's and Bolivia's labels.
	var links []string
	for _, a := range root.tag("a") {
		links = append(links, a.attr("href")+" "+a.child("text").Text)
	}
	if !slices.Equal(links, []string{"/evidence/areas/CHL Chile", "/evidence/areas/BOL Bolivia"}) {
		t.Errorf("links %q", links)
	}
	// References: named with their value, dashed differently; the NaN one is left out.
	refs := root.class("reference")
	if len(refs) != 2 || refs[0].texts()[0] != "LAC 75.6" || refs[1].texts()[0] != "World 73.3" ||
		refs[0].child("line").attr("stroke-dasharray") == refs[1].child("line").attr("stroke-dasharray") {
		t.Errorf("references drawn wrong")
	}
	// LAC 75.6 and World 73.3 are 2.3 years (about 33 px) apart, closer than
	// their labels are wide: they take two lines.
	boxes := labelBoxes(t, root, "reference", fontSize)
	if boxes[0].overlaps(boxes[1]) {
		t.Errorf("reference labels overlap: %+v %+v", boxes[0], boxes[1])
	}
}

func TestDotPlotLowerIsBetter(t *testing.T) {
	p := lifeDots()
	p.LowerIsBetter = true
	var got []string
	for _, r := range parse(t, p.SVG()).class("row-label") {
		got = append(got, r.Text)
	}
	if want := []string{"Haiti", "Bolivia", "Peru", "Cuba", "Chile", "Nowhere"}; !slices.Equal(got, want) {
		t.Errorf("lowest first: %q, want %q", got, want)
	}
	// Equal values keep the caller's order, whichever way the ranking runs.
	for _, lower := range []bool{false, true} {
		tie := DotPlot{LowerIsBetter: lower, Rows: []DotRow{{Label: "B", Value: 2}, {Label: "A", Value: 1}, {Label: "C", Value: 2}}}
		got = nil
		for _, r := range parse(t, tie.SVG()).class("row-label") {
			got = append(got, r.Text)
		}
		want := map[bool][]string{false: {"B", "C", "A"}, true: {"A", "B", "C"}}[lower]
		if !slices.Equal(got, want) {
			t.Errorf("ties, lower is better %v: %q, want %q", lower, got, want)
		}
	}
}

func TestDotPlotEmptyEscapedChineseSameBytes(t *testing.T) {
	root := parse(t, DotPlot{Title: "Life expectancy", Empty: "No data for Bolivia", Rows: []DotRow{{Label: "Bolivia", Value: math.NaN()}}}.SVG())
	if root.textNode("No data for Bolivia") == nil || len(root.class("row")) != 0 {
		t.Errorf("no values: texts %q", root.texts())
	}
	if lifeDots().SVG() != lifeDots().SVG() {
		t.Error("the same dot plot drew differently twice")
	}
	evil := "<script>x</script>"
	out := DotPlot{Title: evil, Unit: evil, Rows: []DotRow{{Label: evil, Value: 1, Link: "javascript:alert(1)"}}, References: []Reference{{evil, 1}}}.SVG()
	if strings.Contains(string(out), "<script") || strings.Contains(string(out), "javascript") {
		t.Fatalf("unsafe output:\n%s", out)
	}
	root = parse(t, out)
	if root.class("row-label")[0].Text != evil || root.class("reference")[0].texts()[0] != evil+" 1" {
		t.Error("escaped labels do not read back")
	}
	zh := parse(t, DotPlot{Title: "预期寿命", Rows: []DotRow{{Label: "多民族玻利维亚国", Value: 68.6, Year: 2022}, {Label: "中国", Value: 78.6, Year: 2022}}}.SVG())
	label := zh.textNode("多民族玻利维亚国")
	if label == nil {
		t.Fatal("Chinese label missing")
	}
	// Right-aligned at the plot's left edge: 16 units must fit left of it.
	x := attrNum(label, "x")
	if x-16*unitEm*fontSize < 0 {
		t.Errorf("the Chinese label ending at %v starts outside the picture", x)
	}
	assertNoNaN(t, "dot plot", parse(t, lifeDots().SVG()))
}

func BenchmarkDotPlot(b *testing.B) {
	p := DotPlot{Title: "Big", Numbers: Numbers{Decimals: 1}, References: []Reference{{"CELAC", 60}, {"World", 61}}}
	for s := range 34 {
		// The latest of 64 years, as a page computes before drawing.
		p.Rows = append(p.Rows, DotRow{Label: fmt.Sprintf("Country %d", s), Value: 40 + float64(s*7%34), Year: 2023 - s%3, Highlight: s == 3, Link: "/a"})
	}
	var out template.HTML
	for b.Loop() {
		out = p.SVG()
	}
	b.ReportMetric(float64(len(out)), "bytes")
}
