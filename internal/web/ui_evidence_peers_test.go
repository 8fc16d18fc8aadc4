package web_test

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// The expected figures below were read from the shipped World Bank file
// (wdi_all_areas.csv) by hand and with a short script applying the rule
// of package peers, not by the code under test.

// TestPeerLearningBolivia: Bolivia's under-5 mortality fell from 70.7 to
// 19.3 deaths per 1,000 live births between 2000 and 2020. The economies
// that started within a factor of 1.25, with GDP per capita (PPP) within a
// factor of 2 and population within a factor of 5, and fell fastest, are
// Azerbaijan (74.3 → 21.5), Mongolia, Uzbekistan, Namibia and Papua New
// Guinea; none of them takes part in the forum, so none has statements.
func TestPeerLearningBolivia(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := searchSite(t, db)
		const path = "/evidence/peers?country=BOL&indicator=SH.DYN.MORT&from=2000&to=2020"
		d := doc(t, s.client().get(path))
		list := one(t, d, "ol", "id", "suggestions")
		if got := peerCodes(list); !slices.Equal(got, []string{"AZE", "MNG", "UZB", "NAM", "PNG"}) {
			t.Fatalf("peers of Bolivia = %v, want AZE MNG UZB NAM PNG", got)
		}
		aze := find(list, "li", "data-iso3", "AZE")[0]
		if got := text(one(t, aze, "strong")); got != "Azerbaijan" {
			t.Errorf("first peer named %q", got)
		}
		wantReasons := []string{
			"Started at 74.3 in 2000, close to Bolivia (70.7)",
			"GDP per capita (PPP) of 3,439 international dollars in 2000, near Bolivia’s 4,113",
			"Population of 8.0 million in 2000, near Bolivia’s 8.6 million",
			"Fell by 2.64 a year (Bolivia: 2.57 a year)",
		}
		if got := texts(one(t, aze, "ul", "class", "peer-reasons"), "li"); !slices.Equal(got, wantReasons) {
			t.Errorf("Azerbaijan's reasons:\n%q\nwant\n%q", got, wantReasons)
		}
		if len(find(list, "ul", "class", "peer-statements")) != 0 {
			t.Error("a peer that does not take part in the forum is given a statements list")
		}
		if got := text(one(t, d, "p", "id", "peers-own")); got != "Bolivia went from 70.7 in 2000 to 19.3 in 2020 (per 1,000 live births): 2.57 a year in the better direction." {
			t.Errorf("Bolivia's own line: %q", got)
		}
		fig := one(t, d, "figure", "id", "peers-chart")
		one(t, fig, "svg")
		if got := text(one(t, fig, "figcaption")); got != "Source: World Bank WDI, release 2026-07-01. Licence: CC-BY-4.0. · Download the chart (SVG)" {
			t.Errorf("chart caption %q", got)
		}
		table := one(t, d, "table", "id", "peers-table")
		if got := texts(one(t, table, "thead"), "th"); !slices.Equal(got, []string{"Year", "Bolivia", "Azerbaijan", "Mongolia", "Uzbekistan", "Namibia", "Papua New Guinea"}) {
			t.Errorf("table columns %v", got)
		}
		rows := find(one(t, table, "tbody"), "tr")
		if len(rows) != 21 {
			t.Fatalf("%d table rows, want 21 (2000 to 2020)", len(rows))
		}
		if got := texts(rows[0], "td"); !slices.Equal(got, []string{"70.7", "74.3", "62.5", "60.7", "78.2", "72.0"}) {
			t.Errorf("2000 row %v", got)
		}
		if got := texts(rows[20], "td"); !slices.Equal(got, []string{"19.3", "21.5", "14.8", "15.1", "44.8", "44.7"}) {
			t.Errorf("2020 row %v", got)
		}
		if got := text(one(t, d, "p", "id", "peers-not-compared")); !strings.HasPrefix(got, "21 economies have no data") {
			t.Errorf("not compared: %q", got)
		}

		// The reader's language: French numbers and words.
		c := s.client()
		c.lang = "fr"
		d = doc(t, c.get(path))
		aze = find(one(t, d, "ol", "id", "suggestions"), "li", "data-iso3", "AZE")[0]
		wantFr := []string{
			"Partait de 74,3 en 2000, près de Bolivie (70,7)",
			"PIB par habitant (PPA) de 3\u00a0439 dollars internationaux en 2000, proche des 4\u00a0113 de Bolivie",
			"Population de 8,0 millions en 2000, proche des 8,6 millions de Bolivie",
			"A baissé de 2,64 par an (Bolivie\u00a0: 2,57 par an)",
		}
		if got := texts(one(t, aze, "ul", "class", "peer-reasons"), "li"); !slices.Equal(got, wantFr) {
			t.Errorf("French reasons:\n%q\nwant\n%q", got, wantFr)
		}
		if got := text(one(t, aze, "strong")); got != "Azerbaïdjan" {
			t.Errorf("French name %q", got)
		}
		// Chinese counts people in 万 (ten thousands).
		c.lang = "zh"
		d = doc(t, c.get(path))
		aze = find(one(t, d, "ol", "id", "suggestions"), "li", "data-iso3", "AZE")[0]
		if got := texts(one(t, aze, "ul", "class", "peer-reasons"), "li"); len(got) != 4 || got[2] != "2000年人口为805万，与玻利维亚的861万相近" {
			t.Errorf("Chinese reasons %q", got)
		}
		if got := text(one(t, d, "h2", "id", "result-h")); got != "五岁以下儿童死亡率（每千名活产儿） — 玻利维亚，2000–2020年" {
			t.Errorf("Chinese heading %q", got)
		}
	})
}

