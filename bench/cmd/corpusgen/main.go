// Command corpusgen writes the benchmark corpus as JSON lines, one
// statement a line, for inspection or for other tools:
//
//	go run ./cmd/corpusgen -n 10000 > corpus-10k.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"log"
	"os"

	"roundtable/bench/corpus"
)

func main() {
	n := flag.Int("n", 10000, "statements (10000, 100000, 1000000 ...)")
	seed := flag.Uint64("seed", 1, "seed")
	root := flag.String("root", "..", "repository root (shared data at ROOT/../shared/data)")
	data := flag.String("data", "", "shared data folder (default ROOT/../shared/data)")
	flag.Parse()
	c := corpus.DefaultConfig(*root)
	if *data != "" {
		c.Data = *data
	}
	src, err := corpus.Load(c)
	if err != nil {
		log.Fatal(err)
	}
	g := &corpus.Generator{Src: src, Seed: *seed, N: *n}
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	for i := range *n {
		if err := enc.Encode(g.Doc(i)); err != nil {
			log.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
}
