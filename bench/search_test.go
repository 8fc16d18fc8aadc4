package bench

import (
	"os"
	"path/filepath"
	"testing"

	"roundtable/bench/corpus"
	"roundtable/bench/engines"
)

// benchN is the corpus size of BenchmarkSearch; cmd/searchbench runs the
// larger ones.
const benchN = 10000

// BenchmarkSearch runs every query class on every engine over one 10k
// corpus, each iteration the next query of the class:
//
//	go test -bench . -benchtime 200x
func BenchmarkSearch(b *testing.B) {
	src, err := corpus.Load(corpus.DefaultConfig(".."))
	if err != nil {
		b.Skipf("corpus sources not found (shared data beside the repository): %v", err)
	}
	gen := &corpus.Generator{Src: src, Seed: 1, N: benchN}
	queries := map[string][]corpus.Query{}
	for _, c := range corpus.Classes {
		queries[c] = corpus.Queries(gen, c, 200, 1)
	}
	tmp, err := os.MkdirTemp("", "searchbench")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	for _, name := range engines.Names {
		b.Run(name, func(b *testing.B) {
			e := build(b, name, filepath.Join(tmp, name), gen)
			defer e.Close()
			for _, c := range corpus.Classes {
				qs := queries[c]
				b.Run(c, func(b *testing.B) {
					i := 0
					for b.Loop() {
						if _, err := e.Query(qs[i%len(qs)]); err != nil {
							b.Fatal(err)
						}
						i++
					}
				})
			}
		})
	}
}

func build(b *testing.B, name, dir string, gen *corpus.Generator) engines.Engine {
	e, err := engines.Open(name, dir, true)
	if err != nil {
		b.Fatal(err)
	}
	const batch = 1000
	docs := make([]corpus.Statement, 0, batch)
	for i := 0; i < gen.N; i += batch {
		docs = docs[:0]
		for j := i; j < min(i+batch, gen.N); j++ {
			docs = append(docs, gen.Doc(j))
		}
		if err := e.Add(docs); err != nil {
			b.Fatal(err)
		}
	}
	if err := e.Settle(); err != nil {
		b.Fatal(err)
	}
	return e
}

// TestCorpusDeterministic checks that a statement depends on its seed and
// index only, and that every query class finds queries.
func TestCorpusDeterministic(t *testing.T) {
	src, err := corpus.Load(corpus.DefaultConfig(".."))
	if err != nil {
		t.Skipf("corpus sources not found: %v", err)
	}
	g := &corpus.Generator{Src: src, Seed: 1, N: 1000}
	a, b := g.Doc(42), g.Doc(42)
	if a.Text != b.Text || a.Delegation != b.Delegation || a.Date != b.Date {
		t.Fatal("Doc(42) differs between calls")
	}
	langs := map[string]int{}
	for i := range g.N {
		langs[g.Doc(i).Language]++
	}
	if zh := langs["zh"]; zh < 150 || zh > 250 {
		t.Errorf("zh statements = %d of 1000, want about a fifth", zh)
	}
	if len(src.Delegations) != 34 {
		t.Errorf("%d delegations, want 34", len(src.Delegations))
	}
	for _, c := range corpus.Classes {
		q1, q2 := corpus.Queries(g, c, 20, 1), corpus.Queries(g, c, 20, 1)
		if len(q1) != 20 || q1[5].UserText() != q2[5].UserText() {
			t.Errorf("class %s: queries not deterministic", c)
		}
	}
}