// TestPeerLearningSameRegionAndStatements: Türkiye's peers for 2000-2020
// are Kazakhstan, Peru, Iran, Brazil and Iraq. Iraq shares its UN region
// (Western Asia); Brazil takes part in the forum, and its statement on
// its unified health system is tagged with the right to health, one of
// the themes of under-5 mortality.
func TestPeerLearningSameRegionAndStatements(t *testing.T) {
	s := searchSite(t, sqliteDB(t))
	d := doc(t, s.client().get("/evidence/peers?country=TUR&indicator=SH.DYN.MORT&from=2000&to=2020"))
	list := one(t, d, "ol", "id", "suggestions")
	if got := peerCodes(list); !slices.Equal(got, []string{"KAZ", "PER", "IRN", "BRA", "IRQ"}) {
		t.Fatalf("peers of Türkiye = %v", got)
	}
	irq := find(list, "li", "data-iso3", "IRQ")[0]
	if got := texts(one(t, irq, "ul", "class", "peer-reasons"), "li"); !slices.Contains(got, "Same region: Western Asia") {
		t.Errorf("Iraq's reasons %q lack the same region", got)
	}
	for _, code := range []string{"KAZ", "PER", "IRN", "BRA"} {
		for _, r := range texts(find(list, "li", "data-iso3", code)[0], "li") {
			if strings.HasPrefix(r, "Same region") {
				t.Errorf("%s: %q", code, r)
			}
		}
	}
	bra := find(list, "li", "data-iso3", "BRA")[0]
	links := find(one(t, bra, "ul", "class", "peer-statements"), "a")
	var titles []string
	for _, a := range links {
		titles = append(titles, text(a))
		if !strings.HasPrefix(attr(a, "href"), "/statements/") {
			t.Errorf("statement link %q", attr(a, "href"))
		}
	}
	if !slices.Contains(titles, "O Sistema Único de Saúde") {
		t.Errorf("Brazil's statements on the themes: %q, want its health system statement", titles)
	}
	// Peru takes part but said nothing in the demo: it is said so.
	per := find(list, "li", "data-iso3", "PER")[0]
	if got := texts(one(t, per, "ul", "class", "peer-statements"), "li"); !slices.Equal(got, []string{"No statement by Peru on these themes yet."}) {
		t.Errorf("Peru's statements: %q", got)
	}

	c := s.client()
	c.lang = "es"
	d = doc(t, c.get("/evidence/peers?country=TUR&indicator=SH.DYN.MORT&from=2000&to=2020"))
	irq = find(one(t, d, "ol", "id", "suggestions"), "li", "data-iso3", "IRQ")[0]
	if got := texts(one(t, irq, "ul", "class", "peer-reasons"), "li"); !slices.Contains(got, "Misma región: Asia occidental") {
		t.Errorf("Spanish reasons %q", got)
	}
}

