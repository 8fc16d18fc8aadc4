package text

import (
	"slices"
	"testing"
)

// A text written with combining accents (e + U+0301) is cut exactly as the
// same text with precomposed letters, in every language: the stemmers and
// stop lists know only the precomposed ones. Before the NFC filter, French
// "pauvreté" decomposed came out as "pauvrete" and composed as "pauvret".
func TestDecomposedAccentsAnalyseAsComposed(t *testing.T) {
	for _, tt := range []struct{ lang, composed, decomposed, want string }{
		{"fr", "pauvreté", "pauvre\u0301te\u0301", "pauvret"},
		{"es", "educación", "educacio\u0301n", "educacion"},
		{"pt", "educação", "educac\u0327a\u0303o", "educaca"},
		{"en", "Café", "Cafe\u0301", "cafe"},
	} {
		c, d := Tokens(tt.lang, tt.composed), Tokens(tt.lang, tt.decomposed)
		if !slices.Equal(c, []string{tt.want}) || !slices.Equal(d, []string{tt.want}) {
			t.Errorf("%s: %q → %q and %q → %q, want both [%s]", tt.lang, tt.composed, c, tt.decomposed, d, tt.want)
		}
	}
	// Offsets still point into the text as written, so a snippet marks the
	// right bytes.
	s := "la pauvre\u0301te\u0301 extrême"
	toks := Analyze("fr", s)
	if len(toks) == 0 || s[toks[0].Start:toks[0].End] != "pauvre\u0301te\u0301" {
		t.Errorf("Analyze(%q) = %+v: the first token must cover the decomposed word as written", s, toks)
	}
}
