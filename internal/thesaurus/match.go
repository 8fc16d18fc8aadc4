package thesaurus

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"

	"roundtable/internal/text"
)

// verbatim is the analysis under which every label of every language is
// also indexed: text.Tokens for a language it has no rules for lower-cases
// and folds, and removes or stems nothing. It lets a Spanish statement that
// quotes "发展权" or "right to development" be tagged too.
const verbatim = ""

// token is a normalised term at its position. Positions matter because the
// analysis drops stop words but leaves their place empty, as the index
// does: "right to education" must match "rights to education" and not
// "human rights education", just as a phrase search for it would. Start
// and end are byte offsets in the analysed string.
type token struct {
	term       string
	pos        int
	start, end int
}

// analysers holds Roundtable's analyzers, registered by package text, so
// that labels and text are cut exactly as text.Tokens and the search index
// cut them, with the positions text.Tokens leaves out.
var analysers = sync.OnceValues(func() (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	return m, text.RegisterAnalyzers(m)
})

// analyse is text.Tokens with positions.
func analyse(lang, s string) []token {
	m, err := analysers()
	var a analysis.Analyzer
	if err == nil {
		a = m.AnalyzerNamed(text.AnalyzerName(lang))
	}
	if a == nil {
		// Built from constants: a failure here is a programming error that
		// every test shows, as in text.Tokens.
		panic(fmt.Sprintf("thesaurus: analyzer for %q: %v", lang, err))
	}
	stream := a.Analyze([]byte(s))
	out := make([]token, len(stream))
	for i, t := range stream {
		out[i] = token{string(t.Term), t.Position, t.Start, t.End}
	}
	return out
}

// phrase is a label as terms and their offsets from the first, and the
// number of separating punctuation marks between its first and last word.
type phrase struct {
	terms  []string
	gaps   []int
	breaks int
	id     string
}

// breaks counts the punctuation that separates words (commas, full stops,
// brackets, Chinese enumeration commas...) in s, but not apostrophes and
// hyphens, which join them. A label does not match across more of them
// than it holds: "cada Estado, dos direitos" is not "Estado de Direito".
func breaks(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsPunct(r) && !strings.ContainsRune("'’‐‑-", r) {
			n++
		}
	}
	return n
}

// matcher finds labels in token sequences. Per analysis (a language, or
// verbatim) it keys each label by its first term, so a scan looks only at
// the labels that can start where it stands.
type matcher map[string]map[string][]phrase

func buildMatcher(t *Thesaurus) matcher {
	m := matcher{}
	seen := map[string]bool{}
	add := func(analysis, id, label string) {
		toks := analyse(analysis, label)
		if len(toks) == 0 {
			return // all stop words: nothing a search could find either
		}
		p := phrase{id: id, breaks: breaks(label[toks[0].start:toks[len(toks)-1].end])}
		for _, tok := range toks {
			p.terms = append(p.terms, tok.term)
			p.gaps = append(p.gaps, tok.pos-toks[0].pos)
		}
		key := fmt.Sprint(analysis, id, p.terms, p.gaps)
		if seen[key] {
			return
		}
		seen[key] = true
		if m[analysis] == nil {
			m[analysis] = map[string][]phrase{}
		}
		m[analysis][p.terms[0]] = append(m[analysis][p.terms[0]], p)
	}
	for _, id := range t.ids {
		c := t.byID[id]
		for _, lang := range text.Langs {
			for _, label := range c.labels(lang) {
				if !losesEdgeWord(lang, label) {
					add(lang, id, label)
				}
				add(verbatim, id, label)
			}
		}
	}
	return m
}

// losesEdgeWord reports whether the language's analysis drops the first or
// last word of a label of several words as a stop word. Such a label is
// matched only as written: "no intervención" analysed is "intervención",
// which every Spanish speech uses of itself, and Spanish stop words include
// "estado" (a form of estar), which would reduce "Estado de derecho" to
// "derecho". A stop word inside a label ("derecho al desarrollo") is fine.
func losesEdgeWord(lang, label string) bool {
	words := analyse(verbatim, label)
	if len(words) < 2 {
		return false
	}
	stop := func(w token) bool { return len(analyse(lang, w.term)) == 0 }
	return stop(words[0]) || stop(words[len(words)-1])
}

// scan adds to hits the concepts of every label of the analysis whose
// terms occur in s, cut into toks, at the same distances from one another
// and with no more punctuation between them than the label has.
func (m matcher) scan(analysis, s string, hits map[string]bool) {
	index := m[analysis]
	toks := analyse(analysis, s)
	for i, tok := range toks {
	labels:
		for _, p := range index[tok.term] {
			n := len(p.terms)
			if hits[p.id] || n > len(toks)-i {
				continue
			}
			for k := 1; k < n; k++ {
				if toks[i+k].term != p.terms[k] || toks[i+k].pos-tok.pos != p.gaps[k] {
					continue labels
				}
			}
			if n > 1 && breaks(s[tok.start:toks[i+n-1].end]) > p.breaks {
				continue
			}
			hits[p.id] = true
		}
	}
}

// Tag returns the ids of the concepts that text s, written in lang, names:
// those with a preferred or alternative label in lang whose terms occur in
// s in order, at the same distances (stop words leave a gap) and not across
// a comma or full stop the label does not have, label and text both cut by
// the analysis of text.Tokens that the search index uses (so case, accents,
// plural and stop words do not matter, and Chinese matches by character
// bigrams); plus those with a label in any language that appears in s as
// written, up to case and accents. The ids are sorted and unique; never nil.
func (t *Thesaurus) Tag(lang, s string) []string {
	hits := map[string]bool{}
	if l := baseLang(lang); text.Supported(l) {
		t.matcher.scan(l, s, hits)
	}
	t.matcher.scan(verbatim, s, hits)
	return sortedKeys(hits)
}

// Match returns the ids of the concepts a search query names in any of the
// five languages: a label whose tokens the query contains, the query being
// analysed as each language in turn (and as written, as Tag does). A quoted part of the query is matched
// on its own, so a label never spans a quote mark. Search adds the other
// labels of these concepts to the query, so a query in one language finds
// text in another. The ids are sorted and unique; never nil.
func (t *Thesaurus) Match(query string) []string {
	hits := map[string]bool{}
	for _, part := range strings.FieldsFunc(query, isQuote) {
		for _, lang := range text.Langs {
			t.matcher.scan(lang, part, hits)
		}
		t.matcher.scan(verbatim, part, hits)
	}
	return sortedKeys(hits)
}

func isQuote(r rune) bool {
	return strings.ContainsRune("\"“”„«»「」『』", r)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
