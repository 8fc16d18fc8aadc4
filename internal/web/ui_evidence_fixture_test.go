package web_test

import (
	"context"
	"testing"

	"roundtable/internal/store"
)

// The hand-written evidence of the page tests: a few real values from the
// shipped World Bank files (wdi_all_areas.csv, the 2026 release, and the
// 2020 release's supplement), written here by hand, so that what a page
// shows is compared with the file and not with the code's own reading.
//
//	ARG SP.DYN.LE00.IN 2020 75.878, 2021 73.948, 2022 75.806, 2023 77.395, 2024 77.543
//	BOL SP.DYN.LE00.IN 2013 66.777, 2023 68.581, 2024 68.739
//	CHN SP.DYN.LE00.IN 2013 76.452, 2024 78.017
//	LCN SP.DYN.LE00.IN 2024 75.8179100020065; WLD 2024 73.4818184164654
//	BOL SI.POV.DDAY ($3.00, 2026 release) 2023 2.8, 2024 2.1
//	BOL SI.POV.DDAY ($1.90, 2020 release) 2017 5.8, 2018 4.5
type fixtureObs struct {
	series int64
	area   string
	year   int
	value  float64
}

const (
	fxLife    = 901 // SP.DYN.LE00.IN, World Bank WDI 2026-07-01
	fxPov300  = 902 // SI.POV.DDAY, World Bank WDI 2026-07-01 ($3.00)
	fxPov190  = 903 // SI.POV.DDAY, World Bank WDI 2020-07-01 ($1.90)
	fxNoChina = 904 // SE.ADT.LITR.ZS with Argentina only: China has no data
)

var fixtureObservations = []fixtureObs{
	{fxLife, "ARG", 2020, 75.878}, {fxLife, "ARG", 2021, 73.948}, {fxLife, "ARG", 2022, 75.806}, {fxLife, "ARG", 2023, 77.395}, {fxLife, "ARG", 2024, 77.543},
	{fxLife, "BOL", 2013, 66.777}, {fxLife, "BOL", 2023, 68.581}, {fxLife, "BOL", 2024, 68.739},
	{fxLife, "CHN", 2013, 76.452}, {fxLife, "CHN", 2024, 78.017},
	{fxLife, "LCN", 2024, 75.8179100020065}, {fxLife, "WLD", 2024, 73.4818184164654},
	{fxPov300, "BOL", 2023, 2.8}, {fxPov300, "BOL", 2024, 2.1},
	{fxPov190, "BOL", 2017, 5.8}, {fxPov190, "BOL", 2018, 4.5},
	{fxNoChina, "ARG", 2022, 99.1},
}

// insertEvidence writes the fixture through the store. Tests only: the
// application writes evidence through evidence.Service.
func insertEvidence(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	now := store.Now()
	err := db.Write(ctx, func(tx *store.Tx) error {
		for _, a := range [][4]string{
			{"ARG", "economy", "AR", `{"en":"Argentina","es":"Argentina","zh":"阿根廷"}`},
			{"BOL", "economy", "BO", `{"en":"Bolivia","es":"Bolivia","zh":"玻利维亚"}`},
			{"CHN", "economy", "CN", `{"en":"China","es":"China","zh":"中国"}`},
			{"LCN", "aggregate", "", `{"en":"Latin America & Caribbean","es":"América Latina y el Caribe"}`},
			{"WLD", "aggregate", "", `{"en":"World","es":"Mundo","zh":"世界"}`},
		} {
			if _, err := tx.Exec(ctx, "INSERT INTO evidence_areas (code, kind, iso2, names) VALUES (?, ?, ?, ?)", a[0], a[1], a[2], a[3]); err != nil {
				return err
			}
		}
		for _, in := range [][6]any{
			{"SP.DYN.LE00.IN", `{"en":"Life expectancy at birth, total (years)","es":"Esperanza de vida al nacer, total (años)","zh":"出生时预期寿命（岁）","fr":"Espérance de vie à la naissance, total (années)","pt":"Expectativa de vida ao nascer, total (anos)"}`, `{"en":"years","es":"años"}`, "health", 1, `["right-to-health"]`},
			{"SI.POV.DDAY", `{"en":"Poverty headcount ratio at the international poverty line (% of population)","es":"Tasa de incidencia de la pobreza extrema (% de la población)"}`, `{"en":"% of population"}`, "poverty", -1, `[]`},
			{"SE.ADT.LITR.ZS", `{"en":"Literacy rate, adult total (% of people ages 15 and above)","es":"Tasa de alfabetización, total de adultos"}`, `{}`, "education", 1, `[]`},
		} {
			if _, err := tx.Exec(ctx, "INSERT INTO indicators (code, names, units, topic, higher_is_better, concepts, sdg_targets, decimals, updated_at) VALUES (?, ?, ?, ?, ?, ?, '[\"3.2\"]', 1, ?)",
				in[0], in[1], in[2], in[3], in[4], in[5], now); err != nil {
				return err
			}
		}
		for _, se := range []struct {
			id                        int64
			code, vintage, name, note string
		}{
			{fxLife, "SP.DYN.LE00.IN", "2026-07-01", "Life expectancy at birth, total (years)", ""},
			{fxPov300, "SI.POV.DDAY", "2026-07-01", "Poverty headcount ratio at $3.00 a day (2021 PPP) (% of population)", ""},
			{fxPov190, "SI.POV.DDAY", "2020-07-01", "Poverty headcount ratio at $1.90 a day (2011 PPP) (% of population)", ""},
			{fxNoChina, "SE.ADT.LITR.ZS", "2026-07-01", "Literacy rate", ""},
		} {
			n, first, last := 0, 0, 0
			for _, o := range fixtureObservations {
				if o.series != se.id {
					continue
				}
				if n == 0 || o.year < first {
					first = o.year
				}
				last, n = max(last, o.year), n+1
			}
			if _, err := tx.Exec(ctx, "INSERT INTO indicator_series (id, indicator_code, source, vintage, name, licence, source_url, revision, observations, first_year, last_year, updated_at) VALUES (?, ?, 'World Bank WDI', ?, ?, 'CC-BY-4.0', 'https://data.worldbank.org/', 1, ?, ?, ?, ?)",
				se.id, se.code, se.vintage, se.name, n, first, last, now); err != nil {
				return err
			}
		}
		for _, o := range fixtureObservations {
			if _, err := tx.Exec(ctx, "INSERT INTO observations (series_id, area, year, value) VALUES (?, ?, ?, ?)", o.series, o.area, o.year, o.value); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// evidenceSite is a site with the hand-written evidence.
func evidenceSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	s := newSite(t, db)
	insertEvidence(t, db)
	return s
}
