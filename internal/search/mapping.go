package search

import (
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"roundtable/internal/text"
)

// mappingVersion names the shape of the mapping below. Change it whenever
// the mapping or an analyzer in internal/text changes: Open then refuses
// the old index (ErrIndexOutdated) and the caller rebuilds it, instead of
// silently querying tokens the index was never built with.
const mappingVersion = "3"

// Field names in the index. Text and titles get one field per language,
// each analysed by that language's analyzer, so one query can be analysed
// once per language and sent to the matching field.
const (
	fieldTitle      = "title" // stored for display, not searched
	fieldType       = "type"
	fieldLanguage   = "language"
	fieldEdition    = "edition"
	fieldSession    = "session"
	fieldDelegation = "delegation"
	fieldCountry    = "country"
	fieldConcepts   = "concepts"
	fieldDate       = "date"
	fieldVisibility = "visibility"
	fieldEmbargo    = "embargo" // unix seconds; 0 = no embargo
	fieldURL        = "url"
	// fieldFacets holds every facet value of a document as "name=value"
	// ("language=es", "concept=right-to-development"): the collector reads
	// one field's postings for all facets (columns.go).
	fieldFacets = "facets"
)

func textField(lang string) string     { return "text_" + lang }
func titleField(lang string) string    { return "title_" + lang }
func shinglesField(lang string) string { return "shingles_" + lang }

// newMapping builds Roundtable's index mapping. Choices, all to keep the
// index small and queries exact:
//   - no _all composite field and no dynamic fields: everything searched
//     is named here;
//   - text_<lang> is stored (the highlighter and the snippet fallback read
//     it) with term vectors (positions for phrases, offsets for <mark>);
//   - shingles_<lang> holds the text's two- and three-word shingles
//     (text.ShinglesAnalyzerName), without term vectors or storage: it
//     only finds phrases fast;
//   - title_<lang> has term vectors, not storage: its locations tell a
//     text match from a concept match, and the title shown comes from the
//     stored title field;
//   - no doc values at all: what the collector needs per document
//     (visibility, embargo, date, facet values) it reads once per segment
//     from the fields' postings (columns.go), which beats decoding doc
//     values per hit;
//   - filters are keyword fields; no filter field has term vectors, so a
//     hit's locations only ever come from text;
//   - BM25 scoring.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	if err := text.RegisterAnalyzers(m); err != nil {
		return nil, err
	}
	m.ScoringModel = index.BM25Scoring
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.DefaultAnalyzer = keyword.Name

	doc := mapping.NewDocumentStaticMapping()
	for _, lang := range text.Langs {
		doc.AddFieldMappingsAt(textField(lang), textMapping(lang, true))
		doc.AddFieldMappingsAt(titleField(lang), textMapping(lang, false))
		shingles := mapping.NewTextFieldMapping()
		shingles.Analyzer = text.ShinglesAnalyzerName(lang)
		shingles.Store = false
		shingles.IncludeTermVectors = false
		shingles.IncludeInAll = false
		shingles.DocValues = false
		doc.AddFieldMappingsAt(shinglesField(lang), shingles)
	}
	display := keywordMapping(true)
	display.Index = false
	doc.AddFieldMappingsAt(fieldTitle, display)
	doc.AddFieldMappingsAt(fieldURL, display)
	for _, f := range []string{fieldType, fieldLanguage} {
		doc.AddFieldMappingsAt(f, keywordMapping(true))
	}
	for _, f := range []string{fieldEdition, fieldDelegation, fieldConcepts, fieldSession, fieldCountry, fieldVisibility} {
		doc.AddFieldMappingsAt(f, keywordMapping(false))
	}
	doc.AddFieldMappingsAt(fieldFacets, keywordMapping(false))
	date := mapping.NewDateTimeFieldMapping()
	date.IncludeInAll = false
	date.Store = true
	date.DocValues = false
	doc.AddFieldMappingsAt(fieldDate, date)
	embargo := mapping.NewNumericFieldMapping()
	embargo.IncludeInAll = false
	embargo.Store = false
	embargo.DocValues = false
	doc.AddFieldMappingsAt(fieldEmbargo, embargo)

	m.DefaultMapping = doc
	return m, m.Validate()
}

func textMapping(lang string, store bool) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = text.AnalyzerName(lang)
	f.Store = store
	f.IncludeTermVectors = true
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

func keywordMapping(store bool) *mapping.FieldMapping {
	f := mapping.NewKeywordFieldMapping()
	f.Store = store
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// fields turns a Document into what the mapping above indexes. Zero
// filter values are left out so they neither match nor appear in facets.
func (d Document) fields() map[string]any {
	f := map[string]any{
		fieldType:       d.Type,
		fieldTitle:      d.Title,
		fieldLanguage:   d.Language,
		fieldVisibility: d.Visibility,
		fieldEmbargo:    float64(0),
	}
	if text.Supported(d.Language) {
		f[textField(d.Language)] = d.Text
		f[shinglesField(d.Language)] = d.Text
		f[titleField(d.Language)] = d.Title
	}
	setIf(f, fieldURL, d.URL)
	setIf(f, fieldDelegation, d.Delegation)
	setIf(f, fieldCountry, d.Country)
	if d.EditionID != 0 {
		f[fieldEdition] = strconv.FormatInt(d.EditionID, 10)
	}
	if d.SessionID != 0 {
		f[fieldSession] = strconv.FormatInt(d.SessionID, 10)
	}
	if len(d.Concepts) > 0 {
		f[fieldConcepts] = d.Concepts
	}
	if !d.Date.IsZero() {
		f[fieldDate] = d.Date.UTC()
	}
	if !d.EmbargoUntil.IsZero() {
		f[fieldEmbargo] = embargoSeconds(d.EmbargoUntil)
	}
	f[fieldFacets] = d.facetValues()
	return f
}

// facetValues lists the document's value of every facet, prefixed with the
// facet's name.
func (d Document) facetValues() []string {
	vs := []string{FacetType + "=" + d.Type, FacetLanguage + "=" + d.Language}
	if d.EditionID != 0 {
		vs = append(vs, FacetEdition+"="+strconv.FormatInt(d.EditionID, 10))
	}
	if d.Delegation != "" {
		vs = append(vs, FacetDelegation+"="+d.Delegation)
	}
	for _, c := range d.Concepts {
		vs = append(vs, FacetConcept+"="+c)
	}
	return vs
}

func setIf(f map[string]any, k, v string) {
	if v != "" {
		f[k] = v
	}
}

// embargoSeconds rounds an embargo end up to the next whole second, so
// comparing it with a "now" in whole seconds can never lift an embargo
// early.
func embargoSeconds(t time.Time) float64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return float64(s)
}
