package chart

import (
	"html/template"
	"slices"
	"strconv"
)

// Line is values over years: a country against chosen peers and group
// aggregates. Each series has its own marker shape (and colour), group
// aggregates are dashed, the series in focus is drawn thicker and on top, and
// every line is named by a label at its end, so the chart reads without a
// legend and without colour.
//
// Gaps: points one or two years apart are joined; a line breaks where two or
// more years in a row are missing (a single missing year is bridged, a
// longer gap is never drawn as if it had data). A point with no neighbour
// stands alone as its marker.
type Line struct {
	Title, Desc string // accessible name and description (already translated)
	Unit        string // the values' unit, written over the y axis (e.g. "deaths per 1,000 live births")
	Series      []LineSeries
	Target      *Reference // optional horizontal line (e.g. an SDG target) with its label
	Numbers                // how values are printed in the hover texts
	Empty       string     // shown when no series has a point (e.g. "No data for Bolivia", translated)
}

// LineSeries is one line: an area's observations in year order or not.
type LineSeries struct {
	Name   string // already translated; labels the line's end and each point's hover text
	Points []YearValue
	Group  bool // an aggregate (e.g. CELAC, World): dashed
	Focus  bool // the area the page is about: thicker, bold label, drawn on top
}

// Line layout in pixels (the SVG scales as a whole).
const (
	lnPad       = 8.0
	lnPlotW     = 560.0
	lnPlotH     = 320.0
	lnLabelUnit = 24.0 // end labels are cut beyond this many units
	lnLabelH    = 15.0
	lnMarkerR   = 3.5
	lnJoin      = 2 // points at most this many years apart are joined
)

// Dash patterns of group series, in turn; other series are solid.
var lineDashes = []string{"7 4", "2 3", "9 3 2 3", "4 4"}

// lineSeries is a series ready to draw: sorted finite points and its style.
type lineSeries struct {
	LineSeries
	index int
	pts   []YearValue
	style markerStyle
	dash  string
	width float64
}

// lineLayout is where the parts of a line chart go.
type lineLayout struct {
	xs                    yearAxis
	ys                    axis
	left, top, right, bot float64
	width, height         float64
	labelX                float64
	labelY                []float64 // per drawn series
}

// SVG draws the line chart; without any point it draws a frame with the
// Empty message.
func (c Line) SVG() template.HTML {
	series := c.drawable()
	d := newDoc("line", c.key())
	if len(series) == 0 {
		d.open("line", emptyW, emptyH, c.Title, emptyDesc(c.Desc, c.Empty))
		emptyMessage(d, c.Empty)
		return d.html()
	}
	l := c.layout(series)
	n := 0
	for _, s := range series {
		n += len(s.pts)
	}
	d.b.Grow(4096 + 160*n) // about what a point takes, markers and hover text
	d.open("line", l.width, l.height, c.Title, c.Desc)
	c.drawAxes(d, l)
	d.printf(`<g class="series-lines">`)
	for _, s := range series {
		c.drawSeries(d, l, s)
	}
	d.printf(`</g>`)
	c.drawTarget(d, l)
	c.drawLabels(d, l, series)
	return d.html()
}

func (c Line) key() string {
	k := newContentKey().str(c.Title).str(c.Desc).str(c.Unit).str(c.Empty).num(float64(c.Decimals))
	if c.Target != nil {
		k.str(c.Target.Label).num(c.Target.Value)
	}
	for _, s := range c.Series {
		k.str(s.Name).str(strconv.FormatBool(s.Group) + strconv.FormatBool(s.Focus))
		for _, p := range s.Points {
			k.num(float64(p.Year)).num(p.Value)
		}
	}
	return k.String()
}

// drawable is the series with at least one finite point, each point once
// (the first given for a year) in year order; the focus series come last so
// they are drawn on top. Styles follow the caller's order of series.
func (c Line) drawable() []lineSeries {
	var out, focus []lineSeries
	for i, s := range c.Series {
		var pts []YearValue
		for _, p := range s.Points {
			if finite(p.Value) {
				pts = append(pts, p)
			}
		}
		slices.SortStableFunc(pts, func(a, b YearValue) int { return a.Year - b.Year })
		pts = slices.CompactFunc(pts, func(a, b YearValue) bool { return a.Year == b.Year })
		if len(pts) == 0 {
			continue
		}
		ls := lineSeries{LineSeries: s, index: i, pts: pts, style: styleFor(i), width: 1.5}
		if s.Group {
			ls.dash = lineDashes[groupOrdinal(c.Series, i)%len(lineDashes)]
		}
		if s.Focus {
			ls.width = 3.5
			focus = append(focus, ls)
			continue
		}
		out = append(out, ls)
	}
	return append(out, focus...)
}

