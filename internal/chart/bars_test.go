package chart

import (
	"slices"
	"strings"
	"testing"
)

// Progress of three states on their commitments, as a tracker would count
// the latest status of each (commitment, owner) pair.
func statusBars() Bars {
	return Bars{
		Title: "Status by country", Desc: "Latest self-reported status of each state's commitments.",
		Categories: []string{"Not started", "In progress", "Achieved", "No report yet"},
		Rows: []BarRow{
			{Label: "Brazil", Link: "/countries/BRA/commitments", Counts: []int{1, 12, 3, 0}},
			{Label: "China", Counts: []int{0, 2}},
			{Label: `Bolivia <"P"> & co`, Counts: []int{0, 0, 0, 40}},
		},
		Empty: "No commitments",
	}
}

func TestBarsPrintCountsAndTotals(t *testing.T) {
	root := parse(t, statusBars().SVG())
	if root.child("title").Text != "Status by country" || root.attr("role") != "group" {
		t.Errorf("title %q role %q", root.child("title").Text, root.attr("role"))
	}
	rows := root.class("row")
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	var got []string
	for _, r := range rows {
		line := r.class("row-label")[0].Text + ":"
		for _, s := range r.class("segment") {
			line += " " + s.child("title").Text
		}
		line += " = " + r.class("total")[0].Text
		got = append(got, line)
	}
	want := []string{
		"Brazil: Brazil — Not started: 1 Brazil — In progress: 12 Brazil — Achieved: 3 = 16",
		"China: China — In progress: 2 = 2",
		`Bolivia <"P"> & co: Bolivia <"P"> & co — No report yet: 40 = 40`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
	// Brazil's 12 in progress is wide enough to print on the bar; its 1
	// not started (1/40 of 420 px) is not.
	var printed []string
	for _, c := range rows[0].class("count") {
		printed = append(printed, c.Text)
	}
	if !slices.Equal(printed, []string{"12", "3"}) {
		t.Errorf("Brazil's printed counts %q, want 12 and 3", printed)
	}
	// The axis runs 0 to 40 in steps of 10.
	var ticks []string
	for _, tx := range root.class("axes")[0].tag("text") {
		ticks = append(ticks, tx.Text)
	}
	if !slices.Equal(ticks, []string{"0", "10", "20", "30", "40"}) {
		t.Errorf("ticks %q", ticks)
	}
	// Segments are as long as their counts: Brazil's in progress twelve
	// times its not started.
	w := func(s *node) string { return s.child("rect").attr("width") }
	segs := rows[0].class("segment")
	if w(segs[0]) != "10.5" || w(segs[1]) != "126" {
		t.Errorf("widths %s and %s, want 10.5 and 126 (1 and 12 of 40 on 420 px)", w(segs[0]), w(segs[1]))
	}
	if links := root.tag("a"); len(links) != 1 || links[0].attr("href") != "/countries/BRA/commitments" {
		t.Errorf("links: %d", len(links))
	}
}

// Each category is told apart without colour: its own fill, a pattern for
// all but one, shown in the legend beside its name and reused by its
// segments.
func TestBarsTellCategoriesApartWithoutColour(t *testing.T) {
	root := parse(t, statusBars().SVG())
	entries := root.class("legend-entry")
	if len(entries) != 4 {
		t.Fatalf("%d legend entries", len(entries))
	}
	fills := map[string]string{}
	patterns := 0
	for i, e := range entries {
		f := e.child("rect").attr("fill")
		if strings.HasPrefix(f, "url(#") {
			patterns++
		}
		if prev, dup := fills[f]; dup {
			t.Errorf("%s and %s share the fill %s", prev, e.child("text").Text, f)
		}
		fills[f] = e.child("text").Text
		_ = i
	}
	if patterns < 3 {
		t.Errorf("%d of 4 categories patterned, want at least 3", patterns)
	}
	if n := len(root.tag("pattern")); n != patterns {
		t.Errorf("%d patterns defined for %d used", n, patterns)
	}
	for _, s := range root.class("segment") {
		cat := s.attr("data-category")
		if s.child("rect").attr("fill") != entries[cat[0]-'0'].child("rect").attr("fill") {
			t.Errorf("a segment of category %s is not filled as its legend entry", cat)
		}
	}
}

func TestBarsEmptyAndDeterministic(t *testing.T) {
	b := statusBars()
	if a, c := b.SVG(), statusBars().SVG(); a != c {
		t.Error("the same chart drew different bytes")
	}
	b.Rows = []BarRow{{Label: "Brazil", Counts: []int{0, 0, -2}}}
	root := parse(t, b.SVG())
	if msg := root.class("empty-message"); len(msg) != 1 || msg[0].Text != "No commitments" {
		t.Error("a chart without counts does not say so")
	}
	if len(root.class("row")) != 0 {
		t.Error("an empty chart drew a row")
	}
}
