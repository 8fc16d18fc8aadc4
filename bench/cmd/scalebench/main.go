// Command scalebench measures the record's pages at scale: one edition of
// -n statements (a third public, the rest drafts or for participants), the
// statement list API (first page and a page deep in the list, as the
// public and as the secretariat), the edition page and its next page, a
// session page and the Atom feed, each asked -requests times in a row over
// loopback, with p50, p99 and max; then the full CSV and JSON exports,
// with the server's heap sampled every 5 ms while they stream.
//
//	go run ./cmd/scalebench -n 100000                 # SQLite in a temporary folder
//	go run ./cmd/scalebench -n 100000 -database postgres://postgres@127.0.0.1:5432/test?sslmode=disable
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/web"
)

func main() {
	n := flag.Int("n", 100_000, "statements in the edition")
	requests := flag.Int("requests", 500, "requests per page measured")
	database := flag.String("database", "", "PostgreSQL URL (a fresh schema is made in it); empty: SQLite")
	only := flag.String("only", "", "measure only the pages and exports whose name contains this")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the measurements to this file")
	flag.Parse()
	ctx := context.Background()
	db, cleanup, err := open(ctx, *database)
	if err != nil {
		log.Fatal(err)
	}
	defer cleanup()
	fx, err := setup(ctx, db, *n)
	if err != nil {
		log.Fatal(err)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	srv := httptest.NewServer(fx.handler)
	defer srv.Close()
	fmt.Printf("engine %s, %d statements in one edition (%d public), %d requests per page\n\n", db.Dialect(), *n, *n/3, *requests)
	fmt.Printf("%-44s %8s %8s %8s %8s\n", "page", "p50 ms", "p99 ms", "max ms", "bytes")
	admin := http.Header{"Authorization": {"Bearer " + fx.token}}
	cookie := http.Header{"Cookie": {"rt_session=" + fx.session}}
	api := fmt.Sprintf("/api/v1/statements?edition=%d", fx.edition)
	deep := func(h http.Header) string { return api + "&after=" + url.QueryEscape(cursorAt(srv.URL, api, h, 20)) }
	pages := []struct {
		name string
		path string
		h    http.Header
	}{
		{"API list, first page, public", api, nil},
		{"API list, first page, secretariat", api, admin},
		{"API list, page 21, public", deep(nil), nil},
		{"API list, page 21, secretariat", deep(admin), admin},
		{"edition page, public", fmt.Sprintf("/editions/%d", fx.edition), nil},
		{"edition page, secretariat", fmt.Sprintf("/editions/%d", fx.edition), cookie},
		{"edition page 21, public", fmt.Sprintf("/editions/%d?after=", fx.edition) + url.QueryEscape(cursorAt(srv.URL, api, nil, 20)), nil},
		{"session page, public", fmt.Sprintf("/sessions/%d", fx.sessionID), nil},
		{"Atom feed of the edition", fmt.Sprintf("/feeds/statements.atom?edition=%d", fx.edition), nil},
	}
	for _, p := range pages {
		if !strings.Contains(p.name, *only) {
			continue
		}
		lat, size := measure(srv.URL+p.path, p.h, *requests)
		fmt.Printf("%-44s %8.2f %8.2f %8.2f %8d\n", p.name, ms(pct(lat, 50)), ms(pct(lat, 99)), ms(lat[len(lat)-1]), size)
	}
	fmt.Printf("\n%-44s %10s %10s %14s %14s\n", "export", "seconds", "MB", "heap before MB", "heap peak MB")
	for _, e := range []struct {
		name, path string
		h          http.Header
	}{
		{"record.csv, public", fmt.Sprintf("/editions/%d/record.csv", fx.edition), nil},
		{"record.csv, secretariat", fmt.Sprintf("/editions/%d/record.csv", fx.edition), cookie},
		{"record.json, secretariat", fmt.Sprintf("/editions/%d/record.json", fx.edition), cookie},
	} {
		if !strings.Contains(e.name, *only) {
			continue
		}
		secs, size, before, peak := export(srv.URL+e.path, e.h)
		fmt.Printf("%-44s %10.2f %10.1f %14.1f %14.1f\n", e.name, secs, float64(size)/1e6, before, peak)
	}
}

type fixture struct {
	handler   http.Handler
	edition   int64
	sessionID int64
	token     string // the secretariat's API token
	session   string // the secretariat's sign-in session
}

// open opens SQLite in a temporary folder, or a fresh schema of the
// PostgreSQL database at url.
func open(ctx context.Context, dbURL string) (*store.DB, func(), error) {
	if dbURL == "" {
		dir, err := os.MkdirTemp("", "scalebench-")
		if err != nil {
			return nil, nil, err
		}
		db, err := store.Open(ctx, "", dir)
		if err != nil {
			return nil, nil, err
		}
		_, err = db.Migrate(ctx)
		return db, func() { db.Close(); os.RemoveAll(dir) }, err
	}
	admin, err := sql.Open("pgx", dbURL)
	if err != nil {
		return nil, nil, err
	}
	schema := fmt.Sprintf("scalebench_%d", time.Now().UnixNano())
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		return nil, nil, err
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		return nil, nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := store.Open(ctx, u.String(), "")
	if err != nil {
		return nil, nil, err
	}
	_, err = db.Migrate(ctx)
	return db, func() { db.Close(); admin.Exec("DROP SCHEMA " + schema + " CASCADE"); admin.Close() }, err
}

// setup makes the secretariat's account, an edition with a session and two
// delegations through the services, and n statements in one SQL statement
// (the service would take an hour): every third public, the others drafts
// or for participants, delivered over 200 days, a tenth with a Spanish
// translation and a concept tag.
func setup(ctx context.Context, db *store.DB, n int) (fixture, error) {
	var fx fixture
	set, err := refdata.Load()
	if err != nil {
		return fx, err
	}
	if _, err := country.Sync(ctx, db, set); err != nil {
		return fx, err
	}
	accounts, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		return fx, err
	}
	const password = "a password long enough"
	admin, err := accounts.Create(ctx, audit.System("scalebench"), account.NewUser{Email: "sec@example.org", DisplayName: "Secretariat", Role: account.Administrator, Password: password})
	if err != nil {
		return fx, err
	}
	if _, fx.token, err = accounts.CreateToken(ctx, admin, "scalebench"); err != nil {
		return fx, err
	}
	if _, fx.session, err = accounts.SignIn(ctx, "sec@example.org", password, "127.0.0.1"); err != nil {
		return fx, err
	}
	svc := &dialogue.Service{DB: db}
	f, err := svc.CreateForum(ctx, &admin, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable on Human Rights"}})
	if err != nil {
		return fx, err
	}
	e, err := svc.CreateEdition(ctx, &admin, dialogue.Edition{ForumID: f.ID, Number: 2, Titles: dialogue.Texts{"en": "Second Roundtable"},
		StartsOn: "2025-01-01", EndsOn: "2025-07-20", VenueCity: "São Paulo", VenueCountry: "BRA", Host: "Brazil",
		Languages: []string{"zh", "es", "pt", "en"}, Published: true})
	if err != nil {
		return fx, err
	}
	x, err := svc.SaveSession(ctx, &admin, dialogue.Session{EditionID: e.ID, Titles: dialogue.Texts{"en": "The right to development"},
		StartsAt: time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC), EndsAt: time.Date(2025, 1, 1, 11, 0, 0, 0, time.UTC)})
	if err != nil {
		return fx, err
	}
	var delegations []int64
	for _, code := range []string{"BRA", "CHN"} {
		d, err := svc.AddDelegation(ctx, &admin, dialogue.Delegation{EditionID: e.ID, Kind: dialogue.KindCountry, Code: code})
		if err != nil {
			return fx, err
		}
		delegations = append(delegations, d.ID)
	}
	now := store.Now()
	start := time.Now()
	err = db.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			INSERT INTO statements (edition_id, session_id, delegation_id, speaker, on_behalf_of, language, title, body, delivered_on, source, visibility, created_at, updated_at)
			SELECT ?, CASE WHEN i % 2 = 0 THEN CAST(? AS BIGINT) END, CASE WHEN i % 4 < 2 THEN CAST(? AS BIGINT) ELSE CAST(? AS BIGINT) END, 'Speaker', '', 'en', 'Statement ' || i,
				'The right to development is a human right; statement ' || i || ' shares national experience in poverty alleviation, healthcare and education.',
				'2025-01-01', '', CASE i % 3 WHEN 0 THEN 'public' WHEN 1 THEN 'draft' ELSE 'participants' END, ?, ? FROM n`,
			n, e.ID, x.ID, delegations[0], delegations[1], now, now); err != nil {
			return err
		}
		// Spread delivery over 200 days, so the list's order is not the ids'.
		if _, err := tx.Exec(ctx, `UPDATE statements SET delivered_on = CASE id % 200 WHEN 0 THEN '2025-01-01' ELSE '2025-01-02' END WHERE edition_id = ?`, e.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO statement_translations (statement_id, language, body, origin, review, updated_at)
			SELECT id, 'es', 'El derecho al desarrollo es un derecho humano.', 'human', 'reviewed', ? FROM statements WHERE edition_id = ? AND id % 10 = 0`, now, e.ID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO statement_concepts (statement_id, concept_id, origin) SELECT id, 'right-to-development', 'auto' FROM statements WHERE edition_id = ? AND id % 10 = 0`, e.ID)
		return err
	})
	if err != nil {
		return fx, err
	}
	if db.Dialect() == store.Postgres {
		if _, err := db.Reader().Exec(ctx, "ANALYZE"); err != nil {
			return fx, err
		}
	}
	fmt.Fprintf(os.Stderr, "wrote %d statements in %s\n", n, time.Since(start).Round(time.Millisecond))
	h, err := web.New(web.Options{DB: db, Accounts: accounts, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return fx, err
	}
	fx.handler, fx.edition, fx.sessionID = h.Handler(), e.ID, x.ID
	return fx, nil
}

// cursorAt follows the API list's cursor k pages deep (or to the last
// page of a smaller list) and returns it.
func cursorAt(base, path string, h http.Header, k int) string {
	next := ""
	for i := 0; i < k; i++ {
		p := path
		if next != "" {
			p += "&after=" + url.QueryEscape(next)
		}
		var page struct{ Next *string }
		body, _ := get(base+p, h)
		if err := json.Unmarshal(body, &page); err != nil {
			log.Fatalf("page %d of %s: %v", i, p, err)
		}
		if page.Next == nil {
			break // a small edition: its last page
		}
		next = *page.Next
	}
	return next
}

// send asks for u with the headers h.
func send(u string, h http.Header) *http.Response {
	req, _ := http.NewRequest("GET", u, nil)
	for k, v := range h {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	return res
}

func get(u string, h http.Header) ([]byte, int) {
	res := send(u, h)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != 200 {
		log.Fatalf("GET %s: %d %v %.200s", u, res.StatusCode, err, body)
	}
	return body, len(body)
}

// measure asks u 20 times to warm up, then k times, and returns the
// latencies in order and the size of the answer.
func measure(u string, h http.Header, k int) ([]time.Duration, int) {
	for i := 0; i < 20; i++ {
		get(u, h)
	}
	lat := make([]time.Duration, k)
	size := 0
	for i := range lat {
		t := time.Now()
		_, size = get(u, h)
		lat[i] = time.Since(t)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat, size
}

func pct(sorted []time.Duration, p int) time.Duration {
	return sorted[min(len(sorted)-1, (len(sorted)*p+99)/100-1)]
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

// export downloads u, discarding it, while sampling the heap in use (this
// process is the server) every 5 ms; it returns the seconds taken, the
// size, and the heap before and at its peak, in MB.
func export(u string, h http.Header) (float64, int64, float64, float64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	before := float64(m.HeapInuse) / 1e6
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if v := m.HeapInuse; v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	start := time.Now()
	res := send(u, h)
	size, err := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		log.Fatalf("export %s: %d %v", u, res.StatusCode, err)
	}
	secs := time.Since(start).Seconds()
	close(stop)
	wg.Wait()
	return secs, size, before, float64(peak.Load()) / 1e6
}
