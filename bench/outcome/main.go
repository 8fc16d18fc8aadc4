// Command outcome measures the joint outcome at the size issue 10 sets: a
// declaration of 300 paragraphs in 5 languages, 10 revisions after the
// zero draft, 35 delegations, 500 amendments and 20,400 positions taken
// (every delegation on every paragraph, after Rev.5 and after Rev.10), all
// written through the services the server uses.
//
// It then asks, as the delegate of BRA, the status view (page and API), a
// marked-up revision (Rev.10 against Rev.9), the diff between Rev.1 and
// Rev.10 and the Akoma Ntoso export -requests times each over loopback,
// the PDF (English and Chinese) -pdfs times, and prints p50, p95, p99 and
// max with the service calls alone beside them.
//
//	go run ./outcome                 # SQLite in a temporary folder
//	go run ./outcome -database 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"strings"

	"roundtable/bench/measure"
	"roundtable/internal/outcome"
	"roundtable/internal/outcome/render"
	"roundtable/internal/web"
)

type config struct {
	requests, pdfs, paragraphs, revisions, amendments int
	database, only, cpuprofile                        string
	keep                                              bool
}

func main() {
	var c config
	flag.IntVar(&c.requests, "requests", 200, "requests per view measured")
	flag.IntVar(&c.pdfs, "pdfs", 10, "PDF downloads measured per language")
	flag.IntVar(&c.paragraphs, "paragraphs", 300, "paragraphs of the declaration")
	flag.IntVar(&c.revisions, "revisions", 10, "revisions after the zero draft")
	flag.IntVar(&c.amendments, "amendments", 500, "amendments, spread over the revisions")
	flag.StringVar(&c.database, "database", "", "PostgreSQL URL (a fresh schema is made in it); empty: SQLite")
	flag.StringVar(&c.only, "only", "", "measure only the rows whose name contains this")
	flag.StringVar(&c.cpuprofile, "cpuprofile", "", "write a CPU profile of the measurements to this file")
	flag.BoolVar(&c.keep, "keep", false, "keep the SQLite folder or PostgreSQL schema")
	flag.Parse()
	if err := run(context.Background(), c); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, c config) error {
	db, _, cleanup, err := measure.Open(ctx, c.database, "outcomebench", c.keep)
	if err != nil {
		return err
	}
	defer cleanup()
	svc, err := newServices(db)
	if err != nil {
		return err
	}
	measure.Logf("engine %s, load %s", db.Dialect(), measure.Loadavg())
	fx, err := seed(ctx, svc, size{paragraphs: c.paragraphs, revisions: c.revisions, amendments: c.amendments})
	if err != nil {
		return err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	w, err := web.New(web.Options{DB: db, Accounts: svc.accounts, Dialogue: svc.dialogue, Ground: svc.ground, Outcome: svc.outcome, Logger: quiet})
	if err != nil {
		return err
	}
	srv := httptest.NewServer(w.Handler())
	defer srv.Close()
	reader, err := measure.SignIn(ctx, svc.accounts, fx.delegates["BRA"], password)
	if err != nil {
		return err
	}
	fmt.Printf("\nengine %s: %d paragraphs × %d languages, %d revisions after the zero draft, %d delegations, %d amendments, %d positions taken; %d requests each, as the delegate of BRA\n\n",
		db.Dialect(), c.paragraphs, len(other)+1, fx.revisions, len(codes)+1, fx.amendments, fx.positions, c.requests)
	measure.Header()
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
	id, last := fx.doc, fx.revisions
	v := &reader.User
	path := func(p string, args ...any) string { return fmt.Sprintf(p, append([]any{id}, args...)...) }
	get := func(p string, cookie bool) func() (int, error) {
		if cookie {
			return measure.Get(srv.URL, p, reader.Cookie)
		}
		return measure.Get(srv.URL, p, reader.Bearer)
	}
	rendered := func(format func(io.Writer, render.Document) error) func() (int, error) {
		return func() (int, error) {
			doc, err := svc.outcome.Document(ctx, v, id)
			if err != nil {
				return 0, err
			}
			r, err := svc.outcome.Revision(ctx, v, id, last)
			if err != nil {
				return 0, err
			}
			var b bytes.Buffer
			err = format(&b, outcome.RenderDocument(doc, r.Paragraphs))
			return b.Len(), err
		}
	}
	rows := []struct {
		name string
		call func() (int, error)
		k    int
	}{
		{"service Overview (status view)", func() (int, error) { _, err := svc.outcome.Overview(ctx, v, id); return 0, err }, c.requests},
		{"service Markup (Rev.10 against Rev.9)", func() (int, error) { _, err := svc.outcome.Markup(ctx, v, id, last); return 0, err }, c.requests},
		{"service Compare (Rev.1 to Rev.10)", func() (int, error) { _, err := svc.outcome.Compare(ctx, v, id, 1, last); return 0, err }, c.requests},
		{"service Revision + render.AKN", rendered(render.AKN), c.requests},
		{"GET /outcomes/{id} (status view)", get(path("/outcomes/%d"), true), c.requests},
		{"GET /api/v1/outcomes/{id}/status", get(path("/api/v1/outcomes/%d/status"), false), c.requests},
		{"GET /outcomes/{id}/revisions/10?markup=1", get(path("/outcomes/%d/revisions/%d?markup=1", last), true), c.requests},
		{"GET /api/v1/outcomes/{id}/revisions/10?markup=1", get(path("/api/v1/outcomes/%d/revisions/%d?markup=1", last), false), c.requests},
		{"GET /outcomes/{id}/diff?from=1&to=10", get(path("/outcomes/%d/diff?from=1&to=%d", last), true), c.requests},
		{"GET /api/v1/outcomes/{id}/diff?from=1&to=10", get(path("/api/v1/outcomes/%d/diff?from=1&to=%d", last), false), c.requests},
		{"GET /outcomes/{id}/text.akn.xml", get(path("/outcomes/%d/text.akn.xml"), true), c.requests},
		{"GET /outcomes/{id}/text.pdf", get(path("/outcomes/%d/text.pdf"), true), c.pdfs},
		{"GET /outcomes/{id}/text.pdf?lang=zh", get(path("/outcomes/%d/text.pdf?lang=zh"), true), c.pdfs},
	}
	for _, r := range rows {
		if !strings.Contains(r.name, c.only) {
			continue
		}
		if err := measure.Row(r.name, r.call, r.k); err != nil {
			return err
		}
	}
	return nil
}
