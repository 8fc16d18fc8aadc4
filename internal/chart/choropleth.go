package chart

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Choropleth is a map of the forum's participants: Latin America and the
// Caribbean in one panel, China in the other (drawn following UN practice,
// with Taiwan, Hong Kong and Macao as part of it), neighbours in grey. Values
// fall into up to five classes by quantiles, shared by both panels; darker is
// better (or higher, for an indicator without a direction), so the map reads
// in grayscale, and every area's hover text gives its value and year. The
// smallest island states get a marker beside them, with their ISO code, so
// that each can be seen and clicked. Areas without a value are hatched.
//
// Boundaries: Natural Earth via npm world-atlas (public domain; see
// data/maps/SOURCES.md). Projection: Albers equal-area conic in each panel.
type Choropleth struct {
	Title, Desc   string                 // accessible name and description (already translated)
	Values        map[string]MapValue    // by ISO3 ("BOL"); an area missing or NaN has no data
	Names         map[string]string      // ISO3 → name in the reader's language; missing: the English short name
	Links         map[string]string      // ISO3 → href for the area (optional)
	LowerIsBetter bool                   // darker is better: set for e.g. mortality, so low values are dark
	Format        func(v float64) string // how values read (decimal comma...); nil: three significant digits
	Panels        [2]string              // names over the panels: Latin America and the Caribbean, China
	Caption       string                 // printed under the map: source, licence, vintage (already translated)
	NoData        string                 // legend word for areas without a value ("no data")
	Empty         string                 // message shown when no participant has a value
	Other         string                 // optional legend word for the grey neighbours ("not a participant")
	Stacked       bool                   // China under Latin America, for narrow screens (536 px wide instead of 900)
}

// MapValue is one area's value and the year it is for (0: not shown).
type MapValue struct {
	Value float64
	Year  int
}

// Five classes of a sequential ColorBrewer palette (YlGnBu), light to dark,
// which colour-blind readers can tell apart and which grows darker in
// grayscale too.
var mapPalette = [5]string{"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"}

const (
	contextFill   = "#e4e4e4"
	areaStroke    = "#5f5f5f"
	legendSwatchW = 28.0
	legendSwatchH = 16.0
	legendRowH    = 22.0
	mapPad        = 8.0
	mapHeadH      = 22.0 // a panel's name above it
	mapGap        = 20.0 // between the panels
	captionLineH  = fontSize + 4
)

// mapLayout places the panels, the legend and the caption.
type mapLayout struct {
	w, h             float64
	panelX, panelY   [2]float64
	legendX, legendY float64
	legendW          float64
	captionY         float64
	caption          []string
}

// layout puts China beside Latin America and the Caribbean with the legend
// under it, or, stacked, China and then the legend under Latin America.
func (c Choropleth) layout(m *geoMap, legendRows int) mapLayout {
	var l mapLayout
	lac, china := m.panels[0], m.panels[1]
	l.panelX[0], l.panelY[0] = mapPad, mapPad+mapHeadH
	if c.Stacked {
		l.w = mapPad + lac.w + mapPad
		l.panelX[1], l.panelY[1] = mapPad, l.panelY[0]+lac.h+mapGap+mapHeadH
	} else {
		l.w = mapPad + lac.w + mapGap + china.w + mapPad
		l.panelX[1], l.panelY[1] = mapPad+lac.w+mapGap, l.panelY[0]
	}
	l.legendX, l.legendY = l.panelX[1], l.panelY[1]+china.h+24
	l.legendW = l.w - mapPad - l.legendX
	l.captionY = max(l.panelY[0]+lac.h, l.legendY+float64(legendRows)*legendRowH) + 8
	l.caption = wrapLines(c.Caption, (l.w-2*mapPad)/(unitEm*fontSize), 3)
	l.h = l.captionY + float64(len(l.caption))*captionLineH + mapPad
	return l
}

// mapClass is one class of values: its range, how many areas it holds and
// its fill.
type mapClass struct {
	lo, hi float64
	n      int
	fill   string
}

