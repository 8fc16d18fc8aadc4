package chart

import (
	"hash"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"
)

// YearValue is one observation of a series over time.
type YearValue struct {
	Year  int
	Value float64 // NaN or an infinity: no observation that year
}

// Reference is a named value drawn across a chart as a line: a target ("SDG
// target 25") or a group's figure ("CELAC 72.1").
type Reference struct {
	Label string  // already translated; printed beside the line
	Value float64 // a NaN or infinite value draws nothing
}

// Numbers says how the evidence charts print values: Format when given (e.g.
// with the reader's decimal comma), otherwise Decimals digits after the point
// and a true minus sign.
type Numbers struct {
	Decimals int
	Format   func(float64) string // optional; must give the same text for the same value
}

// text prints v; a value that is not finite prints as the no-data dash.
func (n Numbers) text(v float64) string {
	if !finite(v) {
		return noData
	}
	if n.Format != nil {
		return n.Format(v)
	}
	d := min(max(n.Decimals, 0), 10)
	if math.Abs(v) < math.Pow(10, -float64(d))/2 {
		v = 0 // not "-0.0"
	}
	s := strconv.FormatFloat(v, 'f', d, 64)
	if v < 0 {
		s = "−" + s[1:]
	}
	return s
}

// yearAxis maps years to pixels left to right, with ticks on round years.
type yearAxis struct {
	lo, hi int // first and last year shown
	ticks  []int
	origin float64 // pixel of lo
	length float64 // pixels from lo to hi
}

// newYearAxis spans first..last; a single year gets a year either side so it
// is drawn in the middle.
func newYearAxis(first, last int, origin, length float64) yearAxis {
	if last < first {
		first, last = last, first
	}
	if first == last {
		first, last = first-1, last+1
	}
	a := yearAxis{lo: first, hi: last, origin: origin, length: length}
	step := 1
	for _, s := range []int{1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000} {
		step = s
		if (last-first)/s <= 8 {
			break
		}
	}
	for y := ceilDiv(first, step) * step; y <= last && len(a.ticks) < 20; y += step {
		a.ticks = append(a.ticks, y)
	}
	return a
}

// ceilDiv is a/b rounded up, for any sign of a (b > 0).
func ceilDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a > 0 {
		q++
	}
	return q
}

func (a yearAxis) at(year int) float64 {
	return a.origin + float64(year-a.lo)/float64(a.hi-a.lo)*a.length
}

// stackLabels moves labels of height h apart along y. want holds each label's
// preferred centre; the result keeps the labels' order by preferred centre,
// leaves no two closer than h, stays at or below top and, when there is room,
// at or above bottom (when there is not, labels run on below bottom and the
// caller makes the chart taller). Ties keep the input order, so the result is
// deterministic.
func stackLabels(want []float64, h, top, bottom float64) []float64 {
	n := len(want)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case want[a] < want[b]:
			return -1
		case want[a] > want[b]:
			return 1
		}
		return 0
	})
	ys := make([]float64, n) // in sorted order
	for k, i := range order {
		ys[k] = max(want[i], top+h/2)
		if k > 0 {
			ys[k] = max(ys[k], ys[k-1]+h)
		}
	}
	// Push back up from the bottom, then down from the top again if that
	// overshot: the labels then fill top..bottom or run on below it.
	for k := n - 1; k >= 0; k-- {
		limit := bottom - h/2
		if k < n-1 {
			limit = ys[k+1] - h
		}
		ys[k] = min(ys[k], limit)
	}
	for k := range ys {
		lo := top + h/2
		if k > 0 {
			lo = ys[k-1] + h
		}
		ys[k] = max(ys[k], lo)
	}
	out := make([]float64, n)
	for k, i := range order {
		out[i] = ys[k]
	}
	return out
}

// contentKey hashes a chart's content into a short string for newDoc, more
// cheaply than formatting the whole value with %#v. Each piece is followed
// by a zero byte, so "ab"+"c" and "a"+"bc" differ.
type contentKey struct {
	h   hash.Hash64
	buf []byte
}

func newContentKey() *contentKey {
	return &contentKey{h: fnv.New64a(), buf: make([]byte, 0, 32)}
}

func (k *contentKey) str(s string) *contentKey {
	k.h.Write([]byte(s))
	k.h.Write([]byte{0})
	return k
}

func (k *contentKey) num(v float64) *contentKey {
	k.buf = append(strconv.AppendFloat(k.buf[:0], v, 'g', -1, 64), 0)
	k.h.Write(k.buf)
	return k
}

func (k *contentKey) String() string { return strconv.FormatUint(k.h.Sum64(), 16) }

// emptyMessage draws the frame of a chart without data with the caller's
// message in it (e.g. "No data for Bolivia"), so the reader is told, not
// shown an empty box. The message is cut to the frame's width.
func emptyMessage(d *doc, msg string) {
	if strings.TrimSpace(msg) == "" {
		msg = noData
	}
	w, h := emptyW, emptyH
	d.printf(`<g class="empty"><rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s" stroke-dasharray="4 4"/>`,
		num(framePad), num(framePad), num(w-2*framePad), num(h-2*framePad), gridColor)
	maxUnits := (w - 4*framePad) / (unitEm * fontSize)
	d.label(msg, maxUnits, w/2, h/2+fontSize*0.35, ` class="empty-message" text-anchor="middle" fill="`+inkColor+`"`)
	d.printf(`</g>`)
}

// emptyDesc is the description of a chart without data: the caller's, or
// the message when the caller gave none.
func emptyDesc(desc, msg string) string {
	if desc == "" {
		return msg
	}
	if msg == "" {
		return desc
	}
	return desc + " " + msg
}
