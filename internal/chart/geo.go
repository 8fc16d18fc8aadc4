package chart

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"

	"roundtable/data"
)

// The map's geometry is read, projected, fitted to the layout and written as
// path data once per process; a render only picks fills and writes strings.

// Panel sizes and drawing tolerances in pixels (the SVG scales as a whole).
// Paths are written relative to their panel's top left corner; the layout
// (side by side or stacked, see Choropleth.Stacked) places the panels.
const (
	lacW        = 520.0 // Latin America and the Caribbean's width
	chinaW      = 344.0 // China's
	pathTol     = 0.25  // Douglas–Peucker tolerance
	smallSide   = 6.0   // a participant narrower and lower than this gets a marker
	calloutGap  = 14.0  // vertical distance between two markers
	calloutR    = 5.0
	calloutLead = 34.0 // how far right of the islands the markers stand
)

// mapPanel is one of the two panels, fitted into the layout.
type mapPanel struct {
	key  string // "lac" or "china"
	w, h float64
	proj albers
}

// geoArea is one feature as drawn: a participant or a neighbour in grey.
type geoArea struct {
	iso3, name string // iso3 only for participants
	panel      int
	path       string // SVG path data in layout pixels
	small      bool   // too small to see: a marker stands beside it
	cx, cy     float64
	mx, my     float64 // the marker's centre, when small
}

// geoMap is the map, ready to draw.
type geoMap struct {
	panels       [2]mapPanel
	participants []geoArea // in the order of the file: by panel, then ISO numeric code
	context      []geoArea
	pathBytes    int // the length of all path data, to size a render's buffer
}

var (
	geoOnce   sync.Once
	geoLoaded *geoMap
	geoErr    error
)

// loadMap returns the map, reading it on first use.
func loadMap() (*geoMap, error) {
	geoOnce.Do(func() { geoLoaded, geoErr = readMap(data.Map(), englishNames()) })
	return geoLoaded, geoErr
}

// englishNames maps the participants' ISO3 codes to their English names
// (Roundtable's country list), which read better than the map file's short
// forms ("St. Vin. and Gren."). Without the list the short forms remain.
func englishNames() map[string]string {
	raw, err := fs.ReadFile(data.FS(), "countries/countries.json")
	if err != nil {
		return nil
	}
	var list []struct {
		ISO3  string
		Names map[string]string
	}
	if json.Unmarshal(raw, &list) != nil {
		return nil
	}
	out := map[string]string{}
	for _, c := range list {
		out[c.ISO3] = c.Names["en"]
	}
	return out
}

// readMap reads the gzipped GeoJSON and prepares it for drawing; names
// overrides the participants' names in the file (by ISO3).
func readMap(gz []byte, names map[string]string) (*geoMap, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("map: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("map: %w", err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		return nil, fmt.Errorf("map: %w", err)
	}
	m := &geoMap{}
	// Latin America and the Caribbean: centred on 76° W, standard parallels
	// 40° S and 20° N, which bracket most of its land. China: the usual
	// Albers for China, centred on 105° E with parallels 25° N and 47° N.
	m.panels[0] = mapPanel{key: "lac", w: lacW, proj: newAlbers(-76, -12, -40, 20)}
	m.panels[1] = mapPanel{key: "china", w: chinaW, proj: newAlbers(105, 36, 25, 47)}
	projected := make([]orb.MultiPolygon, len(fc.Features))
	for pi := range m.panels {
		p := &m.panels[pi]
		// Fit the panel's participants, with a margin, into its width.
		b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
		for i, f := range fc.Features {
			if f.Properties.MustString("panel", "") != p.key {
				continue
			}
			projected[i] = projectGeometry(p.proj, f.Geometry)
			if f.Properties.MustString("role", "") == "participant" {
				b = b.Union(projected[i].Bound())
			}
		}
		if b.IsEmpty() || !finite(b.Max.X()-b.Min.X()) {
			return nil, fmt.Errorf("map: panel %s has no participant", p.key)
		}
		margin := 0.03 * (b.Max.X() - b.Min.X())
		b = b.Pad(margin)
		scale := p.w / (b.Max.X() - b.Min.X())
		p.h = (b.Max.Y() - b.Min.Y()) * scale
		frame := orb.Bound{Max: orb.Point{p.w, p.h}}
		for i, f := range fc.Features {
			if f.Properties.MustString("panel", "") != p.key {
				continue
			}
			px := toPixels(projected[i], b, scale)
			a := geoArea{name: f.Properties.MustString("name", ""), panel: pi}
			if f.Properties.MustString("role", "") != "participant" {
				px = clip.MultiPolygon(frame, px)
				if a.path = pathData(px, pathTol); a.path != "" {
					m.context = append(m.context, a)
				}
				continue
			}
			a.iso3 = f.Properties.MustString("iso3", "")
			if n := names[a.iso3]; n != "" {
				a.name = n
			}
			c, _ := planar.CentroidArea(px)
			a.cx, a.cy = c.X(), c.Y()
			pb := px.Bound()
			a.small = pb.Max.X()-pb.Min.X() < smallSide && pb.Max.Y()-pb.Min.Y() < smallSide
			tol := pathTol
			if a.small {
				tol = 0 // keep every point of a speck
			}
			a.path = pathData(px, tol)
			m.participants = append(m.participants, a)
		}
	}
	placeCallouts(m.participants)
	for _, a := range append(slices.Clip(m.participants), m.context...) {
		m.pathBytes += len(a.path)
	}
	return m, nil
}