// groupOrdinal counts the group series before series i, so successive groups
// get successive dash patterns.
func groupOrdinal(series []LineSeries, i int) int {
	n := 0
	for _, s := range series[:i] {
		if s.Group {
			n++
		}
	}
	return n
}

func (c Line) layout(series []lineSeries) lineLayout {
	var l lineLayout
	first, last := series[0].pts[0].Year, series[0].pts[0].Year
	var values []float64
	for _, s := range series {
		first, last = min(first, s.pts[0].Year), max(last, s.pts[len(s.pts)-1].Year)
		for _, p := range s.pts {
			values = append(values, p.Value)
		}
	}
	if c.Target != nil && finite(c.Target.Value) {
		values = append(values, c.Target.Value)
	}
	l.ys = newAxis(values, lnPlotH, true)
	l.top = lnPad + 6
	if c.Unit != "" {
		l.top += fontSize + 8
	}
	l.left = lnPad + l.ys.labelWidth() + 8
	l.right, l.bot = l.left+lnPlotW, l.top+lnPlotH
	l.ys.origin = l.top
	l.xs = newYearAxis(first, last, l.left, lnPlotW)
	l.labelX = l.right + 10
	widest := 0.0
	want := make([]float64, len(series))
	for i, s := range series {
		want[i] = l.ys.at(s.pts[len(s.pts)-1].Value)
		short, _ := truncate(s.Name, lnLabelUnit)
		widest = max(widest, textWidth(short, fontSize))
	}
	l.labelY = stackLabels(want, lnLabelH, lnPad, l.bot+fontSize)
	l.width = l.labelX + 2*lnMarkerR + 6 + widest + lnPad
	l.height = l.bot + fontSize + 12 + lnPad
	for _, y := range l.labelY {
		l.height = max(l.height, y+lnLabelH/2+lnPad)
	}
	return l
}

func (c Line) drawAxes(d *doc, l lineLayout) {
	d.printf(`<g class="axes" fill="%s">`, mutedColor)
	for _, t := range l.ys.ticks {
		y := l.ys.at(t)
		d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(l.left), num(y), num(l.right), num(y), gridColor)
		d.printf(`<text x="%s" y="%s" text-anchor="end">%s</text>`, num(l.left-6), num(y+fontSize*0.35), esc(l.ys.format(t)))
	}
	for _, t := range l.xs.ticks {
		x := l.xs.at(t)
		d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x), num(l.bot), num(x), num(l.bot+4), mutedColor)
		d.printf(`<text x="%s" y="%s" text-anchor="middle">%d</text>`, num(x), num(l.bot+fontSize+6), t)
	}
	d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(l.left), num(l.bot), num(l.right), num(l.bot), mutedColor)
	if c.Unit != "" {
		d.label(c.Unit, (l.labelX-8-lnPad)/(unitEm*fontSize), lnPad, lnPad+fontSize, ` class="y-label" fill="`+inkColor+`"`)
	}
	d.printf(`</g>`)
}

// drawTarget draws the target line over the series, so its label stays readable.
func (c Line) drawTarget(d *doc, l lineLayout) {
	if t := c.Target; t != nil && finite(t.Value) {
		y := l.ys.at(t.Value)
		d.printf(`<g class="target"><line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5" stroke-dasharray="1 3" stroke-linecap="round"/>`,
			num(l.left), num(y), num(l.right), num(y), inkColor)
		if t.Label != "" {
			d.label(t.Label, lnPlotW/(unitEm*fontSize)-2, l.right-4, y-4,
				` text-anchor="end" fill="`+inkColor+`" stroke="`+background+`" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`)
		}
		d.printf(`</g>`)
	}
}

