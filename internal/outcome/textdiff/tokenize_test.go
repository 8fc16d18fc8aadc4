package textdiff

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// w and p build expected tokens: a word, and anything else.
func w(s string) Token { return Token{Text: s, Word: true} }
func p(s string) Token { return Token{Text: s} }

// showTokens writes words as "w:…" and the rest as "_:…".
func showTokens(toks []Token) string {
	var b strings.Builder
	for _, tok := range toks {
		if tok.Word {
			fmt.Fprintf(&b, "w:%q ", tok.Text)
		} else {
			fmt.Fprintf(&b, "_:%q ", tok.Text)
		}
	}
	return b.String()
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Token
	}{
		{"chinese is one word per character", "人权对话促进合作",
			[]Token{w("人"), w("权"), w("对"), w("话"), w("促"), w("进"), w("合"), w("作")}},
		{"spanish words and comma", "los Estados Miembros,",
			[]Token{w("los"), p(" "), w("Estados"), p(" "), w("Miembros"), p(",")}},
		{"apostrophes, hyphens and decimals stay inside", "States' well-being, 1.5 degrees",
			[]Token{w("States'"), p(" "), w("well-being"), p(","), p(" "), w("1.5"), p(" "), w("degrees")}},
		{"french elision and typographic apostrophe", "l'État aujourd’hui",
			[]Token{w("l'État"), p(" "), w("aujourd’hui")}},
		{"quotes around a word are not part of it", "'shall'",
			[]Token{p("'"), w("shall"), p("'")}},
		{"thousands and percent", "1,000.5 3.5% A.1",
			[]Token{w("1,000.5"), p(" "), w("3.5"), p("%"), p(" "), w("A"), p("."), w("1")}},
		{"a dash separates, a hyphen joins", "2020–2030 COVID-19 -5",
			[]Token{w("2020"), p("–"), w("2030"), p(" "), w("COVID-19"), p(" "), p("-"), w("5")}},
		{"chinese punctuation is one token per mark", "各国，应当（尊重）。",
			[]Token{w("各"), w("国"), p("，"), w("应"), w("当"), p("（"), w("尊"), w("重"), p("）"), p("。")}},
		{"digits then han", "2030年议程",
			[]Token{w("2030"), w("年"), w("议"), w("程")}},
		{"one whitespace run, ideographic space too", "a \t\nb 各国\u3000应当",
			[]Token{w("a"), p(" \t\n"), w("b"), p(" "), w("各"), w("国"), p("\u3000"), w("应"), w("当")}},
		{"decomposed accent stays in its word", "Este\u0301 ac\u0327a\u0303o",
			[]Token{w("Este\u0301"), p(" "), w("ac\u0327a\u0303o")}},
		{"kana and hangul", "データ 인권",
			[]Token{w("デ"), w("ー"), w("タ"), p(" "), w("인"), w("권")}},
		{"full-width brackets", "［各国］",
			[]Token{p("［"), w("各"), w("国"), p("］")}},
		{"invalid byte kept as its own token", "a\xffb\xe4\xbd",
			[]Token{w("a"), p("\xff"), w("b"), p("\xe4"), p("\xbd")}},
		{"empty", "", []Token{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Tokenize(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q)\n got %s\nwant %s", tt.in, showTokens(got), showTokens(tt.want))
			}
		})
	}
}

func TestTokenizeRoundTrips(t *testing.T) {
	for _, s := range []string{
		"", " ", "  leading and trailing  ", "Los Estados Miembros, reafirmando …",
		"各国应当［尊重］人权。", "\xff\xfe\x00", "e\u0301\u0301", "\u0301start with a mark",
		"it's the States' — and 1.5°C.", "\r\n\r\n", "a'", "s'", "1.", ".5", "x-", "-x",
	} {
		var b strings.Builder
		for _, tok := range Tokenize(s) {
			if tok.Text == "" {
				t.Errorf("Tokenize(%q) has an empty token", s)
			}
			b.WriteString(tok.Text)
		}
		if b.String() != s {
			t.Errorf("Tokenize(%q) concatenates to %q", s, b.String())
		}
	}
}

// TestTokenizeAgreesWithReference: the fast paths (ASCII table, common
// Han block) cut every text exactly as the rune-by-rune reading does.
func TestTokenizeAgreesWithReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	extra := []string{"é", "É", "ß", "ñ", "ç", "œ", "ö", "ā", "і", "Ж", "ع", "\u4dc0", "\u3400", "\u4e00", "\u9fff", "\ua000", "가", "あ", "ア", "ー",
		"\ufe0f", "\U000e0100", "\u0301", "\u200d", "\u200c", "\u00ad", "’", "‐", "‑", "–", "·", "０", "１", "²", "½", "\u00a0", "\u2003", "\u3000", "\ufeff",
		"\xed\xa0\x80", "\xe5\x80", "\xe9", "\xc0\xaf", "s", "S", "1", "x", "'", "-", ".", ","}
	all := append(append([]string{}, pieces...), extra...)
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(all[r.IntN(len(all))])
		}
		s := b.String()
		if got, want := Tokenize(s), refTokenize(s); !slices.Equal(got, want) {
			t.Fatalf("Tokenize(%q)\n got %s\nwant %s", s, showTokens(got), showTokens(want))
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{" ,. ", 0},
		{"States shall respect human rights.", 5},
		{"los Estados Miembros,", 3},
		{"人权对话促进合作", 8},
		{"各国应当在2030年前，", 8},
		{"l'État et les États-Unis", 4},
	}
	for _, tt := range tests {
		if got := Words(tt.in); got != tt.want {
			t.Errorf("Words(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestBracketedWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"alternatives in one pair", "[shall/should] respect", 2},
		{"nested brackets count once", "[States [shall] respect] rights", 3},
		{"unclosed runs to the end", "States shall [respect human rights", 3},
		{"stray closer ignored", "States] shall [respect]", 1},
		{"full-width brackets", "［各国］应当", 2},
		{"lenticular brackets", "【各国应当】尊重人权", 4},
		{"mixed scripts", "[各国] shall", 2},
		{"none", "States shall respect", 0},
		{"empty pair", "States [] shall", 0},
		{"empty", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := BracketedWords(tt.in); got != tt.want {
				t.Errorf("BracketedWords(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
	in, total := Bracketed("States [shall] respect [human] rights")
	if in != 2 || total != 5 {
		t.Errorf("Bracketed = %d of %d, want 2 of 5", in, total)
	}
}
