package search

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"

	"roundtable/internal/text"
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

// Viewer is who searches. The zero Viewer is the public.
type Viewer struct {
	// Public sees only public documents whose embargo has passed, whatever
	// the other fields say.
	Public bool
	// Participant also sees documents for participants, embargoed or not:
	// embargoes keep texts from the public, not from the room.
	Participant bool
	// Delegation also sees its own delegation's restricted documents and
	// drafts.
	Delegation string
	// Secretariat sees everything, drafts of every delegation included, as
	// it does in the record itself.
	Secretariat bool
}

// Result is one page of hits.
type Result struct {
	Total  uint64
	Hits   []Hit
	Facets map[string][]FacetCount // keys: FacetType, FacetLanguage, ...
	// FacetsOmitted says the result was too large to count facets for
	// (more than MaxFacetHits hits): Facets is then empty, and the reader
	// narrows the search to see the counts.
	FacetsOmitted bool
	Took          time.Duration
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
	name, field string
	size        int
}{
	{FacetType, fieldType, 10},
	{FacetLanguage, fieldLanguage, 10},
	{FacetEdition, fieldEdition, 20},
	{FacetDelegation, fieldDelegation, 50},
	{FacetConcept, fieldConcepts, 30},
}

// allFacets names the one facet request; facetSize is how many distinct
// "name=value" terms it counts, enough for every value of every facet of a
// forum's record (types, languages, editions, delegations, concepts).
const (
	allFacets = "all"
	facetSize = 500
)

// MaxFacetHits bounds facet counting: counting reads every hit's facet
// values, so past this many hits it would cost more than the search
// itself, and a reader refines such a search with words before filters.
const MaxFacetHits = 20_000

const (
	defaultLimit = 20
	maxLimit     = 100
	snippetLen   = 200 // characters of the fallback snippet
)

// Search runs q. Text errors are *QueryError.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	start := time.Now()
	hasText := strings.TrimSpace(q.Text) != ""
	what, err := matchQuery(q)
	if err != nil {
		return Result{}, err
	}
	now := q.Now
	if now.IsZero() {
		now = time.Now()
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(what)
	bq.AddFilter(bleve.NewConjunctionQuery(append(filterQueries(q.Filters), visibilityQuery(q.Viewer, now))...))

	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	// First pass: rank and count, and the facets, with no term locations
	// and no highlighting, which would otherwise be worked out for every
	// matching document rather than for the page shown.
	req := bleve.NewSearchRequestOptions(bq, limit, max(q.Offset, 0), false)
	if !hasText && len(q.Concepts) == 0 {
		req.SortBy([]string{"-" + fieldDate}) // a listing: newest first
	}
	req.Fields = []string{fieldTitle, fieldType, fieldLanguage, fieldURL, fieldDate}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	out := Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	if out.Facets, err = ix.countFacets(ctx, bq, res.Total); err != nil {
		return Result{}, err
	}
	out.FacetsOmitted = res.Total > ix.maxFacetHits
	page, err := ix.highlight(ctx, res.Hits, what, hasText)
	if err != nil {
		return Result{}, err
	}
	for _, dm := range res.Hits {
		out.Hits = append(out.Hits, hit(dm, page[dm.ID], hasText, len(q.Concepts) > 0))
	}
	out.Took = time.Since(start)
	return out, nil
}

// countFacets counts the facet values of every hit of q, in a request of
// its own that ranks nothing, so the search above keeps Bleve's fast path
// (no per-hit field reads); past maxFacetHits hits it counts nothing.
func (ix *Index) countFacets(ctx context.Context, q queryT, total uint64) (map[string][]FacetCount, error) {
	if total == 0 || total > ix.maxFacetHits {
		return facets(nil), nil
	}
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.AddFacet(allFacets, bleve.NewFacetRequest(fieldFacets, facetSize))
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search facets: %w", err)
	}
	return facets(res.Facets), nil
}

