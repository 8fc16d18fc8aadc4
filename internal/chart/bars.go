package chart

import (
	"html/template"
	"math"
	"strconv"
)

// Bars is a horizontal stacked bar chart of counts: one bar per row (a
// country, a theme), cut into one segment per category (a status), in
// the order of Categories. Each category has a fill pattern of its own as
// well as a colour (solid, diagonal lines, dots, crossing lines, …), the
// legend shows each pattern beside its name, a segment wide enough prints
// its count on a white chip, every segment's hover text names its row,
// category and count, and the row's total follows its bar, so the chart
// reads the same in grayscale and the counts are never left to the eye.
// The page should still give the numbers in a table beside it.
type Bars struct {
	Title, Desc string // accessible name and description (already translated)
	Categories  []string
	Rows        []BarRow
	// Empty is shown when no row has a count (e.g. "No commitments",
	// translated).
	Empty string
}

// BarRow is one bar: its label, an optional link for the label, and its
// count in each category (Counts[i] for Categories[i]; missing ones are 0).
type BarRow struct {
	Label  string
	Link   string
	Counts []int
}

// Bar chart layout in pixels (the SVG scales as a whole).
const (
	brPad       = 8.0
	brPlotW     = 420.0
	brRowH      = 24.0
	brBarH      = 16.0
	brLabelUnit = 26.0 // row labels are cut beyond this many units
	brSwatch    = 14.0
	brLegendGap = 16.0
	brChipPad   = 3.0
)

// barFills are the categories' looks, in turn: a colour (Okabe–Ito) and a
// pattern drawn over it in a darker ink, so two neighbours differ in
// pattern even where they look alike in grey. Past the last, looks repeat
// and the legend, the hover text and the table still tell them apart.
var barFills = []struct {
	color   string
	pattern string // "" solid; otherwise the pattern's inner SVG on a 6×6 tile
}{
	{"#56b4e9", `<path d="M0,6 L6,0 M-1.5,1.5 L1.5,-1.5 M4.5,7.5 L7.5,4.5" stroke="#1a1a1a" stroke-width="1"/>`}, // diagonal lines
	{"#e69f00", `<circle cx="3" cy="3" r="1.2" fill="#1a1a1a"/>`},                                                // dots
	{"#009e73", ""}, // solid
	{"#cc79a7", `<path d="M0,3 L6,3 M3,0 L3,6" stroke="#1a1a1a" stroke-width="0.9"/>`},                           // crossing lines
	{"#d55e00", `<path d="M0,0 L6,6 M4.5,-1.5 L7.5,1.5 M-1.5,4.5 L1.5,7.5" stroke="#1a1a1a" stroke-width="1"/>`}, // diagonal lines the other way
	{"#ffffff", `<path d="M0,1.5 L6,1.5 M0,4.5 L6,4.5" stroke="#595959" stroke-width="0.8"/>`},                   // white with grey lines
	{"#0072b2", `<path d="M3,0 L3,6" stroke="#ffffff" stroke-width="1.2"/>`},                                     // vertical lines
}

// barLayout is where the parts of a bar chart go.
type barLayout struct {
	left, top     float64 // plot area's top left
	max           int     // the axis's end
	ticks         []int
	legendY       float64
	legendRows    [][]int // category indexes on each legend line
	width, height float64
	totals        []int
}

// SVG draws the chart; without any count it draws a frame with the Empty
// message.
func (b Bars) SVG() template.HTML {
	d := newDoc("bars", b.key())
	l, ok := b.layout()
	if !ok {
		d.open("bars", emptyW, emptyH, b.Title, emptyDesc(b.Desc, b.Empty))
		emptyMessage(d, b.Empty)
		return d.html()
	}
	d.open("bars", l.width, l.height, b.Title, b.Desc)
	d.printf(`<defs>`)
	for i := range b.Categories {
		f := barFills[i%len(barFills)]
		if f.pattern == "" {
			continue
		}
		d.printf(`<pattern id="%s-p%d" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="%s"/>%s</pattern>`,
			d.id, i, f.color, f.pattern)
	}
	d.printf(`</defs>`)
	b.drawLegend(d, l)
	b.drawAxis(d, l)
	d.printf(`<g class="rows">`)
	for i, r := range b.Rows {
		b.drawRow(d, l, i, r)
	}
	d.printf(`</g>`)
	return d.html()
}

func (b Bars) key() string {
	k := newContentKey().str(b.Title).str(b.Desc).str(b.Empty)
	for _, c := range b.Categories {
		k.str(c)
	}
	for _, r := range b.Rows {
		k.str(r.Label).str(r.Link).num(float64(len(r.Counts)))
		for _, n := range r.Counts {
			k.num(float64(n))
		}
	}
	return k.String()
}

// fill is the paint of category i's segments and swatch.
func (b Bars) fill(d *doc, i int) string {
	f := barFills[i%len(barFills)]
	if f.pattern == "" {
		return f.color
	}
	return "url(#" + d.id + "-p" + strconv.Itoa(i) + ")"
}

