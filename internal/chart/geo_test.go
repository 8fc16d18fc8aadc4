package chart

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"roundtable/data"
)

// readShippedMap reads the embedded boundaries as orb's GeoJSON reader sees them.
func readShippedMap(t *testing.T) *geojson.FeatureCollection {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data.Map()))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		t.Fatal(err)
	}
	return fc
}

func contains(g orb.Geometry, p orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return planar.PolygonContains(g, p)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, p)
	}
	return false
}

// The shipped file follows UN practice for China and draws French Guiana as
// part of France; it stays small.
func TestShippedMapBoundaries(t *testing.T) {
	if n := len(data.Map()); n > 300_000 {
		t.Errorf("the map is %d bytes gzipped, want under 300 kB", n)
	}
	fc := readShippedMap(t)
	var china, france orb.Geometry
	participants := 0
	for _, f := range fc.Features {
		id, _ := f.ID.(string)
		switch id {
		case "158", "344", "446":
			t.Errorf("%s (%s) is a feature of its own", f.Properties.MustString("name", ""), id)
		case "156":
			china = f.Geometry
		case "250":
			if f.Properties.MustString("panel", "") == "lac" {
				france = f.Geometry
			}
		}
		if f.Properties.MustString("role", "") == "participant" {
			participants++
			// A point in French Guiana (Cayenne's hinterland) is in no participant.
			if contains(f.Geometry, orb.Point{-53, 4}) {
				t.Errorf("French Guiana is drawn as part of %s", f.Properties.MustString("iso3", ""))
			}
		}
	}
	if participants != 34 {
		t.Errorf("%d participants, want 34", participants)
	}
	// Points inland in Taiwan (Yushan's slopes), Hong Kong (the New
	// Territories) and the mainland (Wuhan) are all in China's one feature.
	for name, p := range map[string]orb.Point{"Taiwan": {120.9, 23.5}, "Hong Kong": {114.1, 22.42}, "Wuhan": {114.3, 30.6}} {
		if !contains(china, p) {
			t.Errorf("%s %v is not in China's shape", name, p)
		}
	}
	if !contains(france, orb.Point{-53, 4}) {
		t.Error("French Guiana is not drawn, in grey, as part of France")
	}
}
