// Command searchbench compares Roundtable's search with default Bleve and
// SQLite FTS5 on one generated corpus: build time, size on disk, peak
// memory and query latency per query class.
//
// Each engine runs in a child process of its own (this command re-executed
// with -child), so the peak resident memory (VmHWM) it reports is that
// engine's alone. Children run one after another.
//
//	go run ./cmd/searchbench -n 100000 -engines roundtable,bleve-default,fts5 -out results-100k.json
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"roundtable/bench/corpus"
	"roundtable/bench/engines"
)

// Result is one engine's measurements.
type Result struct {
	Engine       string                 `json:"engine"`
	N            int                    `json:"n"`
	GenSeconds   float64                `json:"generate_seconds"` // corpus generation, not in build
	BuildSeconds float64                `json:"build_seconds"`    // indexing, batches on disk
	SettleSecs   float64                `json:"settle_seconds"`   // background merges after the last batch
	DiskBytes    int64                  `json:"disk_bytes"`
	PeakRSSBuild int64                  `json:"peak_rss_build_bytes"` // VmHWM after build
	PeakRSS      int64                  `json:"peak_rss_bytes"`       // VmHWM at the end (build + queries)
	Classes      map[string]ClassResult `json:"classes"`
	QueryProcs   int                    `json:"query_procs"`          // GOMAXPROCS of the sequential query phase
	Concurrent   *ConcurrentResult      `json:"concurrent,omitempty"` // -clients
}

// ConcurrentResult is the throughput of -clients clients sending the
// classes' queries mixed, as fast as they are answered (closed loop), and,
// when that p99 is over the bound, the highest offered rate tried whose
// p99 stays under it (open loop, latency counted from the moment a query
// was due, so queueing counts).
type ConcurrentResult struct {
	Clients    int     `json:"clients"`
	Procs      int     `json:"procs"`
	Seconds    float64 `json:"seconds"`
	MaxQPS     float64 `json:"max_qps"`
	MaxP50ms   float64 `json:"max_p50_ms"`
	MaxP99ms   float64 `json:"max_p99_ms"`
	BoundMs    float64 `json:"bound_ms"`
	QPS        float64 `json:"qps_under_bound"` // 0: no rate tried stayed under the bound
	P50ms      float64 `json:"p50_ms"`
	P99ms      float64 `json:"p99_ms"`
	RatesTried []Rate  `json:"rates_tried,omitempty"`
	// MaxCPUms is the process's CPU time per query in the closed-loop run;
	// 2 cores / MaxCPUms is the throughput an idle 2-core machine allows.
	MaxCPUms float64 `json:"max_cpu_ms_per_query"`
}

// Rate is one open-loop step.
type Rate struct {
	Offered  float64 `json:"offered_qps"`
	Achieved float64 `json:"achieved_qps"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
}

// ClassResult is the latency of one query class.
type ClassResult struct {
	Queries  int     `json:"queries"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	MeanMs   float64 `json:"mean_ms"`
	MaxMs    float64 `json:"max_ms"`
	MeanHits float64 `json:"mean_hits"`
	ZeroHits int     `json:"zero_hit_queries"`
	// CPUms is the process's CPU time (user + system, getrusage) over the
	// class divided by its queries: what a query costs the machine, which
	// other work on a shared machine does not inflate as it does latency.
	CPUms float64 `json:"cpu_ms_per_query"`
}

