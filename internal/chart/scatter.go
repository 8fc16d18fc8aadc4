package chart

import (
	"fmt"
	"html/template"
)

// Scatter is points on a plane, each in a series (e.g. delegations shaped and
// coloured by declared bloc).
type Scatter struct {
	Title, Desc    string
	XLabel, YLabel string
	Series         []string // legend names; a point's Series indexes it
	Points         []Point
	Groups         []string // optional legend names for Point.Group; nil: numbered from 1
}

// Point is one point of a Scatter. Group is an optional second grouping (e.g.
// a discovered opinion group) drawn as the outline around the marker; -1 for
// none. A point with a NaN or infinite coordinate is not drawn.
type Point struct {
	X, Y   float64
	Label  string
	Series int
	Group  int
}

// Scatter layout in pixels (the SVG scales as a whole).
const (
	scPad       = 8.0
	scPlotW     = 560.0
	scPlotH     = 400.0
	scLabelSize = 11.0
	scLabelMax  = 16.0 // point labels are cut beyond this many units
	scLegendMax = 30.0
	scRowH      = 26.0 // fits a doubled ring
)

// box is a rectangle that labels must not overlap.
type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }

// scatterLayout maps data to the plot area.
type scatterLayout struct {
	xs, ys        axis
	left, top     float64 // plot area's top left corner
	width, height float64
	legendY       float64
	legend        []legendEntry
}

// SVG draws the scatter plot. Labels that would overlap a marker or another
// label are left out; the point's hover text still names it.
func (s Scatter) SVG() template.HTML {
	pts := s.drawable()
	d := newDoc("scatter", fmt.Sprintf("%#v", s))
	if len(pts) == 0 {
		d.open("scatter", emptyW, emptyH, s.Title, s.Desc)
		emptyFrame(d, emptyW, emptyH)
		return d.html()
	}
	l := s.layout(pts)
	d.open("scatter", l.width, l.height, s.Title, s.Desc)
	s.drawAxes(d, l)
	markers := make([]box, len(pts))
	d.printf(`<g class="points">`)
	for i, p := range pts {
		x, y := l.xs.at(p.X), l.ys.at(p.Y)
		reach := markerR + 2
		if p.Group >= 0 {
			reach = markerR + 8
		}
		markers[i] = box{x - reach, y - reach, x + reach, y + reach}
		m := styleFor(p.Series)
		d.printf(`<g class="point series-%d shape-%s"><title>%s</title>`, max(p.Series, 0), m.shape, esc(s.hover(p)))
		d.ring(p.Group, x, y)
		d.marker(m, x, y, markerR)
		d.printf(`</g>`)
	}
	d.printf(`</g>`)
	s.drawLabels(d, l, pts, markers)
	drawLegend(d, l.legend, l.legendY)
	return d.html()
}

// drawable is the points with finite coordinates.
func (s Scatter) drawable() []Point {
	var pts []Point
	for _, p := range s.Points {
		if finite(p.X) && finite(p.Y) {
			pts = append(pts, p)
		}
	}
	return pts
}

func (s Scatter) layout(pts []Point) scatterLayout {
	var l scatterLayout
	xv, yv := make([]float64, len(pts)), make([]float64, len(pts))
	for i, p := range pts {
		xv[i], yv[i] = p.X, p.Y
	}
	l.ys = newAxis(yv, scPlotH, true)
	l.left = scPad + l.ys.labelWidth() + 8
	if s.YLabel != "" {
		l.left += fontSize + 8
	}
	l.top = scPad + 4
	l.xs = newAxis(xv, scPlotW, false)
	l.xs.origin, l.ys.origin = l.left, l.top
	l.width = l.left + scPlotW + 24
	bottom := l.top + scPlotH + fontSize + 10
	if s.XLabel != "" {
		bottom += fontSize + 10
	}
	l.legend, l.legendY = s.legendEntries(pts), bottom+10
	rows := layoutLegend(l.legend, scPad, l.width-scPad)
	l.height = l.legendY + float64(rows)*scRowH + scPad
	return l
}

// hover is a point's full description: label, series and group.
func (s Scatter) hover(p Point) string {
	t := p.Label
	if name := at(s.Series, max(p.Series, 0)); name != "" {
		t += " — " + name
	}
	if p.Group >= 0 {
		t += " (" + s.groupName(p.Group) + ")"
	}
	return t
}

func (s Scatter) groupName(g int) string {
	if name := at(s.Groups, g); name != "" {
		return name
	}
	return fmt.Sprint(g + 1)
}

