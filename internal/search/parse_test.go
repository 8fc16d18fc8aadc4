package search

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in             string
		terms, phrases []string
	}{
		{"derecho al desarrollo", []string{"derecho", "al", "desarrollo"}, nil},
		{`salud "nivel de vida"  adecuado`, []string{"salud", "adecuado"}, []string{"nivel de vida"}},
		{"“生活水准” 权利", []string{"权利"}, []string{"生活水准"}},
		{"« niveau  de vie » l'éducation", []string{"l'éducation"}, []string{"niveau de vie"}},
		{`droits - ; "" santé`, []string{"droits", "santé"}, nil},
	}
	for _, tt := range tests {
		terms, phrases, err := ParseQuery(tt.in)
		if err != nil || !slices.Equal(terms, tt.terms) || !slices.Equal(phrases, tt.phrases) {
			t.Errorf("ParseQuery(%q) = %q, %q, %v; want %q, %q", tt.in, terms, phrases, err, tt.terms, tt.phrases)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := map[string]string{
		`"nivel de vida`:         CodeUnbalancedQuotes,
		`salud "a" "b`:           CodeUnbalancedQuotes,
		"":                       CodeEmptyQuery,
		"  ?! -- ;; ":            CodeEmptyQuery,
		`""`:                     CodeEmptyQuery,
		strings.Repeat("a", 501): CodeQueryTooLong,
		strings.Repeat("发", 501): CodeQueryTooLong,
	}
	for in, code := range tests {
		_, _, err := ParseQuery(in)
		var qe *QueryError
		if !errors.As(err, &qe) || qe.Code != code {
			t.Errorf("ParseQuery(%.20q): %v, want code %s", in, err, code)
		}
	}
	// 500 characters of Chinese are 1500 bytes and still allowed.
	if _, _, err := ParseQuery(strings.Repeat("发", 500)); err != nil {
		t.Errorf("500 characters: %v", err)
	}
}
