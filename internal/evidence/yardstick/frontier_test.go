package yardstick_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/yardstick"
)

// handPanels are a hand-made pool, in bands of width 1 on the log of
// income (x = ln income; the incomes are e^x):
//
//	band 0, x in [0,1): x 0.2 0.4 0.5 0.6 0.8, values 10 20 30 40 100
//	band 1, x in [1,2): x 1.1 1.4 1.6 1.9,     values 5 15 25 35
//	band 2, x in [2,3): x 2.1 2.5 2.9,         values 50 60 70
//	band 3, x in [3,4): x 3.5 3.6,             values 90 95 (too few: left out)
//
// and what must not be pooled: the aggregate WLD (x 0.5, value 1000), a
// 1985 observation (before 1990), a value without income, and R's value
// of 2004 (its income of 2004 is not published).
func handPanels() (values, income *evidence.Panel, economies map[string]bool) {
	type obs struct {
		area string
		year int
		x, v float64
	}
	pool := []obs{
		{"A0", 2000, 0.2, 10}, {"A1", 2000, 0.4, 20}, {"A2", 2000, 0.5, 30}, {"A3", 2000, 0.6, 40}, {"A4", 2000, 0.8, 100},
		{"B0", 2000, 1.1, 5}, {"B1", 2000, 1.4, 15}, {"B2", 2000, 1.6, 25}, {"B3", 2000, 1.9, 35},
		{"Q", 2000, 2.1, 50}, {"R", 2000, 2.5, 60}, {"C2", 2000, 2.9, 70},
		{"D0", 2000, 3.5, 90}, {"D1", 2000, 3.6, 95},
		{"WLD", 2000, 0.5, 1000}, {"A0", 1985, 0.5, 1000},
	}
	vs, inc := map[string][]evidence.Point{}, map[string][]evidence.Point{}
	economies = map[string]bool{"WLD": false, "NOINC": true}
	for _, o := range pool {
		vs[o.area] = append(vs[o.area], evidence.Point{Year: o.year, Value: o.v})
		inc[o.area] = append(inc[o.area], evidence.Point{Year: o.year, Value: math.Exp(o.x)})
		if o.area != "WLD" {
			economies[o.area] = true
		}
	}
	vs["NOINC"] = []evidence.Point{{Year: 2000, Value: 1000}}
	vs["R"] = append(vs["R"], evidence.Point{Year: 2004, Value: 62})
	return evidence.NewPanel(evidence.Series{ID: 10, Indicator: "X", Revision: 1}, vs),
		evidence.NewPanel(evidence.Series{ID: 11, Indicator: yardstick.IncomeIndicator, Revision: 1}, inc), economies
}

var handOptions = func(e map[string]bool) yardstick.FrontierOptions {
	return yardstick.FrontierOptions{Economies: e, BandWidth: 1, MinPoints: 3, Quantile: 0.75}
}