// highlight is the second pass, over the page's documents only: each one's
// text, with the term locations and highlighted fragments of the text
// query (a document that matched only by concept comes back without them).
func (ix *Index) highlight(ctx context.Context, hits search.DocumentMatchCollection, what queryT, hasText bool) (map[string]*search.DocumentMatch, error) {
	out := map[string]*search.DocumentMatch{}
	if len(hits) == 0 {
		return out, nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	q := bleve.NewBooleanQuery()
	q.AddMust(bleve.NewDocIDQuery(ids))
	if hasText {
		q.AddShould(what)
	}
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	for _, lang := range text.Langs {
		req.Fields = append(req.Fields, textField(lang))
	}
	if hasText {
		req.IncludeLocations = true
		req.Highlight = bleve.NewHighlightWithStyle(htmlformat.Name)
		for _, lang := range text.Langs {
			req.Highlight.AddField(textField(lang))
		}
	}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search highlight: %w", err)
	}
	for _, dm := range res.Hits {
		out[dm.ID] = dm
	}
	return out, nil
}

// matchQuery is what a document must match: the text, analysed in every
// language, or one of the concepts (with a lower boost, so a document that
// says the words ranks above one that is only about them).
func matchQuery(q Query) (queryT, error) {
	var alts []queryT
	if strings.TrimSpace(q.Text) != "" {
		terms, phrases, err := ParseQuery(q.Text)
		if err != nil {
			return nil, err
		}
		if tq := textQuery(terms, phrases); tq != nil {
			alts = append(alts, tq)
		}
	}
	for _, c := range q.Concepts {
		cq := bleve.NewTermQuery(c)
		cq.SetField(fieldConcepts)
		cq.SetBoost(conceptBoost)
		alts = append(alts, cq)
	}
	switch {
	case len(alts) > 0:
		return bleve.NewDisjunctionQuery(alts...), nil
	case strings.TrimSpace(q.Text) != "":
		// Only stop words in every language: nothing can match.
		return bleve.NewMatchNoneQuery(), nil
	default:
		return bleve.NewMatchAllQuery(), nil
	}
}

// hit builds a result from the first pass's match (ranking and stored
// fields) and the second pass's (locations, fragments and text; nil when
// the document was not found again, e.g. deleted in between).
func hit(dm, lit *search.DocumentMatch, hasText, hasConcepts bool) Hit {
	h := Hit{
		ID:       dm.ID,
		Type:     str(dm.Fields[fieldType]),
		Title:    str(dm.Fields[fieldTitle]),
		Language: str(dm.Fields[fieldLanguage]),
		URL:      str(dm.Fields[fieldURL]),
		Score:    dm.Score,
	}
	if d, err := time.Parse(time.RFC3339Nano, str(dm.Fields[fieldDate])); err == nil {
		h.Date = d
	}
	// Only text_* and title_* fields keep term vectors, so a hit has
	// locations exactly when its text matched; a concept-only match has
	// none. This saves a second query to tell them apart.
	if lit == nil {
		lit = &search.DocumentMatch{}
	}
	switch {
	case hasText && len(lit.Locations) > 0:
		h.MatchedBy = MatchedText
	case hasConcepts:
		h.MatchedBy = MatchedConcept
	}
	h.Snippet = snippet(lit, textField(h.Language))
	return h
}

// snippet is the highlighted fragment of the document's text (already
// escaped by bleve's html formatter) or, when nothing in the text matched,
// its escaped beginning.
func snippet(dm *search.DocumentMatch, field string) string {
	if len(dm.Locations[field]) > 0 {
		if frags := dm.Fragments[field]; len(frags) > 0 {
			return frags[0]
		}
	}
	body := []rune(strings.TrimSpace(str(dm.Fields[field])))
	if len(body) <= snippetLen {
		return html.EscapeString(string(body))
	}
	return html.EscapeString(string(body[:snippetLen])) + "…"
}

// facets splits the one facet over fieldFacets ("name=value" terms) into
// one list per facet name, most frequent first.
func facets(fr search.FacetResults) map[string][]FacetCount {
	out := map[string][]FacetCount{}
	for _, f := range facetFields {
		out[f.name] = []FacetCount{}
	}
	r := fr[allFacets]
	if r == nil || r.Terms == nil {
		return out
	}
	for _, t := range r.Terms.Terms() {
		name, value, ok := strings.Cut(t.Term, "=")
		if _, known := out[name]; !ok || !known {
			continue
		}
		if len(out[name]) < facetLimit(name) {
			out[name] = append(out[name], FacetCount{Value: value, Count: t.Count})
		}
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
