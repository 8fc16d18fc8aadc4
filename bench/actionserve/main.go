// Command actionserve measures practical action at the size issue 14 sets:
// 5,000 commitments of the 34 participating states with 20 reports each
// (100,000 reports) and 500 published practices with requests and offers.
// Commitments, practices, requests and offers are written through the
// services the server uses; the reports by bulk SQL into progress_reports
// (-reports-via services writes them through the service too: file,
// submit, validate — three transactions a report, which is slow).
//
// It then asks, over loopback from one client, the public tracker (plain,
// filtered by country and status, by theme), a country's commitments, a
// commitment's page and the matchmaking suggestions of a request (page and
// API) -requests times each, and prints p50, p90, p99 and max, with the
// service calls alone beside them.
//
//	go run ./actionserve                 # SQLite in a temporary folder
//	go run ./actionserve -database 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"roundtable/bench/measure"
	"roundtable/internal/commitment"
	"roundtable/internal/web"
)

type config struct {
	requests                                             int
	commitments, reports, practices, asks, offers, paras int
	database, only, cpuprofile, reportsVia               string
	keep, noEvidence                                     bool
}

func main() {
	var c config
	flag.IntVar(&c.requests, "requests", 300, "requests per view measured")
	flag.IntVar(&c.commitments, "commitments", 5000, "commitments")
	flag.IntVar(&c.reports, "reports", 20, "reports per commitment")
	flag.IntVar(&c.practices, "practices", 500, "published practices")
	flag.IntVar(&c.asks, "asks", 200, "requests to learn")
	flag.IntVar(&c.offers, "offers", 100, "offers of experience")
	flag.IntVar(&c.paras, "paragraphs", 100, "operative paragraphs of the adopted declaration the commitments come from")
	flag.StringVar(&c.reportsVia, "reports-via", "sql", "how reports are written: sql (bulk inserts) or services")
	flag.StringVar(&c.database, "database", "", "PostgreSQL URL (a fresh schema is made in it); empty: SQLite")
	flag.StringVar(&c.only, "only", "", "measure only the rows whose name contains this")
	flag.StringVar(&c.cpuprofile, "cpuprofile", "", "write a CPU profile of the measurements to this file")
	flag.BoolVar(&c.keep, "keep", false, "keep the SQLite folder or PostgreSQL schema")
	flag.BoolVar(&c.noEvidence, "no-evidence", false, "skip loading the shipped indicators (progress from data and indicator peers then have nothing)")
	flag.Parse()
	if err := run(context.Background(), c); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, c config) error {
	db, _, cleanup, err := measure.Open(ctx, c.database, "actionbench", c.keep)
	if err != nil {
		return err
	}
	defer cleanup()
	svc, err := newServices(db)
	if err != nil {
		return err
	}
	measure.Logf("engine %s, %d CPUs, load %s", db.Dialect(), runtime.NumCPU(), measure.Loadavg())
	fx, err := seed(ctx, svc, size{commitments: c.commitments, reports: c.reports, practices: c.practices,
		requests: c.asks, offers: c.offers, paragraphs: c.paras, reportsVia: c.reportsVia}, !c.noEvidence)
	if err != nil {
		return err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	w, err := web.New(web.Options{DB: db, Accounts: svc.accounts, Dialogue: svc.dialogue, Outcome: svc.outcome,
		Evidence: svc.evidence, Commitments: svc.commitments, Practices: svc.practices, Logger: quiet})
	if err != nil {
		return err
	}
	srv := httptest.NewServer(w.Handler())
	defer srv.Close()
	admin, err := measure.SignIn(ctx, svc.accounts, fx.secretariat, password)
	if err != nil {
		return err
	}
	via := "bulk SQL"
	if c.reportsVia == "services" {
		via = "the services"
	}
	fmt.Printf("\nengine %s, %d CPUs: %d commitments of %d states (through commitment.Service), %d reports (%s), %d published practices, %d requests and %d offers (through practice.Service); %d requests per row, one client\n\n",
		db.Dialect(), runtime.NumCPU(), len(fx.commitments), len(codes), fx.reports, via, len(fx.practices), len(fx.requests), c.offers, c.requests)
	if c.cpuprofile != "" {
		f, err := os.Create(c.cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	header()
	public := http.Header{}
	n := 0
	// Rotating paths: each request asks another country, commitment or
	// request, so no row measures one cached answer.
	rotate := func(paths []string) func() string {
		return func() string { n++; return paths[n%len(paths)] }
	}
	countries := make([]string, len(codes))
	for i, code := range codes {
		countries[i] = "/countries/" + code + "/commitments"
	}
	pages := make([]string, 0, 200)
	for i := 0; i < len(fx.commitments) && len(pages) < 200; i += len(fx.commitments)/200 + 1 {
		pages = append(pages, fmt.Sprintf("/commitments/%d", fx.commitments[i]))
	}
	asks, api := make([]string, len(fx.requests)), make([]string, len(fx.requests))
	for i, id := range fx.requests {
		asks[i] = fmt.Sprintf("/asks/%d", id)
		api[i] = fmt.Sprintf("/api/v1/asks/%d/suggestions", id)
	}
	v := &fx.secretariat
	req := 0
	// write moves the search outbox's head through the service (a
	// milestone marked done, then open again), which the tracker's cache
	// follows: the rows marked "cold" pay for it before each request,
	// untimed, so they measure a cache that has just been emptied.
	first, err := svc.commitments.Get(ctx, v, fx.commitments[0])
	if err != nil {
		return err
	}
	done := ""
	write := func() {
		if done == "" {
			done = "2026-06-01"
		} else {
			done = ""
		}
		if _, err := svc.commitments.SetMilestoneDone(ctx, v, first.ID, first.Milestones[0].ID, done); err != nil {
			log.Fatal(err)
		}
	}
	rows := []struct {
		name string
		call func() (int, error)
		cold bool
	}{
		{"service Summary (all)", func() (int, error) { _, err := svc.commitments.Summary(ctx, nil, commitment.Filter{}); return 0, err }, false},
		{"service List (all, first page)", func() (int, error) { _, err := svc.commitments.List(ctx, nil, commitment.Filter{}); return 0, err }, false},
		{"service List (BRA, in progress)", func() (int, error) {
			_, err := svc.commitments.List(ctx, nil, commitment.Filter{Country: "BRA", Status: commitment.InProgress})
			return 0, err
		}, false},
		{"service Suggest (rotating requests)", func() (int, error) {
			req++
			_, err := svc.practices.Suggest(ctx, v, fx.requests[req%len(fx.requests)])
			return 0, err
		}, false},
		{"GET /commitments", get(srv.URL, fixed("/commitments"), public), false},
		{"GET /commitments?country=BRA&status=in_progress", get(srv.URL, fixed("/commitments?country=BRA&status=in_progress"), public), false},
		{"GET /commitments?concept=child-mortality", get(srv.URL, fixed("/commitments?concept=child-mortality"), public), false},
		{"GET /countries/{iso3}/commitments (rotating)", get(srv.URL, rotate(countries), public), false},
		{"GET /commitments/{id} (rotating)", get(srv.URL, rotate(pages), public), false},
		{"GET /asks/{id} (suggestions, secretariat)", get(srv.URL, rotate(asks), admin.Cookie), false},
		{"GET /api/v1/asks/{id}/suggestions", get(srv.URL, rotate(api), admin.Bearer), false},
		{"cold GET /commitments", get(srv.URL, fixed("/commitments"), public), true},
		{"cold GET /commitments?country=BRA&status=in_progress", get(srv.URL, fixed("/commitments?country=BRA&status=in_progress"), public), true},
		{"cold GET /commitments?concept=child-mortality", get(srv.URL, fixed("/commitments?concept=child-mortality"), public), true},
		{"cold GET /countries/{iso3}/commitments (rotating)", get(srv.URL, rotate(countries), public), true},
		{"cold GET /asks/{id} (suggestions, secretariat)", get(srv.URL, rotate(asks), admin.Cookie), true},
		{"cold GET /api/v1/asks/{id}/suggestions", get(srv.URL, rotate(api), admin.Bearer), true},
	}
	for _, r := range rows {
		if !strings.Contains(r.name, c.only) {
			continue
		}
		var before func()
		if r.cold {
			before = write
		}
		if err := row(r.name, r.call, c.requests, before); err != nil {
			return err
		}
	}
	return nil
}

func fixed(p string) func() string { return func() string { return p } }

// get returns a call that asks base+path() with header h and returns the
// size of a 200 answer.
func get(base string, path func() string, h http.Header) func() (int, error) {
	client := &http.Client{Timeout: 30 * time.Second}
	return func() (int, error) {
		p := path()
		r, _ := http.NewRequest(http.MethodGet, base+p, nil)
		r.Header = h.Clone()
		res, err := client.Do(r)
		if err != nil {
			return 0, err
		}
		defer res.Body.Close()
		k, err := io.Copy(io.Discard, res.Body)
		switch {
		case err != nil:
			return 0, err
		case res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusMethodNotAllowed:
			return 0, measure.ErrNotServed(res.StatusCode)
		case res.StatusCode != http.StatusOK:
			return 0, fmt.Errorf("GET %s: HTTP %d", p, res.StatusCode)
		}
		return int(k), nil
	}
}

func header() {
	fmt.Printf("%-54s %8s %8s %8s %8s %9s  %s\n", "what", "p50 ms", "p90 ms", "p99 ms", "max ms", "bytes", "load (1, 5, 15 min)")
}

// row measures call k times after 10 to warm up and prints its line; a
// route that is not served yet says so instead. before, if any, runs
// before each call, untimed.
func row(name string, call func() (int, error), k int, before func()) error {
	lat, size, err := measure.Sample(call, k, before)
	var no measure.ErrNotServed
	if errors.As(err, &no) {
		fmt.Printf("%-54s %s  %s\n", name, err, measure.Loadavg())
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Printf("%-54s %8.2f %8.2f %8.2f %8.2f %9d  %s\n", name, measure.Ms(measure.Pct(lat, 50)), measure.Ms(measure.Pct(lat, 90)),
		measure.Ms(measure.Pct(lat, 99)), measure.Ms(lat[len(lat)-1]), size, measure.Loadavg())
	return nil
}
