package yardstick

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"roundtable/internal/errs"
	"roundtable/internal/evidence"
)

// IncomeIndicator is the income the frontier is drawn against: GDP per
// capita, PPP (current international $).
const IncomeIndicator = "NY.GDP.PCAP.PP.CD"

// FrontierOptions say what FitFrontier pools and how it trims.
type FrontierOptions struct {
	// Economies are the areas pooled: every economy, never an aggregate
	// (an aggregate is an average of economies already pooled). Required.
	Economies map[string]bool
	// From and To are the years pooled; From 0 is 1990, To 0 the latest.
	From, To int
	// BandWidth is the width of an income band in natural-log units of
	// income; 0 is 0.25 (each band spans incomes a factor e^0.25 ≈ 1.28
	// apart).
	BandWidth float64
	// MinPoints is the fewest country-years a band needs to count; 0 is 10.
	MinPoints int
	// Quantile is the share of a band's values the frontier stands above
	// (higher is better) or below (lower is better); 0 is 0.95, so the best
	// 5 % of a band are taken as outliers.
	Quantile float64
}

// The defaults of FrontierOptions; the method page states them.
const (
	DefaultFrom      = 1990
	DefaultBandWidth = 0.25
	DefaultMinPoints = 10
	DefaultQuantile  = 0.95
)

func (o FrontierOptions) normalised() FrontierOptions {
	if o.From == 0 {
		o.From = DefaultFrom
	}
	if o.BandWidth <= 0 {
		o.BandWidth = DefaultBandWidth
	}
	if o.MinPoints <= 0 {
		o.MinPoints = DefaultMinPoints
	}
	if o.Quantile <= 0 || o.Quantile >= 1 {
		o.Quantile = DefaultQuantile
	}
	return o
}

// Knot is one income band of a frontier.
type Knot struct {
	// Low and High bound the band's incomes ($, Low included); Income is
	// its centre on the log scale, √(Low·High).
	Low, High, Income float64
	// Points is how many country-years fell in the band.
	Points int
	// Trimmed is the band's own quantile value (the 95th percentile, or the
	// 5th for lower-is-better); Value is the frontier there: the best
	// Trimmed of this band and every poorer one (a running max, or min).
	Trimmed, Value float64
}

// Frontier is the value achievable at each income level: the best value
// observed, after trimming outliers, among country-years at or below that
// income.
type Frontier struct {
	Values    evidence.Series    `json:"values"`
	Income    evidence.Series    `json:"income"`
	Direction evidence.Direction `json:"direction"`
	Options   FrontierOptions    `json:"-"`
	// Points is the number of country-years pooled; Economies the number
	// of economies they come from.
	Points    int `json:"points"`
	Economies int `json:"economies"`
	// MinIncome and MaxIncome bound the incomes of the bands kept: At is
	// ok only between them.
	MinIncome float64 `json:"min_income"`
	MaxIncome float64 `json:"max_income"`
	Knots     []Knot  `json:"knots"`

	income *evidence.Panel
	minX   float64
	maxX   float64
}

