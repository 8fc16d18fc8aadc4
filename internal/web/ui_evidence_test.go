package web_test

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/store"
)

// cells returns the text of a table row's cells (th and td) by the row's
// data-iso3 or data-code.
func rowCells(t *testing.T, table *html.Node, key, value string) []string {
	t.Helper()
	row := one(t, table, "tr", key, value)
	var out []string
	for c := row.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
			out = append(out, text(c))
		}
	}
	return out
}

// TestEvidenceCatalogue: /evidence lists the indicators by topic in the
// reader's language, each with its unit, its series with source and
// release, its SDG targets and themes; the participants' profiles; the
// method and the map; the navigation leads there.
func TestEvidenceCatalogue(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		insertEvidence(t, s.db)
		c := s.client()
		c.lang = "es"
		res := c.get("/evidence")
		wantStatus(t, res, 200)
		d := doc(t, res)
		if h := text(one(t, d, "h2", "id", "topic-health")); h != "Salud" {
			t.Errorf("health topic headed %q", h)
		}
		life := rowCells(t, d, "data-code", "SP.DYN.LE00.IN")
		if !strings.HasPrefix(life[0], "Esperanza de vida al nacer, total (años)") || life[1] != "años" || life[3] != "2013–2024" {
			t.Errorf("life expectancy row %q", life)
		}
		one(t, one(t, d, "tr", "data-code", "SP.DYN.LE00.IN"), "a", "href", "/concepts/right-to-health")
		pov := one(t, d, "tr", "data-code", "SI.POV.DDAY")
		if got := text(find(pov, "td")[1]); !strings.Contains(got, "edición 2026-07-01") || !strings.Contains(got, "edición 2020-07-01") {
			t.Errorf("poverty's series %q, want both releases", got)
		}
		parts := find(one(t, d, "ul", "class", "evidence-participants"), "a")
		if len(parts) != 34 {
			t.Errorf("%d participants listed, want 34", len(parts))
		}
		one(t, d, "a", "href", "/evidence/countries/BOL")
		one(t, d, "a", "href", "/evidence/method")
		one(t, d, "a", "href", "/evidence/indicators/SP.DYN.LE00.IN#map")
		nav := one(t, one(t, d, "nav", "class", "site-nav"), "a", "href", "/evidence")
		if text(nav) != "Datos" || attr(nav, "aria-current") != "page" {
			t.Errorf("navigation link %q current=%q", text(nav), attr(nav, "aria-current"))
		}
	})
}

// TestEvidenceIndicatorTable: an indicator's table gives each participant's
// latest value with its year, ranked, and the file's values for a chosen
// pair of years; the provenance is under it.
func TestEvidenceIndicatorTable(t *testing.T) {
	s := evidenceSite(t, sqliteDB(t))
	c := s.client()
	d := doc(t, c.get("/evidence/indicators/SP.DYN.LE00.IN"))
	table := one(t, d, "table", "id", "latest-table")
	if got := rowCells(t, table, "data-iso3", "ARG"); !slices.Equal(got, []string{"2", "Argentina", "77.5", "2024"}) {
		t.Errorf("Argentina %q", got)
	}
	if got := rowCells(t, table, "data-iso3", "CHN"); !slices.Equal(got, []string{"1", "China", "78.0", "2024"}) {
		t.Errorf("China %q", got)
	}
	if got := rowCells(t, table, "data-iso3", "PER"); !slices.Equal(got, []string{"", "Peru", "no data", ""}) {
		t.Errorf("Peru %q", got)
	}
	if cap := text(one(t, table, "caption")); !strings.Contains(cap, "Source: World Bank WDI, release 2026-07-01. Licence: CC BY 4.0.") {
		t.Errorf("caption %q", cap)
	}
	d = doc(t, c.get("/evidence/indicators/SP.DYN.LE00.IN?from=2013&to=2023"))
	slope := one(t, d, "table", "id", "slope-table")
	if got := rowCells(t, slope, "data-iso3", "ARG"); !slices.Equal(got, []string{"Argentina", "–", "77.4"}) {
		t.Errorf("Argentina 2013–2023 %q", got)
	}
	if got := rowCells(t, slope, "data-iso3", "BOL"); !slices.Equal(got, []string{"Bolivia", "66.8", "68.6"}) {
		t.Errorf("Bolivia 2013–2023 %q", got)
	}
	c.lang = "fr"
	d = doc(t, c.get("/evidence/indicators/SP.DYN.LE00.IN?from=2013&to=2023"))
	if got := rowCells(t, one(t, d, "table", "id", "slope-table"), "data-iso3", "ARG"); got[2] != "77,4" {
		t.Errorf("French Argentina 2023 %q", got[2])
	}
}

