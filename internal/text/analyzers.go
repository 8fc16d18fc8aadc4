package text

import (
	"fmt"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
)

// stopLists are the Snowball stop word lists bleve ships, per language.
var stopLists = map[string][]byte{
	"en": en.EnglishStopWords,
	"es": es.SpanishStopWords,
	"pt": pt.PortugueseStopWords,
	"fr": fr.FrenchStopWords,
}

// filterChains are the token filters of each analyzer, in order. Normal
// form C comes first, so that what follows sees one spelling of each
// accented letter. Stop words go before stemming (the lists hold words, not stems) and folding goes
// last, after the stemmer has seen the accents it relies on.
var filterChains = map[string][]string{
	"en":          {nfcFilterName, lowercase.Name, en.PossessiveName, "rt_stop_en", en.SnowballStemmerName, foldFilterName},
	"es":          {nfcFilterName, lowercase.Name, "rt_stop_es", es.LightStemmerName, foldFilterName},
	"pt":          {nfcFilterName, lowercase.Name, "rt_stop_pt", ptNasalFilterName, pt.LightStemmerName, foldFilterName},
	"fr":          {nfcFilterName, lowercase.Name, fr.ElisionName, "rt_stop_fr", fr.LightStemmerName, foldFilterName},
	"zh":          {nfcFilterName, cjk.WidthName, lowercase.Name, foldFilterName, cjk.BigramName},
	basicAnalyzer: {nfcFilterName, lowercase.Name, foldFilterName},
}

// registerTypes registers our filter types with bleve's registry, which is
// process-wide and refuses a name twice.
var registerTypes = sync.OnceValue(func() error {
	if err := registerNFCFilter(); err != nil {
		return fmt.Errorf("register %s: %w", nfcFilterName, err)
	}
	if err := registerFoldFilter(); err != nil {
		return fmt.Errorf("register %s: %w", foldFilterName, err)
	}
	if err := registerPtNasalFilter(); err != nil {
		return fmt.Errorf("register %s: %w", ptNasalFilterName, err)
	}
	if err := registerSharedAnalyzer(); err != nil {
		return fmt.Errorf("register %s: %w", sharedAnalyzerType, err)
	}
	return nil
})

// RegisterAnalyzers adds Roundtable's analyzers, named by AnalyzerName, to
// m, with the stop lists and filters they use. It also registers, once per
// process, our filter types with bleve's registry; an existing index can
// only be reopened after that, so search calls this before opening one.
func RegisterAnalyzers(m *mapping.IndexMappingImpl) error {
	if err := registerTypes(); err != nil {
		return err
	}
	for lang, list := range stopLists {
		name := "rt_stop_" + lang
		tokens, err := stopTokens(list, meaningful[lang])
		if err != nil {
			return fmt.Errorf("stop words %s: %w", lang, err)
		}
		if err := m.AddCustomTokenMap(name, map[string]interface{}{
			"type": tokenmap.Name, "tokens": tokens,
		}); err != nil {
			return fmt.Errorf("stop words %s: %w", lang, err)
		}
		if err := m.AddCustomTokenFilter(name, map[string]interface{}{
			"type": stop.Name, "stop_token_map": name,
		}); err != nil {
			return fmt.Errorf("stop filter %s: %w", lang, err)
		}
	}
	for _, lang := range append(slices.Clone(Langs), "") {
		name := AnalyzerName(lang)
		chain := filterChains[lang]
		if lang == "" {
			chain = filterChains[basicAnalyzer]
		}
		filters := make([]interface{}, len(chain))
		for i, f := range chain {
			filters[i] = f
		}
		if err := m.AddCustomAnalyzer(name, map[string]interface{}{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": filters,
		}); err != nil {
			return fmt.Errorf("analyzer %s: %w", name, err)
		}
		if lang == "" {
			continue
		}
		// The index's text and shingle fields share one analysis per
		// document (sharedAnalyzer).
		for role, name := range map[string]string{roleText: IndexAnalyzerName(lang), roleShingles: ShinglesAnalyzerName(lang)} {
			if err := m.AddCustomAnalyzer(name, map[string]interface{}{
				"type":          sharedAnalyzerType,
				"tokenizer":     unicode.Name,
				"token_filters": filters,
				"language":      lang,
				"role":          role,
			}); err != nil {
				return fmt.Errorf("analyzer %s: %w", name, err)
			}
		}
	}
	return nil
}

// meaningful are words of the Snowball lists that carry meaning in this
// product's texts: in Spanish "estado" is a form of "estar" but also "State",
// and "Estado de derecho" must not shrink to "derecho".
var meaningful = map[string]map[string]bool{
	"es": {"estado": true, "estados": true},
}

// stopTokens reads a Snowball-format stop list and returns each word as
// written and folded, less the words to keep, sorted so the mapping stored
// in the index is stable.
func stopTokens(list []byte, keep map[string]bool) ([]interface{}, error) {
	words := analysis.NewTokenMap()
	if err := words.LoadBytes(list); err != nil {
		return nil, err
	}
	set := make(map[string]bool, 2*len(words))
	for w := range words {
		if keep[w] || keep[Fold(w)] {
			continue
		}
		set[w] = true
		set[Fold(w)] = true
	}
	sorted := make([]string, 0, len(set))
	for w := range set {
		sorted = append(sorted, w)
	}
	slices.Sort(sorted)
	out := make([]interface{}, len(sorted))
	for i, w := range sorted {
		out[i] = w
	}
	return out, nil
}
