package search

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParseQuery checks properties of the query syntax on any input: an
// error is a *QueryError with a known code; a success has at least one
// word or phrase, none of them holding a quotation mark or blank ends;
// and writing the result back as plain syntax parses to the same result.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"derecho al desarrollo",
		`salud "nivel de vida"  adecuado`,
		"“生活水准” 权利",
		"« niveau  de vie » l'éducation",
		`droits - ; "" santé`,
		`"nivel de vida`,
		"  ?! -- ;; ",
		"„Recht auf Bildung“ 「教育」 『権利』 ＂x＂",
		"direitos\u00a0humanos\u3000人权",
		"\xff\xfe \"a\xc0b\"",
		strings.Repeat("发", 500),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms, phrases, err := ParseQuery(s)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("ParseQuery(%q): error %T is not a *QueryError", s, err)
			}
			switch qe.Code {
			case CodeUnbalancedQuotes, CodeEmptyQuery, CodeQueryTooLong:
			default:
				t.Fatalf("ParseQuery(%q): unknown code %q", s, qe.Code)
			}
			if qe.Code == CodeQueryTooLong && utf8.RuneCountInString(s) <= MaxQueryLen {
				t.Fatalf("ParseQuery(%q): too long at %d characters", s, utf8.RuneCountInString(s))
			}
			if terms != nil || phrases != nil {
				t.Fatalf("ParseQuery(%q): error %v with results %q %q", s, err, terms, phrases)
			}
			return
		}
		if len(terms)+len(phrases) == 0 {
			t.Fatalf("ParseQuery(%q): no error and nothing to search", s)
		}
		for _, w := range terms {
			if strings.IndexFunc(w, func(r rune) bool { return unicode.IsSpace(r) || isQuote(r) }) >= 0 || !hasWordChar(w) {
				t.Fatalf("ParseQuery(%q): bad word %q", s, w)
			}
		}
		for _, p := range phrases {
			if strings.IndexFunc(p, isQuote) >= 0 || !hasWordChar(p) || strings.Join(strings.Fields(p), " ") != p {
				t.Fatalf("ParseQuery(%q): bad phrase %q", s, p)
			}
		}
		// Written back: words, then each phrase in straight quotes.
		parts := slices.Clone(terms)
		for _, p := range phrases {
			parts = append(parts, `"`+p+`"`)
		}
		again := strings.Join(parts, " ")
		if utf8.RuneCountInString(again) > MaxQueryLen {
			return // the separators added may pass the limit; nothing to compare
		}
		terms2, phrases2, err := ParseQuery(again)
		if err != nil || !slices.Equal(terms, terms2) || !slices.Equal(phrases, phrases2) {
			t.Fatalf("ParseQuery(%q) = %q %q; written back %q parses to %q %q, %v", s, terms, phrases, again, terms2, phrases2, err)
		}
	})
}
