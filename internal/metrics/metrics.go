// Package metrics counts requests and exposes them, with a few runtime
// gauges, in the Prometheus text format. It is small on purpose: the
// product needs counters and one latency histogram, not a client library.
package metrics

import (
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// buckets are the latency histogram's upper bounds, in seconds.
var buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Registry holds the server's metrics. The zero value is not usable; call New.
type Registry struct {
	mu       sync.Mutex
	started  time.Time
	requests map[reqKey]uint64
	latency  map[string]*histogram
}

type reqKey struct{ route, method, code string }

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	count  uint64
}

// New returns an empty registry.
func New() *Registry {
	return &Registry{started: time.Now(), requests: map[reqKey]uint64{}, latency: map[string]*histogram{}}
}

// ObserveRequest counts one finished request. route is the route pattern,
// never the raw path, so the number of series stays bounded.
func (r *Registry) ObserveRequest(route, method string, status int, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests[reqKey{route, method, fmt.Sprint(status)}]++
	h := r.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(buckets))}
		r.latency[route] = h
	}
	s := d.Seconds()
	for i, b := range buckets {
		if s <= b {
			h.counts[i]++
			break
		}
	}
	h.sum += s
	h.count++
}

// Write writes every metric in the Prometheus text exposition format.
func (r *Registry) Write(w io.Writer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(w, "# HELP roundtable_http_requests_total HTTP requests served, by route, method and status.")
	fmt.Fprintln(w, "# TYPE roundtable_http_requests_total counter")
	keys := make([]reqKey, 0, len(r.requests))
	for k := range r.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		return a.route+a.method+a.code < b.route+b.method+b.code
	})
	for _, k := range keys {
		fmt.Fprintf(w, "roundtable_http_requests_total{route=%s,method=%s,code=%s} %d\n", q(k.route), q(k.method), q(k.code), r.requests[k])
	}
	fmt.Fprintln(w, "# HELP roundtable_http_request_duration_seconds Time to serve a request, by route.")
	fmt.Fprintln(w, "# TYPE roundtable_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(r.latency))
	for k := range r.latency {
		routes = append(routes, k)
	}
	sort.Strings(routes)
	for _, route := range routes {
		h := r.latency[route]
		var cum uint64
		for i, b := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "roundtable_http_request_duration_seconds_bucket{route=%s,le=\"%g\"} %d\n", q(route), b, cum)
		}
		fmt.Fprintf(w, "roundtable_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", q(route), h.count)
		fmt.Fprintf(w, "roundtable_http_request_duration_seconds_sum{route=%s} %g\n", q(route), h.sum)
		fmt.Fprintf(w, "roundtable_http_request_duration_seconds_count{route=%s} %d\n", q(route), h.count)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	gauge(w, "roundtable_goroutines", "Goroutines now running.", float64(runtime.NumGoroutine()))
	gauge(w, "roundtable_heap_bytes", "Bytes of allocated heap objects.", float64(ms.HeapAlloc))
	gauge(w, "roundtable_start_time_seconds", "Start time of the process, Unix seconds.", float64(r.started.Unix()))
}

func gauge(w io.Writer, name, help string, v float64) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n%s %g\n", name, help, name, name, v)
}

// q quotes a label value as the exposition format wants.
func q(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
