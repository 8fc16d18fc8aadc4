package chart

import (
	"fmt"
	"math"
	"strings"
)

// markerStyle tells one scatter series from the others without colour: by
// shape first, then by filled or hollow. Colour only repeats the distinction.
type markerStyle struct {
	shape  string // named in the element's class, e.g. "shape-triangle"
	hollow bool
	color  string
}

// Fourteen distinct styles: eight filled shapes, then the closed ones hollow
// (a hollow cross would look like a filled one). Past fourteen series styles
// repeat, and the legend and each point's hover text still name the series.
var markerShapes = []struct {
	shape  string
	hollow bool
}{
	{"circle", false}, {"square", false}, {"triangle", false}, {"diamond", false},
	{"cross", false}, {"triangle-down", false}, {"plus", false}, {"star", false},
	{"circle", true}, {"square", true}, {"triangle", true}, {"diamond", true},
	{"triangle-down", true}, {"star", true},
}

// Okabe–Ito colours, distinguishable by most colour-blind readers; yellow is
// left out because it vanishes on white.
var seriesColors = []string{"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"}

// styleFor is the style of series s (a negative index counts as series 0).
func styleFor(s int) markerStyle {
	s = max(s, 0)
	m := markerShapes[s%len(markerShapes)]
	return markerStyle{shape: m.shape, hollow: m.hollow, color: seriesColors[s%len(seriesColors)]}
}

const markerR = 5.0

// marker writes the shape of style m centred on (x, y) with radius r.
func (d *doc) marker(m markerStyle, x, y, r float64) {
	fill, stroke := m.color, inkColor
	if m.hollow {
		fill, stroke = background, m.color
	}
	paint := fmt.Sprintf(` fill="%s" stroke="%s" stroke-width="%s"`, fill, stroke, num(strokeFor(m)))
	switch m.shape {
	case "circle":
		d.printf(`<circle cx="%s" cy="%s" r="%s"%s/>`, num(x), num(y), num(r), paint)
	case "square":
		s := r * 0.9
		d.printf(`<rect x="%s" y="%s" width="%s" height="%s"%s/>`, num(x-s), num(y-s), num(2*s), num(2*s), paint)
	case "cross", "plus":
		// Open strokes: drawn in the series colour, thick enough to read.
		a, s := 0.0, r
		if m.shape == "cross" {
			a, s = math.Pi/4, r*1.1
		}
		var p strings.Builder
		for _, t := range []float64{a, a + math.Pi/2} {
			dx, dy := s*math.Cos(t), s*math.Sin(t)
			fmt.Fprintf(&p, "M%s %sL%s %s", num(x-dx), num(y-dy), num(x+dx), num(y+dy))
		}
		d.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linecap="square"/>`, p.String(), m.color)
	default:
		d.printf(`<polygon points="%s"%s/>`, polygon(m.shape, x, y, r), paint)
	}
}

func strokeFor(m markerStyle) float64 {
	if m.hollow {
		return 2
	}
	return 0.75
}

// polygon is the points attribute of the polygonal shapes.
func polygon(shape string, x, y, r float64) string {
	var angles []float64 // degrees, 0 = up, clockwise
	switch shape {
	case "triangle":
		r *= 1.2
		angles = []float64{0, 120, 240}
	case "triangle-down":
		r *= 1.2
		angles = []float64{60, 180, 300}
	case "diamond":
		r *= 1.2
		angles = []float64{0, 90, 180, 270}
	case "star":
		r *= 1.3
		for i := range 10 {
			angles = append(angles, float64(i)*36)
		}
	}
	pts := make([]string, len(angles))
	for i, a := range angles {
		t := a * math.Pi / 180
		ri := r
		if shape == "star" && i%2 == 1 {
			ri = r * 0.45 // the star's inner corners
		}
		pts[i] = num(x+ri*math.Sin(t)) + "," + num(y-ri*math.Cos(t))
	}
	return strings.Join(pts, " ")
}

// Ring styles tell a point's second grouping (e.g. a discovered opinion group)
// by the outline around its marker: solid, dashed, dotted, dash-dot, then the
// same doubled.
var ringDashes = []string{"", "4 2", "1 2", "5 2 1 2"}

// ring writes the outline of group g around (x, y); g < 0 draws nothing.
func (d *doc) ring(g int, x, y float64) {
	if g < 0 {
		return
	}
	dash := ringDashes[g%len(ringDashes)]
	radii := []float64{markerR + 4}
	if (g/len(ringDashes))%2 == 1 {
		radii = append(radii, markerR+7)
	}
	for _, r := range radii {
		d.printf(`<circle class="ring" cx="%s" cy="%s" r="%s" fill="none" stroke="%s" stroke-width="1.2"`, num(x), num(y), num(r), inkColor)
		if dash != "" {
			d.printf(` stroke-dasharray="%s"`, dash)
		}
		d.printf(`/>`)
	}
}
