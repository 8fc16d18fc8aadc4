package search

import (
	"slices"
	"strconv"
	"strings"
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
const mappingVersion = "9"

// Field names in the index. Text and titles get one field per language,
// each analysed by that language's analyzer, so one query can be analysed
// once per language and sent to the matching field.
const (
	fieldTitle      = "title" // stored for display, not searched; so are type and language
	fieldType       = "type"
	fieldLanguage   = "language"
	fieldSession    = "session"
	fieldCountry    = "country"
	fieldDate       = "date"
	fieldVisibility = "visibility"
	fieldEmbargo    = "embargo" // unix seconds, only where there is an embargo
	fieldURL        = "url"
	// fieldVersions describes a document's versions for its hit (stored,
	// not searched), one line each: language, "m" for a machine
	// translation, and the version's title where it is not the original's
	// (title_<lang> is searched, not stored). One field, not one per
	// language: each stored field asked costs every hit allocations.
	fieldVersions = "versions"
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
//   - text_<lang> is stored (snippets are marked in it), without term
//     vectors: phrases are found in the shingles;
//   - shingles_<lang> holds the text's two-word shingles
//     (text.ShinglesAnalyzerName) with term vectors, not stored: a phrase
//     is its shingles one after the other (shinglePhraseQuery);
//   - title_<lang> has term vectors (phrases), not storage: the title
//     shown comes from the stored title field;
//   - no doc values at all: what the collector needs per document
//     (visibility, embargo, date, facet values) it reads once per segment
//     from the fields' postings (columns.go), which beats decoding doc
//     values per hit;
//   - one term per value: type, language, edition, delegation and
//     concepts only as facet terms, the date as a sortable keyword (a
//     date field indexes sixteen terms per document), the embargo only
//     where there is one;
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
		// The text's analyzer gives the same tokens as AnalyzerName(lang),
		// analysed once with the shingles'.
		doc.AddFieldMappingsAt(textField(lang), textMapping(text.IndexAnalyzerName(lang), true, false))
		doc.AddFieldMappingsAt(titleField(lang), textMapping(text.AnalyzerName(lang), false, true))
		doc.AddFieldMappingsAt(shinglesField(lang), textMapping(text.ShinglesAnalyzerName(lang), false, true))
	}
	// Display only: stored, not searched. Type, language, edition,
	// delegation and concepts are searched as facet values
	// ("language=es"), one field for filters, concept matches and counts.
	display := keywordMapping(true)
	display.Index = false
	for _, f := range []string{fieldTitle, fieldURL, fieldType, fieldLanguage, fieldVersions} {
		doc.AddFieldMappingsAt(f, display)
	}
	for _, f := range []string{fieldFacets, fieldSession, fieldCountry, fieldVisibility, fieldEmbargo} {
		doc.AddFieldMappingsAt(f, keywordMapping(false))
	}
	doc.AddFieldMappingsAt(fieldDate, keywordMapping(true))

	m.DefaultMapping = doc
	return m, m.Validate()
}

func textMapping(analyzer string, store, termVectors bool) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = store
	f.IncludeTermVectors = termVectors
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
	}
	var versions strings.Builder
	for _, v := range d.versions() {
		if !text.Supported(v.Lang) {
			continue
		}
		f[textField(v.Lang)] = v.Text
		f[shinglesField(v.Lang)] = v.Text
		f[titleField(v.Lang)] = v.Title
		if len(d.Versions) > 0 {
			versions.WriteString(versionLine(v, d.Title))
		}
	}
	setIf(f, fieldVersions, versions.String())
	setIf(f, fieldURL, d.URL)
	if len(d.Countries) > 0 {
		f[fieldCountry] = d.countries()
	} else {
		setIf(f, fieldCountry, d.Country)
	}
	if d.SessionID != 0 {
		f[fieldSession] = strconv.FormatInt(d.SessionID, 10)
	}
	if !d.Date.IsZero() {
		f[fieldDate] = dateTerm(d.Date)
	}
	if !d.EmbargoUntil.IsZero() {
		f[fieldEmbargo] = strconv.FormatInt(embargoSeconds(d.EmbargoUntil), 10)
	}
	f[fieldFacets] = d.facetValues()
	return f
}

// countries are the document's Country and Countries, each once.
func (d Document) countries() []string {
	var out []string
	for _, c := range append([]string{d.Country}, d.Countries...) {
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// facetTerm is the term for one facet value in fieldFacets.
func facetTerm(name, value string) string { return name + "=" + value }

// facetValues lists the document's value of every facet, prefixed with the
// facet's name. The language facet holds every language the document has a
// version in that a person wrote or reviewed (the original, human
// translations): filtering by Portuguese finds what can be read in an
// authoritative Portuguese text. Machine versions are left out: with an
// engine installed every statement would have all five, and the facet
// would say nothing.
func (d Document) facetValues() []string {
	vs := []string{facetTerm(FacetType, d.Type)}
	seen := map[string]bool{}
	for _, v := range d.versions() {
		if !v.Machine && v.Lang != "" && !seen[v.Lang] {
			seen[v.Lang] = true
			vs = append(vs, facetTerm(FacetLanguage, v.Lang))
		}
	}
	if d.EditionID != 0 {
		vs = append(vs, facetTerm(FacetEdition, strconv.FormatInt(d.EditionID, 10)))
	}
	if d.Delegation != "" {
		vs = append(vs, facetTerm(FacetDelegation, d.Delegation))
	}
	for _, c := range d.Concepts {
		vs = append(vs, facetTerm(FacetConcept, c))
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
func embargoSeconds(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// dateLayout writes dates as terms that sort as the dates do (UTC, fixed
// width), so a date range is a term range: one term per document, where a
// date field indexes sixteen.
const dateLayout = "20060102T150405.000000000Z"

func dateTerm(t time.Time) string { return t.UTC().Format(dateLayout) }

// versionLine is a version as fieldVersions describes it.
func versionLine(v Version, original string) string {
	flag, title := "", ""
	if v.Machine {
		flag = "m"
	}
	if v.Title != original {
		title = strings.ReplaceAll(v.Title, "\n", " ")
	}
	return v.Lang + "\t" + flag + "\t" + title + "\n"
}

// storedVersion is a line of fieldVersions read back.
type storedVersion struct {
	lang, title string
	machine     bool
}

func parseVersions(s string) []storedVersion {
	var out []storedVersion
	for line := range strings.Lines(s) {
		parts := strings.SplitN(strings.TrimSuffix(line, "\n"), "\t", 3)
		if len(parts) == 3 {
			out = append(out, storedVersion{lang: parts[0], machine: parts[1] == "m", title: parts[2]})
		}
	}
	return out
}
