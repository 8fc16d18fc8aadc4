package chart

import (
	"html/template"
	"strconv"
	"strings"
)

// Slope compares two years: each area is a line from its value in the first
// year (left) to its value in the second (right), named with its value at
// both ends. Highlighted areas are drawn thick with bold labels and diamonds,
// so they stand out without colour. Areas without a value in either year
// are not drawn; the description and a note under the chart name them with
// the year they lack.
type Slope struct {
	Title, Desc string // accessible name and description (already translated)
	Unit        string // the values' unit, written over the chart
	From, To    int    // the two years
	Rows        []SlopeRow
	NoDataIn    string // translated phrase for a missing year with "{year}" in it; "" = "no data in {year}"
	Numbers            // how values are printed
	Empty       string // shown when no area has both values (e.g. "No data for Bolivia", translated)
}

// SlopeRow is one area's values in the two years (NaN: no data that year).
type SlopeRow struct {
	Label     string // already translated
	From, To  float64
	Highlight bool
}

// Slope layout in pixels (the SVG scales as a whole).
const (
	slPad       = 8.0
	slSpan      = 280.0 // between the two years' axes
	slPlotH     = 320.0
	slLabelUnit = 22.0 // names are cut beyond this many units
	slLabelH    = 15.0
	slGap       = 10.0 // between an axis and its labels
	slMarkerR   = 4.0
)

// slopeLayout is where the parts of a slope chart go.
type slopeLayout struct {
	ys               axis
	xFrom, xTo       float64
	top, bottom      float64
	yearY, unitY     float64
	width, height    float64
	rows             []SlopeRow // with both values, in the caller's order
	fromText, toText []string   // label texts at each end
	fromY, toY       []float64  // label centres after stacking
	missing          []string   // "Haiti (no data in 2000)"
	noteY            float64
	noteLines        []string
	noteUnits        float64
}

// SVG draws the slope chart; without any area that has both values it draws
// a frame with the Empty message.
func (s Slope) SVG() template.HTML {
	d := newDoc("slope", s.key())
	l := s.layout()
	desc := s.Desc
	if len(l.missing) > 0 {
		desc = strings.TrimSpace(desc + " " + strings.Join(l.missing, "; ") + ".")
	}
	if len(l.rows) == 0 {
		d.open("slope", emptyW, emptyH, s.Title, emptyDesc(desc, s.Empty))
		emptyMessage(d, s.Empty)
		return d.html()
	}
	d.open("slope", l.width, l.height, s.Title, desc)
	s.drawAxes(d, l)
	d.printf(`<g class="slopes">`)
	for _, highlighted := range []bool{false, true} { // highlighted areas on top
		for i, r := range l.rows {
			if r.Highlight == highlighted {
				s.drawRow(d, l, i, r)
			}
		}
	}
	d.printf(`</g>`)
	s.drawLabels(d, l)
	if len(l.noteLines) > 0 {
		d.printf(`<g class="missing" fill="%s">`, mutedColor)
		for i, line := range l.noteLines {
			d.label(line, l.noteUnits, slPad, l.noteY+float64(i)*(fontSize+4), "")
		}
		d.printf(`</g>`)
	}
	return d.html()
}

func (s Slope) key() string {
	k := newContentKey().str(s.Title).str(s.Desc).str(s.Unit).str(s.Empty).str(s.NoDataIn).
		num(float64(s.From)).num(float64(s.To)).num(float64(s.Decimals))
	for _, r := range s.Rows {
		k.str(r.Label).num(r.From).num(r.To).str(strconv.FormatBool(r.Highlight))
	}
	return k.String()
}

// lacks is the phrase for a missing year.
func (s Slope) lacks(year int) string {
	p := s.NoDataIn
	if p == "" {
		p = "no data in {year}"
	}
	return strings.ReplaceAll(p, "{year}", strconv.Itoa(year))
}

