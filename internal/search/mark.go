package search

import (
	"html"
	"strings"

	"roundtable/internal/text"
)

// marker finds a query's words and phrases in a page's documents, by
// analysing each document's text as its language is analysed for the
// index, and marks them. It replaces a second search with term locations
// and Bleve's highlighter: that search has to advance every word's
// postings to each page document, which for a word in a quarter of the
// corpus reads a good part of its postings again.
type marker struct {
	// phrases[lang] are the query's words (one token each) and phrases in
	// lang's analysis, each as tokens with their relative positions.
	phrases map[string][][]text.Token
}

func newMarker(terms, phrases []string) marker {
	return newMarkerIn(terms, phrases, text.Langs)
}

// newMarkerIn is newMarker for the languages langs only (a query's
// translation, searched in its own language).
func newMarkerIn(terms, phrases, langs []string) marker {
	m := marker{phrases: map[string][][]text.Token{}}
	for _, lang := range langs {
		for _, term := range terms {
			toks := text.Analyze(lang, term)
			if lang == "zh" && len(toks) > 1 {
				m.phrases[lang] = append(m.phrases[lang], toks) // as textQuery does
				continue
			}
			for _, t := range toks {
				m.phrases[lang] = append(m.phrases[lang], []text.Token{t})
			}
		}
		for _, p := range phrases {
			if toks := text.Analyze(lang, p); len(toks) > 0 {
				m.phrases[lang] = append(m.phrases[lang], toks)
			}
		}
	}
	return m
}

// span is a marked stretch of a text, in bytes.
type span struct{ start, end int }

// find returns the stretches of s, in lang, where a word or phrase of the
// query stands, in order and merged where they overlap, and which of the
// query's words and phrases (lang's, in order) it holds.
func (m marker) find(lang, s string) ([]span, []bool) {
	want := m.phrases[lang]
	found := make([]bool, len(want))
	if len(want) == 0 || s == "" {
		return nil, found
	}
	toks := text.Analyze(lang, s)
	at := map[int][]int{} // position → indexes in toks
	for i, t := range toks {
		at[t.Pos] = append(at[t.Pos], i)
	}
	var spans []span
	for i, t := range toks {
		for w, ph := range want {
			if ph[0].Term != t.Term {
				continue
			}
			end, ok := t.End, true
			for _, next := range ph[1:] {
				j := -1
				for _, k := range at[t.Pos+next.Pos-ph[0].Pos] {
					if toks[k].Term == next.Term {
						j = k
					}
				}
				if j < 0 {
					ok = false
					break
				}
				end = max(end, toks[j].End)
			}
			if ok {
				spans = append(spans, span{toks[i].Start, end})
				found[w] = true
			}
		}
	}
	return mergeSpans(spans), found
}

// matches reports whether a document in lang holds every word and phrase
// of the query in its body or title: what its text query asks, so a
// document found only through a concept, or holding only some of the
// words, is not a text match.
func (m marker) matches(lang string, inBody, inTitle []bool) bool {
	if len(m.phrases[lang]) == 0 {
		return false
	}
	for i := range m.phrases[lang] {
		if !inBody[i] && !inTitle[i] {
			return false
		}
	}
	return true
}

func mergeSpans(spans []span) []span {
	if len(spans) == 0 {
		return nil
	}
	// Tokens come in text order, so spans start in order; a phrase may
	// reach past the next word's span.
	out := []span{spans[0]}
	for _, sp := range spans[1:] {
		last := &out[len(out)-1]
		if sp.start <= last.end {
			last.end = max(last.end, sp.end)
			continue
		}
		out = append(out, sp)
	}
	return out
}

// snippetAround returns up to snippetLen characters of s around its first
// marked stretch, escaped, with the stretches in <mark>; without spans, the
// beginning of s.
func snippetAround(s string, spans []span) string {
	s = strings.TrimRightFunc(s, isSpace)
	from := 0
	if len(spans) > 0 {
		// Start a few words before the first match, at a word boundary.
		from = max(0, spans[0].start-snippetLead)
		if from > 0 {
			if i := strings.IndexFunc(s[from:spans[0].start], isSpace); i >= 0 {
				from += i + 1
			} else {
				from = spans[0].start
			}
		}
	}
	to := len(s)
	if n := 0; true {
		for i := range s[from:] {
			if n == snippetLen {
				to = from + i
				break
			}
			n++
		}
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := from
	for _, sp := range spans {
		if sp.end <= from || sp.start >= to {
			continue
		}
		start, end := max(sp.start, from), min(sp.end, to)
		b.WriteString(html.EscapeString(s[pos:start]))
		b.WriteString("<mark>" + html.EscapeString(s[start:end]) + "</mark>")
		pos = end
	}
	b.WriteString(html.EscapeString(s[pos:to]))
	if to < len(s) {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

// snippetLead is how many bytes of text a snippet shows before the first
// match, at most.
const snippetLead = 60

func isSpace(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u3000' }
