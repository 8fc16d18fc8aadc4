package search

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's CPU time, user and system. On a shared machine
// a search's wall time grows with everyone else's work; its CPU time much
// less, so the benchmarks report both (cpu-us/op).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFixedCost is what a search costs apart from its matches: 10,000
// statements in one segment and queries that match one document or none,
// so the time is the per-search work (snapshot, columns, statistics,
// facets, the page's stored fields and snippet), not the walk.
//
//	go test ./internal/search -run '^$' -bench FixedCost -cpu 1 -cpuprofile /tmp/fixed.prof
//
// Besides BenchmarkSearch's synthetic words, a page of twenty hits is
// measured (page20: a frequent word) since most of the per-search work is
// per page hit: its stored fields and its marked snippet; page1 is the same
// search with a page of one, so (page20 - page1) / 19 is one page hit.
func BenchmarkFixedCost(b *testing.B) {
	ix, err := Open(filepath.Join(b.TempDir(), "index"))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	docs := benchDocs(10_000)
	docs[4242].Text += " zanzibar"
	if err := ix.Apply(docs, nil); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range []struct {
		name string
		q    Query
	}{
		{"one_hit", Query{Text: "zanzibar"}},
		{"no_hit", Query{Text: "qwertyuiop"}},
		{"one_hit_filtered", Query{Text: "zanzibar", Filters: Filters{Edition: 1}}},
		{"page20", Query{Text: "derecho"}},
		{"page1", Query{Text: "derecho", Limit: 1}}, // the same walk, one page hit
	} {
		b.Run(c.name, func(b *testing.B) {
			var total uint64
			cpu0 := cpuTime()
			for b.Loop() {
				r, err := ix.Search(ctx, c.q)
				if err != nil {
					b.Fatal(err)
				}
				total = r.Total
			}
			b.ReportMetric(float64(total), "hits")
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-us/op")
		})
	}
}
