package groups_test

import (
	"math"
	"slices"
	"testing"

	"roundtable/internal/evidence"
	"roundtable/internal/evidence/groups"
)

// The 33 members of CELAC (data/countries: celac_members.csv).
var celac = []string{"ATG", "ARG", "BHS", "BRB", "BLZ", "BOL", "BRA", "CHL", "COL", "CRI", "CUB", "DMA", "DOM",
	"ECU", "SLV", "GRD", "GTM", "GUY", "HTI", "HND", "JAM", "MEX", "NIC", "PAN", "PRY", "PER", "KNA", "LCA",
	"VCT", "SUR", "TTO", "URY", "VEN"}

func TestBuildFollowsM49(t *testing.T) {
	l := groups.Build(celac)
	want := map[string][]string{
		groups.SouthAmerica:   {"ARG", "BOL", "BRA", "CHL", "COL", "ECU", "GUY", "PER", "PRY", "SUR", "URY", "VEN"},
		groups.CentralAmerica: {"BLZ", "CRI", "GTM", "HND", "MEX", "NIC", "PAN", "SLV"},
		groups.Caribbean:      {"ATG", "BHS", "BRB", "CUB", "DMA", "DOM", "GRD", "HTI", "JAM", "KNA", "LCA", "TTO", "VCT"},
	}
	for code, members := range want {
		g, ok := l.Get(code)
		if !ok || !slices.Equal(g.Members, members) {
			t.Errorf("%s = %v, want %v", code, g.Members, members)
		}
	}
	if g, _ := l.Get(groups.CELAC); len(g.Members) != 33 {
		t.Errorf("CELAC has %d members, want 33", len(g.Members))
	}
	if g, _ := l.Get(groups.ChinaCELAC); len(g.Members) != 34 || !slices.Contains(g.Members, "CHN") {
		t.Errorf("China + CELAC = %v", g.Members)
	}
	if areas, ok := l.Members(groups.World); !ok || !slices.Equal(areas, []string{"WLD"}) {
		t.Errorf("the world adds up %v, want the source's WLD", areas)
	}
	for _, g := range l {
		for _, lang := range []string{"en", "es", "pt", "zh", "fr"} {
			if g.Names[lang] == "" {
				t.Errorf("%s has no %s name", g.Code, lang)
			}
		}
	}
}

func panel(indicator string, year int, values map[string]float64) *evidence.Panel {
	by := map[string][]evidence.Point{}
	for a, v := range values {
		by[a] = []evidence.Point{{Year: year, Value: v}}
	}
	return evidence.NewPanel(evidence.Series{ID: 1, Indicator: indicator, Source: "World Bank WDI", Vintage: "2026-07-01"}, by)
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-3 }

// South America in 2023, wdi_all_areas.csv: life expectancy at birth
// (SP.DYN.LE00.IN) and population (SP.POP.TOTL).
var (
	saLife = map[string]float64{"ARG": 77.395, "BOL": 68.581, "BRA": 75.848, "CHL": 81.167, "COL": 77.725, "ECU": 77.392,
		"GUY": 70.18, "PRY": 73.844, "PER": 77.74, "SUR": 73.631, "URY": 78.138, "VEN": 72.514}
	saPop = map[string]float64{"ARG": 45538401, "BOL": 12244159, "BRA": 211140729, "CHL": 19658835, "COL": 52321152,
		"ECU": 17980083, "GUY": 826353, "PRY": 6844146, "PER": 33845617, "SUR": 628886, "URY": 3388081, "VEN": 28300854}
)

func without(m map[string]float64, drop string) map[string]float64 {
	out := map[string]float64{}
	for k, v := range m {
		if k != drop {
			out[k] = v
		}
	}
	return out
}

