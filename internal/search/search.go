package search

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"

	"roundtable/internal/text"
	vis "roundtable/internal/visibility"
)

// Query is one search.
type Query struct {
	// Text is user syntax (see ParseQuery). Blank text lists what the
	// filters select, newest first.
	Text string
	// Concepts are thesaurus concept ids whose tagged documents also match,
	// in any language; the caller fills them from the thesaurus.
	Concepts []string
	// Alternatives are the query in other languages (a translation):
	// each also matches, with all its words in its language's fields,
	// ranked below the words as typed (translationBoost).
	Alternatives []Alternative
	// Lang is the reader's language: a hit's title and snippet come from
	// its version in Lang where it has one.
	Lang    string
	Filters Filters
	Viewer  Viewer
	Now     time.Time // when embargoes are judged; zero means time.Now()
	Limit   int       // default 20, at most 100
	Offset  int
}

// Filters narrow a search; zero values do not filter.
type Filters struct {
	Edition, Session                             int64
	Delegation, Country, Language, Concept, Type string
	From, To                                     time.Time // delivered / start date, both inclusive
}

// Alternative is a query as it is also searched in another language,
// and who translated it ("dictionary", an engine's name).
type Alternative struct {
	Lang, Text, By string
}

// Viewer is who searches: the visibility rule's reader
// (visibility.Of(user)). The zero Viewer is the public.
type Viewer = vis.Reader

// Result is one page of hits.
type Result struct {
	Total  uint64
	Hits   []Hit
	Facets map[string][]FacetCount // keys: FacetType, FacetLanguage, ...
	Took   time.Duration
}

// Hit is one matching document: a statement with all its translations,
// an article of the Declaration in every language.
type Hit struct {
	ID, Type string
	// Title and Snippet are of the version shown (Language): the reader's
	// language where the document has it, else the version the query
	// matched, else the original. Snippet is safe HTML: the text escaped,
	// with matches in <mark>.
	Title, Snippet, Language string
	// Machine says the version shown is a machine translation.
	Machine bool
	// Original is the language the document was written in.
	Original string
	// URL leads to the document (its original); a version is URL with
	// ?lang=<its language>.
	URL string
	// Versions are the languages the document has, in the order of
	// text.Langs, each saying whether it is a machine translation and
	// whether the query matched in it.
	Versions []HitVersion
	// MatchedBy is MatchedText, MatchedConcept or MatchedTranslation;
	// empty when the query had no text, concepts or alternatives.
	MatchedBy string
	Score     float64
	Date      time.Time
}

// HitVersion is one language a hit has.
type HitVersion struct {
	Lang             string
	Machine, Matched bool
}

// FacetCount is how many hits have one value of a facet.
type FacetCount struct {
	Value string
	Count int
}

// MatchedBy values.
const (
	// MatchedText: the query's words stand in a version a person wrote
	// (the original or a human translation).
	MatchedText = "text"
	// MatchedConcept: found only through a thesaurus concept the query
	// named.
	MatchedConcept = "concept"
	// MatchedTranslation: the words stand only in a machine translation,
	// or only a translation of the query (Query.Alternatives) matched.
	MatchedTranslation = "translation"
)

// Facet names in Result.Facets, and the most values each returns.
const (
	FacetType       = "type"
	FacetLanguage   = "language"
	FacetEdition    = "edition"
	FacetDelegation = "delegation"
	FacetConcept    = "concept"
)

var facetFields = []struct {
	name string
	size int
}{
	{FacetType, 10},
	{FacetLanguage, 10},
	{FacetEdition, 20},
	{FacetDelegation, 50},
	{FacetConcept, 30},
}

const (
	defaultLimit = 20
	maxLimit     = 100
	snippetLen   = 200 // characters of the fallback snippet
)

// Search runs q. Text errors are *QueryError.
//
// The first pass ranks, counts and counts facets in one walk over the
// matches (collect); the second reads the page's documents (stored), whose
// texts are then marked where the query's words stand (marker).
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	start := time.Now()
	hasText := strings.TrimSpace(q.Text) != ""
	now := q.Now
	if now.IsZero() {
		now = time.Now()
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	offset := min(max(q.Offset, 0), MaxOffset)
	var terms, phrases []string
	if hasText {
		var err error
		if terms, phrases, err = ParseQuery(q.Text); err != nil {
			return Result{}, err
		}
	}

	bix, err := ix.bi.Advanced()
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	reader, err := bix.Reader()
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	defer reader.Close()

	segs, err := ix.segmentViews(reader)
	if err != nil {
		return Result{}, err
	}
	// Statistics of what everyone may see, for scoring; of what the
	// viewer may see, for choosing the fields to ask (stats.go).
	rs, err := newRankStats(reader, segs, q.Viewer, now.Unix())
	if err != nil {
		return Result{}, err
	}
	var alts []Alternative
	if hasText {
		alts = q.Alternatives
	}
	rank, plan := planMatch(terms, phrases, hasText, q.Concepts, alts, rs.visibleDocFreq)
	full := rank
	if fs := filterQueries(q.Filters); len(fs) > 0 {
		full = &filteredQuery{rank: rank, filters: fs}
	}
	listing := !hasText && len(q.Concepts) == 0 // newest first, no scores
	opts := search.SearcherOptions{}
	if listing {
		opts.Score = "none"
	}
	sctx := context.WithValue(withRankStats(ctx, rs), search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))
	newSearcher := func() (search.Searcher, error) {
		s, err := full.Searcher(sctx, reader, ix.bi.Mapping(), opts)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		return s, nil
	}
	col, err := ix.collect(ctx, reader, segs, newSearcher, q.Viewer, now.Unix(), offset, limit, listing)
	if err != nil {
		return Result{}, err
	}

	out := Result{Total: col.total, Hits: make([]Hit, 0, len(col.page)), Facets: facets(col.facets)}
	ids := make([]string, 0, len(col.page))
	for _, r := range col.page {
		id, err := reader.ExternalID(internalID(r.num))
		if err != nil {
			return Result{}, fmt.Errorf("search: %w", err)
		}
		ids = append(ids, id)
	}
	page, err := ix.stored(ctx, ids)
	if err != nil {
		return Result{}, err
	}
	hb := hitBuilder{lang: q.Lang, hasText: hasText, hasConcepts: len(q.Concepts) > 0, typed: plan.typed}
	if hasText {
		var langs []string
		for _, l := range text.Langs {
			if plan.typed[l] {
				langs = append(langs, l)
			}
		}
		hb.m = newMarkerIn(terms, phrases, langs)
		hb.alts = alternativeMarkers(plan.alts)
	}
	for i, id := range ids {
		dm := page[id]
		if dm == nil {
			continue // deleted since the first pass
		}
		out.Hits = append(out.Hits, hb.hit(id, col.page[i].score, dm))
	}
	out.Took = time.Since(start)
	return out, nil
}

