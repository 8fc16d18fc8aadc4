package peers_test

import (
	"math"
	"strings"
	"testing"

	"roundtable/internal/evidence"
	"roundtable/internal/evidence/evidencetest"
	"roundtable/internal/evidence/peers"
)

// shipped is the World Bank file that ships with Roundtable, one panel
// per indicator, and the shipped areas.
var shipped = evidencetest.ShippedWDI

func bolivia(from, to, limit int) []peers.Suggestion {
	p, areas := shipped()
	return peers.Suggest(peers.Input{
		Country: "BOL", Indicator: p["SH.DYN.MORT"], Direction: evidence.LowerBetter, From: from, To: to,
		Income: p["NY.GDP.PCAP.PP.CD"], Population: p["SP.POP.TOTL"], Areas: areas, Limit: limit,
	})
}

func codes(ss []peers.Suggestion) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Peer)
	}
	return strings.Join(out, " ")
}

// Bolivia's under-5 mortality fell from 70.7 (2000) to 19.3 (2020) deaths
// per 1,000 live births, 2.57 a year. Worked out by hand from
// wdi_all_areas.csv with the rule: economies that started 2000 between
// 56.6 and 88.4, with GDP per capita (PPP) in 2000 between 2,057 and 8,226
// (Bolivia 4,113) and population between 1.72 and 43.0 million (Bolivia
// 8.61 million), ranked by their fall per year: Azerbaijan 74.3 → 21.5
// (2.64), Mongolia 62.5 → 14.8 (2.385), Uzbekistan 60.7 → 15.1 (2.28),
// Namibia 78.2 → 44.8 (1.67), Papua New Guinea 72.0 → 44.7 (1.365); then
// Turkmenistan (1.29). Left out: São Tomé and Príncipe (3.305 a year, GDP
// 1,830 and 144 thousand people), Bhutan (2.82; 597 thousand people),
// Bangladesh (2.705; GDP 1,512, 135 million people), South Africa (1.875;
// 47.2 million people). No South American economy started within the band.
func TestBoliviaUnderFiveMortality(t *testing.T) {
	got := bolivia(2000, 2020, 5)
	if c := codes(got); c != "AZE MNG UZB NAM PNG" {
		t.Fatalf("peers of Bolivia 2000-2020 = %q, want AZE MNG UZB NAM PNG", c)
	}
	aze := got[0]
	if aze.Start != (evidence.Point{Year: 2000, Value: 74.3}) || aze.End != (evidence.Point{Year: 2020, Value: 21.5}) {
		t.Errorf("Azerbaijan start %v end %v, want 2000 74.3 and 2020 21.5", aze.Start, aze.End)
	}
	near(t, "Azerbaijan change", aze.Change, -52.8)
	near(t, "Azerbaijan per year", aze.PerYear, 2.64)
	if aze.Region != "145" {
		t.Errorf("Azerbaijan region %q, want 145 (Western Asia)", aze.Region)
	}
	want := []struct {
		code           string
		value, country float64
		year           int
	}{
		{peers.SimilarStart, 74.3, 70.7, 2000},
		{peers.SimilarIncome, 3439, 4113, 2000},
		{peers.SimilarPopulation, 8048600, 8606326, 2000},
		{peers.Improved, 2.64, 2.57, 0},
	}
	if len(aze.Reasons) != len(want) {
		t.Fatalf("Azerbaijan reasons %+v, want %d", aze.Reasons, len(want))
	}
	for i, w := range want {
		r := aze.Reasons[i]
		if r.Code != w.code || r.Year != w.year || math.Abs(r.Value-w.value) > 0.5 || math.Abs(r.Country-w.country) > 0.5 {
			t.Errorf("Azerbaijan reason %d = %+v, want %s %v (Bolivia %v) %d", i, r, w.code, w.value, w.country, w.year)
		}
	}
	near(t, "Papua New Guinea per year", got[4].PerYear, 1.365)

	if c := codes(bolivia(2000, 2020, 6)); c != "AZE MNG UZB NAM PNG TKM" {
		t.Errorf("six peers = %q, want Turkmenistan sixth", c)
	}
	// 2004-2024 (the latest twenty years): Bolivia 54.5 → 15.7.
	if c := codes(bolivia(2004, 2024, 5)); c != "AZE UZB MNG MAR GTM" {
		t.Errorf("peers 2004-2024 = %q, want AZE UZB MNG MAR GTM", c)
	}
}

func TestNoSuggestions(t *testing.T) {
	p, areas := shipped()
	in := peers.Input{Country: "BOL", Indicator: p["SH.DYN.MORT"], Direction: evidence.LowerBetter, From: 2000, To: 2020,
		Income: p["NY.GDP.PCAP.PP.CD"], Population: p["SP.POP.TOTL"], Areas: areas}
	for name, change := range map[string]func(*peers.Input){
		"no better direction":    func(in *peers.Input) { in.Indicator, in.Direction = p["SP.POP.TOTL"], evidence.Neither },
		"country without data":   func(in *peers.Input) { in.Country = "TWN" },
		"window before the data": func(in *peers.Input) { in.From, in.To = 1900, 1920 },
		"window reversed":        func(in *peers.Input) { in.From, in.To = 2020, 2000 },
		"unknown country":        func(in *peers.Input) { in.Country = "XXX" },
	} {
		in := in
		change(&in)
		if got := peers.Suggest(in); len(got) != 0 {
			t.Errorf("%s: %d suggestions, want none", name, len(got))
		}
	}
}