// TestPeerLearningDownloads: the table as CSV (every value with its
// series' source, release and licence) and the suggestions as JSON.
func TestPeerLearningDownloads(t *testing.T) {
	s := searchSite(t, sqliteDB(t))
	c := s.client()
	const q = "/evidence/peers?country=BOL&indicator=SH.DYN.MORT&from=2000&to=2020"
	res := c.get(q + "&format=csv")
	if res.StatusCode != 200 || res.Header.Get("Content-Disposition") != `attachment; filename="roundtable-peers-bol-sh-dyn-mort-2000-2020.csv"` {
		t.Fatalf("csv: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	recs, err := csv.NewReader(res.Body).ReadAll()
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], []string{"iso3", "name", "role", "rank", "indicator", "year", "value", "source", "vintage", "licence", "series_id"}) {
		t.Errorf("csv header %v", recs[0])
	}
	if len(recs) != 1+6*21 {
		t.Errorf("%d csv rows, want 126 values and the header", len(recs))
	}
	if got := strings.Join(recs[1][:10], ","); got != "BOL,Bolivia,country,,SH.DYN.MORT,2000,70.7,World Bank WDI,2026-07-01,CC-BY-4.0" {
		t.Errorf("first row %q", got)
	}
	if got := strings.Join(recs[22][:7], ","); got != "AZE,Azerbaijan,peer,1,SH.DYN.MORT,2000,74.3" {
		t.Errorf("first peer row %q", got)
	}

	res = c.get(q + "&format=json")
	var f struct {
		Own struct {
			PerYear float64 `json:"improvement_per_year"`
		} `json:"own"`
		Peers []struct {
			ISO3    string `json:"iso3"`
			Reasons []struct {
				Code    string  `json:"code"`
				Value   float64 `json:"value"`
				Country float64 `json:"country_value"`
				Text    string  `json:"text"`
			} `json:"reasons"`
		} `json:"peers"`
		Values      []json.RawMessage `json:"values"`
		NotCompared int               `json:"not_compared"`
	}
	if err := json.NewDecoder(res.Body).Decode(&f); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if len(f.Peers) != 5 || f.Peers[0].ISO3 != "AZE" || len(f.Values) != 126 || f.NotCompared != 21 {
		t.Fatalf("json: %d peers, first %+v, %d values, %d not compared", len(f.Peers), f.Peers, len(f.Values), f.NotCompared)
	}
	if r := f.Peers[0].Reasons[0]; r.Code != "similar_start" || r.Value != 74.3 || r.Country != 70.7 || r.Text != "Started at 74.3 in 2000, close to Bolivia (70.7)" {
		t.Errorf("first reason %+v", r)
	}
	if f.Own.PerYear < 2.5699 || f.Own.PerYear > 2.5701 {
		t.Errorf("Bolivia's pace %v, want 2.57", f.Own.PerYear)
	}

	// The chart as a file names its source under it.
	res = c.get(q + "&format=svg")
	svg, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.Header.Get("Content-Type") != "image/svg+xml; charset=utf-8" || !strings.HasPrefix(string(svg), "<?xml") ||
		!strings.Contains(string(svg), "Source: World Bank WDI, release 2026-07-01. Licence: CC-BY-4.0.") || !strings.Contains(string(svg), "Azerbaijan") {
		t.Errorf("svg download: %s %.300s", res.Header.Get("Content-Type"), svg)
	}
}

