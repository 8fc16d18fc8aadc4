package thesaurus

import (
	"slices"
	"strings"
	"testing"

	"roundtable/internal/errs"
	"roundtable/internal/text"
)

// The matcher analyses with positions through the analyzers package text
// registers; its terms must be exactly what text.Tokens gives.
func TestAnalyseAgreesWithTextTokens(t *testing.T) {
	cs, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	samples := []string{"中国始终把生存权、发展权作为首要的基本人权", "Le droit au développement, l’éducation", "Estado de derecho"}
	for _, c := range cs {
		for _, l := range text.Langs {
			samples = append(samples, c.labels(l)...)
		}
	}
	for _, lang := range append(slices.Clone(text.Langs), verbatim) {
		for _, s := range samples {
			var terms []string
			last := 0
			for _, tok := range analyse(lang, s) {
				if tok.pos <= last {
					t.Fatalf("%s %q: positions do not increase: %v", lang, s, analyse(lang, s))
				}
				last = tok.pos
				terms = append(terms, tok.term)
			}
			if want := text.Tokens(lang, s); !slices.Equal(terms, want) && len(want)+len(terms) > 0 {
				t.Fatalf("%s %q: analyse gives %q, text.Tokens %q", lang, s, terms, want)
			}
		}
	}
}

func TestShippedFileRules(t *testing.T) {
	tests := []struct {
		name, json, code, field string
	}{
		{"label missing in one language",
			`[{"id":"a","pref":{"en":"a","es":"a","pt":"a","fr":"a"}}]`, "label_missing", "pref.zh"},
		{"link written on one side only",
			`[{"id":"a","pref":{"en":"a","es":"a","pt":"a","zh":"甲","fr":"a"},"broader":["b"]},
			  {"id":"b","pref":{"en":"b","es":"b","pt":"b","zh":"乙","fr":"b"}}]`, "link_one_sided", "narrower"},
		{"Chinese label without a Chinese character",
			`[{"id":"a","pref":{"en":"a","es":"a","pt":"a","zh":"a","fr":"a"}}]`, "label_language", "pref.zh"},
		{"two concepts with one preferred label, folded",
			`[{"id":"a","pref":{"en":"Right to food","es":"a","pt":"a","zh":"甲","fr":"a"}},
			  {"id":"b","pref":{"en":"right to FOOD","es":"b","pt":"b","zh":"乙","fr":"b"}}]`, "pref_duplicate", "pref.en"},
	}
	if shippedFrom == fromEverywhere {
		tests = append(tests, []struct{ name, json, code, field string }{
			{"a label without a source",
				`[{"id":"a","pref":{"en":"a","es":"a","pt":"a","zh":"甲","fr":"a"},
				   "from":{"en":{"a":"udhr"},"es":{"a":"udhr"},"pt":{"a":"udhr"},"zh":{"甲":"udhr"}}}]`, "from_missing", "from.fr"},
			{"a source not in sources.json",
				`[{"id":"a","pref":{"en":"a","es":"a","pt":"a","zh":"甲","fr":"a"},
				   "from":{"en":{"a":"udhr"},"es":{"a":"udhr"},"pt":{"a":"udhr"},"zh":{"甲":"wikipedia"},"fr":{"a":"udhr"}}}]`, "from_source", "from.zh"},
		}...)
	}
	for _, tt := range tests {
		_, err := parseShipped([]byte(tt.json))
		if e := errs.As(err); err == nil || e.Code != tt.code || e.Field != tt.field {
			t.Errorf("%s: got %v, want %s on %s", tt.name, err, tt.code, tt.field)
		}
	}
	if _, err := parseShipped([]byte(`[{"id":"a","pref":{"en":"a"},"labels":{}}]`)); err == nil {
		t.Error("an unknown field was accepted")
	}
}

func TestSDGCodes(t *testing.T) {
	n := 0
	for _, targets := range sdgTargets {
		n += len(strings.Fields(targets))
	}
	if n != 169 {
		t.Errorf("%d SDG targets, the 2030 Agenda has 169", n)
	}
	for _, code := range []string{"1", "17", "1.1", "1.b", "3.d", "16.10", "17.19"} {
		if !validSDG(code) {
			t.Errorf("%q refused", code)
		}
	}
	for _, code := range []string{"", "0", "18", "01", "1.6", "1.c", "17.20", "3.", "1.1.1", "a"} {
		if validSDG(code) {
			t.Errorf("%q accepted", code)
		}
	}
}
