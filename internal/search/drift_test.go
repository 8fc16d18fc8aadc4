package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"roundtable/internal/text"
)

// The search layer reads Scorch segments itself and copies what Bleve
// computes: BM25 (term.go), the disjunction's share of matching clauses
// (union.go), phrases (phrase.go) and the ranking (collect.go). These
// tests hold all of it against plain Bleve on a random multilingual
// corpus, so that an upgrade of Bleve, zapx or Scorch that changes any of
// it fails here rather than drifting silently (docs/architecture.md,
// "Upgrading Bleve"). Every document is public, so the public statistics
// the search ranks with are Bleve's own.

// driftCorpus is a fixed-seed corpus of statements made of the
// Declaration's words in all five languages, written in four batches
// (four segments, unless Scorch merges them) with every ninth deleted.
func driftCorpus(t *testing.T) (*Index, []string) {
	t.Helper()
	// Words per language; Chinese, written without spaces, in runs of
	// two or three characters, joined without spaces again.
	words := map[string][]string{}
	for _, d := range udhrDocs(t) {
		if d.Language != "zh" {
			words[d.Language] = append(words[d.Language], strings.Fields(d.Text)...)
			continue
		}
		rs := []rune(d.Text)
		for i := 0; i+3 <= len(rs); i += 3 {
			words["zh"] = append(words["zh"], string(rs[i:i+2+i%2]))
		}
	}
	sep := func(lang string) string {
		if lang == "zh" {
			return ""
		}
		return " "
	}
	rng := rand.New(rand.NewPCG(8, 12))
	var written [][]string // each document's words
	pick := func(lang string, n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = words[lang][rng.IntN(len(words[lang]))]
		}
		written = append(written, ws)
		return strings.Join(ws, sep(lang))
	}
	concepts := []string{"c-dignity", "c-education", "c-work", "c-health"}
	var docs []Document
	for i := range 800 {
		lang := text.Langs[rng.IntN(len(text.Langs))]
		title := pick(lang, 2+rng.IntN(5))
		d := Document{ID: fmt.Sprintf("statement:%d", i), Type: "statement", Language: lang,
			Visibility: VisPublic, Title: title, Text: pick(lang, 5+rng.IntN(60)),
			Delegation: []string{"BRA", "CHN", "FRA", "MEX"}[rng.IntN(4)], EditionID: int64(1 + rng.IntN(3)),
			Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(300))}
		if rng.IntN(3) == 0 {
			d.Concepts = []string{concepts[rng.IntN(len(concepts))]}
		}
		docs = append(docs, d)
	}
	ix := openInParts(t, [][]Document{docs[:200], docs[200:400], docs[400:600], docs[600:]}, 9)
	// Queries: single words, several words, quoted phrases of two to four
	// words, taken from the corpus's own texts so that they match; none
	// only of stop words.
	var queries []string
	for i := 0; len(queries) < 60; i++ {
		n := rng.IntN(len(docs))
		d, ws := docs[n], written[2*n+1]
		k := 1 + rng.IntN(min(4, len(ws)))
		if i%3 == 0 {
			k = 1
		}
		at := rng.IntN(len(ws) - k + 1)
		part := strings.Join(ws[at:at+k], sep(d.Language))
		toks := len(text.Tokens(d.Language, part))
		switch {
		case i%3 == 0 && toks > 0:
			queries = append(queries, part)
		case i%3 == 1 && toks > 0 && d.Language != "zh":
			queries = append(queries, part)
		case i%3 == 2 && toks > 1:
			queries = append(queries, `"`+part+`"`)
		}
	}
	return ix, queries
}

// bleveDocFreq is the documents holding each (field, term), read by Bleve.
func bleveDocFreq(t *testing.T, reader index.IndexReader) docFreq {
	return func(field, term string) uint64 {
		tfr, err := reader.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
		if err != nil {
			t.Fatal(err)
		}
		defer tfr.Close()
		return tfr.Count()
	}
}

