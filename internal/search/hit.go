package search

import (
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search"

	"roundtable/internal/text"
)

// hitBuilder turns the page's stored documents into hits: which versions
// the query matched in (marker), which version to show, how it matched.
type hitBuilder struct {
	lang string // the reader's
	// m is the query as typed, in the languages it was asked in (typed):
	// a version in another language cannot have matched it, and is not
	// analysed (most of a page's cost when a hit has five versions).
	m                    marker
	typed                map[string]bool
	alts                 map[string]marker
	hasText, hasConcepts bool
}

// alternativeMarkers are the markers of a query's translations, by
// language (several alternatives in one language are one marker's words
// each: a version matches if it holds all the words of one of them).
func alternativeMarkers(alts []Alternative) map[string]marker {
	out := map[string]marker{}
	for _, a := range alts {
		terms, phrases, err := ParseQuery(a.Text)
		if err != nil || !text.Supported(a.Lang) {
			continue
		}
		out[a.Lang+"\x00"+a.Text] = newMarkerIn(terms, phrases, []string{a.Lang})
	}
	return out
}

// version is one language of a stored document, as the page's hit reads it.
type version struct {
	lang, title, body string
	machine, typed    bool // typed: the query as typed matched in it
	matched           bool // typed, or one of its translations
	spans             []span
}

// hit builds a result from the first pass's score and the second pass's
// stored fields.
func (b hitBuilder) hit(id string, score float64, dm *search.DocumentMatch) Hit {
	h := Hit{
		ID:       id,
		Type:     str(dm.Fields[fieldType]),
		Original: str(dm.Fields[fieldLanguage]),
		URL:      str(dm.Fields[fieldURL]),
		Score:    score,
	}
	if d, err := time.Parse(dateLayout, str(dm.Fields[fieldDate])); err == nil {
		h.Date = d
	}
	title := str(dm.Fields[fieldTitle])
	stored := parseVersions(str(dm.Fields[fieldVersions]))
	vs := make([]version, 0, len(text.Langs))
	for _, lang := range text.Langs {
		body := strings.TrimSpace(str(dm.Fields[textField(lang)]))
		v := version{lang: lang, title: title, body: body}
		if i := slices.IndexFunc(stored, func(sv storedVersion) bool { return sv.lang == lang }); i >= 0 {
			v.machine = stored[i].machine
			if stored[i].title != "" {
				v.title = stored[i].title
			}
		} else if body == "" && lang != h.Original {
			continue
		}
		if b.hasText {
			b.mark(&v)
		}
		vs = append(vs, v)
	}
	if len(vs) == 0 { // a language search does not analyse: shown as stored
		vs = append(vs, version{lang: h.Original, title: title})
	}
	shown := b.choose(vs, h.Original)
	h.Title, h.Language, h.Machine = shown.title, shown.lang, shown.machine
	h.Snippet = snippetAround(shown.body, shown.spans)
	h.MatchedBy = b.matchedBy(vs)
	h.Versions = make([]HitVersion, len(vs))
	for i, v := range vs {
		h.Versions[i] = HitVersion{Lang: v.lang, Machine: v.machine, Matched: v.matched}
	}
	return h
}

// mark finds the query's words, and its translations' into v's language,
// in v's text and title.
func (b hitBuilder) mark(v *version) {
	var spans []span
	if b.typed[v.lang] {
		var inBody, inTitle []bool
		spans, inBody = b.m.find(v.lang, v.body)
		_, inTitle = b.m.find(v.lang, v.title)
		v.typed = b.m.matches(v.lang, inBody, inTitle)
	}
	v.matched = v.typed
	for _, am := range b.alts {
		if len(am.phrases[v.lang]) == 0 {
			continue
		}
		aspans, aBody := am.find(v.lang, v.body)
		_, aTitle := am.find(v.lang, v.title)
		if am.matches(v.lang, aBody, aTitle) {
			v.matched = true
		}
		spans = append(spans, aspans...)
	}
	slices.SortFunc(spans, func(x, y span) int { return x.start - y.start })
	v.spans = mergeSpans(spans)
}

// choose is the version a hit shows: the reader's language's, else one
// the query matched (a person's before a machine's), else the original.
func (b hitBuilder) choose(vs []version, original string) version {
	for _, v := range vs {
		if v.lang == b.lang {
			return v
		}
	}
	for _, machine := range []bool{false, true} {
		for _, v := range vs {
			if v.matched && v.machine == machine {
				return v
			}
		}
	}
	for _, v := range vs {
		if v.lang == original {
			return v
		}
	}
	return vs[0]
}

// matchedBy says how the query found a document: its words in a version a
// person wrote (text); else in a machine's version, or a translation of
// the query in any version (translation); else through a concept.
func (b hitBuilder) matchedBy(vs []version) string {
	by := ""
	for _, v := range vs {
		switch {
		case v.typed && !v.machine:
			return MatchedText
		case v.matched:
			by = MatchedTranslation
		}
	}
	if by == "" && b.hasConcepts {
		by = MatchedConcept
	}
	return by
}
