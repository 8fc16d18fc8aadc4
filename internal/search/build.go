package search

import (
	"strconv"
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

// docFreq says how many documents hold term in field; textQuery leaves
// out what no document holds.
type docFreq func(field, term string) uint64

// textQuery analyses the words and phrases with every language's analyzer
// and asks the matching fields: for each language, every word (in the text
// or the title) and every phrase must match. A word that is a stop word in
// a language is left out for that language only ("al" does not stop a
// Spanish query; it is a real word nowhere else). In Chinese a word of
// several bigrams ("生活水准") is a phrase: its characters must stand
// together, as a reader of Chinese expects.
//
// The query finds and scores the documents as cheaply as the index allows:
//
//   - a field where a word or one of a phrase's words occurs in no
//     document is left out, and so is a language where some word occurs
//     in neither field: most words exist in one or two languages' fields,
//     so a query that would ask ten fields for every word asks one or two,
//     and a one-word query is a bare term search;
//   - a phrase in the text is asked of the shingle field
//     (text.PhraseShingles): a phrase of two words is one shingle term; a
//     longer one is its two-word shingles one after the other, far rarer
//     terms than its words.
//
// Nil when nothing is left in any language.
func textQuery(df docFreq, terms, phrases []string) queryT {
	q, _ := textQueryIn(df, terms, phrases, queryLangs(append(terms, phrases...)))
	return q
}

// textQueryIn is textQuery asked of the fields of langs only; asked are
// the languages it asks (where every word can match): a document can
// match in no other.
func textQueryIn(df docFreq, terms, phrases, in []string) (q queryT, asked []string) {
	var langs []queryT
	for _, lang := range in {
		var must []queryT
		possible := true
		add := func(q queryT) {
			if q == nil {
				possible = false
			}
			must = append(must, q)
		}
		seen := map[string]bool{}
		langPhrases := phrases
		for _, term := range terms {
			toks := text.Tokens(lang, term)
			if lang == "zh" && len(toks) > 1 {
				langPhrases = append(langPhrases[:len(langPhrases):len(langPhrases)], term)
				continue
			}
			for _, tok := range toks {
				if !seen[tok] {
					seen[tok] = true
					add(wordQuery(df, lang, tok))
				}
			}
		}
		for _, p := range langPhrases {
			if len(text.Tokens(lang, p)) > 0 {
				add(phraseQuery(df, lang, p))
			}
		}
		if possible && len(must) > 0 {
			langs = append(langs, allOf(must))
			asked = append(asked, lang)
		}
	}
	if len(langs) == 0 {
		return nil, nil
	}
	return anyOf(langs), asked
}

// wordQuery is tok in lang's text or title; nil where neither holds it.
func wordQuery(df docFreq, lang, tok string) queryT {
	return inTextOrTitle(lang, func(field string) bool { return df(field, tok) > 0 }, func(field string) queryT {
		return newTermQuery(field, tok)
	})
}

// phraseQuery is the phrase p in lang's text or title (see textQuery); nil
// where neither field can hold it.
func phraseQuery(df docFreq, lang, p string) queryT {
	toks := text.Tokens(lang, p)
	shingles := text.PhraseShingles(lang, p)
	if len(shingles) == 0 {
		return wordQuery(df, lang, toks[0])
	}
	var alts []queryT
	if inText := allIn(df, shinglesField(lang), shingles); inText && len(shingles) == 1 {
		alts = append(alts, newTermQuery(shinglesField(lang), shingles[0]))
	} else if inText {
		alts = append(alts, &shinglePhraseQuery{field: shinglesField(lang), terms: shingles})
	}
	if allIn(df, titleField(lang), toks) {
		alts = append(alts, titlePhrase(lang, p))
	}
	if len(alts) == 0 {
		return nil
	}
	return anyOf(alts)
}

// allIn reports whether every term but the empty ones (a phrase's gaps)
// occurs in field.
func allIn(df docFreq, field string, terms []string) bool {
	for _, term := range terms {
		if term != "" && df(field, term) == 0 {
			return false
		}
	}
	return true
}

// allOf and anyOf are a conjunction and a disjunction that are just the
// query when there is one.
func allOf(qs []queryT) queryT {
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewConjunctionQuery(qs...)
}

func anyOf(qs []queryT) queryT {
	if len(qs) == 1 {
		return qs[0]
	}
	return &unionQuery{queries: qs}
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

// inTextOrTitle asks the same thing of the body and the title in lang,
// of those where it can match; nil when it can match in neither.
func inTextOrTitle(lang string, canMatch func(field string) bool, q func(field string) queryT) queryT {
	var qs []queryT
	if canMatch(textField(lang)) {
		qs = append(qs, q(textField(lang)))
	}
	if canMatch(titleField(lang)) {
		title := q(titleField(lang))
		title.(query.BoostableQuery).SetBoost(titleBoost)
		qs = append(qs, title)
	}
	if len(qs) == 0 {
		return nil
	}
	return anyOf(qs)
}

func keywordIs(field, value string) queryT {
	return newTermQuery(field, value)
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
	facet := func(name, v string) {
		if v != "" {
			qs = append(qs, keywordIs(fieldFacets, facetTerm(name, v)))
		}
	}
	if f.Edition != 0 {
		facet(FacetEdition, strconv.FormatInt(f.Edition, 10))
	}
	if f.Session != 0 {
		add(fieldSession, strconv.FormatInt(f.Session, 10))
	}
	facet(FacetDelegation, f.Delegation)
	add(fieldCountry, f.Country)
	facet(FacetLanguage, f.Language)
	facet(FacetConcept, f.Concept)
	facet(FacetType, f.Type)
	if !f.From.IsZero() || !f.To.IsZero() {
		from, to := "", ""
		if !f.From.IsZero() {
			from = dateTerm(f.From)
		}
		if !f.To.IsZero() {
			to = dateTerm(f.To)
		}
		incl := true
		dq := bleve.NewTermRangeInclusiveQuery(from, to, &incl, &incl)
		dq.SetField(fieldDate)
		qs = append(qs, dq)
	}
	return qs
}

// translationBoost weighs a match through a query's translation
// (Query.Alternatives) below one of the words as typed, and above one only
// through a concept: a machine's rendering of a query is a guess.
const translationBoost = 0.5

// alternativeQuery is an alternative's words and phrases, every one of
// them, in its language's fields, scaled by translationBoost; nil when
// the language's fields cannot hold them.
func alternativeQuery(df docFreq, a Alternative) queryT {
	if !text.Supported(a.Lang) {
		return nil
	}
	terms, phrases, err := ParseQuery(a.Text)
	if err != nil {
		return nil
	}
	q, _ := textQueryIn(df, terms, phrases, []string{a.Lang})
	if q != nil {
		scaleBoost(q, translationBoost)
	}
	return q
}

// scaleBoost multiplies the boost of every term q is made of by f.
func scaleBoost(q queryT, f float64) {
	switch q := q.(type) {
	case *termQuery:
		q.SetBoost(q.Boost() * f)
	case *shinglePhraseQuery:
		if q.boost == 0 {
			q.boost = 1
		}
		q.boost *= f
	case *unionQuery:
		for _, sub := range q.queries {
			scaleBoost(sub, f)
		}
	case *query.ConjunctionQuery:
		for _, sub := range q.Conjuncts {
			scaleBoost(sub, f)
		}
	}
}
