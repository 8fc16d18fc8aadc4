package web_test

import (
	"context"
	"encoding/csv"
	"io"
	"slices"
	"strings"
	"testing"

	"roundtable/internal/evidence"
	"roundtable/internal/store"
)

// shippedSite is a site with the shipped indicators loaded, as serve
// --demo loads them (evidence.Service.LoadShipped).
func shippedSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	s := newSite(t, db)
	if err := evidence.New(db).LoadShipped(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return s
}

// participantCodes are China and the 33 CELAC states.
var participantCodes = strings.Fields("ATG ARG BHS BRB BLZ BOL BRA CHL COL CRI CUB DMA DOM ECU SLV GRD GTM GUY HTI HND JAM MEX NIC PAN PRY PER KNA LCA VCT SUR TTO URY VEN CHN")

// TestEvidenceShippedData: with the shipped World Bank file loaded, the
// life-expectancy map shades all 34 participants, the table gives
// Argentina's 2023 value as the file has it (77.395), the CSV has a row per
// participant, and Bolivia's profile gives the same-yardstick figures
// worked out by hand from the file.
func TestEvidenceShippedData(t *testing.T) {
	s := shippedSite(t, sqliteDB(t))
	c := s.client()

	t.Run("map", func(t *testing.T) {
		d := doc(t, c.get("/evidence/indicators/SP.DYN.LE00.IN"))
		fig := one(t, d, "figure", "id", "map-figure")
		var shaded []string
		for _, g := range find(fig, "g") {
			if iso := attr(g, "data-iso3"); iso != "" && attr(g, "class") == "area area-"+iso {
				shaded = append(shaded, iso)
			}
		}
		slices.Sort(shaded)
		want := slices.Sorted(slices.Values(participantCodes))
		if !slices.Equal(shaded, want) {
			t.Errorf("map shades %d areas %v, want the 34 participants", len(shaded), shaded)
		}
		if cap := text(one(t, fig, "figcaption")); !strings.Contains(cap, "World Bank WDI, release 2026-07-01. Licence: CC BY 4.0.") {
			t.Errorf("map caption %q", cap)
		}
	})

	t.Run("Argentina 2023", func(t *testing.T) {
		d := doc(t, c.get("/evidence/indicators/SP.DYN.LE00.IN?from=2000&to=2023"))
		row := one(t, one(t, d, "table", "id", "slope-table"), "tr", "data-iso3", "ARG")
		cells := find(row, "td")
		if got := attr(cells[1], "data-value"); got != "77.395" || text(cells[1]) != "77.4" {
			t.Errorf("Argentina 2023: %q (data-value %q), want 77.4 (77.395)", text(cells[1]), got)
		}
	})

	t.Run("CSV", func(t *testing.T) {
		res := c.get("/evidence/indicators/SP.DYN.LE00.IN.csv")
		wantStatus(t, res, 200)
		rows, err := csv.NewReader(res.Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 35 {
			t.Fatalf("%d lines, want a header and 34 participants", len(rows))
		}
		for _, r := range rows[1:] {
			if r[0] == "ARG" && (r[3] != "2024" || r[4] != "77.543" || r[5] != "World Bank WDI" || r[6] != "2026-07-01") {
				t.Errorf("Argentina's row %q", r)
			}
		}
	})

	t.Run("Bolivia's figures", func(t *testing.T) {
		d := doc(t, c.get("/evidence/countries/BOL"))
		table := one(t, d, "table", "id", "profile-table")
		figures := func(code string) string { return text(find(one(t, table, "tr", "data-code", code), "td")[2]) }
		// 62.057 in 2000, 68.739 in 2024: +6.682, +10.77 %, (68.739/62.057)^(1/24) − 1 = 0.427 % a year.
		if got := figures("SP.DYN.LE00.IN"); !strings.Contains(got, "Change 2000–2024: +6.7 (+10.8 %)") || !strings.Contains(got, "Annual rate: +0.43 % a year") {
			t.Errorf("life expectancy figures %q", got)
		}
		// 70.7 in 2000, 15.7 in 2024: −55.0, −77.8 %, −2.29 points a year; under SDG 3.2's 25.
		if got := figures("SH.DYN.MORT"); !strings.Contains(got, "Change 2000–2024: −55.0 (−77.8 %)") || !strings.Contains(got, "−2.29 points a year") || !strings.Contains(got, "SDG target 3.2 (25.0): reached") {
			t.Errorf("under-5 mortality figures %q", got)
		}
		if !strings.Contains(figures("SH.DYN.MORT"), "Expected at its income level") {
			t.Errorf("no frontier figure for under-5 mortality: %q", figures("SH.DYN.MORT"))
		}
		row := one(t, table, "tr", "data-code", "SH.DYN.MORT")
		one(t, row, "a", "href", "/evidence/method#target")
		one(t, row, "a", "href", "/evidence/method#frontier")
		img := one(t, one(t, d, "section", "id", "ind-SH.DYN.MORT"), "img")
		res := c.get(attr(img, "src"))
		wantStatus(t, res, 200)
		body, _ := io.ReadAll(res.Body)
		for _, want := range []string{`class="chart chart-line"`, "Bolivia", "CELAC: South America", "CELAC (33 states)", "World (the source&#39;s own total)", "SDG target 3.2: 25.0", "Source: World Bank WDI"} {
			if !strings.Contains(string(body), want) {
				t.Errorf("Bolivia's under-5 mortality chart lacks %q", want)
			}
		}
	})
}
