package yardstick_test

import (
	"errors"
	"math"
	"testing"

	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/yardstick"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f", what, got, want)
	}
}

func ptr(v float64) *float64 { return &v }

// fifty: 50 in 2010, 55 in 2015, 60 in 2020.
func fifty() *evidence.Panel {
	return evidence.NewPanel(evidence.Series{ID: 7, Indicator: "EG.ELC.ACCS.ZS", Revision: 1}, map[string][]evidence.Point{
		"AAA": {{Year: 2010, Value: 50}, {Year: 2015, Value: 55}, {Year: 2020, Value: 60}},
		"ONE": {{Year: 2018, Value: 30}},
		"ZER": {{Year: 2000, Value: 0}, {Year: 2010, Value: 4}},
	})
}

// TestComputeFiftyToSixty: 50 → 60 over ten years is a change of 10, 20 %,
// 1.8399 % a year compounded and 1 point a year; a target of 70 is 10 away,
// ten years at that pace.
func TestComputeFiftyToSixty(t *testing.T) {
	m, err := yardstick.Compute(fifty(), "AAA", yardstick.Window{From: 2010}, yardstick.Options{
		Direction: evidence.HigherBetter, Scale: yardstick.Percent, Target: ptr(70)})
	if err != nil {
		t.Fatal(err)
	}
	if m.Start != (evidence.Point{Year: 2010, Value: 50}) || m.Latest != (evidence.Point{Year: 2020, Value: 60}) || m.Years != 10 {
		t.Fatalf("start %v latest %v years %d", m.Start, m.Latest, m.Years)
	}
	if !m.HasChange || !m.HasRelChange || !m.HasCAGR || !m.HasPointsPerYear {
		t.Fatalf("figures missing: %+v", m)
	}
	near(t, "change", m.Change, 10, 1e-12)
	near(t, "relative change %", m.RelChange, 20, 1e-12)
	near(t, "CAGR %", m.CAGR, 1.8399, 5e-5)
	near(t, "points a year", m.PointsPerYear, 1, 1e-12)
	tg := m.Target
	if tg == nil || tg.Status != yardstick.OnPace || tg.ReachYear != 2030 {
		t.Fatalf("target %+v", tg)
	}
	near(t, "to go", tg.ToGo, 10, 1e-12)
	near(t, "pace", tg.Pace, 1, 1e-12)
	near(t, "years to go", tg.YearsToGo, 10, 1e-9)
}

func TestComputeWindowRules(t *testing.T) {
	p := fifty()
	for _, tc := range []struct {
		name          string
		w             yardstick.Window
		start, latest int
	}{
		{"whole series", yardstick.Window{}, 2010, 2020},
		{"From without an observation starts at the next one", yardstick.Window{From: 2011}, 2015, 2020},
		{"To without an observation ends at the one before", yardstick.Window{To: 2019}, 2010, 2015},
		{"both", yardstick.Window{From: 2012, To: 2016}, 2015, 2015},
	} {
		m, err := yardstick.Compute(p, "AAA", tc.w, yardstick.Options{})
		if err != nil {
			t.Fatal(tc.name, err)
		}
		if m.Start.Year != tc.start || m.Latest.Year != tc.latest {
			t.Errorf("%s: %d–%d, want %d–%d", tc.name, m.Start.Year, m.Latest.Year, tc.start, tc.latest)
		}
	}
	// From 2011: 55 → 60 in 5 years: +5, 9.0909 %, a point a year.
	m, _ := yardstick.Compute(p, "AAA", yardstick.Window{From: 2011}, yardstick.Options{Scale: yardstick.Level})
	near(t, "change from 2015", m.Change, 5, 1e-12)
	near(t, "relative change from 2015", m.RelChange, 9.0909, 5e-5)
	if m.HasPointsPerYear {
		t.Error("points a year given for a level")
	}
	// One observation in the window: a latest value and nothing else.
	m, _ = yardstick.Compute(p, "AAA", yardstick.Window{From: 2012, To: 2016}, yardstick.Options{Target: ptr(70)})
	if m.HasChange || m.HasCAGR || m.HasRelChange || m.Target.Status != yardstick.NoPace {
		t.Errorf("single observation: %+v, target %+v", m, m.Target)
	}
	// Starting from zero: a change, but no relative change and no rate.
	m, _ = yardstick.Compute(p, "ZER", yardstick.Window{}, yardstick.Options{Scale: yardstick.PerThousand})
	if !m.HasChange || m.Change != 4 || m.HasRelChange || m.HasCAGR || !m.HasPointsPerYear || m.PointsPerYear != 0.4 {
		t.Errorf("from zero: %+v", m)
	}
}

func TestComputeTargets(t *testing.T) {
	p := fifty()
	for _, tc := range []struct {
		name   string
		dir    evidence.Direction
		target float64
		status yardstick.TargetStatus
		toGo   float64
	}{
		{"higher is better, passed", evidence.HigherBetter, 55, yardstick.Reached, -5},
		{"higher is better, exactly at it", evidence.HigherBetter, 60, yardstick.Reached, 0},
		{"lower is better, moving away", evidence.LowerBetter, 40, yardstick.NotAtThisPace, 20},
		{"lower is better, already below", evidence.LowerBetter, 65, yardstick.Reached, -5},
		{"no direction: toward the target", evidence.Neither, 70, yardstick.OnPace, 10},
		{"no direction: the target behind", evidence.Neither, 40, yardstick.NotAtThisPace, 20},
	} {
		m, err := yardstick.Compute(p, "AAA", yardstick.Window{}, yardstick.Options{Direction: tc.dir, Target: &tc.target})
		if err != nil {
			t.Fatal(err)
		}
		if m.Target.Status != tc.status || m.Target.ToGo != tc.toGo {
			t.Errorf("%s: %s, %v to go; want %s, %v", tc.name, m.Target.Status, m.Target.ToGo, tc.status, tc.toGo)
		}
	}
	// A flat series is not at this pace.
	flat := evidence.NewPanel(evidence.Series{ID: 1}, map[string][]evidence.Point{"F": {{Year: 2000, Value: 3}, {Year: 2005, Value: 3}}})
	m, _ := yardstick.Compute(flat, "F", yardstick.Window{}, yardstick.Options{Direction: evidence.HigherBetter, Target: ptr(4)})
	if m.Target.Status != yardstick.NotAtThisPace {
		t.Errorf("flat: %s", m.Target.Status)
	}
}

