package search

import (
	"strings"
	"testing"
)

func TestMarkerSnippets(t *testing.T) {
	long := strings.Repeat("La cooperación Sur-Sur entre los pueblos. ", 6) +
		"El derecho al desarrollo es un derecho humano inalienable <y> universal. " +
		strings.Repeat("Los Estados deben cooperar. ", 10)
	tests := []struct {
		lang, query, text string
		want              []string // in the snippet, in order
		notWant           []string
	}{
		{"es", "desarrollo", long,
			[]string{"…", "<mark>desarrollo</mark>", "&lt;y&gt;", "…"}, []string{"<y>"}},
		{"es", `"derecho al desarrollo"`, long,
			[]string{"<mark>derecho al desarrollo</mark> es un derecho humano"}, nil},
		{"zh", "发展权", "中国认为，发展权是首要人权。",
			[]string{"中国认为，<mark>发展权</mark>是首要人权。"}, []string{"…"}},
		{"en", "rights", "Human Rights and the right to development.",
			[]string{"Human <mark>Rights</mark> and the <mark>right</mark> to development."}, nil},
	}
	for _, tt := range tests {
		terms, phrases, err := ParseQuery(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		m := newMarker(terms, phrases)
		spans, found := m.find(tt.lang, tt.text)
		got := snippetAround(tt.text, spans)
		if !m.matches(tt.lang, found, make([]bool, len(found))) {
			t.Errorf("%s: not a text match of %q", tt.query, tt.text)
		}
		if n := len([]rune(strings.NewReplacer("<mark>", "", "</mark>", "", "&lt;", "<", "&gt;", ">").Replace(got))); n > snippetLen+2 {
			t.Errorf("%s: snippet of %d characters: %q", tt.query, n, got)
		}
		rest := got
		for _, w := range tt.want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("%s: snippet %q lacks %q (in order)", tt.query, got, w)
				break
			}
			rest = rest[i+len(w):]
		}
		for _, w := range tt.notWant {
			if strings.Contains(got, w) {
				t.Errorf("%s: snippet %q has %q", tt.query, got, w)
			}
		}
	}
}
