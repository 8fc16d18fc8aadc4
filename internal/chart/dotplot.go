package chart

import (
	"html/template"
	"slices"
	"strconv"
)

// DotPlot ranks areas by their latest value: one row per area, best first,
// a dot on a shared scale and the value printed beside it, with the year
// when it is not the year most rows have ("72.1 (2019)"). Highlighted rows
// (the participants, the country in focus) are bold with a larger diamond,
// so they stand out without colour. Reference lines mark group figures
// ("CELAC 72.1").
type DotPlot struct {
	Title, Desc   string // accessible name and description (already translated)
	Unit          string // the values' unit, written over the rows
	Rows          []DotRow
	LowerIsBetter bool        // rank the lowest value first (e.g. mortality); otherwise the highest
	References    []Reference // optional vertical lines, labelled with their name and value
	Numbers                   // how values are printed
	Empty         string      // shown when no row has a value (e.g. "No data for Bolivia", translated)
}

// DotRow is one area's latest value. Rows without a finite value are listed
// last with a dash.
type DotRow struct {
	Label     string // already translated
	Value     float64
	Year      int    // the value's year; 0 unknown
	Highlight bool   // drawn bold with a larger diamond
	Link      string // optional href for the label (e.g. the area's profile)
}

// Dot plot layout in pixels (the SVG scales as a whole).
const (
	dpPad       = 8.0
	dpPlotW     = 360.0
	dpRowH      = 20.0
	dpLabelUnit = 28.0 // row labels are cut beyond this many units
	dpRefH      = 16.0 // one line of reference labels
	dpDotR      = 4.5
	dpSampleW   = 10.0 // a reference label starts with a sample of its line's dashes
)

// dotLayout is where the parts of a dot plot go.
type dotLayout struct {
	xs                 axis
	left, right        float64 // plot area
	top, bottom        float64 // first row's top, last row's bottom
	valueX             float64
	width, height      float64
	refRow             []int // header line of each reference label; -1 not drawn
	refTop             float64
	commonYear         int
	rows               []DotRow // sorted
	valueTexts, hovers []string
	unitY              float64
}

// SVG draws the dot plot; without any value it draws a frame with the Empty
// message.
func (p DotPlot) SVG() template.HTML {
	d := newDoc("dotplot", p.key())
	l, ok := p.layout()
	if !ok {
		d.open("dotplot", emptyW, emptyH, p.Title, emptyDesc(p.Desc, p.Empty))
		emptyMessage(d, p.Empty)
		return d.html()
	}
	d.open("dotplot", l.width, l.height, p.Title, p.Desc)
	p.drawAxis(d, l)
	d.printf(`<g class="rows">`)
	for i, r := range l.rows {
		p.drawRow(d, l, i, r)
	}
	d.printf(`</g>`)
	p.drawReferences(d, l)
	return d.html()
}

func (p DotPlot) key() string {
	k := newContentKey().str(p.Title).str(p.Desc).str(p.Unit).str(p.Empty).num(float64(p.Decimals)).str(strconv.FormatBool(p.LowerIsBetter))
	for _, r := range p.References {
		k.str(r.Label).num(r.Value)
	}
	for _, r := range p.Rows {
		k.str(r.Label).num(r.Value).num(float64(r.Year)).str(r.Link).str(strconv.FormatBool(r.Highlight))
	}
	return k.String()
}

// ranked is the rows best first (ties keep the caller's order), those
// without a value last.
func (p DotPlot) ranked() (rows []DotRow, drawable int) {
	var none []DotRow
	for _, r := range p.Rows {
		if finite(r.Value) {
			rows = append(rows, r)
		} else {
			none = append(none, r)
		}
	}
	slices.SortStableFunc(rows, func(a, b DotRow) int {
		switch {
		case a.Value == b.Value:
			return 0
		case (a.Value > b.Value) != p.LowerIsBetter:
			return -1
		}
		return 1
	})
	return append(rows, none...), len(rows)
}

// mostCommonYear is the year most valued rows have; a tie goes to the
// latest of the tied years.
func mostCommonYear(rows []DotRow) int {
	count := map[int]int{}
	best, n := 0, 0
	for _, r := range rows {
		if !finite(r.Value) || r.Year == 0 {
			continue
		}
		count[r.Year]++
		if c := count[r.Year]; c > n || (c == n && r.Year > best) {
			best, n = r.Year, c
		}
	}
	return best
}

func (p DotPlot) layout() (dotLayout, bool) {
	var l dotLayout
	rows, drawable := p.ranked()
	if drawable == 0 {
		return l, false
	}
	l.rows, l.commonYear = rows, mostCommonYear(rows)
	var values []float64
	for _, r := range rows[:drawable] {
		values = append(values, r.Value)
	}
	for _, ref := range p.References {
		if finite(ref.Value) {
			values = append(values, ref.Value)
		}
	}
	l.xs = newAxis(values, dpPlotW, false)
	labels := make([]string, len(rows))
	valueW := 0.0
	for i, r := range rows {
		labels[i] = r.Label
		t := p.text(r.Value)
		hover := r.Label + ": " + t
		if r.Year != 0 && finite(r.Value) {
			hover = r.Label + ", " + strconv.Itoa(r.Year) + ": " + t
			if r.Year != l.commonYear {
				t += " (" + strconv.Itoa(r.Year) + ")"
			}
		}
		l.valueTexts, l.hovers = append(l.valueTexts, t), append(l.hovers, hover)
		valueW = max(valueW, textWidth(t, fontSize))
	}
	l.left = dpPad + widest(labels, dpLabelUnit, fontSize) + 10
	l.right = l.left + dpPlotW
	l.xs.origin = l.left
	l.valueX = l.right + 10
	l.width = l.valueX + valueW + dpPad
	y := dpPad
	if p.Unit != "" {
		l.unitY = y + fontSize
		y += fontSize + 8
	}
	// Reference labels take header lines: each goes on the first line where
	// it overlaps no label already there.
	l.refTop = y
	var lines [][]box
	for _, ref := range p.References {
		if !finite(ref.Value) {
			l.refRow = append(l.refRow, -1)
			continue
		}
		b := p.refBox(l, ref)
		line := 0
		for ; line < len(lines); line++ {
			if !overlapsAny(b, lines[line]) {
				break
			}
		}
		if line == len(lines) {
			lines = append(lines, nil)
		}
		lines[line] = append(lines[line], b)
		l.refRow = append(l.refRow, line)
	}
	l.top = y + float64(len(lines))*dpRefH + 4
	l.bottom = l.top + float64(len(rows))*dpRowH
	l.height = l.bottom + fontSize + 12 + dpPad
	// A reference label near an edge may reach past the values column.
	for _, ref := range p.References {
		if finite(ref.Value) {
			l.width = max(l.width, p.refBox(l, ref).x1+dpPad)
		}
	}
	return l, true
}