// SVG draws the map. Without any value it still draws both panels, every
// area hatched, and says there is no data.
func (c Choropleth) SVG() template.HTML {
	m, err := loadMap()
	if err != nil {
		d := newDoc("map", c.Title)
		d.open("map", emptyW, emptyH, c.Title, c.Desc)
		emptyFrame(d, emptyW, emptyH)
		return d.html()
	}
	values := c.participantValues(m)
	classes, classOf := mapClasses(values, c.LowerIsBetter)
	d := newDoc("map", c.key(m, values))
	d.b.Grow(m.pathBytes + 16_000)
	legendRows := max(len(classes), 1) + 1
	if c.Other != "" {
		legendRows++
	}
	l := c.layout(m, legendRows)
	d.open("map", l.w, l.h, c.Title, c.Desc)
	d.printf(`<defs><pattern id="%s-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="%s"/><line x1="0" y1="0" x2="0" y2="5" stroke="#8c8c8c" stroke-width="1.5"/></pattern></defs>`,
		d.id, background)
	hatch := "url(#" + d.id + "-hatch)"
	for pi, p := range m.panels {
		d.printf(`<g class="panel panel-%s" transform="translate(%s %s)">`, p.key, num(l.panelX[pi]), num(l.panelY[pi]))
		d.label(c.Panels[pi], p.w/(unitEm*fontSize), 0, -8, ` class="panel-name" font-weight="bold" fill="`+inkColor+`"`)
		d.printf(`<rect x="0" y="0" width="%s" height="%s" fill="none" stroke="%s"/>`, num(p.w), num(p.h), gridColor)
		d.printf(`<g class="context" fill="%s" stroke="%s" stroke-width="0.5">`, contextFill, background)
		for _, a := range m.context {
			if a.panel == pi {
				d.printf(`<path d="%s"><title>%s</title></path>`, a.path, esc(a.name))
			}
		}
		d.printf(`</g>`)
		for i, a := range m.participants {
			if a.panel == pi {
				fill := hatch
				if k := classOf(values[i]); k >= 0 {
					fill = classes[k].fill
				}
				c.drawArea(d, a, values[i], fill, fill == hatch)
			}
		}
		d.printf(`</g>`)
	}
	c.drawLegend(d, classes, l, hatch)
	for i, line := range l.caption {
		d.printf(`<text class="caption" x="%s" y="%s" fill="%s">%s</text>`, num(mapPad), num(l.captionY+float64(i)*captionLineH+fontSize), mutedColor, esc(line))
	}
	return d.html()
}

// participantValues is each participant's value in the map's order; NaN
// where it has none.
func (c Choropleth) participantValues(m *geoMap) []MapValue {
	out := make([]MapValue, len(m.participants))
	for i, a := range m.participants {
		v, ok := c.Values[a.iso3]
		if !ok || !finite(v.Value) {
			v = MapValue{Value: math.NaN()}
		}
		out[i] = v
	}
	return out
}

// key identifies the map's content for element ids.
func (c Choropleth) key(m *geoMap, values []MapValue) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q %q %v %v %q %q %q %q %q\n", c.Title, c.Desc, c.LowerIsBetter, c.Stacked, c.Panels, c.Caption, c.NoData, c.Empty, c.Other)
	for i, a := range m.participants {
		fmt.Fprintf(&b, "%s %v %d %q %q %q\n", a.iso3, values[i].Value, values[i].Year, c.Names[a.iso3], c.Links[a.iso3], c.format(values[i].Value))
	}
	return b.String()
}

func (c Choropleth) format(v float64) string {
	if !finite(v) {
		return noData
	}
	if c.Format != nil {
		return c.Format(v)
	}
	return threeDigits(v)
}

// threeDigits writes v with three significant digits (at least none after
// the point) and a true minus sign: 68.6, 1234, 0.452.
func threeDigits(v float64) string {
	decimals := 0
	if a := math.Abs(v); a > 0 {
		decimals = max(0, 2-int(math.Floor(math.Log10(a))))
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-") // not "-0.00"
	}
	if v < 0 {
		s = "−" + s[1:]
	}
	return s
}

// mapClasses splits the values into up to five classes of about equal size
// (quantiles); equal values always share a class. classOf gives a value's
// class index, −1 without a value.
func mapClasses(values []MapValue, lowerIsBetter bool) ([]mapClass, func(MapValue) int) {
	var sorted []float64
	for _, v := range values {
		if finite(v.Value) {
			sorted = append(sorted, v.Value)
		}
	}
	slices.Sort(sorted)
	n := len(sorted)
	var breaks []float64 // lower bound of classes 1..k−1
	k := min(5, len(slices.Compact(slices.Clone(sorted))))
	if n == 0 {
		return nil, func(MapValue) int { return -1 }
	}
	last := sorted[0] // classes start above the previous class's bound
	for i := 1; i < k; i++ {
		// The quantile, or past a run of equal values the next larger value.
		for j := int(math.Round(float64(i*n) / float64(k))); j < n; j++ {
			if sorted[j] > last {
				last = sorted[j]
				breaks = append(breaks, last)
				break
			}
		}
	}
	classOf := func(v MapValue) int {
		if !finite(v.Value) {
			return -1
		}
		i := 0
		for i < len(breaks) && v.Value >= breaks[i] {
			i++
		}
		return i
	}
	classes := make([]mapClass, len(breaks)+1)
	for i := range classes {
		classes[i].lo, classes[i].hi = math.Inf(1), math.Inf(-1)
	}
	for _, v := range values {
		if i := classOf(v); i >= 0 {
			cl := &classes[i]
			cl.lo, cl.hi, cl.n = math.Min(cl.lo, v.Value), math.Max(cl.hi, v.Value), cl.n+1
		}
	}
	// Spread fewer classes over the whole palette: light to dark upwards, or
	// downwards when lower is better.
	for i := range classes {
		j := 4
		if len(classes) > 1 {
			j = int(math.Round(float64(i) * 4 / float64(len(classes)-1)))
		}
		if lowerIsBetter {
			j = 4 - j
		}
		classes[i].fill = mapPalette[j]
	}
	return classes, classOf
}

