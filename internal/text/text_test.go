package text

import (
	"fmt"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
)

func TestTokensNormaliseCaseNumberAndAccents(t *testing.T) {
	tests := []struct {
		lang, a, b string
	}{
		{"es", "derecho al desarrollo", "Derechos al DESARROLLO"},
		{"es", "educación", "educacion"},
		{"es", "educación", "Educaciones"},
		{"pt", "direito ao desenvolvimento", "Direitos ao Desenvolvimento"},
		{"pt", "educação", "educacao"},
		{"pt", "nação", "nações"},
		{"pt", "instrução", "instrucoes"},
		{"pt", "nacao", "nacoes"},
		{"pt", "mães", "maes"},
		{"fr", "l'éducation", "Education"},
		{"fr", "niveau de vie suffisant", "niveaux de vie suffisants"},
		{"en", "the State's right", "states rights"},
		{"zh", "Ｏｎｌｉｎｅ", "online"},
	}
	for _, tt := range tests {
		a, b := Tokens(tt.lang, tt.a), Tokens(tt.lang, tt.b)
		if len(a) == 0 || !slices.Equal(a, b) {
			t.Errorf("%s: Tokens(%q) = %q, Tokens(%q) = %q; want equal and non-empty", tt.lang, tt.a, a, tt.b, b)
		}
	}
}