// refLabel is what a reference line is labelled with: its name and value.
func (p DotPlot) refLabel(ref Reference) string {
	if ref.Label == "" {
		return p.text(ref.Value)
	}
	return ref.Label + " " + p.text(ref.Value)
}

// refBox is the horizontal extent of a reference label, centred on its line
// but kept right of the row labels' column edge.
func (p DotPlot) refBox(l dotLayout, ref Reference) box {
	w := dpSampleW + textWidth(p.refLabel(ref), fontSize)
	x0 := max(l.xs.at(ref.Value)-w/2, dpPad)
	return box{x0 - 3, 0, x0 + w + 3, 1}
}

func overlapsAny(b box, others []box) bool {
	for _, o := range others {
		if b.overlaps(o) {
			return true
		}
	}
	return false
}

func (p DotPlot) drawAxis(d *doc, l dotLayout) {
	d.printf(`<g class="axes" fill="%s">`, mutedColor)
	for _, t := range l.xs.ticks {
		x := l.xs.at(t)
		d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x), num(l.top), num(x), num(l.bottom), gridColor)
		d.printf(`<text x="%s" y="%s" text-anchor="middle">%s</text>`, num(x), num(l.bottom+fontSize+6), esc(l.xs.format(t)))
	}
	d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(l.left), num(l.bottom), num(l.right), num(l.bottom), mutedColor)
	if p.Unit != "" {
		d.label(p.Unit, (l.width-2*dpPad)/(unitEm*fontSize), dpPad, l.unitY, ` class="unit" fill="`+inkColor+`"`)
	}
	d.printf(`</g>`)
}

func (p DotPlot) drawRow(d *doc, l dotLayout, i int, r DotRow) {
	y := l.top + (float64(i)+0.5)*dpRowH
	base := y + fontSize*0.35
	class, weight := "row", ""
	if r.Highlight {
		class, weight = "row highlight", ` font-weight="bold"`
	}
	d.printf(`<g class="%s"><title>%s</title>`, class, esc(l.hovers[i]))
	if r.Highlight {
		d.printf(`<rect class="band" x="%s" y="%s" width="%s" height="%s" fill="#eef2f7"/>`,
			num(dpPad), num(y-dpRowH/2), num(l.width-2*dpPad), num(dpRowH))
	}
	d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-dasharray="1 3"/>`, num(l.left), num(y), num(l.right), num(y), gridColor)
	d.link(r.Link, func() {
		d.label(r.Label, dpLabelUnit, l.left-10, base, ` class="row-label" text-anchor="end"`+linkAttrs(r.Link)+weight)
	})
	if finite(r.Value) {
		x := l.xs.at(r.Value)
		if r.Highlight {
			d.marker(markerStyle{shape: "diamond", color: "#d55e00"}, x, y, dpDotR+1)
		} else {
			d.marker(markerStyle{shape: "circle", color: "#0072b2"}, x, y, dpDotR)
		}
	}
	d.printf(`<text class="value" x="%s" y="%s" fill="%s"%s>%s</text>`, num(l.valueX), num(base), inkColor, weight, esc(l.valueTexts[i]))
	d.printf(`</g>`)
}

// drawReferences draws each group figure as a line across the rows with its
// name and value above; successive references differ by dash pattern, and
// each label starts with a sample of its line, so two labels stacked above
// close lines still say which line is whose.
func (p DotPlot) drawReferences(d *doc, l dotLayout) {
	if len(p.References) == 0 {
		return
	}
	d.printf(`<g class="references">`)
	for i, ref := range p.References {
		if l.refRow[i] < 0 {
			continue
		}
		x := l.xs.at(ref.Value)
		b := p.refBox(l, ref)
		y := l.refTop + float64(l.refRow[i]+1)*dpRefH - 4
		dash := lineDashes[i%len(lineDashes)]
		d.printf(`<g class="reference"><line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.25" stroke-dasharray="%s"/>`,
			num(x), num(l.top-2), num(x), num(l.bottom), inkColor, dash)
		sx := b.x0 + 3 + dpSampleW/2 - 2
		d.printf(`<line class="sample" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.25" stroke-dasharray="%s"/>`,
			num(sx), num(y-fontSize+1), num(sx), num(y+3), inkColor, dash)
		d.printf(`<text x="%s" y="%s" fill="%s">%s</text></g>`, num(b.x0+3+dpSampleW), num(y), inkColor, esc(p.refLabel(ref)))
	}
	d.printf(`</g>`)
}