// TestPeerLearningWithoutData: a country without data, an indicator with no
// better direction, and the default window (the country's last twenty
// years) are said in words; bad input is refused.
func TestPeerLearningWithoutData(t *testing.T) {
	s := searchSite(t, sqliteDB(t))
	c := s.client()
	notice := func(path string) string {
		t.Helper()
		return text(one(t, doc(t, c.get(path)), "p", "id", "peers-notice"))
	}
	if got := notice("/evidence/peers?country=ABW&indicator=SH.DYN.MORT"); got != "There are no data for Aruba on this indicator." {
		t.Errorf("Aruba: %q", got)
	}
	if got := notice("/evidence/peers?country=BOL&indicator=SH.DYN.MORT&from=1950&to=1960"); got != "Bolivia has no data for this indicator at the start or end of 1950–1960; choose other years." {
		t.Errorf("1950-1960: %q", got)
	}
	if got := notice("/evidence/peers?country=BOL&indicator=SP.POP.TOTL"); !strings.HasPrefix(got, "This indicator is neither better higher nor better lower") {
		t.Errorf("population: %q", got)
	}
	// The default window ends at Bolivia's latest year, 2024.
	d := doc(t, c.get("/evidence/peers?country=BOL&indicator=SH.DYN.MORT"))
	if got := peerCodes(one(t, d, "ol", "id", "suggestions")); !slices.Equal(got, []string{"AZE", "UZB", "MNG", "MAR", "GTM"}) {
		t.Errorf("2004-2024 peers %v", got)
	}
	if got := attr(one(t, d, "input", "id", "peers-from"), "value"); got != "2004" {
		t.Errorf("window starts %q, want 2004", got)
	}

	for _, b := range []struct{ path, status, message string }{
		{"/evidence/peers?country=BOL&indicator=SH.DYN.MORT&from=abc&to=2020", "400", "Choose a year between 1900 and 2100."},
		{"/evidence/peers?country=BOL&indicator=SH.DYN.MORT&from=2020&to=2000", "400", "The window must span at least two years, the first before the last."},
		{"/evidence/peers?country=WLD&indicator=SH.DYN.MORT", "400", "WLD is not an economy the data know; choose a country from the list."},
		{"/evidence/peers?country=BOL&indicator=SH.DYN.MORT&format=xml", "400", "Choose csv, json or svg as the download format."},
		{"/evidence/peers?country=BOL&indicator=NO.SUCH", "404", "There is no indicator NO.SUCH."},
	} {
		res := c.get(b.path)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if got := http.StatusText(res.StatusCode); res.StatusCode != map[string]int{"400": 400, "404": 404}[b.status] {
			t.Errorf("%s: %d %s, want %s", b.path, res.StatusCode, got, b.status)
		}
		if !strings.Contains(string(body), b.message) {
			t.Errorf("%s: the page does not say %q", b.path, b.message)
		}
	}
}

// TestPeerLearningChooser: without a country and an indicator the page is
// the form, listing economies and the indicators that have a better
// direction (population has none).
func TestPeerLearningChooser(t *testing.T) {
	s := searchSite(t, sqliteDB(t))
	d := doc(t, s.client().get("/evidence/peers"))
	if len(find(d, "section", "id", "peers-result")) != 0 {
		t.Error("a result without a choice")
	}
	var inds, countries []string
	for _, o := range find(one(t, d, "select", "id", "peers-indicator"), "option") {
		inds = append(inds, attr(o, "value"))
	}
	for _, o := range find(one(t, d, "select", "id", "peers-country"), "option") {
		countries = append(countries, attr(o, "value"))
	}
	if !slices.Contains(inds, "SH.DYN.MORT") || slices.Contains(inds, "SP.POP.TOTL") {
		t.Errorf("indicators offered: %v", inds)
	}
	if len(countries) != 217 || !slices.Contains(countries, "BOL") || slices.Contains(countries, "WLD") {
		t.Errorf("%d countries offered, want the 217 economies", len(countries))
	}

	// A theme instead of an indicator: the indicators that measure child
	// mortality (catalogue.json), each a link for the country.
	d = doc(t, s.client().get("/evidence/peers?country=BOL&concept=child-mortality"))
	var links []string
	for _, a := range find(one(t, d, "section", "id", "peers-theme"), "a") {
		links = append(links, attr(a, "href"))
	}
	if !slices.Equal(links, []string{"/evidence/peers?country=BOL&indicator=SH.DYN.MORT", "/evidence/peers?country=BOL&indicator=SP.DYN.IMRT.IN"}) {
		t.Errorf("indicators of child mortality: %v", links)
	}
	if res := s.client().get("/evidence/peers?country=BOL&concept=habeas-corpus"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a theme no indicator measures: %d, want 400", res.StatusCode)
	}
}

func peerCodes(list *html.Node) []string {
	var out []string
	for c := list.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "li" {
			out = append(out, attr(c, "data-iso3"))
		}
	}
	return out
}
