package chart

import (
	"fmt"
	"html/template"
	"math"
)

// Bars is a horizontal bar chart (e.g. propositions ranked by a score, or a
// delegation's priority profile). Bars start at zero; a negative value draws
// no bar, a NaN value prints "–", and each row still prints its text.
type Bars struct {
	Title, Desc string
	Labels      []string
	Values      []float64 // drawn against Max (default: the largest value, or 1 when all ≤ 1)
	Max         float64
	Texts       []string // printed at the end of each bar; nil: value with 2 decimals
}

// Bar chart layout in pixels (the SVG scales as a whole).
const (
	barPad      = 8.0
	barPlotW    = 400.0
	barH        = 20.0
	barRowH     = 28.0
	barLabelMax = 30.0 // labels are cut beyond this many units
	barTextMax  = 20.0
	barColor    = "#1f5f99"
)

// SVG draws the bars in the given order, one row each.
func (b Bars) SVG() template.HTML {
	n := max(len(b.Labels), len(b.Values))
	d := newDoc("bars", fmt.Sprintf("%#v", b))
	if n == 0 {
		d.open("bars", emptyW, emptyH, b.Title, b.Desc)
		emptyFrame(d, emptyW, emptyH)
		return d.html()
	}
	texts := make([]string, n)
	for i := range texts {
		texts[i] = b.text(i)
	}
	x0 := barPad + widest(b.Labels, barLabelMax, fontSize) + 8
	width := x0 + barPlotW + 6 + widest(texts, barTextMax, fontSize) + barPad
	height := 2*barPad + float64(n)*barRowH
	d.open("bars", width, height, b.Title, b.Desc)
	d.printf(`<line class="baseline" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`,
		num(x0), num(barPad), num(x0), num(height-barPad), mutedColor)
	top := b.top()
	for i := range n {
		y := barPad + float64(i)*barRowH + (barRowH-barH)/2
		base := y + barH/2 + fontSize*0.35
		v := b.value(i)
		class := "bar"
		if !finite(v) {
			class = "bar no-data"
		}
		d.printf(`<g class="%s"><title>%s</title>`, class, esc(at(b.Labels, i)+": "+texts[i]))
		d.label(at(b.Labels, i), barLabelMax, x0-8, base, ` class="bar-label" text-anchor="end" fill="`+inkColor+`"`)
		w := 0.0
		if finite(v) {
			w = barPlotW * clamp01(v/top)
			d.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x0), num(y), num(w), num(barH), barColor)
		}
		d.label(texts[i], barTextMax, x0+w+6, base, ` class="bar-text" fill="`+inkColor+`"`)
		d.printf(`</g>`)
	}
	return d.html()
}

// value is the i-th value; a row without one has no data.
func (b Bars) value(i int) float64 {
	if i < len(b.Values) {
		return b.Values[i]
	}
	return math.NaN()
}

// text is what row i prints at the end of its bar.
func (b Bars) text(i int) string {
	if i < len(b.Texts) {
		return b.Texts[i]
	}
	return two(b.value(i))
}

// top is the value of a full-length bar: Max if set, else the largest value,
// or 1 when every value is at most 1 (scores and shares).
func (b Bars) top() float64 {
	if finite(b.Max) && b.Max > 0 {
		return b.Max
	}
	top := 1.0
	for _, v := range b.Values {
		if finite(v) {
			top = max(top, v)
		}
	}
	return top
}
