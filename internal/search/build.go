package search

import (
	"strconv"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"roundtable/internal/text"
)

type queryT = query.Query

// Boosts: a word in the title says more than one in the body; a concept
// match, which may come from a loose tagging, says less than the words.
const (
	titleBoost   = 1.5
	conceptBoost = 0.3
)

// textQuery analyses the words and phrases with every language's analyzer
// and asks the matching fields: for each language, every word (in the text
// or the title) and every phrase must match. A word that is a stop word in
// a language is left out for that language only ("al" does not stop a
// Spanish query; it is a real word nowhere else). Nil when nothing is left
// in any language.
func textQuery(terms, phrases []string) queryT {
	var langs []queryT
	for _, lang := range queryLangs(append(terms, phrases...)) {
		var must []queryT
		seen := map[string]bool{}
		for _, term := range terms {
			for _, tok := range text.Tokens(lang, term) {
				if !seen[tok] {
					seen[tok] = true
					must = append(must, inTextOrTitle(lang, func(field string) queryT {
						tq := bleve.NewTermQuery(tok)
						tq.SetField(field)
						return tq
					}))
				}
			}
		}
		for _, p := range phrases {
			if len(text.Tokens(lang, p)) == 0 {
				continue
			}
			must = append(must, inTextOrTitle(lang, func(field string) queryT {
				pq := bleve.NewMatchPhraseQuery(p)
				pq.SetField(field)
				pq.Analyzer = text.AnalyzerName(lang)
				return pq
			}))
		}
		if len(must) > 0 {
			langs = append(langs, bleve.NewConjunctionQuery(must...))
		}
	}
	if len(langs) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(langs...)
}

// queryLangs are the languages whose fields a query can match. A query in
// Han script alone can only match the Chinese fields (the other languages'
// texts hold no Han bigrams), so the others are skipped. A query in Latin
// letters is still sent to the Chinese fields, where acronyms and names
// ("CELAC", "UNESP") stand inside Chinese text.
func queryLangs(parts []string) []string {
	han, other := false, false
	for _, p := range parts {
		for _, r := range p {
			switch {
			case unicode.Is(unicode.Han, r):
				han = true
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				other = true
			}
		}
	}
	if han && !other {
		return []string{"zh"}
	}
	return text.Langs
}

// inTextOrTitle asks the same thing of the body and the title in lang.
func inTextOrTitle(lang string, q func(field string) queryT) queryT {
	title := q(titleField(lang))
	title.(query.BoostableQuery).SetBoost(titleBoost)
	return bleve.NewDisjunctionQuery(q(textField(lang)), title)
}

func keywordIs(field, value string) queryT {
	tq := bleve.NewTermQuery(value)
	tq.SetField(field)
	return tq
}

// filterQueries turns the non-zero filters into queries, all of which must
// match.
func filterQueries(f Filters) []queryT {
	var qs []queryT
	add := func(field, v string) {
		if v != "" {
			qs = append(qs, keywordIs(field, v))
		}
	}
	if f.Edition != 0 {
		add(fieldEdition, strconv.FormatInt(f.Edition, 10))
	}
	if f.Session != 0 {
		add(fieldSession, strconv.FormatInt(f.Session, 10))
	}
	add(fieldDelegation, f.Delegation)
	add(fieldCountry, f.Country)
	add(fieldLanguage, f.Language)
	add(fieldConcepts, f.Concept)
	add(fieldType, f.Type)
	if !f.From.IsZero() || !f.To.IsZero() {
		incl := true
		dq := bleve.NewDateRangeInclusiveQuery(f.From, f.To, &incl, &incl)
		dq.SetField(fieldDate)
		qs = append(qs, dq)
	}
	return qs
}

// visibilityQuery is what v may see at now. It is always applied: a
// search can never return more than its viewer may read.
func visibilityQuery(v Viewer, now time.Time) queryT {
	// Public and not under embargo. The embargo is tested by exclusion:
	// the range of embargoes still running matches the few embargoed
	// documents, where "embargo passed" would match nearly every document
	// and cost a walk over all of them on every query.
	nowSec := float64(now.Unix())
	excl := false
	running := bleve.NewNumericRangeInclusiveQuery(&nowSec, nil, &excl, nil)
	running.SetField(fieldEmbargo)
	public := bleve.NewBooleanQuery()
	public.AddMust(keywordIs(fieldVisibility, VisPublic))
	public.AddMustNot(running)
	if v.Secretariat && !v.Public {
		return bleve.NewMatchAllQuery()
	}
	if v.Public || (!v.Participant && v.Delegation == "") {
		return public
	}
	may := []queryT{public}
	if v.Participant {
		may = append(may, keywordIs(fieldVisibility, VisPublic), keywordIs(fieldVisibility, VisParticipants))
	}
	if v.Delegation != "" {
		own := bleve.NewConjunctionQuery(
			keywordIs(fieldDelegation, v.Delegation),
			bleve.NewDisjunctionQuery(
				keywordIs(fieldVisibility, VisParticipants),
				keywordIs(fieldVisibility, VisDelegation),
				keywordIs(fieldVisibility, VisDraft)))
		may = append(may, own)
	}
	return bleve.NewDisjunctionQuery(may...)
}