var (
	n          = flag.Int("n", 10000, "statements in the corpus")
	engineList = flag.String("engines", strings.Join(engines.Names, ","), "engines to run, comma-separated")
	dir        = flag.String("dir", filepath.Join(os.TempDir(), "searchbench-index"), "folder for the indexes (each engine's is removed first)")
	nq         = flag.Int("queries", 200, "queries per class")
	out        = flag.String("out", "results.json", "where to write the results")
	seed       = flag.Uint64("seed", 1, "corpus seed")
	root       = flag.String("root", "..", "repository root (the shared data is looked for at ROOT/../shared/data)")
	data       = flag.String("data", "", "shared data folder (default ROOT/../shared/data)")
	batch      = flag.Int("batch", 1000, "statements per indexing batch")
	keep       = flag.Bool("keep", false, "keep the indexes after the run")
	reuse      = flag.Bool("reuse", false, "query the index an earlier run kept (-keep) instead of building one")
	cpuprofile = flag.String("cpuprofile", "", "write CPU profiles of the build and the query phase to FILE.<engine>.build and FILE.<engine>")
	slowest    = flag.Int("slowest", 0, "log the N slowest queries of each class, with their hit counts")
	child      = flag.String("child", "", "internal: run one engine and print its Result")
	queryProcs = flag.Int("query-procs", 0, "GOMAXPROCS while the classes' queries are timed one after another (1: one core for queries; 0: leave it)")
	clients    = flag.Int("clients", 0, "after the sequential classes, this many concurrent clients send the classes' queries mixed (0: no concurrent phase)")
	concSecs   = flag.Float64("concurrent-seconds", 10, "length of each concurrent run")
	boundMs    = flag.Float64("p99-bound", 50, "the p99 (ms) the concurrent throughput must stay under")
)

func main() {
	flag.Parse()
	log.SetFlags(log.Ltime)
	if *child != "" {
		res, err := runEngine(*child)
		if err != nil {
			log.Fatalf("%s: %v", *child, err)
		}
		json.NewEncoder(os.Stdout).Encode(res)
		return
	}
	var results []Result
	for _, name := range strings.Split(*engineList, ",") {
		name = strings.TrimSpace(name)
		args := append([]string{"-child", name}, os.Args[1:]...)
		cmd := exec.Command(os.Args[0], args...)
		cmd.Stderr = os.Stderr
		var buf bytes.Buffer
		cmd.Stdout = &buf
		log.Printf("== %s, n=%d", name, *n)
		if err := cmd.Run(); err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		var r Result
		if err := json.Unmarshal(buf.Bytes(), &r); err != nil {
			log.Fatalf("%s: bad result: %v: %s", name, err, buf.String())
		}
		results = append(results, r)
	}
	b, _ := json.MarshalIndent(map[string]any{"n": *n, "date": time.Now().UTC().Format(time.RFC3339), "go": runtime.Version(), "gomaxprocs": runtime.GOMAXPROCS(0), "results": results}, "", "  ")
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Print(Markdown(results))
}

func config() corpus.Config {
	c := corpus.DefaultConfig(*root)
	if *data != "" {
		c.Data = *data
	}
	return c
}

func runEngine(name string) (Result, error) {
	r := Result{Engine: name, N: *n, Classes: map[string]ClassResult{}}
	src, err := corpus.Load(config())
	if err != nil {
		return r, err
	}
	gen := &corpus.Generator{Src: src, Seed: *seed, N: *n}
	queries := map[string][]corpus.Query{}
	for _, c := range corpus.Classes {
		queries[c] = corpus.Queries(gen, c, *nq, *seed)
	}
	idir := filepath.Join(*dir, fmt.Sprintf("%s-%d", name, *n))
	if *reuse {
		return queryPhase(r, name, idir, queries)
	}
	if err := os.RemoveAll(idir); err != nil {
		return r, err
	}
	if !*keep {
		defer os.RemoveAll(idir)
	}
	e, err := engines.Open(name, idir, true)
	if err != nil {
		return r, err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile + "." + name + ".build")
		if err != nil {
			return r, err
		}
		pprof.StartCPUProfile(f)
		defer f.Close()
	}
	var genTime time.Duration
	start := time.Now()
	docs := make([]corpus.Statement, 0, *batch)
	for i := 0; i < *n; i += *batch {
		t := time.Now()
		docs = docs[:0]
		for j := i; j < min(i+*batch, *n); j++ {
			docs = append(docs, gen.Doc(j))
		}
		genTime += time.Since(t)
		if err := e.Add(docs); err != nil {
			return r, err
		}
		if (i / *batch)%100 == 99 {
			log.Printf("%s: %d indexed, %s", name, i+*batch, time.Since(start).Round(time.Second))
		}
	}
	r.GenSeconds = genTime.Seconds()
	r.BuildSeconds = (time.Since(start) - genTime).Seconds()
	if *cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	t := time.Now()
	if err := e.Settle(); err != nil {
		return r, err
	}
	r.SettleSecs = time.Since(t).Seconds()
	if err := e.Close(); err != nil {
		return r, err
	}
	if r.DiskBytes, err = engines.DirSize(idir); err != nil {
		return r, err
	}
	r.PeakRSSBuild = vmHWM()
	log.Printf("%s: built in %.1fs (+%.1fs merges), %d MB on disk, peak RSS %d MB", name, r.BuildSeconds, r.SettleSecs, r.DiskBytes>>20, r.PeakRSSBuild>>20)
	return queryPhase(r, name, idir, queries)
}