// FitFrontier fits the income frontier of values (one series) against
// income (GDP per capita PPP, one series), pooling the country-years of
// opt.Economies from opt.From to opt.To in which both are observed.
//
// The method (#frontier on the method page):
//  1. Each country-year is a point (x, v): x the natural log of its GDP per
//     capita, v its value.
//  2. Points fall in bands of equal width on the log scale: band k holds
//     k·w ≤ x < (k+1)·w. A band with fewer than MinPoints points is left out.
//  3. In each band, the trimmed best is the Quantile of its values
//     (higher is better) or the 1−Quantile (lower is better), by linear
//     interpolation between the sorted values (h = (n−1)·q). One
//     exceptional country-year does not set the frontier.
//  4. Walking from the poorest band up, the frontier is the running
//     maximum (minimum) of the trimmed bests: what was achieved at a lower
//     income is achievable at a higher one, so the frontier never falls
//     (rises) with income.
//  5. Between band centres the frontier is linear in log income; from the
//     lowest observed income to the first centre and from the last centre
//     to the highest observed income it is flat; outside that range it is
//     not defined (no extrapolation).
func FitFrontier(values, income *evidence.Panel, dir evidence.Direction, opt FrontierOptions) (*Frontier, error) {
	if dir == evidence.Neither {
		return nil, errs.New(errs.Invalid, "no_direction", "evidence_method.error.no_direction", "code", values.Series.Indicator)
	}
	if len(opt.Economies) == 0 {
		return nil, errors.New("yardstick: a frontier needs the set of economies to pool")
	}
	opt = opt.normalised()
	f := &Frontier{Values: values.Series, Income: income.Series, Direction: dir, Options: opt, income: income}

	first := max(opt.From, values.FirstYear, income.FirstYear)
	last := min(values.FirstYear+values.Years, income.FirstYear+income.Years) - 1
	if opt.To != 0 {
		last = min(last, opt.To)
	}
	bands := map[int][]float64{}
	xs := map[int][2]float64{} // band → lowest and highest x seen
	for area, economy := range opt.Economies {
		if !economy {
			continue
		}
		n := 0
		for y := first; y <= last; y++ {
			v, ok := values.At(area, y)
			if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			inc, ok := income.At(area, y)
			if !ok || !(inc > 0) || math.IsInf(inc, 0) {
				continue
			}
			x := math.Log(inc)
			k := int(math.Floor(x / opt.BandWidth))
			bands[k] = append(bands[k], v)
			r, seen := xs[k]
			if !seen {
				r = [2]float64{x, x}
			}
			xs[k] = [2]float64{min(r[0], x), max(r[1], x)}
			n++
		}
		f.Points += n
		if n > 0 {
			f.Economies++
		}
	}

	ks := make([]int, 0, len(bands))
	for k, vs := range bands {
		if len(vs) >= opt.MinPoints {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		return nil, errs.New(errs.NotFound, "no_frontier", "evidence_method.error.no_frontier", "code", values.Series.Indicator)
	}
	slices.Sort(ks)
	q := opt.Quantile
	if dir == evidence.LowerBetter {
		q = 1 - q
	}
	f.minX, f.maxX = xs[ks[0]][0], xs[ks[len(ks)-1]][1]
	f.MinIncome, f.MaxIncome = math.Exp(f.minX), math.Exp(f.maxX)
	best := math.NaN()
	for _, k := range ks {
		vs := bands[k]
		slices.Sort(vs)
		t := quantile(vs, q)
		switch {
		case math.IsNaN(best):
			best = t
		case dir == evidence.HigherBetter:
			best = max(best, t)
		default:
			best = min(best, t)
		}
		lo, hi := float64(k)*opt.BandWidth, float64(k+1)*opt.BandWidth
		f.Knots = append(f.Knots, Knot{Low: math.Exp(lo), High: math.Exp(hi), Income: math.Exp((lo + hi) / 2),
			Points: len(vs), Trimmed: t, Value: best})
	}
	return f, nil
}

// quantile is the q-th quantile of sorted values, interpolating linearly
// between the two nearest ranks (h = (n−1)·q; Hyndman and Fan's type 7,
// the default of R and NumPy).
func quantile(sorted []float64, q float64) float64 {
	h := float64(len(sorted)-1) * q
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// At is the value expected at an income (GDP per capita PPP, $): not ok
// outside the range of incomes the frontier was fitted on.
func (f *Frontier) At(income float64) (expected float64, ok bool) {
	if !(income > 0) || len(f.Knots) == 0 {
		return 0, false
	}
	x := math.Log(income)
	if x < f.minX-1e-12 || x > f.maxX+1e-12 {
		return 0, false
	}
	c := func(i int) float64 { return math.Log(f.Knots[i].Income) }
	n := len(f.Knots)
	if x <= c(0) {
		return f.Knots[0].Value, true
	}
	if x >= c(n-1) {
		return f.Knots[n-1].Value, true
	}
	i, _ := slices.BinarySearchFunc(f.Knots, x, func(k Knot, x float64) int {
		switch lx := math.Log(k.Income); {
		case lx < x:
			return -1
		case lx > x:
			return 1
		}
		return 0
	})
	// c(i-1) < x ≤ c(i)
	a, b := f.Knots[i-1], f.Knots[i]
	t := (x - c(i-1)) / (c(i) - c(i-1))
	return a.Value + t*(b.Value-a.Value), true
}

// FrontierStatus says whether an area's expected value could be given.
type FrontierStatus string

const (
	FrontierOK FrontierStatus = "ok"
	// NoIncome: no income in the latest value's year nor in the
	// IncomeLag years before it.
	NoIncome FrontierStatus = "no_income"
	// OutsideRange: the area's income is below or above every band the
	// frontier was fitted on.
	OutsideRange FrontierStatus = "outside_range"
)

// IncomeLag is how many years before the latest value an income may be
// taken from when that year's is not published yet.
const IncomeLag = 5

// FrontierMetrics compare an area's latest value with the value expected
// at its income (#frontier).
type FrontierMetrics struct {
	Status FrontierStatus `json:"status"`
	// Income is the area's GDP per capita PPP in IncomeYear: the latest
	// value's year, or the closest earlier year within IncomeLag.
	Income     float64 `json:"income,omitempty"`
	IncomeYear int     `json:"income_year,omitempty"`
	Expected   float64 `json:"expected,omitempty"`
	// Gap is the shortfall from the frontier in the indicator's units,
	// counted toward the better side: Expected − v when higher is better,
	// v − Expected when lower is better. Positive: short of what countries
	// at this income achieve; 0 or negative: at or beyond the frontier.
	Gap float64 `json:"gap,omitempty"`
	// Achievement is the percentage of what is achievable: 100·v/Expected
	// when higher is better, 100·Expected/v when lower is better (the
	// achievable level as a share of the actual one). 100 or more: at or
	// beyond the frontier. Given when Expected is positive and v is not
	// negative (lower is better: positive).
	HasAchievement bool    `json:"has_achievement"`
	Achievement    float64 `json:"achievement_percent,omitempty"`
}

func (f *Frontier) metrics(p *evidence.Panel, area string, latest evidence.Point) (*FrontierMetrics, error) {
	if p.Series.ID != f.Values.ID || p.Series.Revision != f.Values.Revision {
		return nil, fmt.Errorf("yardstick: frontier fitted on series %d revision %d, metrics asked of series %d revision %d",
			f.Values.ID, f.Values.Revision, p.Series.ID, p.Series.Revision)
	}
	fm := &FrontierMetrics{Status: NoIncome}
	for y := latest.Year; y >= latest.Year-IncomeLag; y-- {
		if inc, ok := f.income.At(area, y); ok && inc > 0 {
			fm.Income, fm.IncomeYear, fm.Status = inc, y, FrontierOK
			break
		}
	}
	if fm.Status != FrontierOK {
		return fm, nil
	}
	exp, ok := f.At(fm.Income)
	if !ok {
		fm.Status = OutsideRange
		return fm, nil
	}
	v := latest.Value
	fm.Expected = exp
	if f.Direction == evidence.HigherBetter {
		fm.Gap = exp - v
		if exp > 0 && v >= 0 {
			fm.HasAchievement, fm.Achievement = true, 100*v/exp
		}
	} else {
		fm.Gap = v - exp
		if exp > 0 && v > 0 {
			fm.HasAchievement, fm.Achievement = true, 100*exp/v
		}
	}
	return fm, nil
}