// projectGeometry projects a (multi)polygon in degrees onto the plane, with y
// growing southwards as on screen.
func projectGeometry(p albers, g orb.Geometry) orb.MultiPolygon {
	var mp orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		mp = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		mp = g
	}
	out := make(orb.MultiPolygon, 0, len(mp))
	for _, poly := range mp {
		np := make(orb.Polygon, 0, len(poly))
		for _, r := range poly {
			nr := make(orb.Ring, len(r))
			for i, pt := range r {
				x, y := p.project(pt.Lon(), pt.Lat())
				nr[i] = orb.Point{x, -y}
			}
			np = append(np, nr)
		}
		out = append(out, np)
	}
	return out
}

// toPixels scales projected geometry so that bound b's top left corner lands
// on the origin.
func toPixels(mp orb.MultiPolygon, b orb.Bound, scale float64) orb.MultiPolygon {
	out := orb.Clone(mp).(orb.MultiPolygon)
	for _, poly := range out {
		for _, r := range poly {
			for i, pt := range r {
				r[i] = orb.Point{(pt.X() - b.Min.X()) * scale, (pt.Y() - b.Min.Y()) * scale}
			}
		}
	}
	return out
}

// pathData writes a multipolygon as SVG path data: each ring starts with an
// absolute move, goes on in relative steps of a tenth of a pixel, and closes.
// Steps are taken between rounded points, so rounding never accumulates.
// tol > 0 first simplifies each ring by Douglas–Peucker in pixels.
func pathData(mp orb.MultiPolygon, tol float64) string {
	var b strings.Builder
	dp := simplify.DouglasPeucker(tol)
	for _, poly := range mp {
		for _, r := range poly {
			if tol > 0 {
				r = dp.Ring(slices.Clone(r))
			}
			pts := tenths(r)
			if len(pts) < 3 {
				continue
			}
			fmt.Fprintf(&b, "M%s %s", tenth(pts[0][0]), tenth(pts[0][1]))
			b.WriteByte('l')
			for i := 1; i < len(pts); i++ {
				dx, dy := pts[i][0]-pts[i-1][0], pts[i][1]-pts[i-1][1]
				if i > 1 && dx >= 0 {
					b.WriteByte(' ') // a minus sign separates by itself
				}
				writeStep(&b, dx, dy)
			}
			b.WriteByte('z')
		}
	}
	return b.String()
}

// tenths rounds a ring's points to tenths of a pixel, leaving out repeats and
// the closing point (the path's z closes it).
func tenths(r orb.Ring) [][2]int {
	out := make([][2]int, 0, len(r))
	for _, p := range r {
		q := [2]int{int(math.Round(p.X() * 10)), int(math.Round(p.Y() * 10))}
		if len(out) > 0 && out[len(out)-1] == q {
			continue
		}
		out = append(out, q)
	}
	for len(out) > 1 && out[len(out)-1] == out[0] {
		out = out[:len(out)-1]
	}
	return out
}

func writeStep(b *strings.Builder, dx, dy int) {
	b.WriteString(tenth(dx))
	if dy >= 0 {
		b.WriteByte(' ')
	}
	b.WriteString(tenth(dy))
}

// tenth writes n/10 briefly: 12 → "1.2", -3 → "-.3", 30 → "3".
func tenth(n int) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.Itoa(n / 10)
	if n%10 != 0 {
		if s == "0" {
			s = ""
		}
		s += "." + strconv.Itoa(n%10)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// placeCallouts puts the markers of the small states (the Lesser Antilles)
// in a column to the right of them, north to south, far enough apart to
// tell and to click, each joined to its island by a line.
func placeCallouts(areas []geoArea) {
	var small []*geoArea
	x := math.Inf(-1)
	for i := range areas {
		if areas[i].small {
			small = append(small, &areas[i])
			x = max(x, areas[i].cx)
		}
	}
	slices.SortStableFunc(small, func(a, b *geoArea) int {
		if a.cy != b.cy {
			if a.cy < b.cy {
				return -1
			}
			return 1
		}
		return strings.Compare(a.iso3, b.iso3)
	})
	if len(small) == 0 {
		return
	}
	// The column is centred on the islands, so it reaches no further south
	// (over the mainland) than it must.
	var mean float64
	for _, a := range small {
		mean += a.cy / float64(len(small))
	}
	y := mean - float64(len(small)-1)*calloutGap/2
	for _, a := range small {
		a.mx, a.my = x+calloutLead, y
		y += calloutGap
	}
}