func queryPhase(r Result, name, idir string, queries map[string][]corpus.Query) (Result, error) {
	e, err := engines.Open(name, idir, false)
	if err != nil {
		return r, err
	}
	defer e.Close()
	// The first query after opening pays for what an engine loads lazily
	// (Roundtable: the segments' columns); logged, not counted.
	t := time.Now()
	if _, err := e.Query(queries[corpus.Classes[0]][0]); err != nil {
		return r, err
	}
	log.Printf("%s: first query after opening: %v", name, time.Since(t).Round(time.Millisecond))
	// Warm up: a few queries of every class, not measured.
	for _, c := range corpus.Classes {
		for _, q := range queries[c][:min(20, max(5, len(queries[c])/10))] {
			if _, err := e.Query(q); err != nil {
				return r, fmt.Errorf("%s %q: %w", c, q.UserText(), err)
			}
		}
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile + "." + name)
		if err != nil {
			return r, err
		}
		pprof.StartCPUProfile(f)
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	procs := runtime.GOMAXPROCS(0)
	if *queryProcs > 0 {
		runtime.GOMAXPROCS(*queryProcs)
	}
	r.QueryProcs = runtime.GOMAXPROCS(0)
	for _, c := range corpus.Classes {
		lat := make([]time.Duration, 0, len(queries[c]))
		type timed struct {
			q    corpus.Query
			d    time.Duration
			hits int
		}
		var all []timed
		var hits, zero int
		cpu0 := cpuTime()
		for _, q := range queries[c] {
			t := time.Now()
			h, err := e.Query(q)
			d := time.Since(t)
			lat = append(lat, d)
			if err != nil {
				return r, fmt.Errorf("%s %q: %w", c, q.UserText(), err)
			}
			all = append(all, timed{q, d, h})
			hits += h
			if h == 0 {
				zero++
			}
		}
		cpu := cpuTime() - cpu0
		r.Classes[c] = summarize(lat, hits, zero)
		cr := r.Classes[c]
		cr.CPUms = math.Round(float64(cpu.Microseconds())/float64(len(queries[c]))/10) / 100
		r.Classes[c] = cr
		slices.SortFunc(all, func(a, b timed) int { return int(b.d - a.d) })
		for _, t := range all[:min(*slowest, len(all))] {
			log.Printf("%s %s: %v, %d hits: %s", name, c, t.d.Round(time.Microsecond), t.hits, t.q.UserText())
		}
	}
	runtime.GOMAXPROCS(procs)
	if *clients > 0 {
		cr, err := concurrent(e, queries)
		if err != nil {
			return r, err
		}
		r.Concurrent = &cr
		log.Printf("%s: %d clients: %.0f q/s at most (p50 %.2f, p99 %.2f ms); under a p99 of %.0f ms: %.0f q/s (p50 %.2f, p99 %.2f ms)",
			name, cr.Clients, cr.MaxQPS, cr.MaxP50ms, cr.MaxP99ms, cr.BoundMs, cr.QPS, cr.P50ms, cr.P99ms)
	}
	r.PeakRSS = vmHWM()
	return r, nil
}

