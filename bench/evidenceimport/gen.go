package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"strconv"

	"roundtable/data"
)

// emptyShare is the share of wide cells left empty (no observation). The
// real WDI bulk file is emptier in its early years; a quarter, spread
// evenly by a seeded PRNG, is what the benchmark asks for.
const emptyShare = 0.25

// areaCodes returns the first n area codes the product knows (the shipped
// areas.json: the 264 World Bank economies and aggregates of
// data/indicators/wdi_areas.csv). No code is invented: n above 264 gives 264.
func areaCodes(n int) ([]benchArea, error) {
	b, err := fs.ReadFile(data.Indicators(), "areas.json")
	if err != nil {
		return nil, err
	}
	var areas []benchArea
	if err := json.Unmarshal(b, &areas); err != nil {
		return nil, err
	}
	if n < len(areas) {
		areas = areas[:n]
	}
	return areas, nil
}

type benchArea struct {
	Code  string            `json:"code"`
	Names map[string]string `json:"names"`
}

// generated says what the generator wrote.
type generated struct {
	Wide, Long           string
	WideBytes, LongBytes int64
	Values               int64 // observations (non-empty cells; rows of the long file)
	Cells                int64
}

// generate writes the same observations twice: a World Bank wide CSV as
// downloaded (UTF-8 BOM, CRLF, the four-line preamble, every field quoted,
// a trailing comma; rows by area then indicator, as the bulk file orders
// them) and a plain long CSV (area,indicator,year,value with a header).
func generate(dir string, areas []benchArea, indicators, years int) (generated, error) {
	g := generated{Wide: dir + "/wide.csv", Long: dir + "/long.csv"}
	wf, err := os.Create(g.Wide)
	if err != nil {
		return g, err
	}
	defer wf.Close()
	lf, err := os.Create(g.Long)
	if err != nil {
		return g, err
	}
	defer lf.Close()
	w, l := bufio.NewWriterSize(wf, 1<<20), bufio.NewWriterSize(lf, 1<<20)

	first := 2024 - years + 1
	w.WriteString("\ufeff\"Data Source\",\"World Development Indicators\",\r\n\r\n\"Last Updated Date\",\"2024-12-16\",\r\n\r\n")
	w.WriteString(`"Country Name","Country Code","Indicator Name","Indicator Code"`)
	for y := first; y <= 2024; y++ {
		fmt.Fprintf(w, `,"%d"`, y)
	}
	w.WriteString(",\r\n")
	l.WriteString("area,indicator,year,value\n")

	codes := make([]string, indicators)
	names := make([]string, indicators)
	scale := make([]float64, indicators)
	for i := range codes {
		codes[i] = fmt.Sprintf("BENCH.IND.%04d", i+1)
		names[i] = fmt.Sprintf("Benchmark indicator %d, synthetic (%% of total)", i+1)
		scale[i] = math.Pow(10, float64(i%14)-1) // 0.1 … 1e12, like WDI's shares, counts and dollars
	}
	rng := rand.New(rand.NewPCG(13, 2026))
	var num []byte
	for _, a := range areas {
		for i, code := range codes {
			fmt.Fprintf(w, `"%s","%s","%s","%s"`, a.Names["en"], a.Code, names[i], code)
			for y := first; y <= 2024; y++ {
				g.Cells++
				if rng.Float64() < emptyShare {
					w.WriteString(`,""`)
					continue
				}
				num = wdiNumber(num[:0], scale[i]*(0.5+rng.Float64()))
				w.WriteString(`,"`)
				w.Write(num)
				w.WriteByte('"')
				l.WriteString(a.Code)
				l.WriteByte(',')
				l.WriteString(code)
				l.WriteByte(',')
				l.WriteString(strconv.Itoa(y))
				l.WriteByte(',')
				l.Write(num)
				l.WriteByte('\n')
				g.Values++
			}
			w.WriteString(",\r\n")
		}
	}
	if err := w.Flush(); err != nil {
		return g, err
	}
	if err := l.Flush(); err != nil {
		return g, err
	}
	for _, f := range []struct {
		name string
		n    *int64
	}{{g.Wide, &g.WideBytes}, {g.Long, &g.LongBytes}} {
		st, err := os.Stat(f.name)
		if err != nil {
			return g, err
		}
		*f.n = st.Size()
	}
	return g, nil
}

// wdiNumber writes v as the World Bank writes numbers: at most 15
// significant digits, never an exponent ("45.1758990985201", "669100000").
func wdiNumber(b []byte, v float64) []byte {
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}
