// Package evidencetest gives tests the shipped World Bank file as panels,
// read once per test binary, so tests of the figures compute from the same
// rows the product ships, without a database.
package evidencetest

import (
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"sync"

	"roundtable/data"
	"roundtable/internal/evidence"
)

// ShippedWDI returns one panel per indicator of data/indicators/
// wdi_all_areas.csv.gz (22 indicators, every area; series ids 1… by
// indicator code, revision 1, source World Bank WDI, release 2026-07-01)
// and the shipped areas. Callers must not change them.
func ShippedWDI() (map[string]*evidence.Panel, []evidence.Area) { return shipped() }

var shipped = sync.OnceValues(func() (map[string]*evidence.Panel, []evidence.Area) {
	fsys := data.Indicators()
	f, err := fsys.Open("wdi_all_areas.csv.gz")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		panic(err)
	}
	r := csv.NewReader(z)
	if _, err := r.Read(); err != nil { // iso3,indicator_code,year,value
		panic(err)
	}
	rows := map[string]map[string][]evidence.Point{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		year, err1 := strconv.Atoi(rec[2])
		v, err2 := strconv.ParseFloat(rec[3], 64)
		if err1 != nil || err2 != nil {
			panic(rec)
		}
		if rows[rec[1]] == nil {
			rows[rec[1]] = map[string][]evidence.Point{}
		}
		rows[rec[1]][rec[0]] = append(rows[rec[1]][rec[0]], evidence.Point{Year: year, Value: v})
	}
	codes := make([]string, 0, len(rows))
	for code := range rows {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	panels := map[string]*evidence.Panel{}
	for i, code := range codes {
		se := evidence.Series{ID: int64(i + 1), Indicator: code, Source: "World Bank WDI", Vintage: "2026-07-01", Revision: 1}
		panels[code] = evidence.NewPanel(se, rows[code])
	}
	b, err := fs.ReadFile(fsys, "areas.json")
	if err != nil {
		panic(err)
	}
	var areas []evidence.Area
	if err := json.Unmarshal(b, &areas); err != nil {
		panic(err)
	}
	return panels, areas
})
