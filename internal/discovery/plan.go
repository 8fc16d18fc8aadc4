package discovery

import (
	"context"
	"strings"

	"roundtable/internal/search"
	"roundtable/internal/text"
	"roundtable/internal/thesaurus"
	"roundtable/internal/translate"
)

// maxAlternatives bounds the translations a query is also searched in:
// each is a disjunct of the query, and a page lists them.
const maxAlternatives = 8

// PlanQuery turns a reader's text into the search the product runs: the
// thesaurus concepts it names and, where it names none, its translations
// into the other working languages (qt, nil for none), which the index
// also searches, each in its own language. lang is the reader's language:
// the translator's hint for a query whose language is unclear, and the
// language hits are shown in. Filters, viewer and paging are the caller's
// to set. th nil: no concepts.
//
// Translation is asked only where the thesaurus does not reach: a query
// naming a concept already finds, through the concept's tags, what every
// language says about it, and a machine's rendering of a term the
// thesaurus knows adds guesses beside the curated labels.
func PlanQuery(ctx context.Context, th *thesaurus.Thesaurus, qt translate.QueryTranslator, text, lang string) search.Query {
	q := search.Query{Text: text, Lang: lang}
	if strings.TrimSpace(text) == "" {
		return q
	}
	if _, _, err := search.ParseQuery(text); err != nil {
		return q
	}
	if th != nil {
		q.Concepts = th.Match(text)
	}
	if len(q.Concepts) == 0 && qt != nil {
		q.Alternatives = alternatives(qt.Alternatives(ctx, text, lang), text)
	}
	return q
}

// alternatives keeps the translations worth searching: in a working
// language, not blank, not the query itself, each once, at most
// maxAlternatives.
func alternatives(in []translate.Alternative, query string) []search.Alternative {
	var out []search.Alternative
	seen := map[string]bool{}
	for _, a := range in {
		t := strings.TrimSpace(a.Text)
		key := a.Lang + "\x00" + strings.ToLower(t)
		if t == "" || !text.Supported(a.Lang) || strings.EqualFold(t, strings.TrimSpace(query)) || seen[key] {
			continue
		}
		if _, _, err := search.ParseQuery(t); err != nil {
			continue
		}
		seen[key] = true
		out = append(out, search.Alternative{Lang: a.Lang, Text: t, By: a.By})
		if len(out) == maxAlternatives {
			break
		}
	}
	return out
}
