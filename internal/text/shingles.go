package text

import (
	"github.com/blevesearch/bleve/v2/analysis"
)

// shingleGap stands for each position a removed stop word left between two
// words of a shingle: "nivel de vida" gives "nivel _ vida", which "nivel
// vida" (no gap) and "vida de nivel" (other order) do not.
const shingleGap = "_"

// ShinglesAnalyzerName is the index's analyzer that gives, at each token of lang's
// analyzer, the two- and three-token shingles starting there, with the
// gaps between their tokens ("right _ develop", "nivel _ vida adecuad"; in
// Chinese, overlapping bigrams, "发展 展权" being the three characters
// 发展权).
//
// Why: a phrase of common words ("toda persona tiene derecho", "human
// rights", 人人有权) is in a large share of the statements, and matching it
// word by word means reading the positions of every word in each of them.
// A phrase of two or three tokens is exactly one shingle term, and a
// longer one is matched where all its three-token shingles are, which is
// nearly only where it is (see PhraseShingles).
func ShinglesAnalyzerName(lang string) string { return AnalyzerName(lang) + "_shingles" }

// shingles returns, at each token of words, the two- and three-token
// shingles starting there.
func shingles(words analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, 2*len(words))
	for i := range words {
		for n := 2; n <= 3 && i+n <= len(words); n++ {
			toks := words[i : i+n]
			out = append(out, &analysis.Token{
				Term:     shingle(toks),
				Position: toks[0].Position,
				Start:    toks[0].Start,
				End:      toks[n-1].End,
				Type:     toks[0].Type,
			})
		}
	}
	return out
}

// shingle joins tokens with a space, and a shingleGap for each position
// left empty between two of them.
func shingle(toks analysis.TokenStream) []byte {
	var t []byte
	for i, tok := range toks {
		if i > 0 {
			t = append(t, ' ')
			for range tok.Position - toks[i-1].Position - 1 {
				t = append(t, shingleGap+" "...)
			}
		}
		t = append(t, tok.Term...)
	}
	return t
}

// PhraseShingles returns the shingle terms that find the phrase s in the
// index's shingle field for lang, and whether they match exactly where the
// phrase is: a phrase of two or three tokens is one shingle; a longer one
// gives each of its three-token shingles, which may also all occur apart,
// so the phrase must then be checked. None for fewer than two tokens.
func PhraseShingles(lang, s string) (terms []string, exact bool) {
	toks := analyzerNamed(AnalyzerName(lang)).Analyze([]byte(s))
	switch n := len(toks); {
	case n < 2:
		return nil, false
	case n <= 3:
		return []string{string(shingle(toks))}, true
	default:
		for i := 0; i+3 <= n; i++ {
			terms = append(terms, string(shingle(toks[i:i+3])))
		}
		return terms, false
	}
}
