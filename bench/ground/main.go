// Command ground measures common ground at the size issue 9 sets: 35
// delegations, 8 blocs with overlapping members, 300 published
// propositions and every delegation's position on every one (10,500
// SetPosition calls, each as the delegation's own delegate), plus 20
// statements per delegation tagged with concepts for the priorities. All
// of it is written through the services the server uses.
//
// It then asks, as a delegate (who sees positions), each of the map page,
// the map API, the discovered groups API and the priorities API
// -requests times in a row over loopback and prints p50, p95, p99 and
// max, with the service calls alone beside them. On PostgreSQL it also
// runs two servers on the one database, each following its live hub, and
// times -live position changes made through the first until the second's
// stream and map show them, with -watchers map pages open on the second.
//
//	go run ./ground                 # SQLite in a temporary folder
//	go run ./ground -database 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
//	go run ./ground -database '...' -only none -watchers 35   # the live check with every delegation's map open
//	go run ./ground -sources=false  # no proposition cites a statement
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib"

	"roundtable/bench/measure"
	"roundtable/internal/ground"
	"roundtable/internal/speakers"
	"roundtable/internal/store"
	"roundtable/internal/web"
)

// config is the command's flags.
type config struct {
	requests, live, watchers, propositions, statements int
	database, only, cpuprofile                         string
	keep, sources                                      bool
}

func main() {
	var c config
	flag.IntVar(&c.requests, "requests", 300, "requests per page measured")
	flag.IntVar(&c.live, "live", 50, "position changes timed across two instances (PostgreSQL only)")
	flag.IntVar(&c.watchers, "watchers", 1, "map pages (event streams) open on the second instance during the live check, one per delegation")
	flag.IntVar(&c.propositions, "propositions", 300, "published propositions")
	flag.IntVar(&c.statements, "statements", 20, "tagged statements per delegation")
	flag.StringVar(&c.database, "database", "", "PostgreSQL URL (a fresh schema is made in it); empty: SQLite")
	flag.StringVar(&c.only, "only", "", "measure only the rows whose name contains this")
	flag.StringVar(&c.cpuprofile, "cpuprofile", "", "write a CPU profile of the measurements (not the seeding) to this file")
	flag.BoolVar(&c.sources, "sources", true, "every fifth proposition cites two statements (false: none does)")
	flag.BoolVar(&c.keep, "keep", false, "keep the SQLite folder or PostgreSQL schema, and say where it is, for a look at query plans")
	flag.Parse()
	if err := run(context.Background(), c); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, c config) error {
	db, dbURL, cleanup, err := measure.Open(ctx, c.database, "groundbench", c.keep)
	if err != nil {
		return err
	}
	defer cleanup()
	svc, err := newServices(db)
	if err != nil {
		return err
	}
	logf("engine %s, load %s", db.Dialect(), measure.Loadavg())
	fx, err := seed(ctx, svc, size{propositions: c.propositions, statements: c.statements, sources: c.sources})
	if err != nil {
		return err
	}
	a, err := start(ctx, svc)
	if err != nil {
		return err
	}
	defer a.close()
	reader, err := signIn(ctx, svc, fx, "BRA")
	if err != nil {
		return err
	}
	fmt.Printf("\nengine %s: %d delegations, %d blocs, %d propositions, %d positions, %d statements; %d requests each, as the delegate of BRA\n\n",
		db.Dialect(), len(codes)+1, len(blocs), len(fx.props), len(fx.props)*len(codes), (len(codes)+1)*c.statements, c.requests)
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
	e := fx.edition
	v := &reader.User
	page := func(path string) string { return fmt.Sprintf(path, e) }
	for _, r := range []struct {
		name string
		call func() (int, error)
	}{
		{"service Map", func() (int, error) { _, err := svc.ground.Map(ctx, v, e); return 0, err }},
		{"service Groups", func() (int, error) { _, err := svc.ground.Groups(ctx, v, e); return 0, err }},
		{"service Priorities", func() (int, error) { _, err := svc.ground.Priorities(ctx, v, e); return 0, err }},
		// Map and Groups both start with these two reads.
		{"  of which Positions (all)", func() (int, error) { _, err := svc.ground.Positions(ctx, v, e, 0); return 0, err }},
		{"  of which Propositions (published)", func() (int, error) {
			_, err := svc.ground.Propositions(ctx, v, ground.PropositionFilter{EditionID: e, Statuses: []string{ground.Published}})
			return 0, err
		}},
		{"GET /editions/{id}/ground", a.get(page("/editions/%d/ground"), reader.Cookie)},
		{"GET /editions/{id}/ground/groups", a.get(page("/editions/%d/ground/groups"), reader.Cookie)},
		{"GET /editions/{id}/ground/priorities", a.get(page("/editions/%d/ground/priorities"), reader.Cookie)},
		{"GET /api/v1/editions/{id}/map", a.get(page("/api/v1/editions/%d/map"), reader.Bearer)},
		{"GET /api/v1/editions/{id}/ground/groups", a.get(page("/api/v1/editions/%d/ground/groups"), reader.Bearer)},
		{"GET /api/v1/editions/{id}/ground/priorities", a.get(page("/api/v1/editions/%d/ground/priorities"), reader.Bearer)},
	} {
		if !strings.Contains(r.name, c.only) {
			continue
		}
		if err := measure.Row(r.name, r.call, c.requests); err != nil {
			return err
		}
	}
	if db.Dialect() != store.Postgres || c.live == 0 {
		return nil
	}
	return twoInstances(ctx, dbURL, svc, a, fx, c.live, c.watchers)
}

// server is one instance: a web.Server on its own database handle,
// following its own live hub, behind a loopback listener.
type server struct {
	svc  services
	hub  *speakers.Hub
	http *httptest.Server
	stop context.CancelFunc
}

func start(ctx context.Context, svc services) (*server, error) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	hub := speakers.NewHub(svc.db, quiet)
	w, err := web.New(web.Options{DB: svc.db, Accounts: svc.accounts, Dialogue: svc.dialogue, Ground: svc.ground, Live: hub, Logger: quiet})
	if err != nil {
		return nil, err
	}
	ctx, stop := context.WithCancel(ctx)
	go w.RunLive(ctx)
	return &server{svc: svc, hub: hub, http: httptest.NewServer(w.Handler()), stop: stop}, nil
}

func (s *server) close() { s.stop(); s.http.Close() }

// get returns a call that asks path of this instance with header h.
func (s *server) get(path string, h http.Header) func() (int, error) {
	return measure.Get(s.http.URL, path, h)
}

var logf = measure.Logf
