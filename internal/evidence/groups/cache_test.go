package groups_test

import (
	"testing"

	"roundtable/internal/evidence"
	"roundtable/internal/evidence/groups"
)

// A remembered group figure is the computed one, and an import (a new
// revision of either series) is never answered from memory.
func TestCachedAggregateFollowsRevisions(t *testing.T) {
	g := groups.Group{Code: "PAIR", Members: []string{"AAA", "BBB"}}
	pop := evidence.NewPanel(evidence.Series{ID: 1, Indicator: "SP.POP.TOTL", Revision: 1},
		map[string][]evidence.Point{"AAA": {{Year: 2020, Value: 3}}, "BBB": {{Year: 2020, Value: 1}}})
	values := func(rev int64, a float64) *evidence.Panel {
		return evidence.NewPanel(evidence.Series{ID: 2, Indicator: "SP.DYN.LE00.IN", Revision: rev},
			map[string][]evidence.Point{"AAA": {{Year: 2020, Value: a}}, "BBB": {{Year: 2020, Value: 80}}})
	}
	at2020 := func(r groups.Result) float64 {
		y, ok := r.At(2020)
		if !ok {
			t.Fatalf("no 2020 figure: %+v", r)
		}
		return y.Value
	}
	// (3 × 60 + 1 × 80) / 4 = 65; after the import (3 × 70 + 80) / 4 = 72.5.
	if got := at2020(groups.CachedAggregate(values(1, 60), pop, g, groups.PopulationWeightedMean)); got != 65 {
		t.Errorf("first: %v, want 65", got)
	}
	if got := at2020(groups.CachedAggregate(values(1, 60), pop, g, groups.PopulationWeightedMean)); got != 65 {
		t.Errorf("remembered: %v, want 65", got)
	}
	if got := at2020(groups.CachedAggregate(values(2, 70), pop, g, groups.PopulationWeightedMean)); got != 72.5 {
		t.Errorf("after an import: %v, want 72.5", got)
	}
	// A panel made in memory has no revision: computed every time.
	mem := func(a float64) *evidence.Panel {
		return evidence.NewPanel(evidence.Series{Indicator: "SP.DYN.LE00.IN"},
			map[string][]evidence.Point{"AAA": {{Year: 2020, Value: a}}, "BBB": {{Year: 2020, Value: 80}}})
	}
	groups.CachedAggregate(mem(60), pop, g, groups.PopulationWeightedMean)
	if got := at2020(groups.CachedAggregate(mem(40), pop, g, groups.PopulationWeightedMean)); got != 50 {
		t.Errorf("in-memory panel: %v, want 50", got)
	}
}
