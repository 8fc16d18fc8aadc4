package chart

import (
	"math"
	"strconv"
)

// axis maps data values to pixels along one side of a plot, with round ticks.
type axis struct {
	lo, hi   float64 // data range shown, rounded out to ticks
	ticks    []float64
	decimals int
	length   float64 // pixels
	origin   float64 // pixel where the axis starts (left or top)
	inverted bool    // y grows downwards on screen, values upwards
}

// newAxis fits an axis around finite values (at least one).
func newAxis(values []float64, length float64, inverted bool) axis {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if hi-lo < 1e-9*math.Max(1, math.Abs(hi)) {
		// One value: centre it in a range of its own size (or ±0.5).
		half := math.Max(math.Abs(hi)*0.1, 0.5)
		lo, hi = lo-half, hi+half
	}
	if !finite(hi - lo) {
		lo, hi = -1, 1 // beyond float range: points fall outside, the axis stays sane
	}
	pad := (hi - lo) * 0.04 // markers on the edge stay inside the frame
	lo, hi = lo-pad, hi+pad
	step := niceStep((hi - lo) / 5)
	a := axis{length: length, inverted: inverted}
	a.lo, a.hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	for i := 0; i < 50; i++ { // about seven ticks; the bound guards rounding
		t := a.lo + float64(i)*step
		if t > a.hi+step/2 {
			break
		}
		a.ticks = append(a.ticks, t)
	}
	a.decimals = max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	return a
}

// niceStep rounds a raw tick step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// at is the pixel position of v.
func (a axis) at(v float64) float64 {
	f := (v - a.lo) / (a.hi - a.lo)
	if a.inverted {
		f = 1 - f
	}
	return a.origin + f*a.length
}

// format writes a tick value with as many decimals as the step needs, and a
// true minus sign, which reads better than a hyphen in every language.
func (a axis) format(v float64) string {
	if math.Abs(v) < math.Pow(10, -float64(a.decimals))/2 {
		v = 0 // not "-0.0"
	}
	s := strconv.FormatFloat(v, 'f', a.decimals, 64)
	if v < 0 {
		s = "−" + s[1:]
	}
	return s
}

// labelWidth is the widest tick label in pixels.
func (a axis) labelWidth() float64 {
	var w float64
	for _, t := range a.ticks {
		w = max(w, textWidth(a.format(t), fontSize))
	}
	return w
}