func TestComputeNoData(t *testing.T) {
	for _, tc := range []struct {
		area string
		w    yardstick.Window
	}{{"NOP", yardstick.Window{}}, {"AAA", yardstick.Window{From: 2021}}, {"AAA", yardstick.Window{To: 2009}}} {
		_, err := yardstick.Compute(fifty(), tc.area, tc.w, yardstick.Options{})
		var e *errs.Error
		if !errors.As(err, &e) || e.Kind != errs.NotFound || e.Code != "no_data" {
			t.Errorf("%s %v: %v, want a not-found no_data", tc.area, tc.w, err)
		}
	}
}

// TestComputeBoliviaUnderFive reads Bolivia's under-5 mortality from the
// World Bank file (wdi_all_areas.csv: BOL,SH.DYN.MORT,2000,70.7 and
// 2020,19.3); the expected figures were worked out by hand:
// change −51.4 per 1,000, −72.7016 %, (19.3/70.7)^(1/20) − 1 = −6.2855 % a
// year, −2.57 points a year. The SDG target of 25 per 1,000 was reached; a
// target of 10 is 9.3 away, 3.62 years at −2.57 a year, so in 2024.
func TestComputeBoliviaUnderFive(t *testing.T) {
	p := evidence.NewPanel(evidence.Series{ID: 3, Indicator: "SH.DYN.MORT", Source: "World Bank WDI"}, map[string][]evidence.Point{
		"BOL": {{Year: 1999, Value: 75.3}, {Year: 2000, Value: 70.7}, {Year: 2001, Value: 66.3}, {Year: 2010, Value: 36.7},
			{Year: 2019, Value: 20.6}, {Year: 2020, Value: 19.3}, {Year: 2021, Value: 18.2}},
	})
	ind := evidence.Indicator{Code: "SH.DYN.MORT", Names: map[string]string{"en": "Mortality rate, under-5 (per 1,000 live births)"}, Direction: evidence.LowerBetter}
	opt := yardstick.Options{Direction: ind.Direction, Scale: yardstick.ScaleOf(ind), Target: ptr(25)}
	m, err := yardstick.Compute(p, "BOL", yardstick.Window{From: 2000, To: 2020}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if m.Start.Value != 70.7 || m.Latest.Value != 19.3 {
		t.Fatalf("%v → %v", m.Start, m.Latest)
	}
	near(t, "change", m.Change, -51.4, 1e-9)
	near(t, "relative change", m.RelChange, -72.7016, 5e-5)
	near(t, "CAGR", m.CAGR, -6.2855, 5e-5)
	if !m.HasPointsPerYear {
		t.Fatal("a rate per 1,000 has points a year")
	}
	near(t, "points a year", m.PointsPerYear, -2.57, 1e-9)
	if m.Target.Status != yardstick.Reached {
		t.Errorf("target 25: %s", m.Target.Status)
	}
	opt.Target = ptr(10)
	m, _ = yardstick.Compute(p, "BOL", yardstick.Window{From: 2000, To: 2020}, opt)
	near(t, "to go", m.Target.ToGo, 9.3, 1e-9)
	near(t, "years to go", m.Target.YearsToGo, 3.6187, 5e-5)
	if m.Target.Status != yardstick.OnPace || m.Target.ReachYear != 2024 {
		t.Errorf("target 10: %+v", m.Target)
	}
}

func TestScaleOf(t *testing.T) {
	for _, tc := range []struct {
		code, name string
		want       yardstick.Scale
	}{
		{"SH.DYN.MORT", "Mortality rate, under-5 (per 1,000 live births)", yardstick.PerThousand},
		{"SE.PRM.ENRR", "School enrollment, primary (% gross)", yardstick.Percent},
		{"EG.ELC.ACCS.ZS", "Access to electricity", yardstick.Percent},
		{"SH.STA.MMRT", "Maternal mortality ratio (modeled estimate, per 100,000 live births)", yardstick.Level},
		{"SP.DYN.LE00.IN", "Life expectancy at birth, total (years)", yardstick.Level},
	} {
		if got := yardstick.ScaleOf(evidence.Indicator{Code: tc.code, Names: map[string]string{"en": tc.name}}); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.code, got, tc.want)
		}
	}
}

func TestEconomySetLeavesAggregatesOut(t *testing.T) {
	set := yardstick.EconomySet([]evidence.Area{{Code: "BOL", Kind: evidence.Economy}, {Code: "WLD", Kind: evidence.Aggregate}, {Code: "LCN", Kind: evidence.Aggregate}})
	if len(set) != 1 || !set["BOL"] {
		t.Errorf("economies %v, want BOL alone", set)
	}
	o := yardstick.OptionsFor(evidence.Indicator{Code: "SH.DYN.MORT", Names: map[string]string{"en": "Mortality rate, under-5 (per 1,000 live births)"}, Direction: evidence.LowerBetter})
	if o.Direction != evidence.LowerBetter || o.Scale != yardstick.PerThousand {
		t.Errorf("options for under-5 mortality: %+v", o)
	}
}
