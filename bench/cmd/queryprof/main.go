// Command queryprof times one query, many times over, on a Roundtable
// index that searchbench kept (-keep), and can write a CPU profile of
// just that query: the tool for finding where the slowest query of a
// class (searchbench -slowest) spends its time.
//
//	queryprof -dir $TMPDIR/searchbench-index/roundtable-1000000 -q human -n 300 -cpuprofile human.prof
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"time"

	"roundtable/internal/search"
)

func main() {
	dir := flag.String("dir", filepath.Join(os.TempDir(), "searchbench-index", "roundtable-1000000"), "the index a searchbench -keep run left")
	q := flag.String("q", "human", "the query, as a user types it")
	n := flag.Int("n", 200, "how many times to run it")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the timed runs to this file")
	flag.Parse()
	log.SetFlags(0)

	ix, err := search.Open(*dir)
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	sq := search.Query{Text: *q, Viewer: search.Viewer{}, Limit: 20, Now: time.Now()}
	// The first search reads the segments' columns; it is not timed.
	r, err := ix.Search(context.Background(), sq)
	if err != nil {
		log.Fatal(err)
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	times := make([]time.Duration, 0, *n)
	for range *n {
		start := time.Now()
		if _, err := ix.Search(context.Background(), sq); err != nil {
			log.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	fmt.Printf("%q: %d hits; p50 %v, p90 %v, p99 %v, max %v over %d runs\n", *q, r.Total,
		times[len(times)/2], times[len(times)*9/10], times[len(times)*99/100], times[len(times)-1], len(times))
}
