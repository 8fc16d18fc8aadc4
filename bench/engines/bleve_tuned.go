package engines

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"roundtable/bench/corpus"
	"roundtable/internal/text"
)

// bleveTuned is Bleve as a developer who knows it would set it up for
// five languages, without Roundtable's own query and collector code:
// Roundtable's per-language analyzers (internal/text, registered as the
// product registers them) on one text field per language, BM25, no `_all`,
// no dynamic fields, nothing stored, no doc values; term vectors only on
// the text fields, since Bleve's phrase query needs their positions.
// Filters are keyword fields. Queries: every word required, in any of the
// five languages (a match query per language with the AND operator, so a
// stop word of one language is dropped for that language only, as in
// Roundtable); a phrase is a match-phrase query per language; a run of
// Han characters is a match-phrase query on the Chinese field (its
// bigrams together, as Roundtable matches it). Size 20, score order, no
// fields, facets or highlighting, no visibility filter (as bleve-default).
type bleveTuned struct {
	bi bleve.Index
}

// BleveTuned names the tuned Bleve baseline.
const BleveTuned = "bleve-tuned"

func tunedMapping() (*mapping.IndexMappingImpl, error) {
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
		f := mapping.NewTextFieldMapping()
		f.Analyzer = text.AnalyzerName(lang)
		f.Store = false
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		doc.AddFieldMappingsAt("text_"+lang, f)
	}
	for _, name := range []string{"edition", "delegation"} {
		f := mapping.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		doc.AddFieldMappingsAt(name, f)
	}
	m.DefaultMapping = doc
	return m, m.Validate()
}

func openBleveTuned(dir string, create bool) (Engine, error) {
	var bi bleve.Index
	var err error
	if create {
		m, merr := tunedMapping()
		if merr != nil {
			return nil, merr
		}
		bi, err = bleve.New(dir, m)
	} else {
		// The analyzers must be registered before an index naming them opens.
		if err = text.RegisterAnalyzers(mapping.NewIndexMapping()); err != nil {
			return nil, err
		}
		bi, err = bleve.Open(dir)
	}
	if err != nil {
		return nil, err
	}
	return &bleveTuned{bi: bi}, nil
}

func (e *bleveTuned) Add(batch []corpus.Statement) error {
	b := e.bi.NewBatch()
	for _, s := range batch {
		doc := map[string]any{
			"edition":    strconv.FormatInt(s.Edition, 10),
			"delegation": s.Delegation,
		}
		if text.Supported(s.Language) {
			doc["text_"+s.Language] = s.Text
		}
		if err := b.Index(s.ID, doc); err != nil {
			return err
		}
	}
	return e.bi.Batch(b)
}

func (e *bleveTuned) Settle() error { return SettleBleve(e.bi) }

func isHanText(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

func (e *bleveTuned) Query(q corpus.Query) (int, error) {
	var what query.Query
	switch {
	case len(q.Words) == 1 && isHanText(q.Words[0]):
		p := bleve.NewMatchPhraseQuery(q.Words[0])
		p.SetField("text_zh")
		what = p
	default:
		var alts []query.Query
		for _, lang := range text.Langs {
			if len(q.Phrase) > 0 {
				p := bleve.NewMatchPhraseQuery(strings.Join(q.Phrase, " "))
				p.SetField("text_" + lang)
				alts = append(alts, p)
				continue
			}
			m := bleve.NewMatchQuery(strings.Join(q.Words, " "))
			m.SetField("text_" + lang)
			m.SetOperator(query.MatchQueryOperatorAnd)
			alts = append(alts, m)
		}
		what = bleve.NewDisjunctionQuery(alts...)
	}
	if q.Edition != 0 || q.Delegation != "" {
		ed := bleve.NewTermQuery(strconv.FormatInt(q.Edition, 10))
		ed.SetField("edition")
		del := bleve.NewTermQuery(q.Delegation)
		del.SetField("delegation")
		what = bleve.NewConjunctionQuery(what, ed, del)
	}
	res, err := e.bi.Search(bleve.NewSearchRequestOptions(what, 20, 0, false))
	if err != nil {
		return 0, err
	}
	return int(res.Total), nil
}

func (e *bleveTuned) Close() error { return e.bi.Close() }
