// Command translation measures machine translation's cost to readers and
// its own cost:
//
//   - pages: it builds roundtable, starts `roundtable serve --demo` (SQLite,
//     Apertium found on the machine) in a temporary folder, lets the demo's
//     first machine translation finish, then times anonymous loads of the
//     home, edition and statement pages idle, and again while the demo's
//     statements, propositions and paragraphs are translated over and over
//     in the background (every job re-queued as soon as the queue drains),
//     printing p50/p99 per page for both;
//
//   - apertium: the cost of one short text through Apertium's long-lived
//     null-flush pipeline against one `apertium` run per text, for a
//     direct pair (es→pt) and a pivot (en→es→pt).
//
//     cd bench && go run ./translation [-n 300] [-texts 60]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"roundtable/bench/measure"
	"roundtable/internal/store"
	"roundtable/internal/translate"
)

func main() {
	n := flag.Int("n", 300, "page loads per page, idle and during machine translation")
	texts := flag.Int("texts", 60, "texts per Apertium measurement")
	only := flag.String("only", "", "pages or apertium (empty: both)")
	flag.Parse()
	if *only != "pages" {
		if err := apertiumCost(*texts); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if *only != "apertium" {
		if err := pages(*n); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

// sentences are the kind of text delegations write, in Spanish and
// English.
var sentences = map[string][]string{
	"es": {
		"Toda persona tiene derecho a la educación.",
		"Nuestro país ha sacado de la pobreza a millones de personas en la última década.",
		"La cooperación Sur-Sur es esencial para el derecho al desarrollo.",
		"El acceso universal a la salud sigue siendo una prioridad del Gobierno.",
		"Reconocemos los avances y los desafíos pendientes en la reforma judicial.",
		"No existe un modelo único de desarrollo democrático.",
	},
	"en": {
		"Everyone has the right to education.",
		"Our country has lifted millions of people out of poverty in the last decade.",
		"South-South cooperation is essential to the right to development.",
		"Universal access to health care remains a priority of the Government.",
		"We recognise the progress made and the challenges ahead in judicial reform.",
		"There is no single model of democratic development.",
	},
}

func apertiumCost(k int) error {
	a, err := translate.FindApertium("")
	if err != nil {
		return err
	}
	defer a.Close()
	slow, _ := translate.FindApertium("")
	slow.NoPipelines()
	ctx := context.Background()
	fmt.Printf("\nApertium, one short text (%d texts each; load %s)\n", k, measure.Loadavg())
	fmt.Printf("%-14s %-22s %8s %8s %8s\n", "pair", "how", "p50 ms", "p99 ms", "mean ms")
	for _, pair := range [][2]string{{"es", "pt"}, {"en", "pt"}} {
		for _, eng := range []struct {
			name string
			a    *translate.Apertium
		}{{"pipeline (persistent)", a}, {"apertium run per text", slow}} {
			src := sentences[pair[0]]
			// Warm up: the pipeline starts on first use.
			if _, err := eng.a.Translate(ctx, pair[0], pair[1], src[:1]); err != nil {
				return err
			}
			var lat []time.Duration
			var total time.Duration
			for i := 0; i < k; i++ {
				t0 := time.Now()
				if _, err := eng.a.Translate(ctx, pair[0], pair[1], []string{src[i%len(src)]}); err != nil {
					return err
				}
				d := time.Since(t0)
				lat = append(lat, d)
				total += d
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			fmt.Printf("%-14s %-22s %8.2f %8.2f %8.2f\n", pair[0]+"→"+pair[1], eng.name, measure.Ms(measure.Pct(lat, 50)), measure.Ms(measure.Pct(lat, 99)), measure.Ms(total/time.Duration(k)))
		}
	}
	return nil
}

func pages(n int) error {
	dir, err := os.MkdirTemp("", "translation-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "roundtable")
	measure.Logf("building roundtable")
	if out, err := exec.Command("go", "build", "-o", bin, "roundtable/cmd/roundtable").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	data := filepath.Join(dir, "data")
	measure.Logf("starting roundtable serve --demo on %s", addr)
	srv := exec.Command(bin, "serve", "--demo", "--data", data, "--addr", addr, "--log-level", "error")
	srv.Stdout, srv.Stderr = io.Discard, os.Stderr
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { srv.Process.Signal(os.Interrupt); srv.Wait() }()
	base := "http://" + addr
	for i := 0; ; i++ {
		if res, err := http.Get(base + "/readyz"); err == nil && res.StatusCode == 200 {
			res.Body.Close()
			break
		}
		if i > 600 {
			return fmt.Errorf("the server never became ready")
		}
		time.Sleep(100 * time.Millisecond)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, "", data)
	if err != nil {
		return err
	}
	defer db.Close()
	t0 := time.Now()
	jobs, err := drained(ctx, db, 2*time.Minute)
	if err != nil {
		return err
	}
	measure.Logf("the demo's first machine translation: %d jobs, done %v after the server answered", jobs, time.Since(t0).Round(time.Millisecond))
	if jobs == 0 {
		return fmt.Errorf("no translation job: is Apertium installed?")
	}
	ps, err := discover(base)
	if err != nil {
		return err
	}

	idle := load(base, ps, n, nil)
	// During: re-queue every job whenever the queue is empty, until every
	// page has n loads while jobs were pending.
	var busy atomic.Bool
	stop := make(chan struct{})
	rounds, spent := 0, time.Duration(0)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := requeue(ctx, db); err != nil {
				measure.Logf("requeue: %v", err)
				return
			}
			busy.Store(true)
			t0 := time.Now()
			_, err := drained(ctx, db, 5*time.Minute)
			d := time.Since(t0)
			busy.Store(false)
			if err != nil {
				measure.Logf("drain: %v", err)
				return
			}
			rounds++
			spent += d
		}
	}()
	during := load(base, ps, n, &busy)
	close(stop)
	<-done

	fmt.Printf("\nPage loads, anonymous, %d per page (demo edition on SQLite; load %s)\n", n, measure.Loadavg())
	fmt.Printf("machine translation in the background: %d rounds of %d jobs, %v per round on average\n", rounds, jobs, (spent / time.Duration(max(rounds, 1))).Round(time.Millisecond))
	fmt.Printf("%-10s %10s %10s %12s %12s\n", "page", "idle p50", "idle p99", "during p50", "during p99")
	for _, p := range ps {
		a, b := idle[p.name], during[p.name]
		fmt.Printf("%-10s %10.2f %10.2f %12.2f %12.2f\n", p.name, measure.Ms(measure.Pct(a, 50)), measure.Ms(measure.Pct(a, 99)), measure.Ms(measure.Pct(b, 50)), measure.Ms(measure.Pct(b, 99)))
	}
	return nil
}

// drained waits for the translation queue to empty and says how many
// jobs it holds.
func drained(ctx context.Context, db *store.DB, limit time.Duration) (int, error) {
	deadline := time.Now().Add(limit)
	for {
		var total, pending int
		err := db.Reader().QueryRow(ctx, "SELECT count(*), coalesce(sum(CASE WHEN done_at IS NULL THEN 1 ELSE 0 END), 0) FROM translation_jobs").Scan(&total, &pending)
		if err != nil {
			return 0, err
		}
		if total > 0 && pending == 0 {
			return total, nil
		}
		if time.Now().After(deadline) {
			return total, fmt.Errorf("%d of %d jobs still pending after %v", pending, total, limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// requeue makes every job due again, as outbox.Translate does when a text
// changes.
func requeue(ctx context.Context, db *store.DB) error {
	now := store.Now()
	return db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE translation_jobs SET queued_at = ?, next_attempt_at = ?, attempts = 0, last_error = '', done_at = NULL", now, now)
		return err
	})
}

type page struct{ name, path string }

// load reads the pages in turn until each has n timings; with busy set,
// only loads that began and ended while it was true count.
func load(base string, ps []page, n int, busy *atomic.Bool) map[string][]time.Duration {
	out := map[string][]time.Duration{}
	for full := 0; full < len(ps); {
		full = 0
		for _, p := range ps {
			if len(out[p.name]) >= n {
				full++
				continue
			}
			before := busy == nil || busy.Load()
			t0 := time.Now()
			res, err := http.Get(base + p.path)
			if err == nil {
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
			d := time.Since(t0)
			if err == nil && res.StatusCode == 200 && before && (busy == nil || busy.Load()) {
				out[p.name] = append(out[p.name], d)
			}
			if busy != nil && !before {
				time.Sleep(2 * time.Millisecond)
			}
		}
	}
	for _, l := range out {
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	}
	return out
}

// discover finds the demo's edition and one of its statements by
// following links, as a reader would.
func discover(base string) ([]page, error) {
	link := func(path string, re *regexp.Regexp) (string, error) {
		res, err := http.Get(base + path)
		if err != nil {
			return "", err
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		m := re.FindStringSubmatch(string(b))
		if m == nil {
			return "", fmt.Errorf("no link matching %s on %s", re, path)
		}
		return strings.ReplaceAll(m[1], "&amp;", "&"), nil
	}
	edition, err := link("/editions", regexp.MustCompile(`href="(/editions/\d+)"`))
	if err != nil {
		return nil, err
	}
	statement, err := link(edition, regexp.MustCompile(`href="(/statements/\d+)"`))
	if err != nil {
		return nil, err
	}
	return []page{{"home", "/"}, {"edition", edition}, {"statement", statement}}, nil
}