// concurrent runs the classes' queries, interleaved, from *clients
// goroutines: first as fast as answered, then, if the p99 is over the
// bound, at offered rates stepping down from the maximum until it is not.
func concurrent(e engines.Engine, queries map[string][]corpus.Query) (ConcurrentResult, error) {
	var mixed []corpus.Query
	for i := 0; ; i++ {
		added := false
		for _, c := range corpus.Classes {
			if i < len(queries[c]) {
				mixed = append(mixed, queries[c][i])
				added = true
			}
		}
		if !added {
			break
		}
	}
	d := time.Duration(*concSecs * float64(time.Second))
	cr := ConcurrentResult{Clients: *clients, Procs: runtime.GOMAXPROCS(0), Seconds: *concSecs, BoundMs: *boundMs}
	cpu0 := cpuTime()
	qps, lat, err := loadRun(e, mixed, d, 0)
	if err != nil {
		return cr, err
	}
	cr.MaxCPUms = math.Round(float64((cpuTime()-cpu0).Microseconds())/float64(len(lat))/10) / 100
	p50, p99 := percentiles(lat)
	cr.MaxQPS, cr.MaxP50ms, cr.MaxP99ms = qps, p50, p99
	if p99 < *boundMs {
		cr.QPS, cr.P50ms, cr.P99ms = qps, p50, p99
		return cr, nil
	}
	for _, f := range []float64{0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1} {
		offered := qps * f
		got, lat, err := loadRun(e, mixed, d, offered)
		if err != nil {
			return cr, err
		}
		p50, p99 := percentiles(lat)
		cr.RatesTried = append(cr.RatesTried, Rate{Offered: math.Round(offered), Achieved: math.Round(got), P50ms: p50, P99ms: p99})
		log.Printf("offered %.0f q/s: achieved %.0f, p50 %.2f, p99 %.2f ms", offered, got, p50, p99)
		if p99 < *boundMs {
			cr.QPS, cr.P50ms, cr.P99ms = got, p50, p99
			break
		}
	}
	return cr, nil
}

// loadRun sends queries from *clients goroutines for d. rate 0: each
// client sends its next query when the last is answered, latency is the
// answer's time; rate > 0: queries fall due at that rate in all, latency
// counts from when each was due.
func loadRun(e engines.Engine, qs []corpus.Query, d time.Duration, rate float64) (float64, []time.Duration, error) {
	type job struct {
		q   corpus.Query
		due time.Time
	}
	jobs := make(chan job, 1<<16)
	lats := make([][]time.Duration, *clients)
	errs := make(chan error, *clients)
	start := time.Now()
	stop := start.Add(d)
	done := make(chan struct{})
	for c := 0; c < *clients; c++ {
		go func() {
			defer func() { done <- struct{}{} }()
			i := c * 7919
			for {
				var j job
				if rate > 0 {
					var ok bool
					if j, ok = <-jobs; !ok {
						return
					}
				} else {
					if time.Now().After(stop) {
						return
					}
					j = job{q: qs[i%len(qs)], due: time.Now()}
					i++
				}
				if _, err := e.Query(j.q); err != nil {
					errs <- err
					return
				}
				lats[c] = append(lats[c], time.Since(j.due))
			}
		}()
	}
	if rate > 0 {
		every := time.Duration(float64(time.Second) / rate)
		for i := 0; ; i++ {
			due := start.Add(time.Duration(i) * every)
			if due.After(stop) {
				break
			}
			if w := time.Until(due); w > 0 {
				time.Sleep(w)
			}
			jobs <- job{q: qs[i%len(qs)], due: due}
		}
		close(jobs)
	}
	for c := 0; c < *clients; c++ {
		<-done
	}
	elapsed := time.Since(start)
	select {
	case err := <-errs:
		return 0, nil, err
	default:
	}
	var all []time.Duration
	for _, l := range lats {
		all = append(all, l...)
	}
	return float64(len(all)) / elapsed.Seconds(), all, nil
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func percentiles(lat []time.Duration) (p50, p99 float64) {
	if len(lat) == 0 {
		return 0, 0
	}
	cr := summarize(lat, 0, 0)
	return cr.P50ms, cr.P99ms
}

func summarize(lat []time.Duration, hits, zero int) ClassResult {
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return math.Round(float64(d.Microseconds())/10) / 100 }
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	pct := func(p float64) time.Duration {
		i := int(math.Ceil(p*float64(len(lat)))) - 1
		return lat[max(0, min(i, len(lat)-1))]
	}
	return ClassResult{
		Queries: len(lat), P50ms: ms(pct(0.50)), P99ms: ms(pct(0.99)), MeanMs: ms(sum / time.Duration(len(lat))),
		MaxMs: ms(lat[len(lat)-1]), MeanHits: math.Round(float64(hits)/float64(len(lat))*10) / 10, ZeroHits: zero,
	}
}