// MaxOffset is the furthest a search pages: ranking keeps offset+limit
// hits in memory, and nobody reads past the ten-thousandth result.
const MaxOffset = 10_000

func internalID(num uint64) index.IndexInternalID {
	id := make(index.IndexInternalID, 8)
	id.SetValue(num)
	return id
}

// stored is the second pass, over the page's documents only: their stored
// fields, text included.
func (ix *Index) stored(ctx context.Context, ids []string) (map[string]*search.DocumentMatch, error) {
	out := map[string]*search.DocumentMatch{}
	if len(ids) == 0 {
		return out, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = []string{fieldTitle, fieldType, fieldLanguage, fieldURL, fieldDate, fieldVersions}
	for _, lang := range text.Langs {
		req.Fields = append(req.Fields, textField(lang))
	}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search stored fields: %w", err)
	}
	for _, dm := range res.Hits {
		out[dm.ID] = dm
	}
	return out, nil
}

// matchQuery is what a document must match: the text, analysed in every
// language, or one of the concepts (with a lower boost, so a document that
// says the words ranks above one that is only about them).
func matchQuery(terms, phrases []string, hasText bool, concepts []string, translations []Alternative, df docFreq) queryT {
	q, _ := planMatch(terms, phrases, hasText, concepts, translations, df)
	return q
}

// matchPlan says where a page's hits can have matched, so that only those
// versions are analysed to mark them: typed are the languages whose fields
// the words as typed were asked of, alts the translations asked.
type matchPlan struct {
	typed map[string]bool
	alts  []Alternative
}

// planMatch is matchQuery with its plan.
func planMatch(terms, phrases []string, hasText bool, concepts []string, translations []Alternative, df docFreq) (queryT, matchPlan) {
	var alts []queryT
	plan := matchPlan{typed: map[string]bool{}}
	if tq, asked := textQueryIn(df, terms, phrases, queryLangs(append(terms, phrases...))); tq != nil {
		alts = append(alts, tq)
		for _, l := range asked {
			plan.typed[l] = true
		}
	}
	for _, a := range translations {
		if aq := alternativeQuery(df, a); aq != nil {
			alts = append(alts, aq)
			plan.alts = append(plan.alts, a)
		}
	}
	for _, c := range concepts {
		cq := newTermQuery(fieldFacets, facetTerm(FacetConcept, c))
		cq.SetBoost(conceptBoost)
		alts = append(alts, cq)
	}
	switch {
	case len(alts) > 0:
		return anyOf(alts), plan
	case hasText:
		// Only stop words in every language: nothing can match.
		return bleve.NewMatchNoneQuery(), plan
	default:
		return bleve.NewMatchAllQuery(), plan
	}
}

// facets splits the counts of "name=value" facet terms into one list per
// facet name, most frequent first (ties by value, so the order is stable).
func facets(counts map[string]int) map[string][]FacetCount {
	out := map[string][]FacetCount{}
	for _, f := range facetFields {
		out[f.name] = []FacetCount{}
	}
	for t, c := range counts {
		name, value, ok := strings.Cut(t, "=")
		if _, known := out[name]; ok && known {
			out[name] = append(out[name], FacetCount{Value: value, Count: c})
		}
	}
	for name, fc := range out {
		sort.Slice(fc, func(i, j int) bool {
			if fc[i].Count != fc[j].Count {
				return fc[i].Count > fc[j].Count
			}
			return fc[i].Value < fc[j].Value
		})
		out[name] = fc[:min(len(fc), facetLimit(name))]
	}
	return out
}

// facetLimit is how many values of a facet a result lists.
func facetLimit(name string) int {
	for _, f := range facetFields {
		if f.name == name {
			return f.size
		}
	}
	return 0
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// IsQueryError reports whether err is a query the user must correct, and
// its code.
func IsQueryError(err error) (code string, ok bool) {
	var qe *QueryError
	if errors.As(err, &qe) {
		return qe.Code, true
	}
	return "", false
}