// drawArea writes one participant: its shape, its marker when it is too
// small to see, and its hover text, inside its link when it has one.
func (c Choropleth) drawArea(d *doc, a geoArea, v MapValue, fill string, missing bool) {
	name := c.Names[a.iso3]
	if name == "" {
		name = a.name
	}
	hover, cls := name+": "+c.format(v.Value), "area"
	switch {
	case missing:
		cls = "area no-data"
		if c.NoData != "" {
			hover = name + ": " + c.NoData
		}
	case v.Year != 0:
		hover += " (" + strconv.Itoa(v.Year) + ")"
	}
	href := safeHref(c.Links[a.iso3])
	if href != "" {
		// The link is named by the area's text, for screen readers that
		// do not name a link from a <title> inside it. A small state's
		// link shows its ISO code beside the marker, so its name starts
		// with that code: a link's name holds the text it shows, for
		// those who speak or read the visible label (axe:
		// label-content-name-mismatch).
		label := hover
		if a.small {
			label = a.iso3 + " — " + hover
		}
		d.linked = true
		d.printf(`<a href="%s" aria-label="%s">`, esc(href), esc(label))
	}
	d.printf(`<g class="%s area-%s" data-iso3="%s" fill="%s"><title>%s</title>`, cls, esc(a.iso3), esc(a.iso3), esc(fill), esc(hover))
	d.printf(`<path d="%s" stroke="%s" stroke-width="0.5"/>`, a.path, areaStroke)
	if a.small {
		d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="0.75"/>`, num(a.cx), num(a.cy), num(a.mx-calloutR), num(a.my), mutedColor)
		d.printf(`<circle class="marker" cx="%s" cy="%s" r="%s" stroke="%s" stroke-width="1"/>`, num(a.mx), num(a.my), num(calloutR), areaStroke)
		d.printf(`<text x="%s" y="%s" font-size="10" fill="%s">%s</text>`, num(a.mx+calloutR+3), num(a.my+3.5), inkColor, esc(a.iso3))
	}
	d.printf(`</g>`)
	if href != "" {
		d.printf(`</a>`)
	}
}

// drawLegend lists the classes with their ranges and how many areas each
// holds, then what no data and (optionally) the grey neighbours look like.
// Without any value it says so where the classes would be.
func (c Choropleth) drawLegend(d *doc, classes []mapClass, l mapLayout, hatch string) {
	x, y := l.legendX, l.legendY
	maxUnits := (l.legendW - legendSwatchW - 8) / (unitEm * fontSize)
	row := func(fill, cls, text string) {
		d.printf(`<g class="%s"><rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"/>`,
			cls, num(x), num(y), num(legendSwatchW), num(legendSwatchH), esc(fill), areaStroke)
		d.label(text, maxUnits, x+legendSwatchW+8, y+legendSwatchH/2+fontSize*0.35, ` fill="`+inkColor+`"`)
		d.printf(`</g>`)
		y += legendRowH
	}
	d.printf(`<g class="legend">`)
	if len(classes) == 0 {
		msg := c.Empty
		if msg == "" {
			msg = noData
		}
		d.printf(`<g class="empty">`)
		d.label(msg, maxUnits+(legendSwatchW+8)/(unitEm*fontSize), x, y+legendSwatchH/2+fontSize*0.35, ` font-weight="bold" fill="`+inkColor+`"`)
		d.printf(`</g>`)
		y += legendRowH
	}
	for _, cl := range classes {
		text := c.format(cl.lo) + " – " + c.format(cl.hi)
		if c.format(cl.lo) == c.format(cl.hi) {
			text = c.format(cl.lo)
		}
		row(cl.fill, "legend-class", text+" ("+strconv.Itoa(cl.n)+")")
	}
	noDataText := c.NoData
	if noDataText == "" {
		noDataText = noData
	}
	row(hatch, "legend-no-data no-data", noDataText)
	if c.Other != "" {
		row(contextFill, "legend-other", c.Other)
	}
	d.printf(`</g>`)
}

// wrapLines breaks s at spaces into at most n lines of maxUnits; the last
// line is cut with an ellipsis if the text goes on.
func wrapLines(s string, maxUnits float64, n int) []string {
	var lines []string
	var cur string
	words := strings.Fields(s)
	for i, w := range words {
		next := w
		if cur != "" {
			next = cur + " " + w
		}
		if units(next) <= maxUnits || cur == "" {
			cur = next
			continue
		}
		if len(lines) == n-1 {
			short, _ := truncate(strings.Join(append([]string{cur}, words[i:]...), " "), maxUnits)
			return append(lines, short)
		}
		lines = append(lines, cur)
		cur = w
	}
	if cur != "" {
		short, _ := truncate(cur, maxUnits)
		lines = append(lines, short)
	}
	return lines
}