// vmHWM is this process's peak resident set size, from /proc/self/status.
func vmHWM() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return -1
}

// Markdown renders results as one table, engines in columns.
func Markdown(rs []Result) string {
	var b strings.Builder
	b.WriteString("| n = " + strconv.Itoa(rs[0].N) + " |")
	for _, r := range rs {
		b.WriteString(" " + r.Engine + " |")
	}
	b.WriteString("\n|---|" + strings.Repeat("---:|", len(rs)) + "\n")
	row := func(label string, f func(Result) string) {
		b.WriteString("| " + label + " |")
		for _, r := range rs {
			b.WriteString(" " + f(r) + " |")
		}
		b.WriteString("\n")
	}
	row("build (s)", func(r Result) string { return fmt.Sprintf("%.1f", r.BuildSeconds) })
	row("merges after build (s)", func(r Result) string { return fmt.Sprintf("%.1f", r.SettleSecs) })
	row("disk (MB)", func(r Result) string { return fmt.Sprintf("%.1f", float64(r.DiskBytes)/(1<<20)) })
	row("peak RSS, build (MB)", func(r Result) string { return fmt.Sprintf("%d", r.PeakRSSBuild>>20) })
	row("peak RSS, build+queries (MB)", func(r Result) string { return fmt.Sprintf("%d", r.PeakRSS>>20) })
	for _, c := range corpus.Classes {
		row(c+" p50 / p99 (ms)", func(r Result) string {
			cr := r.Classes[c]
			return fmt.Sprintf("%.2f / %.2f", cr.P50ms, cr.P99ms)
		})
	}
	for _, c := range corpus.Classes {
		row(c+" CPU ms per query", func(r Result) string { return fmt.Sprintf("%.2f", r.Classes[c].CPUms) })
	}
	row("query phase GOMAXPROCS", func(r Result) string { return strconv.Itoa(r.QueryProcs) })
	if rs[0].Concurrent != nil {
		row(fmt.Sprintf("%d clients: most q/s (p50 / p99 ms)", rs[0].Concurrent.Clients), func(r Result) string {
			c := r.Concurrent
			if c == nil {
				return ""
			}
			return fmt.Sprintf("%.0f (%.2f / %.2f)", c.MaxQPS, c.MaxP50ms, c.MaxP99ms)
		})
		row(fmt.Sprintf("%d clients: CPU ms per query (2 cores / it = q/s on an idle machine)", rs[0].Concurrent.Clients), func(r Result) string {
			c := r.Concurrent
			if c == nil || c.MaxCPUms == 0 {
				return ""
			}
			return fmt.Sprintf("%.2f (%.0f q/s)", c.MaxCPUms, 2000/c.MaxCPUms)
		})
		row(fmt.Sprintf("%d clients: q/s with p99 < %.0f ms (p50 / p99 ms)", rs[0].Concurrent.Clients, rs[0].Concurrent.BoundMs), func(r Result) string {
			c := r.Concurrent
			if c == nil {
				return ""
			}
			return fmt.Sprintf("%.0f (%.2f / %.2f)", c.QPS, c.P50ms, c.P99ms)
		})
	}
	for _, c := range corpus.Classes {
		row(c+" mean hits (zero-hit queries)", func(r Result) string {
			cr := r.Classes[c]
			return fmt.Sprintf("%.0f (%d)", cr.MeanHits, cr.ZeroHits)
		})
	}
	return b.String()
}
