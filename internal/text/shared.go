package text

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/registry"
)

// sharedAnalyzerType is the bleve analyzer type of the index's text and
// shingle fields. Both are made from the same words of the same text, so
// the first of the two a document's analysis reaches analyses the text
// with the language's chain and leaves the words for the other, which
// takes them: one analysis per document instead of two, about a tenth of
// the work of indexing it.
const sharedAnalyzerType = "rt_shared"

const (
	roleText     = "text"
	roleShingles = "shingles"
)

// IndexAnalyzerName is the analyzer of the index's text field in lang: the
// tokens of AnalyzerName(lang), analysed once with the shingle field's.
// Queries use AnalyzerName.
func IndexAnalyzerName(lang string) string { return AnalyzerName(lang) + "_text" }

type sharedAnalyzer struct {
	words analysis.Analyzer
	role  string
	left  *leftWords
}

// leftWords holds words analysed for one field of a document until the
// other field takes them, keyed by the text itself: two documents with
// the same text have the same words, so it does not matter which takes
// which. It is bounded: a text analysed for one field alone (a test, a
// direct call) is forgotten once many are waiting.
type leftWords struct {
	mu sync.Mutex
	m  map[string]analysis.TokenStream
}

const maxLeftWords = 1024

var leftByLang sync.Map // language → *leftWords

func (a *sharedAnalyzer) Analyze(input []byte) analysis.TokenStream {
	words := a.left.take(input)
	if words == nil {
		words = a.words.Analyze(input)
		a.left.put(input, words)
	}
	if a.role == roleShingles {
		return shingles(words)
	}
	return words
}

func (l *leftWords) take(input []byte) analysis.TokenStream {
	l.mu.Lock()
	defer l.mu.Unlock()
	words, ok := l.m[string(input)]
	if ok {
		delete(l.m, string(input))
	}
	return words
}

func (l *leftWords) put(input []byte, words analysis.TokenStream) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.m) >= maxLeftWords {
		clear(l.m)
	}
	l.m[string(input)] = words
}

func registerSharedAnalyzer() error {
	return registry.RegisterAnalyzer(sharedAnalyzerType,
		func(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
			lang, _ := config["language"].(string)
			role, _ := config["role"].(string)
			if role != roleText && role != roleShingles {
				return nil, fmt.Errorf("%s: role %q", sharedAnalyzerType, role)
			}
			words, err := custom.AnalyzerConstructor(config, cache)
			if err != nil {
				return nil, err
			}
			left, _ := leftByLang.LoadOrStore(lang, &leftWords{m: map[string]analysis.TokenStream{}})
			return &sharedAnalyzer{words: words, role: role, left: left.(*leftWords)}, nil
		})
}
