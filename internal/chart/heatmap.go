package chart

import (
	"fmt"
	"html/template"
	"math"
)

// Heatmap is a grid of values in [0,1] (rows × columns), e.g. blocs ×
// propositions. Darker cells hold higher values; every cell also prints its
// text, so the chart reads the same in grayscale.
type Heatmap struct {
	Title, Desc        string      // accessible name and description (already translated)
	Rows, Cols         []string    // labels (already translated)
	RowLinks, ColLinks []string    // optional hrefs for labels ("" none)
	Values             [][]float64 // [row][col], math.NaN() = no data (drawn hatched with "–")
	Cells              [][]string  // text printed in each cell (e.g. "0.75"); nil: the value with 2 decimals
	CellTitles         [][]string  // optional hover text per cell (e.g. "3 support, 1 cannot accept")
	Low, High          string      // legend words for 0 and 1 (already translated)
	NoData             string      // optional legend word for cells without data (already translated)
}

// Heatmap layout in pixels (the SVG scales as a whole).
const (
	hmPad        = 8.0
	hmCellH      = 28.0
	hmMinCellW   = 44.0
	hmRowUnits   = 28.0 // row labels are cut beyond this many units
	hmColUnits   = 24.0
	hmCellUnits  = 10.0
	hmSwatchW    = 28.0
	hmSwatchH    = 18.0
	hmLegendGap  = 18.0
	hmLabelSpace = 8.0
)

// Ends of the lightness ramp: value 0 is near white, value 1 a dark blue.
var (
	rampLow  = [3]float64{0xf4, 0xf7, 0xfb}
	rampHigh = [3]float64{0x0b, 0x2f, 0x5b}
)

// heatLayout is where the parts of a heatmap go.
type heatLayout struct {
	rows, cols     int
	x0, y0         float64 // top left corner of the grid
	cellW          float64
	rotate         bool // column labels drawn at 45° because they are wider than a cell
	width, legendY float64
	height         float64
}

// SVG draws the heatmap. An empty grid draws an empty frame.
func (h Heatmap) SVG() template.HTML {
	l := h.layout()
	d := newDoc("heatmap", fmt.Sprintf("%#v", h))
	d.open("heatmap", l.width, l.height, h.Title, h.Desc)
	d.printf(`<defs><pattern id="%s-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="%s"/><line x1="0" y1="0" x2="0" y2="6" stroke="%s" stroke-width="2"/></pattern></defs>`,
		d.id, background, gridColor)
	if l.rows == 0 || l.cols == 0 {
		emptyFrame(d, l.width, l.height)
		return d.html()
	}
	h.drawColLabels(d, l)
	for r := 0; r < l.rows; r++ {
		y := l.y0 + float64(r)*hmCellH
		d.link(at(h.RowLinks, r), func() {
			d.label(at(h.Rows, r), hmRowUnits, l.x0-hmLabelSpace, y+hmCellH/2+fontSize*0.35,
				` class="row-label" text-anchor="end"`+linkAttrs(at(h.RowLinks, r)))
		})
		for c := 0; c < l.cols; c++ {
			h.drawCell(d, l, r, c)
		}
	}
	h.drawLegend(d, l)
	return d.html()
}

func (h Heatmap) layout() heatLayout {
	l := heatLayout{rows: len(h.Rows), cols: len(h.Cols)}
	l.rows = max(l.rows, len(h.Values))
	for _, row := range h.Values {
		l.cols = max(l.cols, len(row))
	}
	l.cellW = hmMinCellW
	for r := 0; r < l.rows; r++ {
		for c := 0; c < l.cols; c++ {
			short, _ := truncate(h.cellText(r, c), hmCellUnits)
			l.cellW = max(l.cellW, textWidth(short, fontSize)+12)
		}
	}
	colW := widest(h.Cols, hmColUnits, fontSize)
	l.rotate = colW > l.cellW-6
	header := fontSize + hmLabelSpace
	overhang := 0.0 // how far rotated labels reach right of the grid
	if l.rotate {
		header = colW*math.Sqrt2/2 + fontSize + hmLabelSpace
		overhang = max(0, colW*math.Sqrt2/2-l.cellW/2)
	}
	l.x0 = hmPad + widest(h.Rows, hmRowUnits, fontSize) + hmLabelSpace
	l.y0 = hmPad + header
	l.legendY = l.y0 + float64(l.rows)*hmCellH + hmLegendGap
	l.width = max(l.x0+float64(l.cols)*l.cellW+overhang, hmPad+h.legendWidth()) + hmPad
	l.height = l.legendY + hmSwatchH + hmPad
	if l.rows == 0 || l.cols == 0 {
		l.width, l.height = emptyW, emptyH
	}
	return l
}

// cellText is what a cell prints: the caller's text, or the value.
func (h Heatmap) cellText(r, c int) string {
	if r < len(h.Cells) && c < len(h.Cells[r]) {
		return h.Cells[r][c]
	}
	return two(h.value(r, c))
}