// drawSeries draws one series' line pieces, then its markers with hover texts.
func (c Line) drawSeries(d *doc, l lineLayout, s lineSeries) {
	class := "series series-" + strconv.Itoa(s.index) + " shape-" + s.style.shape
	if s.Group {
		class += " group"
	}
	if s.Focus {
		class += " focus"
	}
	d.printf(`<g class="%s">`, class)
	for _, piece := range linePieces(s.pts) {
		if len(piece) < 2 {
			continue
		}
		d.printf(`<polyline class="line" points="`)
		for i, p := range piece {
			if i > 0 {
				d.b.WriteByte(' ')
			}
			d.b.WriteString(num(l.xs.at(p.Year)))
			d.b.WriteByte(',')
			d.b.WriteString(num(l.ys.at(p.Value)))
		}
		d.printf(`" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"`, s.style.color, num(s.width))
		if s.dash != "" {
			d.printf(` stroke-dasharray="%s"`, s.dash)
		}
		d.printf(`/>`)
	}
	r := lnMarkerR
	if s.Focus {
		r = lnMarkerR + 1.5
	}
	name := esc(s.Name)
	stride := l.markerStride()
	for i, p := range s.pts {
		x, y := l.xs.at(p.Year), l.ys.at(p.Value)
		d.b.WriteString(`<g class="point"><title>` + name + ", " + strconv.Itoa(p.Year) + ": " + esc(c.text(p.Value)) + `</title>`)
		end := i == 0 || i == len(s.pts)-1 || p.Year-s.pts[i-1].Year > lnJoin || s.pts[i+1].Year-p.Year > lnJoin
		if end || (p.Year-l.xs.lo)%stride == 0 {
			d.marker(s.style, x, y, r)
		} else {
			// Between shapes on a dense line: a dot the size of the
			// line, which still carries the point's hover text.
			d.b.WriteString(`<circle cx="` + num(x) + `" cy="` + num(y) + `" r="` + num(s.width) + `" fill="` + s.style.color + `"/>`)
		}
		d.b.WriteString(`</g>`)
	}
	d.printf(`</g>`)
}

// markerStride is every how many years a line shows its marker shape: every
// year when years are far enough apart, otherwise often enough to tell the
// shape (the ends of every piece always show it).
func (l lineLayout) markerStride() int {
	gap := l.xs.length / float64(l.xs.hi-l.xs.lo) // pixels per year
	for _, s := range []int{1, 2, 5, 10, 20} {
		if gap*float64(s) >= 4*lnMarkerR+6 {
			return s
		}
	}
	return 50
}

// linePieces splits sorted points where more than one year is missing.
func linePieces(pts []YearValue) [][]YearValue {
	var out [][]YearValue
	start := 0
	for i := 1; i <= len(pts); i++ {
		if i == len(pts) || pts[i].Year-pts[i-1].Year > lnJoin {
			out = append(out, pts[start:i])
			start = i
		}
	}
	return out
}

// drawLabels names each line right of the plot, at the height of its last
// point or moved just enough not to overlap another label, with a leader
// from the last point when the label moved or the line ends early.
func (c Line) drawLabels(d *doc, l lineLayout, series []lineSeries) {
	d.printf(`<g class="series-labels">`)
	for i, s := range series {
		last := s.pts[len(s.pts)-1]
		x0, y0 := l.xs.at(last.Year), l.ys.at(last.Value)
		y := l.labelY[i]
		d.printf(`<g class="series-label series-%d shape-%s">`, s.index, s.style.shape)
		if x0 < l.right-1 || y-y0 > 1 || y0-y > 1 {
			d.printf(`<polyline class="leader" points="%s,%s %s,%s %s,%s" fill="none" stroke="%s" stroke-width="0.75"/>`,
				num(x0+lnMarkerR+2), num(y0), num(l.right+2), num(y0), num(l.labelX-2), num(y), mutedColor)
		}
		d.marker(s.style, l.labelX+lnMarkerR, y, lnMarkerR)
		attrs := ` class="series-name" fill="` + inkColor + `"`
		if s.Focus {
			attrs += ` font-weight="bold"`
		}
		d.label(s.Name, lnLabelUnit, l.labelX+2*lnMarkerR+6, y+fontSize*0.35, attrs)
		d.printf(`</g>`)
	}
	d.printf(`</g>`)
}
