package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// kind is one sort of request in the mix, with its weight.
type kind struct {
	name   string
	weight int
}

// The mix: public pages, search, API reads and authenticated writes.
var mix = []kind{
	{"home", 15}, {"edition_page", 15}, {"statement_page", 15}, {"search_page", 10},
	{"api_search", 10}, {"api_statement_list", 10}, {"api_statement", 15}, {"api_write", 10},
}

// workload knows the paths to ask for.
type workload struct {
	edition, session int64
	delegation       int64
	statements       []int64
	words            []string
	token            string
}

func (w workload) path(k string, rng *rand.Rand) string {
	st := w.statements[rng.IntN(len(w.statements))]
	q := url.QueryEscape(w.words[rng.IntN(len(w.words))])
	switch k {
	case "home":
		return "/"
	case "edition_page":
		return fmt.Sprintf("/editions/%d", w.edition)
	case "statement_page":
		return fmt.Sprintf("/statements/%d", st)
	case "search_page":
		return "/search?q=" + q
	case "api_search":
		return "/api/v1/search?q=" + q
	case "api_statement_list":
		return fmt.Sprintf("/api/v1/statements?edition=%d&limit=20", w.edition)
	case "api_statement":
		return fmt.Sprintf("/api/v1/statements/%d", st)
	}
	return "/api/v1/statements"
}

// allPaths lists every GET path the workload can ask for, to save the
// pages for the bare server.
func (w workload) allPaths() []string {
	ps := []string{"/", fmt.Sprintf("/editions/%d", w.edition), fmt.Sprintf("/api/v1/statements?edition=%d&limit=20", w.edition)}
	for _, id := range w.statements {
		ps = append(ps, fmt.Sprintf("/statements/%d", id), fmt.Sprintf("/api/v1/statements/%d", id))
	}
	for _, x := range w.words {
		q := url.QueryEscape(x)
		ps = append(ps, "/search?q="+q, "/api/v1/search?q="+q)
	}
	return ps
}

// result of a run at one rate.
type result struct {
	Rate         int            `json:"rate"`
	Seconds      float64        `json:"seconds"`
	Sent         int            `json:"sent"`
	OK           int            `json:"ok"`
	Errors       int            `json:"errors"`
	Dropped      int            `json:"dropped"`
	Throughput   float64        `json:"throughput_rps"`
	P50MS        float64        `json:"p50_ms"`
	P99MS        float64        `json:"p99_ms"`
	MaxMS        float64        `json:"max_ms"`
	ErrorSamples []string       `json:"error_samples,omitempty"`
	ByKind       map[string]int `json:"by_kind"`
	// P99ByKind is each kind's p99 in ms: which requests are slow.
	P99ByKind map[string]float64 `json:"p99_ms_by_kind"`
}

// run sends requests at rate per second for d, open loop: each request
// has its moment on a fixed schedule and its latency counts from that
// moment, so a slow server cannot slow the clock down (no coordinated
// omission). A request that finds all workers busy is dropped and counted
// as an error. Targets are used round robin.
func run(targets []string, w workload, rate int, d time.Duration, seed uint64, workers int) result {
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers}}
	type job struct {
		at     time.Time
		kind   string
		target string
		path   string
		n      int
	}
	jobs := make(chan job, workers)
	var mu sync.Mutex
	var lat []time.Duration
	latByKind := map[string][]time.Duration{}
	res := result{Rate: rate, ByKind: map[string]int{}, P99ByKind: map[string]float64{}}
	var wg sync.WaitGroup
	var writes atomic.Int64
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				err := send(client, j.target, j.path, j.kind, w, seed, writes.Add(1))
				took := time.Since(j.at)
				mu.Lock()
				lat = append(lat, took)
				latByKind[j.kind] = append(latByKind[j.kind], took)
				if err != nil {
					res.Errors++
					if len(res.ErrorSamples) < 5 {
						res.ErrorSamples = append(res.ErrorSamples, err.Error())
					}
				} else {
					res.OK++
				}
				mu.Unlock()
			}
		}()
	}
	rng := rand.New(rand.NewPCG(seed, uint64(rate)))
	total := 0
	for _, k := range mix {
		total += k.weight
	}
	start := time.Now()
	n := int(float64(rate) * d.Seconds())
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(float64(i) / float64(rate) * float64(time.Second)))
		time.Sleep(time.Until(at))
		pick := rng.IntN(total)
		k := mix[0]
		for _, x := range mix {
			if pick < x.weight {
				k = x
				break
			}
			pick -= x.weight
		}
		j := job{at: at, kind: k.name, target: targets[i%len(targets)], path: w.path(k.name, rng), n: i}
		res.Sent++
		res.ByKind[k.name]++
		select {
		case jobs <- j:
		default:
			mu.Lock()
			res.Dropped++
			res.Errors++
			mu.Unlock()
		}
	}
	close(jobs)
	wg.Wait()
	res.Seconds = time.Since(start).Seconds()
	res.Throughput = float64(res.OK) / res.Seconds
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	slices.Sort(lat)
	if len(lat) > 0 {
		res.P50MS, res.P99MS, res.MaxMS = ms(lat[len(lat)/2]), ms(lat[len(lat)*99/100]), ms(lat[len(lat)-1])
	}
	for k, l := range latByKind {
		slices.Sort(l)
		res.P99ByKind[k] = ms(l[len(l)*99/100])
	}
	return res
}

func send(c *http.Client, target, path, k string, w workload, seed uint64, n int64) error {
	ctx := context.Background()
	var req *http.Request
	var err error
	want := http.StatusOK
	if k == "api_write" {
		// Each statement is new: the record refuses a duplicate.
		body, _ := json.Marshal(map[string]any{"edition_id": w.edition, "session_id": w.session, "delegation_id": w.delegation,
			"speaker": "Load harness", "language": "en", "title": "Load", "text": fmt.Sprintf("Load test statement %d-%d on the right to development.", seed, n),
			"delivered_on": "2025-07-25", "visibility": "public"})
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, target+path, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+w.token)
		want = http.StatusCreated
	} else if req, err = http.NewRequestWithContext(ctx, http.MethodGet, target+path, nil); err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d", req.Method, path, resp.StatusCode)
	}
	return nil
}