// value is the cell's value; a cell missing from a ragged grid has no data.
func (h Heatmap) value(r, c int) float64 {
	if r < len(h.Values) && c < len(h.Values[r]) {
		return h.Values[r][c]
	}
	return math.NaN()
}

func (h Heatmap) drawColLabels(d *doc, l heatLayout) {
	for c := 0; c < l.cols; c++ {
		x := l.x0 + (float64(c)+0.5)*l.cellW
		y := l.y0 - hmLabelSpace
		attrs := ` class="col-label" text-anchor="middle"`
		if l.rotate {
			x -= fontSize * 0.35 // the baseline ends over the column's centre
			attrs = fmt.Sprintf(` class="col-label" text-anchor="start" transform="rotate(-45 %s %s)"`, num(x), num(y))
		}
		d.link(at(h.ColLinks, c), func() {
			d.label(at(h.Cols, c), hmColUnits, x, y, attrs+linkAttrs(at(h.ColLinks, c)))
		})
	}
}

func (h Heatmap) drawCell(d *doc, l heatLayout, r, c int) {
	x, y := l.x0+float64(c)*l.cellW, l.y0+float64(r)*hmCellH
	v := h.value(r, c)
	text := h.cellText(r, c)
	hover := at(h.Rows, r) + " — " + at(h.Cols, c) + ": " + text
	if r < len(h.CellTitles) && c < len(h.CellTitles[r]) && h.CellTitles[r][c] != "" {
		hover = at(h.Rows, r) + " — " + at(h.Cols, c) + ": " + h.CellTitles[r][c]
	}
	fill, ink, class := "url(#"+d.id+"-hatch)", inkColor, "cell no-data"
	if finite(v) {
		fill, ink, class = rampColor(v), contrastInk(v), "cell"
	}
	d.printf(`<g class="%s"><title>%s</title>`, class, esc(hover))
	d.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="1"/>`,
		num(x), num(y), num(l.cellW), num(hmCellH), esc(fill), background)
	d.label(text, hmCellUnits, x+l.cellW/2, y+hmCellH/2+fontSize*0.35,
		fmt.Sprintf(` text-anchor="middle" fill="%s"`, ink))
	d.printf(`</g>`)
}

// legendWidth is how wide drawLegend draws.
func (h Heatmap) legendWidth() float64 {
	w := textWidth(h.Low, fontSize) + 6 + 5*hmSwatchW + 6 + textWidth(h.High, fontSize)
	return w + 24 + hmSwatchW + 6 + textWidth(h.NoData, fontSize)
}

// drawLegend explains lightness with the Low and High words around five
// swatches, and shows what a cell without data looks like.
func (h Heatmap) drawLegend(d *doc, l heatLayout) {
	x, y := hmPad, l.legendY
	base := y + hmSwatchH/2 + fontSize*0.35
	d.printf(`<g class="legend">`)
	d.label(h.Low, 1e9, x, base, ` fill="`+inkColor+`"`)
	x += textWidth(h.Low, fontSize) + 6
	for i := 0; i <= 4; i++ {
		d.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"/>`,
			num(x), num(y), num(hmSwatchW), num(hmSwatchH), rampColor(float64(i)/4), gridColor)
		x += hmSwatchW
	}
	d.label(h.High, 1e9, x+6, base, ` fill="`+inkColor+`"`)
	x += 6 + textWidth(h.High, fontSize) + 24
	d.printf(`<g class="no-data"><rect x="%s" y="%s" width="%s" height="%s" fill="url(#%s-hatch)" stroke="%s"/>`,
		num(x), num(y), num(hmSwatchW), num(hmSwatchH), d.id, gridColor)
	d.printf(`<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(x+hmSwatchW/2), num(base), inkColor, noData)
	if h.NoData != "" {
		d.label(h.NoData, 1e9, x+hmSwatchW+6, base, ` fill="`+inkColor+`"`)
	}
	d.printf(`</g></g>`)
}

// rampColor is the fill for value v: lightness falls as v rises.
func rampColor(v float64) string {
	rgb := rampRGB(v)
	return fmt.Sprintf("#%02x%02x%02x", int(rgb[0]), int(rgb[1]), int(rgb[2]))
}

func rampRGB(v float64) [3]float64 {
	v = clamp01(v)
	var rgb [3]float64
	for i := range rgb {
		rgb[i] = math.Round(rampLow[i] + (rampHigh[i]-rampLow[i])*v)
	}
	return rgb
}

// contrastInk picks the text colour, dark or white, that contrasts more with
// the cell's fill (WCAG contrast ratio).
func contrastInk(v float64) string {
	l := luminance(rampRGB(v))
	const inkL = 0.0103 // relative luminance of inkColor #1a1a1a
	if (l+0.05)/(inkL+0.05) >= 1.05/(l+0.05) {
		return inkColor
	}
	return background
}

// luminance is the WCAG relative luminance of an sRGB colour.
func luminance(rgb [3]float64) float64 {
	var lin [3]float64
	for i, c := range rgb {
		c /= 255
		if c <= 0.04045 {
			lin[i] = c / 12.92
		} else {
			lin[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2]
}
