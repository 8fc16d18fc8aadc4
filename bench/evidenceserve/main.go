// Command evidenceserve measures Roundtable's evidence chart and metric
// endpoints with a WDI-sized file loaded: p50/p90/p99/max per endpoint
// class, over HTTP with keep-alive, for one client and for eight
// concurrent clients, on first touch of an indicator (random over every
// indicator: the panel cache holds 256 series, so most requests miss) and
// on a warm set of 50 indicators.
//
// The data folder comes from `go run ./evidenceimport -keep` (its
// roundtable/ subfolder) with `roundtable import indicators --shipped`
// added; see bench/results/issue13-serve.md.
//
//	go run ./evidenceserve -bin /tmp/rt-serve -data DIR
//	go run ./evidenceserve -panels -data DIR -cpuprofile /tmp/panel.prof
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"roundtable/internal/evidence"
	"roundtable/internal/store"
)

// participants: China and the 33 CELAC states (their profiles exist).
var participants = strings.Fields("CHN ATG ARG BHS BRB BLZ BOL BRA CHL COL CRI CUB DMA DOM ECU SLV GRD GTM GUY HTI HND JAM MEX NIC PAN PRY PER KNA LCA VCT SUR TTO URY VEN")

type indicator struct {
	Code   string
	Series int64
	Real   bool
}

type class struct {
	name string
	url  func(r *rand.Rand, in indicator) string
	// fixed: the class does not draw indicators (the profile).
	fixed bool
	// realOnly: draw among the shipped indicators only.
	realOnly bool
}