func (s Slope) layout() slopeLayout {
	var l slopeLayout
	var values []float64
	for _, r := range s.Rows {
		var lacks []string
		if !finite(r.From) {
			lacks = append(lacks, s.lacks(s.From))
		}
		if !finite(r.To) {
			lacks = append(lacks, s.lacks(s.To))
		}
		if len(lacks) > 0 {
			l.missing = append(l.missing, r.Label+" ("+strings.Join(lacks, ", ")+")")
			continue
		}
		l.rows = append(l.rows, r)
		values = append(values, r.From, r.To)
	}
	if len(l.rows) == 0 {
		return l
	}
	l.ys = newAxis(values, slPlotH, true)
	y := slPad
	if s.Unit != "" {
		l.unitY = y + fontSize
		y += fontSize + 8
	}
	l.yearY = y + fontSize
	l.top = y + fontSize + 12
	l.bottom = l.top + slPlotH
	l.ys.origin = l.top
	wantFrom, wantTo := make([]float64, len(l.rows)), make([]float64, len(l.rows))
	fromW, toW := 0.0, 0.0
	for i, r := range l.rows {
		name, _ := truncate(r.Label, slLabelUnit)
		l.fromText = append(l.fromText, name+" "+s.text(r.From))
		l.toText = append(l.toText, s.text(r.To)+" "+name)
		fromW, toW = max(fromW, textWidth(l.fromText[i], fontSize)), max(toW, textWidth(l.toText[i], fontSize))
		wantFrom[i], wantTo[i] = l.ys.at(r.From), l.ys.at(r.To)
	}
	l.xFrom = slPad + fromW + slGap
	l.xTo = l.xFrom + slSpan
	l.width = l.xTo + slGap + toW + slPad
	l.fromY = stackLabels(wantFrom, slLabelH, l.top-slLabelH/2, l.bottom+slLabelH/2)
	l.toY = stackLabels(wantTo, slLabelH, l.top-slLabelH/2, l.bottom+slLabelH/2)
	l.height = l.bottom + slLabelH/2
	for i := range l.rows {
		l.height = max(l.height, l.fromY[i]+slLabelH/2, l.toY[i]+slLabelH/2)
	}
	if len(l.missing) > 0 {
		l.noteUnits = (l.width - 2*slPad) / (unitEm * fontSize)
		l.noteLines = wrapUnits(strings.Join(l.missing, "; "), l.noteUnits)
		l.noteY = l.height + 8 + fontSize
		l.height = l.noteY + float64(len(l.noteLines)-1)*(fontSize+4)
	}
	l.height += slPad
	return l
}

func (s Slope) drawAxes(d *doc, l slopeLayout) {
	d.printf(`<g class="axes" fill="%s">`, inkColor)
	for _, a := range []struct {
		x    float64
		year int
	}{{l.xFrom, s.From}, {l.xTo, s.To}} {
		d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(a.x), num(l.top-4), num(a.x), num(l.bottom+4), gridColor)
		d.printf(`<text class="year" x="%s" y="%s" text-anchor="middle" font-weight="bold">%d</text>`, num(a.x), num(l.yearY), a.year)
	}
	if s.Unit != "" {
		d.label(s.Unit, (l.width-2*slPad)/(unitEm*fontSize), slPad, l.unitY, ` class="unit"`)
	}
	d.printf(`</g>`)
}

// drawRow draws an area's line and its two end markers.
func (s Slope) drawRow(d *doc, l slopeLayout, i int, r SlopeRow) {
	class, color, width, style := "slope", "#0072b2", 1.5, markerStyle{shape: "circle", color: "#0072b2"}
	if r.Highlight {
		class, color, width, style = "slope highlight", "#d55e00", 3.5, markerStyle{shape: "diamond", color: "#d55e00"}
	}
	y0, y1 := l.ys.at(r.From), l.ys.at(r.To)
	hover := r.Label + ": " + s.text(r.From) + " (" + strconv.Itoa(s.From) + ") → " + s.text(r.To) + " (" + strconv.Itoa(s.To) + ")"
	d.printf(`<g class="%s"><title>%s</title>`, class, esc(hover))
	d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`, num(l.xFrom), num(y0), num(l.xTo), num(y1), color, num(width))
	d.marker(style, l.xFrom, y0, slMarkerR)
	d.marker(style, l.xTo, y1, slMarkerR)
	d.printf(`</g>`)
}

// drawLabels names each line at both ends, stacked apart, with a leader to
// its marker when stacking moved the label.
func (s Slope) drawLabels(d *doc, l slopeLayout) {
	d.printf(`<g class="slope-labels" fill="%s">`, inkColor)
	for i, r := range l.rows {
		attrs := ""
		if r.Highlight {
			attrs = ` font-weight="bold"`
		}
		for _, end := range []struct {
			class  string
			text   string
			x, dir float64 // marker's x; -1 labels to the left
			y, at  float64 // label centre, marker's y
		}{
			{"from", l.fromText[i], l.xFrom, -1, l.fromY[i], l.ys.at(r.From)},
			{"to", l.toText[i], l.xTo, 1, l.toY[i], l.ys.at(r.To)},
		} {
			anchor := "start"
			if end.dir < 0 {
				anchor = "end"
			}
			d.printf(`<g class="slope-label %s">`, end.class)
			if end.y-end.at > 1 || end.at-end.y > 1 {
				d.printf(`<polyline class="leader" points="%s,%s %s,%s" fill="none" stroke="%s" stroke-width="0.75"/>`,
					num(end.x+end.dir*(slMarkerR+1)), num(end.at), num(end.x+end.dir*(slGap-2)), num(end.y), mutedColor)
			}
			d.printf(`<text x="%s" y="%s" text-anchor="%s"%s>`, num(end.x+end.dir*slGap), num(end.y+fontSize*0.35), anchor, attrs)
			if _, cut := truncate(r.Label, slLabelUnit); cut {
				d.printf(`<title>%s</title>`, esc(r.Label))
			}
			d.printf(`%s</text></g>`, esc(end.text))
		}
	}
	d.printf(`</g>`)
}
