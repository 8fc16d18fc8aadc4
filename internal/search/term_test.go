package search

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"

	"roundtable/internal/text"
)

// termQuery reads the postings itself but must find and score exactly as
// Bleve's term query does: alone, with a boost, under a parent that sets
// a query norm, across segments and with deleted documents.
func TestTermQueryMatchesBleveTermQuery(t *testing.T) {
	docs := udhrDocs(t)
	ix := openInParts(t, [][]Document{docs[:len(docs)/3], docs[len(docs)/3 : 2*len(docs)/3], docs[2*len(docs)/3:]}, 7)
	reader := bleveReader(t, ix)
	ctx := context.WithValue(context.Background(), search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))

	en := text.Tokens("en", "everyone")[0]
	es := text.Tokens("es", "derecho")[0]
	zh := text.Tokens("zh", "人人")[0]
	bleveTerm := func(field, term string, boost float64) queryT {
		q := bleve.NewTermQuery(term)
		q.SetField(field)
		q.SetBoost(boost)
		return q
	}
	ownTerm := func(field, term string, boost float64) queryT {
		q := newTermQuery(field, term)
		q.SetBoost(boost)
		return q
	}
	queries := map[string]func(term func(field, term string, boost float64) queryT) queryT{
		"en word": func(tq func(string, string, float64) queryT) queryT { return tq(textField("en"), en, 1) },
		"boosted": func(tq func(string, string, float64) queryT) queryT { return tq(textField("es"), es, titleBoost) },
		"zh word": func(tq func(string, string, float64) queryT) queryT { return tq(textField("zh"), zh, 1) },
		"nowhere": func(tq func(string, string, float64) queryT) queryT { return tq(textField("en"), "zzzz", 1) },
		"conjunction": func(tq func(string, string, float64) queryT) queryT {
			return bleve.NewConjunctionQuery(tq(textField("en"), en, 1), tq(textField("en"), text.Tokens("en", "rights")[0], 1))
		},
		"union": func(tq func(string, string, float64) queryT) queryT {
			return &unionQuery{queries: []queryT{tq(textField("en"), en, 1), tq(textField("es"), es, 1), tq(titleField("es"), es, titleBoost)}}
		},
	}
	type hit struct {
		num   uint64
		score float64
	}
	walk := func(q queryT, advanceTo []uint64) []hit {
		s, err := q.Searcher(ctx, reader, ix.bi.Mapping(), search.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
		var hits []hit
		next := func() *search.DocumentMatch {
			dm, err := s.Next(sctx)
			if err != nil {
				t.Fatal(err)
			}
			return dm
		}
		for _, to := range advanceTo {
			dm, err := s.Advance(sctx, internalID(to))
			if err != nil {
				t.Fatal(err)
			}
			if dm != nil {
				hits = append(hits, hit{dm.IndexInternalID.Value(), dm.Score})
				sctx.DocumentMatchPool.Put(dm)
			}
		}
		for dm := next(); dm != nil; dm = next() {
			hits = append(hits, hit{dm.IndexInternalID.Value(), dm.Score})
			sctx.DocumentMatchPool.Put(dm)
		}
		return hits
	}
	for name, q := range queries {
		for _, advance := range [][]uint64{nil, {40, 41, 300, 301}, {20, 60, 61, 110}} {
			want, got := walk(q(bleveTerm), advance), walk(q(ownTerm), advance)
			if name != "nowhere" && advance == nil && len(want) < 5 {
				t.Fatalf("%s: Bleve finds %d documents; the test needs more", name, len(want))
			}
			if len(got) != len(want) {
				t.Errorf("%s, advancing to %v: %d hits, Bleve %d", name, advance, len(got), len(want))
				continue
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("%s, advancing to %v: hit %d is %+v, Bleve's %+v", name, advance, i, got[i], want[i])
					break
				}
			}
		}
	}
}

// openInParts indexes parts one batch at a time, so the index has several
// segments, then deletes every nth document of all of them (0, n, 2n …).
func openInParts(t *testing.T, parts [][]Document, n int) *Index {
	t.Helper()
	ix := openWith(t, parts[0])
	var all []Document
	for i, part := range parts {
		if i > 0 {
			if err := ix.Apply(part, nil); err != nil {
				t.Fatal(err)
			}
		}
		all = append(all, part...)
	}
	var deletes []string
	for i := 0; i < len(all); i += n {
		deletes = append(deletes, all[i].ID)
	}
	if err := ix.Apply(nil, deletes); err != nil {
		t.Fatal(err)
	}
	return ix
}

// bleveReader is a reader of ix's Bleve index, closed when the test ends,
// for the checks that ask Bleve itself.
func bleveReader(t *testing.T, ix *Index) index.IndexReader {
	t.Helper()
	bix, err := ix.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	reader, err := bix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reader.Close() })
	return reader
}
