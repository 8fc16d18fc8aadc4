package data

import _ "embed"

// The country boundaries Roundtable's choropleth draws: China and the 33
// CELAC members, with their neighbours in grey (Natural Earth via npm
// world-atlas, public domain; see maps/SOURCES.md). One gzipped GeoJSON
// FeatureCollection, made by internal/chart/mapgen.
//
//go:embed maps/celac-china.geojson.gz
var mapFile []byte

// Map returns the gzipped GeoJSON of the map's boundaries. Each feature's id
// is the area's ISO 3166-1 numeric code ("068"); its properties are panel
// ("lac" or "china"), role ("participant" or "context"), name (English) and,
// for participants, iso3. The caller must not modify the bytes.
func Map() []byte { return mapFile }
