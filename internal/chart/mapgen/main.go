// Command mapgen makes the boundaries Roundtable's choropleth draws
// (data/maps/celac-china.geojson.gz) from world-atlas's countries, once, by
// hand. topo2geo.mjs first turns the TopoJSON into GeoJSON with the reference
// TopoJSON library (merging Taiwan, Hong Kong and Macao into China); this
// program then keeps what the two panels show, clips the neighbours to the
// view, simplifies with Douglas–Peucker and rounds the coordinates:
//
//	(cd internal/chart/mapgen && npm ci)
//	node internal/chart/mapgen/topo2geo.mjs ../shared/data/maps/countries-50m.json > /tmp/countries.geojson
//	go run ./internal/chart/mapgen -in /tmp/countries.geojson -out data/maps/celac-china.geojson.gz
//
// (from the repository root; data/maps/SOURCES.md records what was done).
// Each output feature has the area's ISO numeric code as id and the
// properties panel ("lac" or "china"), role ("participant" or "context"),
// name (English, from the source) and, for participants, iso3.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/simplify"
)

// A panel of the map: the view (longitude, latitude) and the participants
// drawn in it. Everything else that touches the view is grey context.
type panel struct {
	name string
	view orb.Bound
	in   func(iso3 string) bool
}

var panels = []panel{
	// Participants from Mexico's Baja California (−118.4°) to Brazil's
	// eastern tip (−34.8°) and from Tierra del Fuego (−55.9°) to Mexico's
	// northern border (32.7°). The view reaches well beyond them: the chart
	// projects the map and clips it again to each panel's frame, whose
	// corners lie outside this longitude–latitude box's.
	{"lac", orb.Bound{Min: orb.Point{-130, -62}, Max: orb.Point{-25, 42}}, func(iso3 string) bool { return iso3 != "CHN" }},
	// China with Taiwan, Hong Kong and Macao: 73.6° to 134.8° east, 18.2° to
	// 53.6° north.
	{"china", orb.Bound{Min: orb.Point{62, 8}, Max: orb.Point{148, 62}}, func(iso3 string) bool { return iso3 == "CHN" }},
}

// Douglas–Peucker tolerance and rounding, in degrees. At the map's scale
// (about 6 px per degree) 0.03° is a fifth of a pixel; 0.01° is about 1 km.
const (
	tolerance   = 0.03
	roundFactor = 100
)

func main() {
	in := flag.String("in", "", "GeoJSON written by topo2geo.mjs")
	countries := flag.String("countries", "data/countries/countries.json", "the participants (China and the CELAC members)")
	out := flag.String("out", "data/maps/celac-china.geojson.gz", "gzipped GeoJSON to write")
	flag.Parse()
	if err := run(*in, *countries, *out); err != nil {
		log.Fatal(err)
	}
}

func run(in, countriesPath, out string) error {
	raw, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	src, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	participants, err := readParticipants(countriesPath)
	if err != nil {
		return err
	}
	fc := geojson.NewFeatureCollection()
	found := map[string]bool{}
	for _, p := range panels {
		for _, f := range src.Features {
			id, _ := f.ID.(string)
			iso3 := participants[id]
			g := f.Geometry
			role := "context"
			if iso3 != "" {
				if !p.in(iso3) {
					continue
				}
				role = "participant"
				found[iso3] = true
			} else {
				if !g.Bound().Intersects(p.view) {
					continue
				}
				g = clip.Geometry(p.view, unwrap(orb.Clone(g)))
			}
			g = tidy(g, role == "participant")
			if g == nil {
				continue
			}
			nf := geojson.NewFeature(g)
			nf.ID = id
			nf.Properties["panel"] = p.name
			nf.Properties["role"] = role
			nf.Properties["name"] = f.Properties.MustString("name", "")
			if iso3 != "" {
				nf.Properties["iso3"] = iso3
			}
			fc.Append(nf)
		}
	}
	if len(found) != len(participants) {
		return fmt.Errorf("found %d of the %d participants", len(found), len(participants))
	}
	body, err := json.Marshal(fc)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // no name or time: same input, same bytes
	zw.Write(body)
	if err := zw.Close(); err != nil {
		return err
	}
	log.Printf("%d features, %d bytes of GeoJSON, %d gzipped", len(fc.Features), len(body), buf.Len())
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// readParticipants maps ISO numeric codes ("068") to ISO3 ("BOL").
func readParticipants(path string) (map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var list []struct{ ISO3, Numeric string }
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	m := map[string]string{}
	for _, c := range list {
		m[c.Numeric] = c.ISO3
	}
	return m, nil
}

// tidy simplifies and rounds a (multi)polygon and drops the rings that
// collapse. A participant's islands smaller than the tolerance are kept as
// they are, rounded, so that even the smallest state keeps its shape.
func tidy(g orb.Geometry, participant bool) orb.Geometry {
	var polys []orb.Polygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys = g
	default:
		return nil
	}
	dp := simplify.DouglasPeucker(tolerance)
	var out orb.MultiPolygon
	for _, p := range polys {
		var np orb.Polygon
		for i, r := range p {
			b := r.Bound()
			small := b.Max.X()-b.Min.X() < 10*tolerance && b.Max.Y()-b.Min.Y() < 10*tolerance
			if !(small && participant) {
				r = dp.Ring(r.Clone())
			}
			r = roundRing(r)
			if len(r) < 4 {
				if i == 0 {
					break // the outer ring vanished: so does the polygon
				}
				continue
			}
			np = append(np, r)
		}
		if len(np) > 0 {
			out = append(out, np)
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return out
}

// unwrap moves the polygons that run across the antimeridian (Russia's,
// Fiji's) to one side of it: their points west of 0° go 360° east, so the
// ring no longer jumps from 180° to −180°, which clipping would turn into a
// thin band across the view. No view reaches the antimeridian.
func unwrap(g orb.Geometry) orb.Geometry {
	mp, ok := g.(orb.MultiPolygon)
	if !ok {
		if p, isPoly := g.(orb.Polygon); isPoly {
			mp = orb.MultiPolygon{p}
		}
	}
	for _, p := range mp {
		if b := p.Bound(); b.Max.X()-b.Min.X() < 180 {
			continue
		}
		for _, r := range p {
			for i := range r {
				if r[i][0] < 0 {
					r[i][0] += 360
				}
			}
		}
	}
	return mp
}

// roundRing rounds to 1/roundFactor of a degree and removes the points that
// rounding made repeat; a ring stays closed.
func roundRing(r orb.Ring) orb.Ring {
	out := make(orb.Ring, 0, len(r))
	for _, p := range r {
		q := orb.Round(p, roundFactor).(orb.Point)
		if len(out) > 0 && out[len(out)-1] == q {
			continue
		}
		out = append(out, q)
	}
	if len(out) > 0 && out[0] != out[len(out)-1] {
		out = append(out, out[0])
	}
	return slices.Clip(out)
}