func main() {
	bin := flag.String("bin", "/tmp/rt-serve", "the roundtable binary")
	data := flag.String("data", "", "the data folder (WDI-sized file and the shipped data imported)")
	addr := flag.String("addr", "127.0.0.1:18713", "where the server listens")
	n := flag.Int("n", 2000, "requests per class, mode and concurrency")
	nCold := flag.Int("ncold", 0, "requests per class on first touch (default -n)")
	nProfile := flag.Int("nprofile", 3, "requests of the country profile per mode (one client: it draws every indicator)")
	clients := flag.String("clients", "1,8", "concurrent clients, comma-separated")
	seed := flag.Uint64("seed", 13, "PRNG seed")
	only := flag.String("classes", "", "comma-separated class names (default all)")
	modes := flag.String("modes", "first,warm", "first (first touch of an indicator) and/or warm")
	panels := flag.Bool("panels", false, "instead: time evidence.Service.Panel on the data folder, in process")
	cpuprofile := flag.String("cpuprofile", "", "with -panels: write a CPU profile here")
	flag.Parse()
	if *data == "" {
		fmt.Fprintln(os.Stderr, "-data is required")
		os.Exit(2)
	}
	var err error
	switch {
	case *panels:
		err = panelBench(*data, *n, *seed, *cpuprofile)
	default:
		if *nCold == 0 {
			*nCold = *n
		}
		err = run(*bin, *data, *addr, *n, *nCold, *nProfile, *clients, *seed, *only, *modes)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(bin, data, addr string, n, nCold, nProfile int, clientList string, seed uint64, only, modes string) error {
	logf, err := os.CreateTemp("", "evidenceserve-*.log")
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", addr, "--apertium", "off")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	base := "http://" + addr
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 2 * time.Minute}
	t0 := time.Now()
	for {
		resp, err := client.Get(base + "/api/v1/evidence/areas")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Since(t0) > 3*time.Minute {
			return fmt.Errorf("server not ready after 3 min (log %s)", logf.Name())
		}
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Printf("server pid %d ready in %v (log %s)\n", cmd.Process.Pid, time.Since(t0).Round(time.Millisecond), logf.Name())

	ins, economies, areas, err := catalogue(client, base)
	if err != nil {
		return err
	}
	var real, synth []indicator
	for _, in := range ins {
		if in.Real {
			real = append(real, in)
		} else {
			synth = append(synth, in)
		}
	}
	fmt.Printf("indicators with a series: %d (%d shipped, %d synthetic); areas %d (economies %d)\n",
		len(ins), len(real), len(synth), len(areas), len(economies))
	warm := append(slices.Clone(real), synth...)[:min(50, len(ins))]
	frontier := []indicator{}
	for _, in := range real {
		if in.Code == "SH.DYN.MORT" || in.Code == "SP.DYN.LE00.IN" {
			frontier = append(frontier, in)
		}
	}

	pick := func(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }
	classes := []class{
		{name: "metrics", url: func(r *rand.Rand, in indicator) string {
			return "/api/v1/indicators/" + in.Code + "/metrics?area=" + pick(r, economies)
		}},
		{name: "metrics-frontier", realOnly: true, url: func(r *rand.Rand, in indicator) string {
			return "/api/v1/indicators/" + in.Code + "/metrics?area=" + pick(r, economies)
		}},
		{name: "map.svg", url: func(r *rand.Rand, in indicator) string { return "/evidence/indicators/" + in.Code + "/map.svg" }},
		{name: "dots.svg", url: func(r *rand.Rand, in indicator) string { return "/evidence/indicators/" + in.Code + "/dots.svg" }},
		{name: "slope.svg", url: func(r *rand.Rand, in indicator) string { return "/evidence/indicators/" + in.Code + "/slope.svg" }},
		{name: "observations", url: func(r *rand.Rand, in indicator) string {
			return fmt.Sprintf("/api/v1/series/%d/observations?area=%s", in.Series, pick(r, areas))
		}},
		{name: "groups", url: func(r *rand.Rand, in indicator) string {
			return "/api/v1/indicators/" + in.Code + "/groups?group=CELAC"
		}},
		{name: "peers", url: func(r *rand.Rand, in indicator) string {
			return "/api/v1/indicators/" + in.Code + "/peers?country=" + pick(r, participants[1:])
		}},
		{name: "indicator page", url: func(r *rand.Rand, in indicator) string { return "/evidence/indicators/" + in.Code }},
		{name: "profile", fixed: true, url: func(r *rand.Rand, in indicator) string { return "/evidence/countries/" + pick(r, participants) }},
	}
	if only != "" {
		keep := strings.Split(only, ",")
		classes = slices.DeleteFunc(classes, func(c class) bool { return !slices.Contains(keep, c.name) })
	}

	// The profile of Bolivia: its size and how many charts it draws.
	if body, err := get(client, base+"/evidence/countries/BOL"); err == nil {
		fmt.Printf("profile BOL: %d bytes, %d <svg, %d <tr, %d <img\n", len(body),
			strings.Count(body, "<svg"), strings.Count(body, "<tr"), strings.Count(body, "<img"))
	} else {
		fmt.Println("profile BOL:", err)
	}

	// Warm-up: the runtime, templates, connections, the shared panels
	// (population, GDP per capita) and the frontier.
	r := rand.New(rand.NewPCG(seed, 0))
	for _, c := range classes {
		if c.fixed {
			continue
		}
		for range 20 {
			in := real[r.IntN(len(real))]
			get(client, base+c.url(r, in))
		}
	}

	var cls []int
	for _, f := range strings.Split(clientList, ",") {
		var c int
		fmt.Sscan(f, &c)
		cls = append(cls, c)
	}
	fmt.Printf("\n| mode | clients | class | n | 404 | errors | p50 ms | p90 ms | p99 ms | max ms | req/s | KB/resp |\n|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for mi, mode := range []string{"first touch", "warm"} {
		if !slices.Contains(strings.Split(modes, ","), strings.Fields(mode)[0]) {
			continue
		}
		for _, nc := range cls {
			if mode == "warm" {
				// Touch every warm indicator once per class (again: the
				// profile reads every panel and evicts them).
				for _, c := range classes {
					if c.fixed {
						continue
					}
					for _, in := range warm {
						get(client, base+c.url(r, in))
					}
				}
			}
			for ci, c := range classes {
				rr := rand.New(rand.NewPCG(seed, uint64(100*mi+10*nc+ci+1)))
				var urls []string
				count := n
				if mode == "first touch" {
					count = nCold
				}
				if c.fixed {
					if nc != cls[0] {
						continue
					}
					count = nProfile
				}
				var perm []int
				for i := range count {
					var in indicator
					switch {
					case c.fixed:
					case c.realOnly && mode == "first touch":
						in = frontier[rr.IntN(len(frontier))]
					case c.realOnly:
						in = frontier[i%len(frontier)]
					case mode == "warm":
						in = warm[rr.IntN(len(warm))]
					default:
						// A permutation of every indicator: each drawn once
						// before any is drawn again.
						if len(perm) == 0 {
							perm = rr.Perm(len(ins))
						}
						in, perm = ins[perm[0]], perm[1:]
					}
					urls = append(urls, base+c.url(rr, in))
				}
				if len(urls) == 0 {
					continue
				}
				res := drive(client, urls, nc)
				fmt.Printf("| %s | %d | %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.0f | %.1f |\n", mode, nc, c.name, len(urls), res.notFound, res.errors,
					ms(res.pct(0.50)), ms(res.pct(0.90)), ms(res.pct(0.99)), ms(res.pct(1)), float64(len(urls))/res.wall.Seconds(),
					float64(res.bytes)/float64(len(urls))/1024)
				if res.firstErr != "" {
					fmt.Printf("|   | | first error: %s | | | | | | | | | |\n", res.firstErr)
				}
			}
		}
	}
	status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmRSS") || strings.HasPrefix(line, "VmHWM") {
			fmt.Println("server", strings.Join(strings.Fields(line), " "))
		}
	}
	if la, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("load average at the end: %s", la)
	}
	return nil
}

