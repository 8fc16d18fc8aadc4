package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQueryLen is the longest query text accepted, in characters.
const MaxQueryLen = 500

// Codes of a QueryError, stable for the API and for translation keys.
const (
	CodeUnbalancedQuotes = "unbalanced_quotes"
	CodeEmptyQuery       = "empty_query"
	CodeQueryTooLong     = "query_too_long"
)

// QueryError is a query the user must correct; Code says how.
type QueryError struct {
	Code string
	Msg  string
}

func (e *QueryError) Error() string { return "search query: " + e.Msg }

// isQuote reports whether r opens or closes a phrase. People type the
// quotation marks of their language: "…", “…”, «…», „…“, 「…」.
func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '「', '」', '『', '』', '＂':
		return true
	}
	return false
}

// ParseQuery splits user query syntax into words, which must all match,
// and "quoted phrases", which must match exactly. Words or phrases made
// only of punctuation are dropped; if nothing is left the query is empty.
// Errors are *QueryError.
func ParseQuery(s string) (terms []string, phrases []string, err error) {
	if utf8.RuneCountInString(s) > MaxQueryLen {
		return nil, nil, &QueryError{CodeQueryTooLong, "the query is longer than 500 characters"}
	}
	var cur strings.Builder
	inPhrase := false
	flush := func() {
		part := strings.TrimSpace(cur.String())
		cur.Reset()
		if !hasWordChar(part) {
			return
		}
		if inPhrase {
			phrases = append(phrases, strings.Join(strings.Fields(part), " "))
		} else {
			terms = append(terms, part)
		}
	}
	for _, r := range s {
		switch {
		case isQuote(r):
			flush()
			inPhrase = !inPhrase
		case unicode.IsSpace(r) && !inPhrase:
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	if inPhrase {
		return nil, nil, &QueryError{CodeUnbalancedQuotes, "a quotation mark is not closed"}
	}
	flush()
	if len(terms) == 0 && len(phrases) == 0 {
		return nil, nil, &QueryError{CodeEmptyQuery, "the query has no words"}
	}
	return terms, phrases, nil
}

func hasWordChar(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsNumber(r)
	}) >= 0
}