// Aggregates are never peers, and without income and population panels
// the rule compares the start alone.
func TestOnlyEconomies(t *testing.T) {
	p, areas := shipped()
	got := peers.Suggest(peers.Input{Country: "BOL", Indicator: p["SH.DYN.MORT"], Direction: evidence.LowerBetter,
		From: 2000, To: 2020, Areas: areas, Limit: 300})
	kinds := map[string]string{}
	for _, a := range areas {
		kinds[a.Code] = a.Kind
	}
	for _, s := range got {
		if kinds[s.Peer] != evidence.Economy {
			t.Errorf("%s (%s) suggested", s.Peer, kinds[s.Peer])
		}
		for _, r := range s.Reasons {
			if r.Code == peers.SimilarIncome || r.Code == peers.SimilarPopulation {
				t.Errorf("%s: reason %s without the panel", s.Peer, r.Code)
			}
		}
	}
	// São Tomé and Príncipe fell fastest of those that started near Bolivia.
	if len(got) == 0 || got[0].Peer != "STP" {
		t.Errorf("first peer on the start alone = %q, want STP", codes(got[:min(1, len(got))]))
	}
}

// The same region counts in favour: when none of the first peers is in
// the country's region, the best-improving qualifying one from the region
// takes the last place.
func TestSameRegionTakesLastPlace(t *testing.T) {
	se := evidence.Series{Indicator: "X"}
	ind := evidence.NewPanel(se, map[string][]evidence.Point{
		"AAA": pts(2000, 100, 2010, 50), // the country: -5 a year
		"BBB": pts(2000, 100, 2010, 10), // -9
		"CCC": pts(2000, 110, 2010, 30), // -8
		"DDD": pts(2000, 90, 2010, 30),  // -6, same region
		"EEE": pts(2000, 95, 2010, 40),  // -5.5, same region
		"FFF": pts(2000, 100, 2010, 120),
		"GGG": pts(2000, 300, 2010, 10), // started far away
		"WLD": pts(2000, 100, 2010, 0),  // an aggregate
	})
	areas := []evidence.Area{
		{Code: "AAA", Kind: evidence.Economy, Region: "005"}, {Code: "BBB", Kind: evidence.Economy, Region: "030"},
		{Code: "CCC", Kind: evidence.Economy, Region: "145"}, {Code: "DDD", Kind: evidence.Economy, Region: "005"},
		{Code: "EEE", Kind: evidence.Economy, Region: "005"}, {Code: "FFF", Kind: evidence.Economy, Region: "005"},
		{Code: "GGG", Kind: evidence.Economy, Region: "005"}, {Code: "WLD", Kind: evidence.Aggregate},
	}
	in := peers.Input{Country: "AAA", Indicator: ind, Direction: evidence.LowerBetter, From: 2000, To: 2010, Areas: areas, Limit: 2}
	got := peers.Suggest(in)
	if c := codes(got); c != "BBB DDD" {
		t.Fatalf("limit 2 = %q, want BBB then DDD from the region in CCC's place", c)
	}
	last := got[1].Reasons
	if r := last[len(last)-2]; r.Code != peers.SameRegion || r.Region != "005" {
		t.Errorf("DDD's reasons %+v, want same_region 005", last)
	}
	in.Limit = 3
	if c := codes(peers.Suggest(in)); c != "BBB CCC DDD" {
		t.Errorf("limit 3 = %q, want BBB CCC DDD (the region already in)", c)
	}
	in.Limit = 0
	if c := codes(peers.Suggest(in)); c != "BBB CCC DDD EEE" {
		t.Errorf("default limit = %q, want the four that improved", c)
	}
	// Higher is better turns the ranking: only FFF rose.
	in.Direction = evidence.HigherBetter
	if c := codes(peers.Suggest(in)); c != "FFF" {
		t.Errorf("higher is better = %q, want FFF", c)
	}
}

// A window's edges move inward by up to two years to find data, and a
// span shorter than half the window is not compared.
func TestWindowEdges(t *testing.T) {
	p := evidence.NewPanel(evidence.Series{}, map[string][]evidence.Point{
		"AAA": pts(2001, 10, 2002, 11, 2018, 20),
		"BBB": pts(2003, 10, 2020, 20),
		"CCC": pts(2000, 10, 2009, 20),
	})
	for _, c := range []struct {
		area       string
		ok         bool
		start, end int
	}{{"AAA", true, 2001, 2018}, {"BBB", false, 0, 0}, {"CCC", false, 0, 0}} {
		s, e, ok := peers.Window(p, c.area, 2000, 2020)
		if ok != c.ok || (ok && (s.Year != c.start || e.Year != c.end)) {
			t.Errorf("Window(%s) = %v %v %v, want %v %d %d", c.area, s, e, ok, c.ok, c.start, c.end)
		}
	}
	if _, _, ok := peers.Window(p, "CCC", 2000, 2010); !ok {
		t.Error("CCC 2000-2010 has 2000 and 2009: want a window")
	}
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// pts makes points from year, value pairs.
func pts(yv ...float64) []evidence.Point {
	var out []evidence.Point
	for i := 0; i+1 < len(yv); i += 2 {
		out = append(out, evidence.Point{Year: int(yv[i]), Value: yv[i+1]})
	}
	return out
}
