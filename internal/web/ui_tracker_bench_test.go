package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/commitment"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/web"
)

// BenchmarkTrackerPages serves the tracker at the scale — 5,000
// commitments of the 34 participating states (one or two owners each)
// with 20 progress reports each (100,000, most published), three
// editions, forty themes — on SQLite, handler and rendering without the
// network, and reports the p50 and p99 of one request as the public. The
// fixture is written with plain SQL into the area's tables (the services
// would take minutes); it follows the schema's rules (a published report
// has its validator).
//
//	go test -run '^$' -bench BenchmarkTrackerPages -benchtime 100x ./internal/web
func BenchmarkTrackerPages(b *testing.B) {
	db := storetest.SQLite(b)
	start := time.Now()
	accounts := trackerScale(b, db)
	b.Logf("fixture written in %s", time.Since(start).Round(time.Millisecond))
	srv, err := web.New(web.Options{DB: db, Accounts: accounts, Logger: quietLog()})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	for _, tc := range []struct{ name, path string }{
		{"tracker", "/commitments"},
		{"tracker-country", "/commitments?country=BRA"},
		{"tracker-theme-status", "/commitments?concept=theme-7&status=in_progress"},
		{"tracker-overdue", "/commitments?due=overdue"},
		{"tracker-page-40", "/commitments?offset=2000"},
		{"country-page", "/countries/BRA/commitments"},
		{"api-list", "/api/v1/commitments?country=MEX&limit=100"},
		{"api-summary", "/api/v1/commitments/summary"},
		{"export-csv-country", "/commitments.csv?country=BRA"},
	} {
		path := tc.path
		b.Run(tc.name, func(b *testing.B) {
			serve := func() {
				req := httptest.NewRequest("GET", path, nil)
				req.Header.Set("Accept-Language", "es")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: status %d: %s", path, rec.Code, rec.Body.String())
				}
			}
			serve()
			times := make([]time.Duration, 0, b.N)
			cpu0 := cpuTime()
			b.ResetTimer()
			for b.Loop() {
				t0 := time.Now()
				serve()
				times = append(times, time.Since(t0))
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(times)), "cpu-ms/op")
			slices.Sort(times)
			pct := func(p float64) float64 { return float64(times[int(p*float64(len(times)-1))].Microseconds()) / 1000 }
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
	}
}

// trackerScale writes the benchmark's fixture and returns the accounts.
func trackerScale(b testing.TB, db *store.DB) *account.Service {
	b.Helper()
	ctx := context.Background()
	set, err := refdata.Load()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := country.Sync(ctx, db, set); err != nil {
		b.Fatal(err)
	}
	accounts, err := account.NewService(db, fastHasher)
	if err != nil {
		b.Fatal(err)
	}
	admin, err := accounts.Create(ctx, audit.System("bench"), account.NewUser{Email: "bench@example.org", DisplayName: "Bench", Role: account.Administrator, Password: testPassword})
	if err != nil {
		b.Fatal(err)
	}
	dlg := &dialogue.Service{DB: db}
	forum, err := dlg.CreateForum(ctx, &admin, dialogue.Forum{Slug: "bench", Names: dialogue.Texts{"en": "Bench"}})
	if err != nil {
		b.Fatal(err)
	}
	var editions []int64
	for i := 1; i <= 3; i++ {
		e, err := dlg.CreateEdition(ctx, &admin, dialogue.Edition{ForumID: forum.ID, Number: i, Titles: dialogue.Texts{"en": fmt.Sprintf("Roundtable %d", i)},
			Published: true, StartsOn: fmt.Sprintf("%d-11-19", 2020+i), EndsOn: fmt.Sprintf("%d-11-20", 2020+i), VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en"}})
		if err != nil {
			b.Fatal(err)
		}
		editions = append(editions, e.ID)
	}
	cs, err := country.List(ctx, db.Reader(), country.Filter{Group: "CELAC"}, "en")
	if err != nil {
		b.Fatal(err)
	}
	states := []string{"CHN"}
	for _, c := range cs {
		states = append(states, c.ISO3)
	}
	statuses := commitment.Statuses
	now := store.Now()
	rnd := uint64(42)
	next := func(n int) int { // a fixed sequence: the same fixture every run
		rnd ^= rnd << 13
		rnd ^= rnd >> 7
		rnd ^= rnd << 17
		return int(rnd % uint64(n))
	}
	const commitments, reportsEach = 5000, 20
	err = db.Write(ctx, func(tx *store.Tx) error {
		for i := 1; i <= commitments; i++ {
			level := "public"
			switch next(20) {
			case 0:
				level = "draft"
			case 1:
				level = "participants"
			}
			due := fmt.Sprintf("%d-%02d-28", 2022+next(10), 1+next(12))
			if _, err := tx.Exec(ctx, `INSERT INTO commitments (id, edition_id, source, title, text, language, level, starts_on, due_on, report_every, created_by, created_at, updated_at)
				VALUES (?, ?, 'statement', ?, ?, 'en', ?, '2021-01-01', ?, 12, ?, ?, ?)`,
				i, editions[next(len(editions))], fmt.Sprintf("Commitment %d on theme %d", i, i%40), "What the states undertook.", level, due, admin.ID, now, now); err != nil {
				return err
			}
			owners := []string{states[next(len(states))]}
			if next(3) == 0 {
				if o := states[next(len(states))]; o != owners[0] {
					owners = append(owners, o)
				}
			}
			for _, o := range owners {
				if _, err := tx.Exec(ctx, "INSERT INTO commitment_owners (commitment_id, country, institution) VALUES (?, ?, 'Ministry')", i, o); err != nil {
					return err
				}
			}
			for _, c := range []int{i % 40, (i*7 + 3) % 40} {
				if _, err := tx.Exec(ctx, "INSERT INTO commitment_concepts (commitment_id, concept_id) VALUES (?, ?) ON CONFLICT DO NOTHING", i, fmt.Sprintf("theme-%d", c)); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, "INSERT INTO commitment_targets (commitment_id, target) VALUES (?, ?)", i, fmt.Sprintf("%d.%d", 1+i%17, 1+i%5)); err != nil {
				return err
			}
			for r := 0; r < reportsEach; r++ {
				o := owners[r%len(owners)]
				state, published := "published", any(now)
				if r == reportsEach-1 && next(4) == 0 {
					state, published = "draft", nil
				}
				var validator, validated any
				if state == "published" {
					validator, validated = admin.ID, now
				}
				if _, err := tx.Exec(ctx, `INSERT INTO progress_reports (commitment_id, country, reported_on, status, narrative, language, state, author_id,
					validated_by, validated_at, published_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'Progress.', 'en', ?, ?, ?, ?, ?, ?, ?)`,
					i, o, fmt.Sprintf("%d-%02d-15", 2021+r/4, 1+3*(r%4)), statuses[next(len(statuses))], state, admin.ID, validator, validated, published, now, now); err != nil {
					return err
				}
			}
		}
		return commitment.RecountLatest(ctx, tx)
	})
	if err != nil {
		b.Fatal(err)
	}
	return accounts
}
