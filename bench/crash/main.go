// Command crash kills a running Roundtable server with SIGKILL in the
// middle of writes and imports, many times over, and checks after each
// restart that nothing acknowledged was lost: every statement created with
// a 2xx answer is there with its text, every import is whole or absent,
// search finds what was committed within a bounded wait, and
// `roundtable audit verify` passes.
//
//	go run ./crash -seed 1 -trials 100                     # SQLite
//	go run ./crash -seed 1 -trials 100 -database postgres://postgres@127.0.0.1:5432/test
//
// With -database, a fresh database is created next to the one named (and
// dropped at the end unless -keep). Run from the bench folder; without -bin
// the harness builds ../cmd/roundtable first.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"roundtable/bench/instance"
)

type options struct {
	seed                      uint64
	trials, writers, importer int
	rows                      int
	maxKill                   time.Duration
	searchWait                time.Duration
	sabotage                  bool
}

func main() {
	var o options
	flag.Uint64Var(&o.seed, "seed", 1, "seed of the kill moments and of the work")
	flag.IntVar(&o.trials, "trials", 100, "kill -9 trials")
	flag.IntVar(&o.writers, "writers", 4, "concurrent statement writers")
	flag.IntVar(&o.importer, "importers", 2, "concurrent importers")
	flag.IntVar(&o.rows, "rows", 25, "rows of each imported CSV file")
	flag.DurationVar(&o.maxKill, "max-kill", 1500*time.Millisecond, "the kill comes at a seeded moment between 0 and this after the writes start")
	flag.DurationVar(&o.searchWait, "search-wait", 30*time.Second, "how long search may take to find the committed writes after a restart")
	flag.BoolVar(&o.sabotage, "sabotage", false, "alter one acknowledged statement and one imported row before each check, to see the checks fail")
	bin := flag.String("bin", "", "roundtable binary (default: build ../cmd/roundtable)")
	database := flag.String("database", "", "PostgreSQL URL whose server gets a fresh database (empty: SQLite)")
	addr := flag.String("addr", "127.0.0.1:18090", "address to serve on (loopback)")
	out := flag.String("out", "", "write the summary as JSON to this file")
	keep := flag.Bool("keep", false, "keep the data folder and the PostgreSQL database")
	flag.Parse()
	if err := runAll(o, *bin, *database, *addr, *out, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "crash:", err)
		os.Exit(1)
	}
}

func runAll(o options, bin, database, addr, out string, keep bool) error {
	dir, err := os.MkdirTemp("", "roundtable-crash-")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(dir)
	}
	if bin == "" {
		bin = filepath.Join(dir, "roundtable")
		build := exec.Command("go", "build", "-o", bin, "./cmd/roundtable")
		build.Dir, build.Stdout, build.Stderr = "..", os.Stderr, os.Stderr
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if err := build.Run(); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	}
	if database != "" {
		fresh, drop, err := instance.FreshDatabase(database, fmt.Sprintf("rt_crash_%d_%d", o.seed, os.Getpid()))
		if err != nil {
			return err
		}
		if !keep {
			defer drop()
		}
		database = fresh
	}
	in, err := instance.New(bin, filepath.Join(dir, "data"), database, addr, filepath.Join(dir, "serve.log"))
	if err != nil {
		return fmt.Errorf("set up: %w", err)
	}
	if err := in.SetUp("crash", "--demo"); err != nil {
		return fmt.Errorf("set up: %w", err)
	}
	defer in.Stop()
	tgt, err := findTarget(in)
	if err != nil {
		return err
	}
	engine := "sqlite"
	if database != "" {
		engine = "postgres"
	}
	sum := summary{Engine: engine, Seed: o.seed, Trials: o.trials}
	rng := rand.New(rand.NewPCG(o.seed, 0x5eed))
	started := time.Now()
	for t := 1; t <= o.trials; t++ {
		tr, err := trial(in, tgt, o, t, rng)
		if err != nil {
			return fmt.Errorf("trial %d: %w (server log: %s)", t, err, in.Log.Name())
		}
		sum.add(tr)
		if len(tr.Violations) > 0 || t%10 == 0 || t == o.trials {
			fmt.Printf("trial %3d/%d: %s\n", t, o.trials, tr)
		}
	}
	sum.Seconds = time.Since(started).Seconds()
	b, _ := json.MarshalIndent(sum, "", "  ")
	fmt.Println(string(b))
	if out != "" {
		if err := os.WriteFile(out, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	if sum.Violations > 0 {
		return fmt.Errorf("%d violations", sum.Violations)
	}
	return nil
}

// target is where the writes go: the demo edition, a session and two
// delegations of it.
type target struct {
	edition, session int64
	position         int
	delegations      []struct {
		id   int64
		code string
	}
}

func findTarget(in *instance.Instance) (target, error) {
	ctx := context.Background()
	var tgt target
	var eds struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if _, err := in.API(ctx, "GET", "/api/v1/editions", "", nil, &eds); err != nil || len(eds.Items) == 0 {
		return tgt, fmt.Errorf("no demo edition: %v", err)
	}
	tgt.edition = eds.Items[0].ID
	var ss struct {
		Items []struct {
			ID       int64 `json:"id"`
			Position int   `json:"position"`
		} `json:"items"`
	}
	if _, err := in.API(ctx, "GET", fmt.Sprintf("/api/v1/editions/%d/sessions", tgt.edition), "", nil, &ss); err != nil || len(ss.Items) == 0 {
		return tgt, fmt.Errorf("no session: %v", err)
	}
	tgt.session, tgt.position = ss.Items[0].ID, ss.Items[0].Position
	var ds struct {
		Items []struct {
			ID         int64  `json:"id"`
			Code       string `json:"code"`
			Accredited bool   `json:"accredited"`
		} `json:"items"`
	}
	if _, err := in.API(ctx, "GET", fmt.Sprintf("/api/v1/editions/%d/delegations", tgt.edition), "", nil, &ds); err != nil {
		return tgt, err
	}
	for _, d := range ds.Items {
		if d.Accredited && len(tgt.delegations) < 2 {
			tgt.delegations = append(tgt.delegations, struct {
				id   int64
				code string
			}{d.ID, d.Code})
		}
	}
	if len(tgt.delegations) < 2 {
		return tgt, fmt.Errorf("fewer than two accredited delegations in edition %d", tgt.edition)
	}
	return tgt, nil
}

// word spells n in letters only, so that every analyser keeps it as one
// term: the unique word of a write.
func word(prefix string, n int) string {
	var b strings.Builder
	b.WriteString(prefix)
	for {
		b.WriteByte(byte('a' + n%26))
		n /= 26
		if n == 0 {
			return b.String()
		}
	}
}