// asBleve is the same query built from Bleve's own queries: term and
// phrase queries on the same fields, Bleve's disjunctions and
// conjunctions.
func asBleve(t *testing.T, q queryT) queryT {
	switch q := q.(type) {
	case *termQuery:
		tq := bleve.NewTermQuery(q.term)
		tq.SetField(q.field)
		tq.SetBoost(q.boost)
		return tq
	case *unionQuery:
		var qs []queryT
		for _, sub := range q.queries {
			qs = append(qs, asBleve(t, sub))
		}
		return bleve.NewDisjunctionQuery(qs...)
	case *query.ConjunctionQuery:
		var qs []queryT
		for _, sub := range q.Conjuncts {
			qs = append(qs, asBleve(t, sub))
		}
		return bleve.NewConjunctionQuery(qs...)
	case *shinglePhraseQuery:
		pq := bleve.NewPhraseQuery(q.terms, q.field)
		if q.boost != 0 {
			pq.SetBoost(q.boost)
		}
		return pq
	case *query.MatchNoneQuery, *query.MatchAllQuery:
		return q
	}
	t.Fatalf("no Bleve equivalent for %T", q)
	return nil
}

type walked struct {
	num   uint64
	score float64
}

// walkAll returns every match of q over reader, in document order.
func walkAll(t *testing.T, ctx context.Context, ix *Index, reader index.IndexReader, q queryT) []walked {
	t.Helper()
	s, err := q.Searcher(ctx, reader, ix.bi.Mapping(), search.SearcherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: reader}
	var out []walked
	for {
		dm, err := s.Next(sctx)
		if err != nil {
			t.Fatal(err)
		}
		if dm == nil {
			return out
		}
		out = append(out, walked{dm.IndexInternalID.Value(), dm.Score})
		sctx.DocumentMatchPool.Put(dm)
	}
}

func bm25Context() context.Context {
	return context.WithValue(context.Background(), search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))
}

// Every query the search builds — unions of languages and of text and
// title, conjunctions of words, shingle phrases, title phrases, concepts —
// matches the same documents with the same scores, to the last bit, as
// the same query made of Bleve's own term, phrase, disjunction and
// conjunction queries.
func TestQueriesMatchBleveOnRandomCorpus(t *testing.T) {
	ix, queries := driftCorpus(t)
	reader := bleveReader(t, ix)
	df := bleveDocFreq(t, reader)
	ctx := bm25Context()
	kinds := map[string]int{}
	for i, qt := range queries {
		terms, phrases, err := ParseQuery(qt)
		if err != nil {
			t.Fatal(err)
		}
		var concepts []string
		switch i % 5 {
		case 0:
			concepts = []string{"c-dignity", "c-work"}
		case 3:
			// More than ten alternatives: Bleve's heap disjunction.
			concepts = []string{"c-dignity", "c-education", "c-work", "c-health", "c-a", "c-b", "c-c", "c-d", "c-e", "c-f", "c-g"}
		}
		ours := matchQuery(terms, phrases, true, concepts, nil, df)
		countKinds(ours, kinds)
		want, got := walkAll(t, ctx, ix, reader, asBleve(t, ours)), walkAll(t, ctx, ix, reader, ours)
		if len(want) == 0 {
			t.Errorf("%q: Bleve finds nothing; the query should match the text it came from", qt)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: %d hits, Bleve %d; first difference at %d", qt, len(got), len(want), firstDiff(got, want))
		}
	}
	for _, k := range []string{"union", "conjunction", "shingle phrase", "title phrase", "term"} {
		if kinds[k] == 0 {
			t.Errorf("no query holds a %s; the corpus or queries need changing", k)
		}
	}
}

func firstDiff(a, b []walked) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func countKinds(q queryT, kinds map[string]int) {
	switch q := q.(type) {
	case *termQuery:
		kinds["term"]++
	case *unionQuery:
		kinds["union"]++
		for _, sub := range q.queries {
			countKinds(sub, kinds)
		}
	case *query.ConjunctionQuery:
		kinds["conjunction"]++
		for _, sub := range q.Conjuncts {
			countKinds(sub, kinds)
		}
	case *shinglePhraseQuery:
		if strings.HasPrefix(q.field, "title_") {
			kinds["title phrase"]++
		} else {
			kinds["shingle phrase"]++
		}
	}
}

// The collector ranks and counts as Bleve's own collector does with the
// same query, sorted by score: the same total, the same scores in the
// same order page after page (hits of equal score may come in another
// order: ours breaks ties by date and id, Bleve's by document number), in
// one walk and in parts.
func TestCollectorMatchesBleveCollector(t *testing.T) {
	ix, queries := driftCorpus(t)
	queries = queries[:30]
	// Scorch merges segments in the background, and a merge changes
	// Bleve's statistics (a term in two segments counts twice in the
	// field's cardinality): compare on a settled index, and again if a
	// merge came between the two searches.
	// Then again after more deletions: the statistics cached per segment
	// must follow them.
	compareSettled(t, ix, queries)
	var deletes []string
	for i := 1; i < 800; i += 7 {
		deletes = append(deletes, fmt.Sprintf("statement:%d", i))
	}
	if err := ix.Apply(nil, deletes); err != nil {
		t.Fatal(err)
	}
	compareSettled(t, ix, queries)
}

