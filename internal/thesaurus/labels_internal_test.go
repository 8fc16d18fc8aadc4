package thesaurus

import (
	"strings"
	"testing"

	"roundtable/internal/errs"
)

func wantRefusal(t *testing.T, name string, err error, code, field string) {
	t.Helper()
	if e := errs.As(err); err == nil || e.Code != code || e.Field != field {
		t.Errorf("%s: got %v, want %s on %s", name, err, code, field)
	}
}

func TestLabelScriptRule(t *testing.T) {
	five := func() Concept {
		return Concept{ID: "right-to-food", Pref: map[string]string{
			"en": "right to food", "es": "derecho a la alimentación", "pt": "direito à alimentação",
			"zh": "食物权", "fr": "droit à l'alimentation"}}
	}
	if err := checkScript(five()); err != nil {
		t.Fatalf("a good concept was refused: %v", err)
	}
	tests := []struct {
		name  string
		edit  func(*Concept)
		field string
	}{
		{"Chinese label without Han", func(c *Concept) { c.Pref["zh"] = "right to food" }, "pref.zh"},
		{"Chinese synonym in pinyin", func(c *Concept) { c.Alt = map[string][]string{"zh": {"食物权利", "shiwuquan"}} }, "alt.zh"},
		{"Han in a Spanish label", func(c *Concept) { c.Pref["es"] = "食物权" }, "pref.es"},
		{"Han inside a French synonym", func(c *Concept) { c.Alt = map[string][]string{"fr": {"droit à la nourriture 食物"}} }, "alt.fr"},
		{"kana in English", func(c *Concept) { c.Pref["en"] = "しょくりょう" }, "pref.en"},
		{"Portuguese label without a letter", func(c *Concept) { c.Pref["pt"] = "2030" }, "pref.pt"},
	}
	for _, tt := range tests {
		c := five()
		tt.edit(&c)
		wantRefusal(t, tt.name, checkScript(c), "label_language", tt.field)
	}
	// Chinese labels may hold Latin letters and digits; Latin labels their
	// own accents, whatever language they look like.
	ok := five()
	ok.Alt = map[string][]string{"zh": {"COVID-19疫情"}, "en": {"El Niño", "São Paulo Declaration"}, "pt": {"señor"}}
	if err := checkScript(ok); err != nil {
		t.Errorf("mixed but honest labels refused: %v", err)
	}
}

func TestPreferredLabelsAreUnique(t *testing.T) {
	a := Concept{ID: "food", Pref: map[string]string{"en": "Right to Food", "zh": "食物权"}}
	b := Concept{ID: "nutrition", Pref: map[string]string{"en": "right to food", "zh": "营养"}}
	c := Concept{ID: "water", Pref: map[string]string{"en": "right to water", "zh": "食物权"}}
	err := checkPrefUnique([]Concept{a, b}, nil)
	wantRefusal(t, "same English name, cases apart", err, "pref_duplicate", "pref.en")
	if !strings.Contains(err.Error(), `"food"`) {
		t.Errorf("error does not name the other concept: %v", err)
	}
	// Only the concepts being written are blamed.
	err = checkPrefUnique([]Concept{a, c}, map[string]bool{"water": true})
	wantRefusal(t, "same Chinese name", err, "pref_duplicate", "pref.zh")
	if e := errs.As(err); len(e.Args) == 0 || e.Args[0] != "water" {
		t.Errorf("error names %v, want the written concept water", e.Args)
	}
	if err := checkPrefUnique([]Concept{a, c}, map[string]bool{"nutrition": true}); err != nil {
		t.Errorf("a clash between two untouched concepts refused a write: %v", err)
	}
	// The same name as an alternative elsewhere is fine.
	d := Concept{ID: "d", Pref: map[string]string{"en": "nourishment"}, Alt: map[string][]string{"en": {"right to food"}}}
	if err := checkPrefUnique([]Concept{a, d}, nil); err != nil {
		t.Errorf("synonym of another concept refused: %v", err)
	}
}

func TestFromRule(t *testing.T) {
	known := map[string]Source{"udhr": {ID: "udhr"}, "usage-pt-PT": {ID: "usage-pt-PT"}}
	c := Concept{ID: "right-to-social-security",
		Pref: map[string]string{"en": "right to social security", "pt": "direito à segurança social"},
		Alt:  map[string][]string{"pt": {"seguridade social"}},
		From: map[string]map[string]string{
			"en": {"right to social security": "udhr"},
			"pt": {"direito à segurança social": "udhr", "seguridade social": "usage-pt-PT"}}}
	if err := checkFrom(c, known, true); err != nil {
		t.Fatalf("complete sources refused: %v", err)
	}
	missing := c.clone()
	delete(missing.From["pt"], "seguridade social")
	wantRefusal(t, "label without a source", checkFrom(missing, known, true), "from_missing", "from.pt")
	if err := checkFrom(missing, known, false); err != nil {
		t.Errorf("an import without every source refused: %v", err)
	}
	unknown := c.clone()
	unknown.From["en"]["right to social security"] = "wikipedia"
	wantRefusal(t, "unknown source", checkFrom(unknown, known, false), "from_source", "from.en")
	stray := c.clone()
	stray.From["pt"]["previdência social"] = "usage-pt-PT"
	wantRefusal(t, "source of a label the concept lacks", checkFrom(stray, known, false), "from_label", "from.pt")
}

// The registry holds the ids the data's authors rely on.
func TestSourcesRegistry(t *testing.T) {
	m, err := shippedSources()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range strings.Fields(`udhr iccpr icescr crc cedaw crpd cerd cat icmw drtd undrip sdg hrc-sp ohchr
		unterm vdpa report gov-br usage usage-pt-PT usage-pt-BR usage-es-ES usage-es-419 usage-zh`) {
		if m[id].Title == "" {
			t.Errorf("source %q missing or without a title", id)
		}
	}
	if got := m["drtd"].Ref; got != "A/RES/41/128, annex" {
		t.Errorf("drtd ref %q", got)
	}
	if _, err := parseSources([]byte(`[{"id":"a","title":"A"},{"id":"a","title":"B"}]`)); err == nil {
		t.Error("a source listed twice was accepted")
	}
}

// How far the shipped files are from recording every label's source; the
// rule Shipped applies is shippedFrom.
func TestShippedFromProgress(t *testing.T) {
	cs, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	known, _ := shippedSources()
	var failing []string
	for _, c := range cs {
		if err := checkFrom(c, known, true); err != nil {
			failing = append(failing, err.Error())
		}
	}
	t.Logf("%d concepts, %d without complete sources", len(cs), len(failing))
	for i, f := range failing {
		if i == 15 {
			break
		}
		t.Log(f)
	}
}
