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
	Filters  Filters
	Viewer   Viewer
	Now      time.Time // when embargoes are judged; zero means time.Now()
	Limit    int       // default 20, at most 100
	Offset   int
}

// Filters narrow a search; zero values do not filter.
type Filters struct {
	Edition, Session                             int64
	Delegation, Country, Language, Concept, Type string
	From, To                                     time.Time // delivered / start date, both inclusive
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

// Hit is one matching document.
type Hit struct {
	ID, Type, Title string
	// Snippet is safe HTML: the text escaped, with matches in <mark>.
	Snippet, Language, URL string
	// MatchedBy is MatchedText or MatchedConcept; empty when the query had
	// neither text nor concepts.
	MatchedBy string
	Score     float64
	Date      time.Time
}

// FacetCount is how many hits have one value of a facet.
type FacetCount struct {
	Value string
	Count int
}

// MatchedBy values.
const (
	MatchedText    = "text"
	MatchedConcept = "concept"
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
	rank := matchQuery(terms, phrases, hasText, q.Concepts, rs.visibleDocFreq)
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
	var m marker
	if hasText {
		m = newMarker(terms, phrases)
	}
	for i, id := range ids {
		dm := page[id]
		if dm == nil {
			continue // deleted since the first pass
		}
		out.Hits = append(out.Hits, hit(id, col.page[i].score, dm, m, hasText, len(q.Concepts) > 0))
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
	req.Fields = []string{fieldTitle, fieldType, fieldLanguage, fieldURL, fieldDate}
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
func matchQuery(terms, phrases []string, hasText bool, concepts []string, df docFreq) queryT {
	var alts []queryT
	if tq := textQuery(df, terms, phrases); tq != nil {
		alts = append(alts, tq)
	}
	for _, c := range concepts {
		cq := newTermQuery(fieldFacets, facetTerm(FacetConcept, c))
		cq.SetBoost(conceptBoost)
		alts = append(alts, cq)
	}
	switch {
	case len(alts) > 0:
		return anyOf(alts)
	case hasText:
		// Only stop words in every language: nothing can match.
		return bleve.NewMatchNoneQuery()
	default:
		return bleve.NewMatchAllQuery()
	}
}

// hit builds a result from the first pass's score and the second pass's
// stored fields, marking the query's words and phrases in the text.
func hit(id string, score float64, dm *search.DocumentMatch, m marker, hasText, hasConcepts bool) Hit {
	h := Hit{
		ID:       id,
		Type:     str(dm.Fields[fieldType]),
		Title:    str(dm.Fields[fieldTitle]),
		Language: str(dm.Fields[fieldLanguage]),
		URL:      str(dm.Fields[fieldURL]),
		Score:    score,
	}
	if d, err := time.Parse(dateLayout, str(dm.Fields[fieldDate])); err == nil {
		h.Date = d
	}
	body := strings.TrimSpace(str(dm.Fields[textField(h.Language)]))
	var spans []span
	matched := false
	if hasText {
		var inBody, inTitle []bool
		spans, inBody = m.find(h.Language, body)
		_, inTitle = m.find(h.Language, h.Title)
		matched = m.matches(h.Language, inBody, inTitle)
	}
	switch {
	case matched:
		h.MatchedBy = MatchedText
	case hasConcepts:
		h.MatchedBy = MatchedConcept
	}
	h.Snippet = snippetAround(body, spans)
	return h
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