// compareSettled runs compareCollectors on a settled index, again if a
// merge came between the two searches.
func compareSettled(t *testing.T, ix *Index, queries []string) {
	t.Helper()
	for try := 0; ; try++ {
		layout := settledLayout(t, ix)
		failed := compareCollectors(t, ix, queries, bleveQueries(t, ix, queries))
		if slices.Equal(segmentLayout(t, ix), layout) {
			for _, f := range failed {
				t.Error(f)
			}
			return
		}
		if try == 5 {
			t.Fatal("the index kept merging")
		}
	}
}

// bleveQueries are the queries Search makes of queries, made of Bleve's
// own (asBleve), on ix as it is now: which fields hold a word decides
// which a query asks.
func bleveQueries(t *testing.T, ix *Index, queries []string) []queryT {
	t.Helper()
	reader := bleveReader(t, ix)
	df := bleveDocFreq(t, reader)
	var refs []queryT
	for _, qt := range queries {
		terms, phrases, err := ParseQuery(qt)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, asBleve(t, matchQuery(terms, phrases, true, nil, nil, df)))
	}
	return refs
}

// compareCollectors returns how Search differs from Bleve's collector on
// each query.
func compareCollectors(t *testing.T, ix *Index, queries []string, refs []queryT) (failed []string) {
	for i, qt := range queries {
		req := bleve.NewSearchRequestOptions(refs[i], 1000, 0, false)
		req.Score = index.BM25Scoring
		req.SortBy([]string{"-_score"})
		want, err := ix.bi.SearchInContext(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		for _, parts := range []int{1, 3} {
			ix.parts = parts
			var got []Hit
			var total uint64
			for offset := 0; offset < int(want.Total); offset += 17 {
				r := mustSearch(t, ix, Query{Text: qt, Limit: 17, Offset: offset})
				got = append(got, r.Hits...)
				total = r.Total
			}
			if total != want.Total || len(got) != len(want.Hits) {
				failed = append(failed, fmt.Sprintf("%q in %d parts: total %d (%d hits paged), Bleve %d", qt, parts, total, len(got), want.Total))
				continue
			}
			if g, w := groupByScore(got), groupByScoreBleve(want.Hits); !slices.Equal(g, w) {
				failed = append(failed, fmt.Sprintf("%q in %d parts: ranking\n%v\nBleve's\n%v", qt, parts, g, w))
			}
		}
	}
	ix.parts = 0
	return failed
}

// segmentLayout is the size of each segment of ix's current snapshot.
func segmentLayout(t *testing.T, ix *Index) []uint64 {
	t.Helper()
	reader := bleveReader(t, ix)
	var out []uint64
	for _, s := range reader.(*scorch.IndexSnapshot).Segments() {
		out = append(out, s.Segment().Count())
	}
	return out
}

// settledLayout waits until ix's segments stay the same for half a
// second, and returns them.
func settledLayout(t *testing.T, ix *Index) []uint64 {
	last, same := segmentLayout(t, ix), 0
	for same < 10 {
		time.Sleep(50 * time.Millisecond)
		now := segmentLayout(t, ix)
		if slices.Equal(now, last) {
			same++
		} else {
			last, same = now, 0
		}
	}
	return last
}

// groupByScore lists a ranking as its scores in order, each with the ids
// holding it, sorted.
func groupByScore(hits []Hit) []string {
	var out []string
	for i := 0; i < len(hits); {
		j := i
		var ids []string
		for ; j < len(hits) && hits[j].Score == hits[i].Score; j++ {
			ids = append(ids, hits[j].ID)
		}
		sort.Strings(ids)
		out = append(out, fmt.Sprintf("%b %v", hits[i].Score, ids))
		i = j
	}
	return out
}

func groupByScoreBleve(dms search.DocumentMatchCollection) []string {
	hits := make([]Hit, len(dms))
	for i, dm := range dms {
		hits[i] = Hit{ID: dm.ID, Score: dm.Score}
	}
	return groupByScore(hits)
}
