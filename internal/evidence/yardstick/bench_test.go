package yardstick_test

import (
	"fmt"
	"math"
	"testing"

	"roundtable/internal/evidence"
	"roundtable/internal/evidence/yardstick"
)

// wdiSized is a deterministic panel the size of a WDI series: 266 areas
// (the first 217 economies) × 64 years (1960–2023), with an income panel of
// the same shape. Values rise with income, with noise from a fixed
// linear congruential generator.
func wdiSized() (values, income *evidence.Panel, economies map[string]bool) {
	seed := uint64(42)
	rnd := func() float64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return float64(seed>>11) / (1 << 53)
	}
	vs, inc := map[string][]evidence.Point{}, map[string][]evidence.Point{}
	economies = map[string]bool{}
	for a := range 266 {
		area := fmt.Sprintf("A%03d", a)
		economies[area] = a < 217
		base := 6 + 5*rnd() // ln income in 1960: $400 to $60,000
		for y := 1960; y < 2024; y++ {
			if rnd() < 0.1 {
				continue // a missing year
			}
			x := base + 0.02*float64(y-1960) + 0.1*(rnd()-0.5)
			inc[area] = append(inc[area], evidence.Point{Year: y, Value: math.Exp(x)})
			vs[area] = append(vs[area], evidence.Point{Year: y, Value: 30 + 5*x + 10*rnd()})
		}
	}
	return evidence.NewPanel(evidence.Series{ID: 1, Indicator: "SP.DYN.LE00.IN", Revision: 1}, vs),
		evidence.NewPanel(evidence.Series{ID: 2, Indicator: yardstick.IncomeIndicator, Revision: 1}, inc), economies
}

func BenchmarkFitFrontier(b *testing.B) {
	values, income, economies := wdiSized()
	opt := yardstick.FrontierOptions{Economies: economies}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := yardstick.FitFrontier(values, income, evidence.HigherBetter, opt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCachedFrontier(b *testing.B) {
	values, income, economies := wdiSized()
	opt := yardstick.FrontierOptions{Economies: economies}
	var c yardstick.Cache
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Frontier(values, income, evidence.HigherBetter, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompute is every figure of one area, with a target and the
// frontier (from the cache), as a profile page asks for them.
func BenchmarkCompute(b *testing.B) {
	values, income, economies := wdiSized()
	opt := yardstick.FrontierOptions{Economies: economies}
	target := 80.0
	b.ReportAllocs()
	for b.Loop() {
		f, err := yardstick.CachedFrontier(values, income, evidence.HigherBetter, opt)
		if err != nil {
			b.Fatal(err)
		}
		m, err := yardstick.Compute(values, "A100", yardstick.Window{From: 2000}, yardstick.Options{
			Direction: evidence.HigherBetter, Scale: yardstick.Level, Target: &target, Frontier: f})
		if err != nil || m.Frontier == nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkComputeEveryArea: the figures of all 266 areas (a ranked table).
func BenchmarkComputeEveryArea(b *testing.B) {
	values, income, economies := wdiSized()
	f, err := yardstick.FitFrontier(values, income, evidence.HigherBetter, yardstick.FrontierOptions{Economies: economies})
	if err != nil {
		b.Fatal(err)
	}
	areas := values.Areas()
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range areas {
			if _, err := yardstick.Compute(values, a, yardstick.Window{From: 2000}, yardstick.Options{
				Direction: evidence.HigherBetter, Frontier: f}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestWDISizedFrontier: on the generated pool (values 30 + 5·ln income +
// noise) the frontier rises with income and stays above the noiseless
// line, below its top.
func TestWDISizedFrontier(t *testing.T) {
	values, income, economies := wdiSized()
	f, err := yardstick.FitFrontier(values, income, evidence.HigherBetter, yardstick.FrontierOptions{Economies: economies})
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range f.Knots {
		if i > 0 && k.Value < f.Knots[i-1].Value {
			t.Errorf("band %d falls: %v < %v", i, k.Value, f.Knots[i-1].Value)
		}
	}
	got, ok := f.At(10000)
	line := 30 + 5*math.Log(10000)
	if !ok || got < line+5 || got > line+11 {
		t.Errorf("At(10000) = %v, %v; the values there lie between %v and %v", got, ok, line, line+10)
	}
}