// TestEvidenceIndicatorDownloads: the table as CSV (by its ending and by
// ?format=) parses, with a row per participant with data, the file's
// values to the last digit and the provenance on every row; as JSON too.
func TestEvidenceIndicatorDownloads(t *testing.T) {
	s := evidenceSite(t, sqliteDB(t))
	c := s.client()
	for _, path := range []string{"/evidence/indicators/SP.DYN.LE00.IN.csv", "/evidence/indicators/SP.DYN.LE00.IN?format=csv"} {
		res := c.get(path)
		wantStatus(t, res, 200)
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("%s: content type %q", path, ct)
		}
		rows, err := csv.NewReader(res.Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			{"iso3", "name", "indicator", "year", "value", "source", "vintage", "licence", "series_id"},
			{"CHN", "China", "SP.DYN.LE00.IN", "2024", "78.017", "World Bank WDI", "2026-07-01", "CC-BY-4.0", "901"},
			{"ARG", "Argentina", "SP.DYN.LE00.IN", "2024", "77.543", "World Bank WDI", "2026-07-01", "CC-BY-4.0", "901"},
			{"BOL", "Bolivia", "SP.DYN.LE00.IN", "2024", "68.739", "World Bank WDI", "2026-07-01", "CC-BY-4.0", "901"},
		}
		if len(rows) != len(want) {
			t.Fatalf("%s: %d rows %q", path, len(rows), rows)
		}
		for i := range want {
			if !slices.Equal(rows[i], want[i]) {
				t.Errorf("%s row %d: %q, want %q", path, i, rows[i], want[i])
			}
		}
	}
	res := c.get("/evidence/indicators/SP.DYN.LE00.IN.json")
	wantStatus(t, res, 200)
	var body struct {
		Series struct {
			Vintage string `json:"vintage"`
		} `json:"series"`
		Values []struct {
			ISO3  string  `json:"iso3"`
			Year  int     `json:"year"`
			Value float64 `json:"value"`
		} `json:"values"`
		NoData []string `json:"no_data"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body.Series.Vintage != "2026-07-01" || len(body.Values) != 3 || body.Values[1].ISO3 != "ARG" || body.Values[1].Value != 77.543 || len(body.NoData) != 31 {
		t.Errorf("JSON %+v", body)
	}
}

// TestEvidencePovertyLinesNeverMix: the $3.00 and the $1.90 poverty series
// of SI.POV.DDAY are shown one at a time — the default page holds only the
// newer release's values, the older series' page only its own — and each
// page names the other series apart.
func TestEvidencePovertyLinesNeverMix(t *testing.T) {
	s := evidenceSite(t, sqliteDB(t))
	c := s.client()
	for _, tc := range []struct {
		path          string
		vintage       string
		shows, hidden []string
	}{
		{"/evidence/indicators/SI.POV.DDAY", "2026-07-01", []string{"2.1"}, []string{"4.5", "5.8"}},
		{"/evidence/indicators/SI.POV.DDAY?series=903", "2020-07-01", []string{"4.5"}, []string{"2.1", "2.8"}},
	} {
		res := c.get(tc.path)
		wantStatus(t, res, 200)
		page, _ := io.ReadAll(res.Body)
		d, err := html.Parse(strings.NewReader(string(page)))
		if err != nil {
			t.Fatal(err)
		}
		if got := text(one(t, d, "dd", "id", "series-shown")); !strings.Contains(got, "release "+tc.vintage) {
			t.Errorf("%s: series shown %q", tc.path, got)
		}
		main := text(one(t, d, "main"))
		for _, v := range tc.shows {
			if !strings.Contains(main, v) {
				t.Errorf("%s: %s not shown", tc.path, v)
			}
		}
		for _, v := range tc.hidden {
			if strings.Contains(string(page), ">"+v+"<") || strings.Contains(string(page), ": "+v+"<") || strings.Contains(main, " "+v+" ") {
				t.Errorf("%s: the other series' %s is on the page", tc.path, v)
			}
		}
		other := one(t, d, "section", "id", "other-series")
		if len(find(other, "li")) != 1 {
			t.Errorf("%s: other series %q", tc.path, text(other))
		}
	}
}

// TestEvidenceRefusals: an unknown indicator or country is a 404 in the
// reader's language; a damaged series, year or format a 400 naming it.
func TestEvidenceRefusals(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		insertEvidence(t, s.db)
		c := s.client()
		c.lang = "fr"
		for _, tc := range []struct {
			path   string
			status int
			says   string
		}{
			{"/evidence/indicators/NO.SUCH", 404, "Il n’y a pas d’indicateur NO.SUCH."},
			{"/evidence/countries/XXX", 404, "XXX n’en fait pas partie"},
			{"/evidence/countries/USA", 404, "USA n’en fait pas partie"},
			{"/evidence/indicators/SI.POV.DDAY?series=901", 404, "Cet indicateur n’a pas cette série."},
			{"/evidence/indicators/SI.POV.DDAY?series=abc", 400, "Ce numéro de série n’est pas valide."},
			{"/evidence/indicators/SP.DYN.LE00.IN?from=1800", 400, "Choisissez une année entre 2013 et 2024."},
			{"/evidence/indicators/SP.DYN.LE00.IN?from=2024&to=2020", 400, "La première année doit précéder la dernière."},
			{"/evidence/indicators/SP.DYN.LE00.IN?format=xml", 400, "Choisissez csv ou json"},
			{"/evidence/countries/BOL?peers=ZZZ", 400, "ZZZ n’est pas un code"},
		} {
			res := c.get(tc.path)
			if res.StatusCode != tc.status {
				t.Errorf("%s: status %d, want %d", tc.path, res.StatusCode, tc.status)
				continue
			}
			if got := text(one(t, doc(t, res), "main")); !strings.Contains(got, tc.says) {
				t.Errorf("%s: says %q, want %q", tc.path, got, tc.says)
			}
		}
	})
}

// TestEvidenceProfile: a country's profile gives every indicator with data
// its latest value and year in its default series, says where the country
// has none, and downloads as CSV.
func TestEvidenceProfile(t *testing.T) {
	s := evidenceSite(t, sqliteDB(t))
	c := s.client()
	d := doc(t, c.get("/evidence/countries/CHN"))
	table := one(t, d, "table", "id", "profile-table")
	if got := rowCells(t, table, "data-code", "SP.DYN.LE00.IN"); got[1] != "78.0" || got[2] != "2024" {
		t.Errorf("China's life expectancy %q", got)
	}
	lit := one(t, d, "section", "id", "ind-SE.ADT.LITR.ZS")
	if got := text(one(t, lit, "p", "class", "notice no-data")); got != "No data for China in this series." {
		t.Errorf("no-data message %q", got)
	}
	c.lang = "es"
	d = doc(t, c.get("/evidence/countries/CHN"))
	lit = one(t, d, "section", "id", "ind-SE.ADT.LITR.ZS")
	if got := text(one(t, lit, "p", "class", "notice no-data")); got != "No hay datos de China en esta serie." {
		t.Errorf("Spanish no-data message %q", got)
	}
	// Chosen peers join the country in every chart and its table.
	c.lang = "en"
	d = doc(t, c.get("/evidence/countries/BOL?peers=arg,CHN&from=2013"))
	life := one(t, d, "section", "id", "ind-SP.DYN.LE00.IN")
	var heads []string
	for _, th := range find(one(t, life, "thead"), "th") {
		heads = append(heads, text(th))
	}
	if !slices.Equal(heads[:4], []string{"Year", "Bolivia", "Argentina", "China"}) {
		t.Errorf("the chart's table is headed %q", heads)
	}
	if src := attr(one(t, life, "img"), "src"); !strings.Contains(src, "peers=ARG%2CCHN") || !strings.Contains(src, "from=2013") {
		t.Errorf("the chart %q does not carry the peers and window", src)
	}
	// The country page leads to the profile.
	countryPage := doc(t, c.get("/countries/BOL"))
	link := one(t, countryPage, "a", "id", "development-profile")
	if attr(link, "href") != "/evidence/countries/BOL" || text(link) != "Development profile: indicators and figures" {
		t.Errorf("country page link %q → %q", text(link), attr(link, "href"))
	}
	// And to its commitments.
	link = one(t, countryPage, "a", "id", "country-commitments")
	if attr(link, "href") != "/countries/BOL/commitments" || text(link) != "Commitments of Bolivia" {
		t.Errorf("country page link %q → %q", text(link), attr(link, "href"))
	}
	c.lang = "es"
	res := c.get("/evidence/countries/BOL.csv")
	wantStatus(t, res, 200)
	rows, err := csv.NewReader(res.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"SP.DYN.LE00.IN": {"BOL", "SP.DYN.LE00.IN", "Esperanza de vida al nacer, total (años)", "2024", "68.739", "World Bank WDI", "2026-07-01", "CC-BY-4.0", "901"},
		"SI.POV.DDAY":    {"BOL", "SI.POV.DDAY", "Tasa de incidencia de la pobreza extrema (% de la población)", "2024", "2.1", "World Bank WDI", "2026-07-01", "CC-BY-4.0", "902"},
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows: %q", len(rows), rows)
	}
	for _, r := range rows[1:] {
		if !slices.Equal(r, want[r[1]]) {
			t.Errorf("row %q, want %q", r, want[r[1]])
		}
	}
}

var _ = store.Now
