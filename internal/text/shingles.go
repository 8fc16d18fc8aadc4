package text

import (
	"github.com/blevesearch/bleve/v2/analysis"
)

// shingleGap stands for each position a removed stop word left between two
// words of a shingle: "nivel de vida" gives "nivel _ vida", which "nivel
// vida" (no gap) and "vida de nivel" (other order) do not.
const shingleGap = "_"

// ShinglesAnalyzerName is the index's analyzer that gives, at each token
// of lang's analyzer, the two-token shingle starting there, with the gap
// between its tokens ("right _ develop", "nivel _ vida"; in Chinese,
// overlapping bigrams, "发展 展权" being the three characters 发展权), at
// the position of its first token. The shingle field keeps those
// positions (term vectors).
//
// Why: a phrase of common words ("toda persona tiene derecho", "human
// rights", 人人有权) is in a large share of the statements, and matching it
// word by word means reading the positions of every word in each of them.
// A phrase of two tokens is exactly one shingle term; a longer one is its
// shingles one after the other (PhraseShingles): far rarer terms than its
// words, each once or twice in a statement. Three-token shingles would
// make most three-token phrases one term, but they cost about a third of
// the time to build the index, and the positions of the two-token ones
// keep every phrase exact.
func ShinglesAnalyzerName(lang string) string { return AnalyzerName(lang) + "_shingles" }

// shingles returns, at each token of words but the last, the two-token
// shingle starting there.
func shingles(words analysis.TokenStream) analysis.TokenStream {
	if len(words) < 2 {
		return nil
	}
	out := make(analysis.TokenStream, 0, len(words)-1)
	for i := range len(words) - 1 {
		a, b := words[i], words[i+1]
		out = append(out, &analysis.Token{
			Term:     shingle(a, b),
			Position: a.Position,
			Start:    a.Start,
			End:      b.End,
			Type:     a.Type,
		})
	}
	return out
}

// shingle joins two tokens with a space, and a shingleGap for each
// position left empty between them.
func shingle(a, b *analysis.Token) []byte {
	t := make([]byte, 0, len(a.Term)+len(b.Term)+1+2*(b.Position-a.Position-1))
	t = append(t, a.Term...)
	t = append(t, ' ')
	for range b.Position - a.Position - 1 {
		t = append(t, shingleGap+" "...)
	}
	return append(t, b.Term...)
}

// PhraseShingles returns the phrase s as shingle terms of the index's
// shingle field for lang, to be found one after the other at consecutive
// positions: the phrase's two-token shingles, with an empty term for each
// position a removed stop word leaves between two of them. A phrase of two
// tokens is one shingle. Where the shingles stand so, the phrase stands:
// each shares its last token with the next one's first. None for fewer
// than two tokens.
func PhraseShingles(lang, s string) []string {
	toks := analyzerNamed(AnalyzerName(lang)).Analyze([]byte(s))
	if len(toks) < 2 {
		return nil
	}
	var terms []string
	for i := range len(toks) - 1 {
		if i > 0 {
			for range toks[i].Position - toks[i-1].Position - 1 {
				terms = append(terms, "")
			}
		}
		terms = append(terms, string(shingle(toks[i], toks[i+1])))
	}
	return terms
}
