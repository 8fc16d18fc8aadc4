package yardstick_test

import (
	"testing"

	"roundtable/internal/evidence"
	"roundtable/internal/evidence/evidencetest"
	"roundtable/internal/evidence/yardstick"
)

// shippedWDI is the shipped World Bank file (every area, 22 indicators),
// one panel per indicator, and the set of economies among the shipped
// areas.
func shippedWDI() (map[string]*evidence.Panel, map[string]bool) {
	panels, areas := evidencetest.ShippedWDI()
	return panels, yardstick.EconomySet(areas)
}

// TestFrontierOnTheWorldBankFile fits the default frontier on the shipped
// WDI file and measures Bolivia against it. The expected figures come from
// a separate implementation in Python of the method as the page states it,
// run on ../shared/data/indicators/wdi_all_areas.csv (the same rows):
//
//	life expectancy: 6,831 country-years of the 217 economies since 1990,
//	  25 bands, incomes $314.93 to $155,941.29; Bolivia 68.739 years in
//	  2024 at $12,877.64: expected 77.3650, gap 8.6260, 88.8502 %.
//	under-5 mortality: 6,525 country-years, 25 bands; Bolivia 15.7 per
//	  1,000 in 2024: expected 7.9623, gap 7.7377, 50.7150 %.
func TestFrontierOnTheWorldBankFile(t *testing.T) {
	panels, economies := shippedWDI()
	income := panels[yardstick.IncomeIndicator]
	for _, tc := range []struct {
		code                       string
		dir                        evidence.Direction
		points                     int
		latest                     evidence.Point
		expected, gap, achievement float64
		at1000, at10000, at50000   float64
	}{
		{"SP.DYN.LE00.IN", evidence.HigherBetter, 6831, evidence.Point{Year: 2024, Value: 68.739}, 77.365047, 8.626047, 88.850201, 63.126712, 76.721855, 84.027689},
		{"SH.DYN.MORT", evidence.LowerBetter, 6525, evidence.Point{Year: 2024, Value: 15.7}, 7.962252, 7.737748, 50.714981, 55.702101, 10.007397, 2.366266},
	} {
		values := panels[tc.code]
		f, err := yardstick.FitFrontier(values, income, tc.dir, yardstick.FrontierOptions{Economies: economies})
		if err != nil {
			t.Fatal(tc.code, err)
		}
		if f.Points != tc.points || len(f.Knots) != 25 || f.Economies > 217 {
			t.Errorf("%s: %d points in %d bands from %d economies", tc.code, f.Points, len(f.Knots), f.Economies)
		}
		near(t, tc.code+" lowest income", f.MinIncome, 314.93004, 1e-4)
		near(t, tc.code+" highest income", f.MaxIncome, 155941.28821, 1e-4)
		for _, at := range []struct{ income, want float64 }{{1000, tc.at1000}, {10000, tc.at10000}, {50000, tc.at50000}} {
			got, ok := f.At(at.income)
			if !ok {
				t.Errorf("%s: no frontier at $%v", tc.code, at.income)
			}
			near(t, tc.code+" frontier", got, at.want, 1e-5)
		}
		m, err := yardstick.Compute(values, "BOL", yardstick.Window{From: 2000}, yardstick.Options{Direction: tc.dir, Frontier: f})
		if err != nil {
			t.Fatal(err)
		}
		fm := m.Frontier
		if m.Latest != tc.latest || fm.Status != yardstick.FrontierOK || fm.IncomeYear != 2024 {
			t.Fatalf("%s: latest %v, frontier %+v", tc.code, m.Latest, fm)
		}
		near(t, tc.code+" income", fm.Income, 12877.6351184372, 1e-9)
		near(t, tc.code+" expected", fm.Expected, tc.expected, 1e-5)
		near(t, tc.code+" gap", fm.Gap, tc.gap, 1e-5)
		near(t, tc.code+" achievement", fm.Achievement, tc.achievement, 1e-5)
	}
}

// BenchmarkFitFrontierWorldBank fits life expectancy's frontier on the
// shipped file (6,831 country-years).
func BenchmarkFitFrontierWorldBank(b *testing.B) {
	panels, economies := shippedWDI()
	values, income := panels["SP.DYN.LE00.IN"], panels[yardstick.IncomeIndicator]
	opt := yardstick.FrontierOptions{Economies: economies}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := yardstick.FitFrontier(values, income, evidence.HigherBetter, opt); err != nil {
			b.Fatal(err)
		}
	}
}