// TestFrontierByHand, higher is better. The 75th percentiles (h = (n−1)·0.75):
// band 0: h = 3, the 4th of 10 20 30 40 100 = 40 (the outlier 100 trimmed);
// band 1: h = 2.25, 25 + 0.25·10 = 27.5; band 2: h = 1.5, 60 + 0.5·10 = 65.
// Running maximum: 40, 40, 65 at the centres x = 0.5, 1.5, 2.5; flat to
// x = 0.2 and 2.9, undefined beyond.
func TestFrontierByHand(t *testing.T) {
	values, income, economies := handPanels()
	f, err := yardstick.FitFrontier(values, income, evidence.HigherBetter, handOptions(economies))
	if err != nil {
		t.Fatal(err)
	}
	if f.Points != 14 || len(f.Knots) != 3 {
		t.Fatalf("pooled %d points in %d bands, want 14 in 3", f.Points, len(f.Knots))
	}
	for i, want := range []struct{ trimmed, value float64 }{{40, 40}, {27.5, 40}, {65, 65}} {
		near(t, fmt.Sprintf("band %d trimmed", i), f.Knots[i].Trimmed, want.trimmed, 1e-9)
		near(t, fmt.Sprintf("band %d frontier", i), f.Knots[i].Value, want.value, 1e-9)
	}
	near(t, "lowest income", f.MinIncome, math.Exp(0.2), 1e-9)
	near(t, "highest income", f.MaxIncome, math.Exp(2.9), 1e-9)
	for _, tc := range []struct {
		x    float64
		ok   bool
		want float64
	}{
		{0.1, false, 0}, {0.3, true, 40}, {1.0, true, 40}, {2.0, true, 52.5}, {2.1, true, 55}, {2.7, true, 65}, {3.0, false, 0}, {3.5, false, 0},
	} {
		got, ok := f.At(math.Exp(tc.x))
		if ok != tc.ok {
			t.Errorf("At(e^%.1f): ok %v, want %v", tc.x, ok, tc.ok)
			continue
		}
		near(t, fmt.Sprintf("At(e^%.1f)", tc.x), got, tc.want, 1e-9)
	}
	if _, ok := f.At(0); ok {
		t.Error("At(0) is ok")
	}

	// Q (x 2.1, value 50): expected 55, 5 short, 90.91 % of it.
	m, err := yardstick.Compute(values, "Q", yardstick.Window{}, yardstick.Options{Direction: evidence.HigherBetter, Frontier: f})
	if err != nil {
		t.Fatal(err)
	}
	fm := m.Frontier
	if fm.Status != yardstick.FrontierOK || fm.IncomeYear != 2000 || !fm.HasAchievement {
		t.Fatalf("Q: %+v", fm)
	}
	near(t, "Q expected", fm.Expected, 55, 1e-9)
	near(t, "Q gap", fm.Gap, 5, 1e-9)
	near(t, "Q achievement", fm.Achievement, 90.9091, 5e-5)
	// R's latest (62 in 2004) is set against its income of 2000 (x 2.5):
	// expected 65, 3 short.
	m, _ = yardstick.Compute(values, "R", yardstick.Window{}, yardstick.Options{Direction: evidence.HigherBetter, Frontier: f})
	if m.Frontier.Status != yardstick.FrontierOK || m.Frontier.IncomeYear != 2000 || m.Latest.Year != 2004 {
		t.Fatalf("R: %+v", m.Frontier)
	}
	near(t, "R gap", m.Frontier.Gap, 3, 1e-9)
	// D0 is richer than any band kept; NOINC has no income.
	m, _ = yardstick.Compute(values, "D0", yardstick.Window{}, yardstick.Options{Direction: evidence.HigherBetter, Frontier: f})
	if m.Frontier.Status != yardstick.OutsideRange {
		t.Errorf("D0: %s", m.Frontier.Status)
	}
	m, _ = yardstick.Compute(values, "NOINC", yardstick.Window{}, yardstick.Options{Direction: evidence.HigherBetter, Frontier: f})
	if m.Frontier.Status != yardstick.NoIncome {
		t.Errorf("NOINC: %s", m.Frontier.Status)
	}
}

// TestFrontierLowerIsBetter: the 25th percentiles are band 0: h = 1, 20;
// band 1: h = 0.75, 5 + 0.75·10 = 12.5; band 2: h = 0.5, 50 + 0.5·10 = 55.
// Running minimum: 20, 12.5, 12.5. Q (x 2.1, value 50): expected 12.5,
// 37.5 above it, 100·12.5/50 = 25 % of what is achievable.
func TestFrontierLowerIsBetter(t *testing.T) {
	values, income, economies := handPanels()
	f, err := yardstick.FitFrontier(values, income, evidence.LowerBetter, handOptions(economies))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct{ trimmed, value float64 }{{20, 20}, {12.5, 12.5}, {55, 12.5}} {
		near(t, fmt.Sprintf("band %d trimmed", i), f.Knots[i].Trimmed, want.trimmed, 1e-9)
		near(t, fmt.Sprintf("band %d frontier", i), f.Knots[i].Value, want.value, 1e-9)
	}
	got, _ := f.At(math.Exp(1.0))
	near(t, "At(e^1)", got, 16.25, 1e-9)
	m, err := yardstick.Compute(values, "Q", yardstick.Window{}, yardstick.Options{Direction: evidence.LowerBetter, Frontier: f})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "expected", m.Frontier.Expected, 12.5, 1e-9)
	near(t, "gap", m.Frontier.Gap, 37.5, 1e-9)
	near(t, "achievement", m.Frontier.Achievement, 25, 1e-9)
}

