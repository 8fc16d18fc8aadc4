package evidence

import (
	"context"
	"testing"
	"time"

	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// observed reads one stored value of the series (indicator, source, vintage).
func observed(t *testing.T, db *store.DB, indicator, source, vintage, area string, year int) (float64, bool) {
	t.Helper()
	var v float64
	err := db.Reader().QueryRow(context.Background(), `SELECT o.value FROM observations o JOIN indicator_series s ON s.id = o.series_id
		WHERE s.indicator_code = ? AND s.source = ? AND s.vintage = ? AND o.area = ? AND o.year = ?`,
		indicator, source, vintage, area, year).Scan(&v)
	if err != nil {
		return 0, false
	}
	return v, true
}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLoadShipped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := New(db)
		start := time.Now()
		files := map[string]int64{}
		if err := s.LoadShipped(ctx, func(file string, done, total int64) { files[file] = done }); err != nil {
			t.Fatal(err)
		}
		t.Logf("LoadShipped on %s: %v", db.Dialect(), time.Since(start))
		if len(files) != 3 {
			t.Errorf("progress told of %d files, want the 3 of shipped.json", len(files))
		}

		// Values read from the files by hand (zcat | grep).
		for _, c := range []struct {
			indicator, source, vintage, area string
			year                             int
			want                             float64
		}{
			{"SP.POP.TOTL", "World Bank WDI", "2026-07-01", "ARG", 1960, 20386045},
			{"SP.POP.TOTL", "World Bank WDI", "2026-07-01", "WLD", 2025, 8215424893},
			{"SP.DYN.LE00.IN", "World Bank WDI", "2026-07-01", "CHN", 2020, 78.019},
			// The poverty line: $3.00 a day in the 2026 release, $1.90 in 2020's.
			{"SI.POV.DDAY", "World Bank WDI", "2026-07-01", "BOL", 2018, 4.7},
			{"SI.POV.DDAY", "World Bank WDI", "2020-07-01", "BOL", 2018, 4.5},
			{"hdi_human_development_index", "Gapminder Systema Globalis", "2025-07-15", "BRA", 1990, 0.641},
		} {
			got, ok := observed(t, db, c.indicator, c.source, c.vintage, c.area, c.year)
			if !ok || got != c.want {
				t.Errorf("%s %s %s %d = %v (found %v), want %v", c.indicator, c.vintage, c.area, c.year, got, ok, c.want)
			}
		}
		// The two poverty series stay apart.
		pov, err := s.Series(ctx, "SI.POV.DDAY")
		if err != nil {
			t.Fatal(err)
		}
		if len(pov) != 2 || pov[0].Vintage != "2026-07-01" || pov[1].Vintage != "2020-07-01" {
			t.Fatalf("SI.POV.DDAY series: %+v", pov)
		}
		if pov[0].Observations != 2980 || pov[1].Observations != 417 {
			t.Errorf("SI.POV.DDAY observations %d and %d, want 2980 (all areas, 2026) and 417 (CELAC and China, 2020)", pov[0].Observations, pov[1].Observations)
		}
		if pov[1].Name != "Poverty headcount ratio at $1.90 a day (2011 PPP) (% of population)" || pov[1].Licence != "CC-BY-4.0" {
			t.Errorf("2020 series name %q licence %q", pov[1].Name, pov[1].Licence)
		}
		// The manifest's vintage for one indicator of a file.
		if nahc, _ := s.Series(ctx, "SI.POV.NAHC"); len(nahc) != 1 || nahc[0].Vintage != "2026-05-01" || nahc[0].Observations != 1172 {
			t.Errorf("SI.POV.NAHC series: %+v", nahc)
		}
		if n := count(t, db, "SELECT count(*) FROM observations"); n != 226162+4970+2955 {
			t.Errorf("%d observations, want 226162 + 4970 + 2955 (the rows of the three files)", n)
		}
		// Every indicator of the shipped files is in the catalogue, named
		// in the five languages (an indicator only a file names would have
		// its English name alone).
		all, err := s.Indicators(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 32 {
			t.Errorf("%d indicators, want the 22 WDI, 5 Gapminder and 5 more of the 2020 release", len(all))
		}
		for _, in := range all {
			if len(in.Names) != 5 {
				t.Errorf("%s is named in %d languages: %v", in.Code, len(in.Names), in.Names)
			}
		}
		if in, err := s.Indicator(ctx, "SP.POP.TOTL"); err != nil || in.Names["es"] != "Población, total" {
			t.Errorf("SP.POP.TOTL: %+v %v", in.Names, err)
		}
		if n := count(t, db, "SELECT count(*) FROM evidence_areas"); n != 264 {
			t.Errorf("%d areas, want 264", n)
		}

		// A second load finds every file imported and changes nothing.
		audits := count(t, db, "SELECT count(*) FROM audit_log")
		imports := count(t, db, "SELECT count(*) FROM evidence_imports")
		revs := count(t, db, "SELECT sum(revision) FROM indicator_series")
		start = time.Now()
		if err := s.LoadShipped(ctx, nil); err != nil {
			t.Fatal(err)
		}
		t.Logf("LoadShipped again on %s: %v", db.Dialect(), time.Since(start))
		if a, i, r := count(t, db, "SELECT count(*) FROM audit_log"), count(t, db, "SELECT count(*) FROM evidence_imports"),
			count(t, db, "SELECT sum(revision) FROM indicator_series"); a != audits || i != imports || r != revs {
			t.Errorf("second load: audit %d→%d, imports %d→%d, revisions %d→%d", audits, a, imports, i, revs, r)
		}
		log, err := s.Imports(ctx, 10)
		if err != nil || len(log) != 3 || log[0].FileName != "wdi_2020vintage_supplement_celac_china.csv.gz" || log[2].Rows != 226162 || log[0].Actor != "system:shipped" {
			t.Errorf("import log: %+v %v", log, err)
		}
	})
}