type result struct {
	times    []time.Duration
	errors   int
	notFound int // 404: the area has no data for the indicator (an answer)
	firstErr string
	bytes    int64
	wall     time.Duration
}

func (r result) pct(p float64) time.Duration {
	if len(r.times) == 0 {
		return 0
	}
	return r.times[int(p*float64(len(r.times)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// drive requests urls with nc concurrent clients and records each latency
// (the time to the last byte of the body).
func drive(client *http.Client, urls []string, nc int) result {
	var mu sync.Mutex
	var res result
	next := make(chan string)
	var wg sync.WaitGroup
	t0 := time.Now()
	for range nc {
		wg.Go(func() {
			for u := range next {
				start := time.Now()
				resp, err := client.Get(u)
				var nb int64
				status := 0
				if err == nil {
					nb, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				d := time.Since(start)
				mu.Lock()
				res.times = append(res.times, d)
				res.bytes += nb
				if status == 404 {
					res.notFound++
				} else if err != nil || status != 200 {
					res.errors++
					if res.firstErr == "" {
						res.firstErr = fmt.Sprintf("%s: %v status %d", u, err, status)
					}
				}
				mu.Unlock()
			}
		})
	}
	for _, u := range urls {
		next <- u
	}
	close(next)
	wg.Wait()
	res.wall = time.Since(t0)
	slices.Sort(res.times)
	return res
}

func get(client *http.Client, u string) (string, error) {
	resp, err := client.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return string(b), fmt.Errorf("%s: status %d", u, resp.StatusCode)
	}
	return string(b), err
}

// catalogue lists the indicators with at least one series (the default,
// first listed, series of each), the economies and all areas.
func catalogue(client *http.Client, base string) (ins []indicator, economies, areas []string, err error) {
	body, err := get(client, base+"/api/v1/indicators")
	if err != nil {
		return nil, nil, nil, err
	}
	var cat struct {
		Indicators []struct {
			Code   string `json:"code"`
			Series []struct {
				ID           int64 `json:"id"`
				Observations int   `json:"observations"`
			} `json:"series"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal([]byte(body), &cat); err != nil {
		return nil, nil, nil, err
	}
	for _, in := range cat.Indicators {
		if len(in.Series) == 0 || in.Series[0].Observations == 0 {
			continue
		}
		ins = append(ins, indicator{Code: in.Code, Series: in.Series[0].ID, Real: !strings.HasPrefix(in.Code, "BENCH.")})
	}
	body, err = get(client, base+"/api/v1/evidence/areas")
	if err != nil {
		return nil, nil, nil, err
	}
	var as struct {
		Areas []struct {
			Code string `json:"code"`
			Kind string `json:"kind"`
		} `json:"areas"`
	}
	if err := json.Unmarshal([]byte(body), &as); err != nil {
		return nil, nil, nil, err
	}
	for _, a := range as.Areas {
		areas = append(areas, a.Code)
		if a.Kind == "economy" {
			economies = append(economies, a.Code)
		}
	}
	return ins, economies, areas, nil
}

// panelBench reads n panels of series drawn at random (so they miss the
// cache) with evidence.Service.Panel on the data folder, in process, and
// prints the distribution of one read.
func panelBench(dir string, n int, seed uint64, cpuprofile string) error {
	ctx := context.Background()
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := evidence.New(db)
	ss, err := svc.Series(ctx, "")
	if err != nil {
		return err
	}
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	r := rand.New(rand.NewPCG(seed, 7))
	perm := r.Perm(len(ss))
	var times []time.Duration
	rows := 0
	for i := range min(n, len(ss)) {
		se := ss[perm[i]]
		start := time.Now()
		p, err := svc.Panel(ctx, se.ID)
		if err != nil {
			return err
		}
		times = append(times, time.Since(start))
		rows += se.Observations
		_ = p
	}
	// Then the same series again, from the cache (only the last 256 stay).
	var hits []time.Duration
	for i := max(0, len(times)-256); i < len(times); i++ {
		start := time.Now()
		if _, err := svc.Panel(ctx, ss[perm[i]].ID); err != nil {
			return err
		}
		hits = append(hits, time.Since(start))
	}
	// One area of a series with the primary key's range (series_id, area):
	// what ?area= of the observations endpoint needs, without the panel.
	var one []time.Duration
	for i := range min(n, len(ss)) {
		se := ss[perm[len(perm)-1-i]]
		start := time.Now()
		rows, err := db.Reader().Query(ctx, "SELECT year, value FROM observations WHERE series_id = ? AND area = ? ORDER BY year", se.ID, "BOL")
		if err != nil {
			return err
		}
		for rows.Next() {
			var y int
			var v float64
			if err := rows.Scan(&y, &v); err != nil {
				return err
			}
		}
		rows.Close()
		one = append(one, time.Since(start))
	}
	// The area list (names decoded from JSON) that chart pages read on
	// every request.
	var areas []time.Duration
	for range 200 {
		start := time.Now()
		if _, err := svc.Areas(ctx); err != nil {
			return err
		}
		areas = append(areas, time.Since(start))
	}
	slices.Sort(one)
	slices.Sort(areas)
	slices.Sort(times)
	slices.Sort(hits)
	p := func(t []time.Duration, q float64) float64 { return ms(t[int(q*float64(len(t)-1))]) }
	fmt.Printf("Panel on a miss: %d series, %.0f rows each on average: p50 %.2f ms p90 %.2f p99 %.2f max %.2f\n",
		len(times), float64(rows)/float64(len(times)), p(times, .5), p(times, .9), p(times, .99), p(times, 1))
	fmt.Printf("Panel on a hit:  %d series: p50 %.3f ms p99 %.3f max %.3f\n", len(hits), p(hits, .5), p(hits, .99), p(hits, 1))
	fmt.Printf("one area (BOL) of an uncached series by key range: %d series: p50 %.3f ms p99 %.3f max %.3f\n", len(one), p(one, .5), p(one, .99), p(one, 1))
	fmt.Printf("Service.Areas (264 areas): p50 %.3f ms p99 %.3f\n", p(areas, .5), p(areas, .99))
	return nil
}
