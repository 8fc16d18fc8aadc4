package engines

import (
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"roundtable/bench/corpus"
	"roundtable/internal/search"
	"roundtable/internal/text"
)

// Variants of Roundtable's search request, for diagnosis only: the index
// is Roundtable's (built by search.Apply), opened with bleve directly, and
// the query is built as internal/search builds it (textQuery, filters,
// public visibility), with one part of the request changed. They tell
// where the product's query time goes; they are not the product.
const (
	RTReplica   = "rt-replica"   // the product's request, rebuilt here: checks the replica
	RTNoFacets  = "rt-nofacets"  // without the five facets
	RTScoreSort = "rt-scoresort" // sorted by score only (no "-date" tie-break)
	RTLean      = "rt-lean"      // no facets, score sort: hits take bleve's fast path
)

// Variants lists the diagnosis variants.
var Variants = []string{RTReplica, RTNoFacets, RTScoreSort, RTLean}

type rtVariant struct {
	*rtEngine // builds through search.Index
	name      string
	bi        bleve.Index
	now       time.Time
}

func openVariant(name, dir string, create bool) (Engine, error) {
	if create {
		e, err := openRoundtable(dir)
		if err != nil {
			return nil, err
		}
		return &rtVariant{rtEngine: e.(*rtEngine), name: name}, nil
	}
	// search.Open registers the analyzers and checks the mapping version.
	ix, err := search.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := ix.Close(); err != nil {
		return nil, err
	}
	bi, err := bleve.Open(dir)
	if err != nil {
		return nil, err
	}
	return &rtVariant{name: name, bi: bi, now: time.Now()}, nil
}

func (v *rtVariant) Query(q corpus.Query) (int, error) {
	if v.bi == nil {
		return v.rtEngine.Query(q)
	}
	var must query.Query = replicaText(q.UserText())
	bq := bleve.NewBooleanQuery()
	bq.AddMust(must)
	filters := []query.Query{}
	if q.Edition != 0 {
		filters = append(filters, kw("edition", strconv.FormatInt(q.Edition, 10)))
	}
	if q.Delegation != "" {
		filters = append(filters, kw("delegation", q.Delegation))
	}
	nowSec := float64(v.now.Unix())
	incl := true
	released := bleve.NewNumericRangeInclusiveQuery(nil, &nowSec, nil, &incl)
	released.SetField("embargo")
	filters = append(filters, bleve.NewConjunctionQuery(kw("visibility", "public"), released))
	bq.AddFilter(bleve.NewConjunctionQuery(filters...))
	req := bleve.NewSearchRequestOptions(bq, 20, 0, false)
	if v.name == RTReplica || v.name == RTNoFacets {
		req.SortBy([]string{"-_score", "-date"})
	}
	req.IncludeLocations = true
	req.Fields = []string{"title", "type", "language", "url", "date"}
	req.Highlight = bleve.NewHighlightWithStyle(htmlformat.Name)
	for _, lang := range text.Langs {
		req.Fields = append(req.Fields, "text_"+lang)
		req.Highlight.AddField("text_" + lang)
	}
	if v.name == RTReplica || v.name == RTScoreSort {
		for _, f := range []struct {
			name, field string
			size        int
		}{{"type", "type", 10}, {"language", "language", 10}, {"edition", "edition", 20}, {"delegation", "delegation", 50}, {"concept", "concepts", 30}} {
			req.AddFacet(f.name, bleve.NewFacetRequest(f.field, f.size))
		}
	}
	res, err := v.bi.Search(req)
	if err != nil {
		return 0, err
	}
	return int(res.Total), nil
}

func kw(field, value string) query.Query {
	tq := bleve.NewTermQuery(value)
	tq.SetField(field)
	return tq
}

// replicaText is internal/search's textQuery for s.
func replicaText(s string) query.Query {
	terms, phrases, err := search.ParseQuery(s)
	if err != nil {
		return bleve.NewMatchNoneQuery()
	}
	var langs []query.Query
	for _, lang := range text.Langs {
		var must []query.Query
		seen := map[string]bool{}
		both := func(mk func(field string) query.Query) query.Query {
			title := mk("title_" + lang)
			title.(query.BoostableQuery).SetBoost(1.5)
			return bleve.NewDisjunctionQuery(mk("text_"+lang), title)
		}
		for _, term := range terms {
			for _, tok := range text.Tokens(lang, term) {
				if !seen[tok] {
					seen[tok] = true
					must = append(must, both(func(f string) query.Query { return kw(f, tok) }))
				}
			}
		}
		for _, p := range phrases {
			if len(text.Tokens(lang, p)) == 0 {
				continue
			}
			must = append(must, both(func(f string) query.Query {
				pq := bleve.NewMatchPhraseQuery(p)
				pq.SetField(f)
				pq.Analyzer = text.AnalyzerName(lang)
				return pq
			}))
		}
		if len(must) > 0 {
			langs = append(langs, bleve.NewConjunctionQuery(must...))
		}
	}
	if len(langs) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	return bleve.NewDisjunctionQuery(langs...)
}

func (v *rtVariant) Close() error {
	if v.bi != nil {
		return v.bi.Close()
	}
	return v.rtEngine.Close()
}
