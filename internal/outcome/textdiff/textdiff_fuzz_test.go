package textdiff

import (
	"slices"
	"strings"
	"testing"
)

// FuzzDiff: for any two strings, valid UTF-8 or not, the diff rebuilds
// both (see checkDiff for all it asserts), the tokens rebuild the first
// and agree with the reference tokenizer, and a carried trace covers the
// new text.
func FuzzDiff(f *testing.F) {
	for _, s := range [][2]string{
		{"States shall respect human rights", "States should respect human rights"},
		{"各国应当尊重人权", "各国应该尊重人权"},
		{"the  State", "the State"},
		{"[shall/should] respect", "should respect"},
		{"", "a"},
		{"a\xffb", "\xe4\xbd人"},
		{"e\u0301 l'État", "é l’État"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		toks := Tokenize(a)
		var ra strings.Builder
		for _, tok := range toks {
			ra.WriteString(tok.Text)
		}
		if ra.String() != a {
			t.Fatalf("Tokenize(%q) rebuilds %q", a, ra.String())
		}
		if want := refTokenize(a); !slices.Equal(toks, want) {
			t.Fatalf("Tokenize(%q)\n got %s\nwant %s", a, showTokens(toks), showTokens(want))
		}
		if in, total := Bracketed(a); in < 0 || in > total || total != Words(a) {
			t.Fatalf("Bracketed(%q) = %d of %d, Words %d", a, in, total, Words(a))
		}
		checkDiff(t, a, b)
		if len(a) < 200 && len(b) < 200 {
			checkShortest(t, a, b)
		}
	})
}