func TestTokensDropStopWords(t *testing.T) {
	tests := []struct {
		lang, in string
		want     []string
	}{
		{"es", "derecho al desarrollo", []string{"derech", "desarroll"}},
		// Stop words typed without their accent are dropped too.
		{"es", "está esta", []string{}},
		{"pt", "direito ao desenvolvimento", []string{"direit", "desenvolviment"}},
		{"fr", "d'un niveau de vie", []string{"niveau", "vie"}},
		{"en", "the right to development", []string{"right", "develop"}},
	}
	for _, tt := range tests {
		if got := Tokens(tt.lang, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Tokens(%q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

func TestTokensChineseBigrams(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"发展权", []string{"发展", "展权"}},
		{"人", []string{"人"}},
		{"生活水准", []string{"生活", "活水", "水准"}},
		// Latin words inside Chinese text are lower-cased and folded.
		{"联合国 UN 和 Café", []string{"联合", "合国", "un", "和", "cafe"}},
	}
	for _, tt := range tests {
		if got := Tokens("zh", tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(zh, %q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokensPhraseIsSubsequence(t *testing.T) {
	phrase := Tokens("es", "nivel de vida adecuado")
	text := Tokens("es", "Toda persona tiene derecho a un nivel de vida adecuado que le asegure")
	if !containsRun(text, phrase) {
		t.Errorf("%q is not a run inside %q", phrase, text)
	}
	if containsRun(text, Tokens("es", "vida de nivel")) {
		t.Errorf("reordered phrase found in %q", text)
	}
}

func TestAnalyzeKeepsStopWordGaps(t *testing.T) {
	got := Analyze("es", "nivel de vida")
	want := []Token{{"nivel", 1, 0, 5}, {"vida", 3, 9, 13}}
	if !slices.Equal(got, want) {
		t.Errorf("Analyze = %v, want %v", got, want)
	}
}

func containsRun(s, run []string) bool {
	for i := 0; i+len(run) <= len(s); i++ {
		if slices.Equal(s[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

func TestTokensUnsupportedLanguageFoldsOnly(t *testing.T) {
	got := Tokens("de", "Über die Straße")
	want := []string{"uber", "die", "strasse"}
	if !slices.Equal(got, want) {
		t.Errorf("Tokens(de) = %q, want %q", got, want)
	}
	if AnalyzerName("de") != "rt_basic" || AnalyzerName("zh") != "rt_zh" {
		t.Errorf("AnalyzerName: de=%q zh=%q", AnalyzerName("de"), AnalyzerName("zh"))
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Educación":         "educacion",
		"AÇÃO":              "acao",
		"Niño":              "nino",
		"Cœur Œuvre":        "coeur oeuvre",
		"Straße":            "strasse",
		"plain ascii":       "plain ascii",
		"发展权 Développement": "发展权 developpement",
	}
	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRegisterAnalyzersTwice(t *testing.T) {
	for i := 0; i < 2; i++ {
		m := mapping.NewIndexMapping()
		if err := RegisterAnalyzers(m); err != nil {
			t.Fatal(err)
		}
		for _, lang := range Langs {
			if m.AnalyzerNamed(AnalyzerName(lang)) == nil {
				t.Errorf("analyzer for %s missing", lang)
			}
		}
		if err := m.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range []string{"en", "es", "pt", "zh", "fr"} {
		if !Supported(lang) {
			t.Errorf("Supported(%q) = false", lang)
		}
	}
	if Supported("de") {
		t.Error("Supported(de) = true")
	}
}

func BenchmarkTokens(b *testing.B) {
	texts := map[string]string{
		"es": "Toda persona tiene derecho a un nivel de vida adecuado que le asegure, así como a su familia, la salud y el bienestar.",
		"zh": "人人有权享受为维持他本人和家属的健康和福利所需的生活水准,包括食物、衣着、住房、医疗和必要的社会服务。",
	}
	for lang, s := range texts {
		b.Run(lang, func(b *testing.B) {
			for b.Loop() {
				Tokens(lang, s)
			}
		})
	}
}

func TestStateIsNotAStopWord(t *testing.T) {
	got := Tokens("es", "Estado de derecho")
	if len(got) != 2 || got[0] != Tokens("es", "estado")[0] {
		t.Fatalf("Estado de derecho gives %v", got)
	}
}

func TestPhraseShingles(t *testing.T) {
	tests := []struct {
		lang, in string
		want     []string
	}{
		{"es", "nivel de vida", []string{"nivel _ vida"}},
		{"es", "vida de nivel", []string{"vida _ nivel"}},
		{"es", "nivel de vida adecuado", []string{"nivel _ vida", "", "vida adecuad"}},
		{"es", "toda persona tiene derecho a la vida", []string{"toda person", "person _ derech", "", "derech _ _ vida"}},
		{"en", "the right to development", []string{"right _ develop"}},
		{"zh", "发展权", []string{"发展 展权"}},
		{"zh", "人人有权", []string{"人人 人有", "人有 有权"}},
		{"zh", "人权", nil},
		{"fr", "droits", nil},
	}
	for _, tt := range tests {
		if got := PhraseShingles(tt.lang, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("PhraseShingles(%s, %q) = %q; want %q", tt.lang, tt.in, got, tt.want)
		}
	}
	// The index's analyzer gives every two-token shingle, so each
	// phrase's shingles are among those of a text holding it, and at
	// positions one after the other as the phrase's gaps say.
	at := map[string][]int{} // shingle → its positions in the text
	for _, tok := range analyzerNamed(ShinglesAnalyzerName("es")).Analyze([]byte("Toda persona tiene derecho a la vida, a la libertad.")) {
		at[string(tok.Term)] = append(at[string(tok.Term)], tok.Position)
	}
	for _, p := range []string{"toda persona tiene derecho a la vida", "derecho a la vida", "la vida, a la libertad", "persona tiene derecho"} {
		terms := PhraseShingles("es", p)
		if len(terms) == 0 || len(at[terms[0]]) == 0 {
			t.Errorf("%q: shingles %q, first not in the indexed text's %v", p, terms, at)
			continue
		}
		start := at[terms[0]][0]
		for i, term := range terms {
			if term != "" && !slices.Contains(at[term], start+i) {
				t.Errorf("%q: shingle %q not at position %d in the indexed text's %v", p, term, start+i, at)
			}
		}
	}
}

// The index's text and shingle fields share one analysis per text
// (shared.go): whichever is analysed first, each gets what its own chain
// would give.
func TestSharedAnalysisGivesEachFieldItsTokens(t *testing.T) {
	const s = "Toda persona tiene derecho a la educación."
	terms := func(ts analysis.TokenStream) []string {
		var out []string
		for _, tok := range ts {
			out = append(out, fmt.Sprintf("%s@%d", tok.Term, tok.Position))
		}
		return out
	}
	plain := terms(analyzerNamed(AnalyzerName("es")).Analyze([]byte(s)))
	for _, firstText := range []bool{true, false} {
		var text, sh analysis.TokenStream
		if firstText {
			text = analyzerNamed(IndexAnalyzerName("es")).Analyze([]byte(s))
			sh = analyzerNamed(ShinglesAnalyzerName("es")).Analyze([]byte(s))
		} else {
			sh = analyzerNamed(ShinglesAnalyzerName("es")).Analyze([]byte(s))
			text = analyzerNamed(IndexAnalyzerName("es")).Analyze([]byte(s))
		}
		if got := terms(text); !slices.Equal(got, plain) {
			t.Errorf("text first=%v: %v, want %v", firstText, got, plain)
		}
		want := []string{"toda person@1", "person _ derech@2", "derech _ _ educacion@4"}
		if got := terms(sh); !slices.Equal(got, want) {
			t.Errorf("text first=%v: shingles %v, want %v", firstText, got, want)
		}
	}
}
