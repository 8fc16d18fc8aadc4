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
	name, field string
	size        int
}{
	{FacetType, fieldType, 10},
	{FacetLanguage, fieldLanguage, 10},
	{FacetEdition, fieldEdition, 20},
	{FacetDelegation, fieldDelegation, 50},
	{FacetConcept, fieldConcepts, 30},
}

const (
	defaultLimit = 20
	maxLimit     = 100
	snippetLen   = 200 // characters of the fallback snippet
)

// Search runs q. Text errors are *QueryError.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
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
	req := bleve.NewSearchRequestOptions(bq, limit, max(q.Offset, 0), false)
	req.SortBy([]string{"-_score", "-" + fieldDate})
	req.IncludeLocations = true
	req.Fields = []string{fieldTitle, fieldType, fieldLanguage, fieldURL, fieldDate}
	req.Highlight = bleve.NewHighlightWithStyle(htmlformat.Name)
	for _, lang := range text.Langs {
		req.Fields = append(req.Fields, textField(lang))
		req.Highlight.AddField(textField(lang))
	}
	for _, f := range facetFields {
		req.AddFacet(f.name, bleve.NewFacetRequest(f.field, f.size))
	}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	out := Result{Total: res.Total, Took: res.Took, Facets: facets(res.Facets), Hits: make([]Hit, 0, len(res.Hits))}
	for _, dm := range res.Hits {
		out.Hits = append(out.Hits, hit(dm, hasText, len(q.Concepts) > 0))
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

func hit(dm *search.DocumentMatch, hasText, hasConcepts bool) Hit {
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
	switch {
	case hasText && len(dm.Locations) > 0:
		h.MatchedBy = MatchedText
	case hasConcepts:
		h.MatchedBy = MatchedConcept
	}
	h.Snippet = snippet(dm, textField(h.Language))
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

func facets(fr search.FacetResults) map[string][]FacetCount {
	out := make(map[string][]FacetCount, len(fr))
	for name, r := range fr {
		counts := []FacetCount{}
		if r.Terms != nil {
			for _, t := range r.Terms.Terms() {
				counts = append(counts, FacetCount{Value: t.Term, Count: t.Count})
			}
		}
		out[name] = counts
	}
	return out
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