// count is row r's count in category i; a negative count is none.
func (r BarRow) count(i int) int {
	if i < len(r.Counts) && r.Counts[i] > 0 {
		return r.Counts[i]
	}
	return 0
}

func (b Bars) layout() (barLayout, bool) {
	var l barLayout
	most := 0
	labels := make([]string, len(b.Rows))
	for i, r := range b.Rows {
		t := 0
		for c := range b.Categories {
			t += r.count(c)
		}
		l.totals = append(l.totals, t)
		most = max(most, t)
		labels[i] = r.Label
	}
	if most == 0 || len(b.Categories) == 0 {
		return l, false
	}
	step := max(1, int(niceStep(float64(most)/5)))
	l.max = (most + step - 1) / step * step
	for t := 0; t <= l.max; t += step {
		l.ticks = append(l.ticks, t)
	}
	l.left = brPad + widest(labels, brLabelUnit, fontSize) + 10
	totalW := textWidth(strconv.Itoa(most), fontSize) + 8
	l.width = l.left + brPlotW + totalW + brPad
	// The legend: entries left to right, a new line when one would pass
	// the right edge.
	x, line := brPad, 0
	l.legendRows = [][]int{nil}
	for i, c := range b.Categories {
		w := brSwatch + 6 + textWidth(c, fontSize) + brLegendGap
		if x+w > l.width-brPad && len(l.legendRows[line]) > 0 {
			l.legendRows = append(l.legendRows, nil)
			line++
			x = brPad
		}
		l.legendRows[line] = append(l.legendRows[line], i)
		x += w
	}
	l.legendY = brPad
	l.top = l.legendY + float64(len(l.legendRows))*(brSwatch+6) + 8
	l.height = l.top + float64(len(b.Rows))*brRowH + fontSize + 14 + brPad
	return l, true
}

// at is the pixel position of count n.
func (l barLayout) at(n int) float64 { return l.left + float64(n)/float64(l.max)*brPlotW }

func (b Bars) drawLegend(d *doc, l barLayout) {
	d.printf(`<g class="legend">`)
	for line, idx := range l.legendRows {
		x := brPad
		y := l.legendY + float64(line)*(brSwatch+6)
		for _, i := range idx {
			c := b.Categories[i]
			d.printf(`<g class="legend-entry"><rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"/>`,
				num(x), num(y), num(brSwatch), num(brSwatch), b.fill(d, i), inkColor)
			d.printf(`<text x="%s" y="%s" fill="%s">%s</text></g>`, num(x+brSwatch+6), num(y+brSwatch-3), inkColor, esc(c))
			x += brSwatch + 6 + textWidth(c, fontSize) + brLegendGap
		}
	}
	d.printf(`</g>`)
}

func (b Bars) drawAxis(d *doc, l barLayout) {
	bottom := l.top + float64(len(b.Rows))*brRowH
	d.printf(`<g class="axes" fill="%s">`, mutedColor)
	for _, t := range l.ticks {
		x := l.at(t)
		d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x), num(l.top), num(x), num(bottom), gridColor)
		d.printf(`<text x="%s" y="%s" text-anchor="middle">%d</text>`, num(x), num(bottom+fontSize+6), t)
	}
	d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(l.left), num(bottom), num(l.left+brPlotW), num(bottom), mutedColor)
	d.printf(`</g>`)
}

func (b Bars) drawRow(d *doc, l barLayout, i int, r BarRow) {
	y := l.top + float64(i)*brRowH
	mid := y + brRowH/2
	base := mid + fontSize*0.35
	d.printf(`<g class="row">`)
	d.link(r.Link, func() {
		d.label(r.Label, brLabelUnit, l.left-10, base, ` class="row-label" text-anchor="end"`+linkAttrs(r.Link))
	})
	sum := 0
	for c, name := range b.Categories {
		n := r.count(c)
		if n == 0 {
			continue
		}
		x0, x1 := l.at(sum), l.at(sum+n)
		sum += n
		d.printf(`<g class="segment" data-category="%d"><title>%s</title>`, c, esc(r.Label+" — "+name+": "+strconv.Itoa(n)))
		d.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="0.75"/>`,
			num(x0), num(mid-brBarH/2), num(math.Max(x1-x0, 0.5)), num(brBarH), b.fill(d, c), inkColor)
		t := strconv.Itoa(n)
		if w := textWidth(t, fontSize) + 2*brChipPad; w+2 <= x1-x0 {
			cx := (x0 + x1) / 2
			d.printf(`<rect class="chip" x="%s" y="%s" width="%s" height="%s" rx="2" fill="%s"/>`,
				num(cx-w/2), num(mid-fontSize/2-1), num(w), num(fontSize+2), background)
			d.printf(`<text class="count" x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(cx), num(base), inkColor, t)
		}
		d.printf(`</g>`)
	}
	d.printf(`<text class="total" x="%s" y="%s" fill="%s" font-weight="bold">%d</text>`, num(l.at(sum)+6), num(base), inkColor, l.totals[i])
	d.printf(`</g>`)
}