func (s Scatter) drawAxes(d *doc, l scatterLayout) {
	right, bottom := l.left+scPlotW, l.top+scPlotH
	d.printf(`<g class="axes" fill="%s">`, mutedColor)
	for _, t := range l.xs.ticks {
		x := l.xs.at(t)
		d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x), num(l.top), num(x), num(bottom), gridColor)
		d.printf(`<text x="%s" y="%s" text-anchor="middle">%s</text>`, num(x), num(bottom+fontSize+4), esc(l.xs.format(t)))
	}
	for _, t := range l.ys.ticks {
		y := l.ys.at(t)
		d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(l.left), num(y), num(right), num(y), gridColor)
		d.printf(`<text x="%s" y="%s" text-anchor="end">%s</text>`, num(l.left-6), num(y+fontSize*0.35), esc(l.ys.format(t)))
	}
	d.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s"/>`, num(l.left), num(l.top), num(scPlotW), num(scPlotH), mutedColor)
	if s.XLabel != "" {
		d.label(s.XLabel, 80, l.left+scPlotW/2, bottom+2*fontSize+14, ` class="x-label" text-anchor="middle" fill="`+inkColor+`"`)
	}
	if s.YLabel != "" {
		x, y := scPad+fontSize, l.top+scPlotH/2
		d.label(s.YLabel, 60, x, y, fmt.Sprintf(` class="y-label" text-anchor="middle" fill="%s" transform="rotate(-90 %s %s)"`, inkColor, num(x), num(y)))
	}
	d.printf(`</g>`)
}

// drawLabels places each point's label beside it where it overlaps no marker
// and no label placed before it, trying right, left, above, below.
func (s Scatter) drawLabels(d *doc, l scatterLayout, pts []Point, markers []box) {
	var placed []box
	d.printf(`<g class="point-labels" font-size="%s" fill="%s" stroke="%s" stroke-width="3" stroke-linejoin="round" paint-order="stroke">`,
		num(scLabelSize), inkColor, background)
	for i, p := range pts {
		if p.Label == "" {
			continue
		}
		short, _ := truncate(p.Label, scLabelMax)
		w, h := textWidth(short, scLabelSize), scLabelSize
		x, y := l.xs.at(p.X), l.ys.at(p.Y)
		gap := markers[i].x1 - x + 1
		for _, c := range []struct {
			x, y   float64 // text anchor point (baseline)
			anchor string
			b      box
		}{
			{x + gap, y + h*0.35, "start", box{x + gap, y - h/2, x + gap + w, y + h/2}},
			{x - gap, y + h*0.35, "end", box{x - gap - w, y - h/2, x - gap, y + h/2}},
			{x, y - gap - 2, "middle", box{x - w/2, y - gap - h, x + w/2, y - gap}},
			{x, y + gap + h - 2, "middle", box{x - w/2, y + gap, x + w/2, y + gap + h}},
		} {
			if !fits(c.b, l, placed, markers) {
				continue
			}
			placed = append(placed, c.b)
			d.label(p.Label, scLabelMax, c.x, c.y, ` class="point-label" text-anchor="`+c.anchor+`"`)
			break
		}
	}
	d.printf(`</g>`)
}

// fits reports whether a label box stays inside the chart above the legend
// and clear of markers and labels already placed.
func fits(b box, l scatterLayout, placed, markers []box) bool {
	if b.x0 < 0 || b.x1 > l.width || b.y0 < 0 || b.y1 > l.top+scPlotH {
		return false
	}
	for _, o := range markers {
		if b.overlaps(o) {
			return false
		}
	}
	for _, o := range placed {
		if b.overlaps(o) {
			return false
		}
	}
	return true
}

// legendEntry is one named marker or ring in the legend.
type legendEntry struct {
	name   string
	style  markerStyle
	group  int // ≥ 0: a ring entry
	x, row float64
}

// legendEntries names each series that has a point, then each group used.
func (s Scatter) legendEntries(pts []Point) []legendEntry {
	maxSeries, maxGroup := -1, -1
	for _, p := range pts {
		maxSeries, maxGroup = max(maxSeries, p.Series, 0), max(maxGroup, p.Group)
	}
	var out []legendEntry
	for i := 0; i <= max(maxSeries, len(s.Series)-1); i++ {
		out = append(out, legendEntry{name: at(s.Series, i), style: styleFor(i), group: -1})
	}
	for g := 0; g <= maxGroup; g++ {
		out = append(out, legendEntry{name: s.groupName(g), group: g})
	}
	return out
}

// layoutLegend flows entries into rows between x0 and x1 and returns the
// number of rows.
func layoutLegend(es []legendEntry, x0, x1 float64) int {
	x, row := x0, 0.0
	for i := range es {
		short, _ := truncate(es[i].name, scLegendMax)
		w := 2*(markerR+8) + 6 + textWidth(short, fontSize) + 16
		if x > x0 && x+w > x1 {
			x, row = x0, row+1
		}
		es[i].x, es[i].row = x, row
		x += w
	}
	if len(es) == 0 {
		return 0
	}
	return int(row) + 1
}

func drawLegend(d *doc, es []legendEntry, y0 float64) {
	d.printf(`<g class="legend">`)
	for _, e := range es {
		cx, cy := e.x+markerR+8, y0+e.row*scRowH+scRowH/2
		if e.group >= 0 {
			d.printf(`<g class="legend-group group-%d">`, e.group)
			d.ring(e.group, cx, cy)
		} else {
			d.printf(`<g class="legend-series shape-%s">`, e.style.shape)
			d.marker(e.style, cx, cy, markerR)
		}
		d.label(e.name, scLegendMax, cx+markerR+14, cy+fontSize*0.35, ` fill="`+inkColor+`"`)
		d.printf(`</g>`)
	}
	d.printf(`</g>`)
}