func TestFrontierRefusals(t *testing.T) {
	values, income, economies := handPanels()
	_, err := yardstick.FitFrontier(values, income, evidence.Neither, handOptions(economies))
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != "no_direction" {
		t.Errorf("no direction: %v", err)
	}
	opt := handOptions(economies)
	opt.MinPoints = 6
	if _, err := yardstick.FitFrontier(values, income, evidence.HigherBetter, opt); !errors.As(err, &e) || e.Code != "no_frontier" {
		t.Errorf("no band of 6: %v", err)
	}
	if _, err := yardstick.FitFrontier(values, income, evidence.HigherBetter, yardstick.FrontierOptions{}); err == nil {
		t.Error("no economies: no error")
	}
	// A frontier fitted on one series never measures another.
	f, _ := yardstick.FitFrontier(values, income, evidence.HigherBetter, handOptions(economies))
	other := evidence.NewPanel(evidence.Series{ID: 99, Revision: 1}, map[string][]evidence.Point{"Q": {{Year: 2000, Value: 50}}})
	if _, err := yardstick.Compute(other, "Q", yardstick.Window{}, yardstick.Options{Frontier: f}); err == nil {
		t.Error("frontier of series 10 used on series 99")
	}
}

func TestFrontierCache(t *testing.T) {
	values, income, economies := handPanels()
	var c yardstick.Cache
	a, _ := c.Frontier(values, income, evidence.HigherBetter, handOptions(economies))
	b, _ := c.Frontier(values, income, evidence.HigherBetter, handOptions(economies))
	if a == nil || a != b || c.Len() != 1 {
		t.Fatalf("second call fitted again (%p, %p, %d kept)", a, b, c.Len())
	}
	if l, _ := c.Frontier(values, income, evidence.LowerBetter, handOptions(economies)); l == a || c.Len() != 2 {
		t.Error("another direction shares the frontier")
	}
	// A re-import (new revision) fits again and forgets the old ones.
	values.Series.Revision = 2
	d, _ := c.Frontier(values, income, evidence.HigherBetter, handOptions(economies))
	if d == a || d.Values.Revision != 2 || c.Len() != 1 {
		t.Errorf("new revision: same frontier %v, revision %d, %d kept", d == a, d.Values.Revision, c.Len())
	}
	// Another pool of economies is another frontier.
	fewer := handOptions(map[string]bool{"A0": true, "A1": true, "A2": true})
	if e, _ := c.Frontier(values, income, evidence.HigherBetter, fewer); e == d {
		t.Error("another pool shares the frontier")
	}
}

// TestFrontierCacheSkipsUnstoredPanels: two panels made in memory (series
// ID 0) are different data under the same key; neither is kept.
func TestFrontierCacheSkipsUnstoredPanels(t *testing.T) {
	values, income, economies := handPanels()
	var c yardstick.Cache
	values.Series.ID = 0
	a, _ := c.Frontier(values, income, evidence.HigherBetter, handOptions(economies))
	other := evidence.NewPanel(evidence.Series{}, map[string][]evidence.Point{
		"A0": {{Year: 2000, Value: 1}}, "A1": {{Year: 2000, Value: 2}}, "A2": {{Year: 2000, Value: 3}}})
	b, _ := c.Frontier(other, income, evidence.HigherBetter, handOptions(economies))
	if a == nil || b == nil || a.Knots[0].Value == b.Knots[0].Value || c.Len() != 0 {
		t.Errorf("unstored panels cached: %d kept", c.Len())
	}
}
