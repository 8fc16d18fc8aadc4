// Package text holds Roundtable's language-aware text analysis: the one
// definition of how a statement, a query or a thesaurus label is cut into
// normalised tokens. Search indexes with these analyzers and the thesaurus
// tags concepts with Tokens, so a label matches exactly what a query for it
// would match.
//
// Per language:
//
//   - es, pt, fr: Unicode word tokenisation, lower-case, (fr: elision of
//     l', d', qu' ...), stop words removed, the language's light stemmer,
//     then diacritics folded. The light stemmers (Lucene's, shipped with
//     bleve) normalise accents themselves, so "educación", "educacion" and
//     "educaciones" all give one token; the Snowball stemmers do not (fold
//     first and "educaciones" no longer meets "educación"; fold last and a
//     query typed without accents misses). Portuguese first puts back the
//     tilde of -ões/-ães/-ão endings typed without it ("instrucoes").
//   - en: the same shape with the possessive filter and the Snowball
//     (Porter2) stemmer; folding still applies to names such as "México".
//   - zh: Unicode tokenisation, full-width/half-width normalisation,
//     lower-case and folding of Latin words, then overlapping CJK bigrams
//     ("发展权" -> 发展, 展权; a lone Han character stays a unigram). No
//     stop words: bigrams are already specific.
//
// Stop words are kept out of the index (they carry no meaning and would
// dominate posting lists), but every token keeps the position the tokenizer
// gave it, so a removed word leaves a gap: the phrase "nivel de vida"
// matches "nivel de vida" and not "vida de nivel" or "nivel vida". Stop
// lists hold each word both as written and folded, so "esta" and "está"
// are both dropped.
package text

import (
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Langs are the text languages Roundtable analyses.
var Langs = []string{"en", "es", "pt", "zh", "fr"}

// Supported reports whether lang is one of Langs.
func Supported(lang string) bool { return slices.Contains(Langs, lang) }

// basicAnalyzer is the analyzer for text in a language Roundtable has no
// rules for: words lower-cased and folded, nothing removed or stemmed.
const basicAnalyzer = "rt_basic"

// AnalyzerName is the name under which RegisterAnalyzers adds lang's
// analyzer to a bleve mapping: "rt_en", "rt_es", "rt_pt", "rt_zh",
// "rt_fr". Any other language gets "rt_basic" (lower-case and fold only),
// so callers never have to handle a missing analyzer.
func AnalyzerName(lang string) string {
	if !Supported(lang) {
		return basicAnalyzer
	}
	return "rt_" + lang
}

// analysisMapping is a mapping holding only our analyzers; Tokens runs
// text through it so that it cannot drift from what the index does.
var analysisMapping = sync.OnceValues(func() (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	return m, RegisterAnalyzers(m)
})

// Tokens returns the normalised tokens of s, in order, as the search index
// sees them for lang (stop words dropped, stems folded; see the package
// comment). Text in an unsupported language is lower-cased and folded only.
func Tokens(lang, s string) []string {
	return terms(Analyze(lang, s))
}

func terms(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

// Token is a normalised term at its word position (1-based). A dropped stop
// word leaves its position unused, so a phrase matcher can require the same
// gaps the index's phrase queries require.
type Token struct {
	Term string
	Pos  int
	// Start and End are the token's bytes in the analysed text, for
	// marking it (a bigram spans its two characters).
	Start, End int
}

// Analyze is Tokens with positions.
func Analyze(lang, s string) []Token {
	stream := analyzerNamed(AnalyzerName(lang)).Analyze([]byte(s))
	out := make([]Token, len(stream))
	for i, tok := range stream {
		out[i] = Token{Term: string(tok.Term), Pos: tok.Position, Start: tok.Start, End: tok.End}
	}
	return out
}

func analyzerNamed(name string) analysis.Analyzer {
	m, err := analysisMapping()
	if err != nil {
		// The analyzers are built from constants; failing here is a
		// programming error that every test would show.
		panic("text: building analyzers: " + err.Error())
	}
	a := m.AnalyzerNamed(name)
	if a == nil {
		panic("text: analyzer " + name + " missing")
	}
	return a
}
