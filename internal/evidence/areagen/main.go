// Command areagen writes data/indicators/areas.json, the 264 World Bank
// areas that the shipped observations name, with their names in the five
// working languages, ISO codes and UN M49 region.
//
// Run from the module root:
//
//	go run ./internal/evidence/areagen
//
// Inputs, all in the repository:
//   - data/indicators/wdi_areas.csv: code, World Bank name, is_aggregate
//     (the 217 economies and 47 aggregates; see data/indicators/SOURCES.md);
//   - data/countries/countries.json: the forum's participants, whose names
//     are the forum's official ones.
//
// Other economies take their names, ISO 3166 alpha-2 and numeric codes and
// region from the CLDR data in golang.org/x/text, with the corrections in
// nameFixes; aggregates take the names in aggregateNames. The output is
// deterministic: running the command twice gives the same bytes.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"roundtable/internal/evidence"
)

var langs = []struct {
	code string
	tag  language.Tag
}{{"en", language.English}, {"es", language.Spanish}, {"pt", language.Portuguese}, {"zh", language.Chinese}, {"fr", language.French}}

// subRegions are the UN M49 regions an economy is filed under: the
// intermediate region where M49 defines one (South America, Central
// America, the Caribbean and the four parts of sub-Saharan Africa), else the
// sub-region. Every economy lies in exactly one of them.
var subRegions = []string{
	"005", "013", "029", "021", // South America, Central America, Caribbean, Northern America
	"011", "014", "017", "018", "015", // Western, Eastern, Middle, Southern, Northern Africa
	"030", "034", "035", "143", "145", // Eastern, Southern, South-eastern, Central, Western Asia
	"039", "151", "154", "155", // Southern, Eastern, Northern, Western Europe
	"053", "054", "057", "061", // Australia and New Zealand, Melanesia, Micronesia, Polynesia
}

func main() {
	out := "data/indicators/areas.json"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	areas, err := build("data/indicators/wdi_areas.csv", "data/countries/countries.json")
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(areas); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "areagen: %d areas written to %s\n", len(areas), out)
}

type participant struct {
	ISO3    string            `json:"iso3"`
	ISO2    string            `json:"iso2"`
	Numeric string            `json:"numeric"`
	Names   map[string]string `json:"names"`
}

func build(areasCSV, countriesJSON string) ([]evidence.Area, error) {
	f, err := os.Open(areasCSV)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(countriesJSON)
	if err != nil {
		return nil, err
	}
	var ps []participant
	if err := json.Unmarshal(b, &ps); err != nil {
		return nil, err
	}
	forum := map[string]participant{}
	for _, p := range ps {
		forum[p.ISO3] = p
	}
	var areas []evidence.Area
	for _, r := range rows[1:] {
		code, wbName, agg := r[0], r[1], r[2] == "true"
		var a evidence.Area
		var err error
		if agg {
			a, err = aggregate(code, wbName)
		} else {
			a, err = economy(code, forum)
		}
		if err != nil {
			return nil, err
		}
		for _, l := range langs {
			if a.Names[l.code] == "" {
				return nil, fmt.Errorf("%s: no %s name", code, l.code)
			}
		}
		areas = append(areas, a)
	}
	slices.SortFunc(areas, func(a, b evidence.Area) int { return strings.Compare(a.Code, b.Code) })
	if n := len(areas); n != 264 {
		return nil, fmt.Errorf("%d areas, want 264", n)
	}
	return areas, nil
}

func aggregate(code, wbName string) (evidence.Area, error) {
	n, ok := aggregateNames[code]
	if !ok {
		return evidence.Area{}, fmt.Errorf("aggregate %s (%s) has no names in aggregateNames", code, wbName)
	}
	return evidence.Area{Code: code, Kind: evidence.Aggregate, Names: map[string]string{
		"en": wbName, "es": n[0], "pt": n[1], "zh": n[2], "fr": n[3],
	}}, nil
}

func economy(code string, forum map[string]participant) (evidence.Area, error) {
	a := evidence.Area{Code: code, Kind: evidence.Economy, Names: map[string]string{}}
	if x, ok := noISO[code]; ok {
		a.Numeric, a.Region = x.numeric, x.region
		a.Names = x.names
		return a, nil
	}
	reg, err := language.ParseRegion(code)
	if err != nil {
		return a, fmt.Errorf("economy %s: %w", code, err)
	}
	a.ISO2 = reg.String()
	a.Numeric = fmt.Sprintf("%03d", reg.M49())
	for _, s := range subRegions {
		if language.MustParseRegion(s).Contains(reg) {
			if a.Region != "" {
				return a, fmt.Errorf("economy %s in two regions %s and %s", code, a.Region, s)
			}
			a.Region = s
		}
	}
	if a.Region == "" {
		return a, fmt.Errorf("economy %s in no M49 region", code)
	}
	if p, ok := forum[code]; ok {
		if p.ISO2 != a.ISO2 || p.Numeric != a.Numeric {
			return a, fmt.Errorf("economy %s: codes %s/%s in countries.json, %s/%s in CLDR", code, p.ISO2, p.Numeric, a.ISO2, a.Numeric)
		}
		for _, l := range langs {
			a.Names[l.code] = p.Names[l.code]
		}
		return a, nil
	}
	fix := nameFixes[code]
	for i, l := range langs {
		if fix[i] != "" {
			a.Names[l.code] = fix[i]
			continue
		}
		n := display.Regions(l.tag).Name(reg)
		if l.code == "en" {
			n = strings.ReplaceAll(n, " & ", " and ")
		}
		a.Names[l.code] = n
	}
	return a, nil
}