func TestPopulationWeightedMeanAndCoverage(t *testing.T) {
	sa, _ := groups.Build(celac).Get(groups.SouthAmerica)
	pop := panel("SP.POP.TOTL", 2023, saPop)
	rule := groups.RuleFor("SP.DYN.LE00.IN")
	if rule != groups.PopulationWeightedMean {
		t.Fatalf("life expectancy rule = %v", rule)
	}

	// Every member: Σ(life × population) / Σ population = 76.240 (the
	// plain mean of the twelve would be 75.347).
	y, ok := groups.Aggregate(panel("SP.DYN.LE00.IN", 2023, saLife), pop, sa, rule).At(2023)
	if !ok || !near(y.Value, 76.240) || y.Coverage != 1 || y.Reporting != 12 {
		t.Errorf("South America 2023 = %+v (shown %v), want 76.240 over all 12", y, ok)
	}

	// Guyana missing: 99.8 % of the population still reports; 76.252.
	y, ok = groups.Aggregate(panel("SP.DYN.LE00.IN", 2023, without(saLife, "GUY")), pop, sa, rule).At(2023)
	if !ok || !near(y.Value, 76.252) || !near(y.Coverage, 0.99809) || !slices.Equal(y.Missing, []string{"GUY"}) {
		t.Errorf("without Guyana = %+v (shown %v), want 76.252 at coverage 0.998", y, ok)
	}

	// A claim check asks the same through Figure (the latest year shown).
	v, at, cov, weighted, ok := groups.Build(celac).Figure(groups.SouthAmerica, panel("SP.DYN.LE00.IN", 2023, without(saLife, "GUY")), pop, 0)
	if !ok || !near(v, 76.252) || at != 2023 || !near(cov, 0.99809) || !weighted {
		t.Errorf("Figure = %v in %d at coverage %v (weighted %v, ok %v), want 76.252 in 2023 at 0.998", v, at, cov, weighted, ok)
	}

	// Brazil missing: the others hold 51.2 % of the population, under
	// two-thirds, so there is no figure for 2023.
	res := groups.Aggregate(panel("SP.DYN.LE00.IN", 2023, without(saLife, "BRA")), pop, sa, rule)
	y, ok = res.At(2023)
	if ok || !near(y.Coverage, 0.51206) {
		t.Errorf("without Brazil = %+v (shown %v), want withheld at coverage 0.512", y, ok)
	}
	if _, ok := res.Latest(); ok {
		t.Error("a withheld year must not be the latest figure")
	}
}

func TestSumNeedsEveryMember(t *testing.T) {
	ca, _ := groups.Build(celac).Get(groups.CentralAmerica)
	// Population 2025 of the eight (wdi_all_areas.csv).
	pop := map[string]float64{"BLZ": 422924, "CRI": 5152950, "SLV": 6365503, "GTM": 18687881, "HND": 11005850,
		"MEX": 131946900, "NIC": 7007502, "PAN": 4571189}
	full := panel("SP.POP.TOTL", 2025, pop)
	y, ok := groups.Aggregate(full, full, ca, groups.RuleFor("SP.POP.TOTL")).At(2025)
	if !ok || y.Value != 185160699 {
		t.Errorf("Central America 2025 = %+v, want 185160699", y)
	}
	part := panel("SP.POP.TOTL", 2025, without(pop, "BLZ"))
	y, ok = groups.Aggregate(part, full, ca, groups.Sum).At(2025)
	if ok || y.Value != 0 {
		t.Errorf("a total without Belize = %+v (shown %v), want withheld", y, ok)
	}
}

func TestMedianAndWorld(t *testing.T) {
	sa, _ := groups.Build(celac).Get(groups.SouthAmerica)
	// The sixth and seventh of the twelve sorted: 75.848 (BRA), 77.392 (ECU).
	y, ok := groups.Aggregate(panel("SP.DYN.LE00.IN", 2023, saLife), panel("SP.POP.TOTL", 2023, saPop), sa, groups.Median).At(2023)
	if !ok || !near(y.Value, 76.62) {
		t.Errorf("median = %+v, want 76.62", y)
	}

	// The world is the source's WLD row, as it is (life expectancy 2023).
	w, _ := groups.Build(celac).Get(groups.World)
	life := panel("SP.DYN.LE00.IN", 2023, map[string]float64{"WLD": 73.3302230276374, "BRA": 75.848})
	res := groups.Aggregate(life, panel("SP.POP.TOTL", 2023, saPop), w, groups.RuleFor("SP.DYN.LE00.IN"))
	if y, ok := res.Latest(); !ok || y.Value != 73.3302230276374 || res.SourceArea != "WLD" {
		t.Errorf("world = %+v, want the WLD row", res)
	}
}
