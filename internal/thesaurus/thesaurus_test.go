package thesaurus_test

import (
	"slices"
	"strings"
	"testing"

	"roundtable/internal/errs"
	"roundtable/internal/text"
	"roundtable/internal/thesaurus"
)

func shipped(t testing.TB) *thesaurus.Thesaurus {
	t.Helper()
	cs, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	th, err := thesaurus.New(cs)
	if err != nil {
		t.Fatal(err)
	}
	return th
}

func TestShippedIsCompleteAndLinked(t *testing.T) {
	cs, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	// A few hundred: every right of the Declaration and the Covenants,
	// the core treaties' themes, development and the 17 SDGs.
	if len(cs) < 200 || len(cs) > 600 {
		t.Errorf("%d concepts, want 200-600", len(cs))
	}
	ids := map[string]bool{}
	for _, c := range cs {
		ids[c.ID] = true
	}
	for _, c := range cs {
		for _, l := range text.Langs {
			if strings.TrimSpace(c.Pref[l]) == "" {
				t.Errorf("%s: no preferred label in %s", c.ID, l)
			}
		}
		if c.Scope == "" {
			t.Errorf("%s: no scope note", c.ID)
		}
		for _, l := range slices.Concat(c.Broader, c.Narrower, c.Related) {
			if !ids[l] {
				t.Errorf("%s links to unknown %q", c.ID, l)
			}
		}
	}
	// The concepts the roundtable's dialogue turns on.
	for id, narrower := range map[string][]string{
		"right-to-development": nil, "right-to-subsistence": nil, "collective-rights": nil,
		"economic-social-cultural-rights": {"right-to-food", "right-to-health", "right-to-education", "right-to-housing",
			"right-to-work", "right-to-social-security", "right-to-water-and-sanitation"},
		"civil-political-rights": {"freedom-of-expression", "freedom-of-assembly", "participation-in-public-affairs",
			"fair-trial", "freedom-from-torture"},
		"poverty-alleviation": nil, "healthcare": nil, "education": nil, "democratic-development": nil,
		"judicial-reform": nil, "sovereignty": {"non-interference"}, "cultural-diversity": nil,
		"south-south-cooperation": nil, "unilateral-coercive-measures": nil, "rights-of-women": nil,
		"rights-of-the-child": nil, "rights-of-indigenous-peoples": nil, "rights-of-persons-with-disabilities": nil,
		"rights-of-migrants": nil, "people-centred-approach": nil, "rule-of-law": nil, "international-cooperation": nil,
	} {
		i := slices.IndexFunc(cs, func(c thesaurus.Concept) bool { return c.ID == id })
		if i < 0 {
			t.Errorf("missing concept %s", id)
			continue
		}
		for _, n := range narrower {
			if !slices.Contains(cs[i].Narrower, n) {
				t.Errorf("%s: %s is not narrower", id, n)
			}
		}
	}
}

func TestNewFillsInverseLinks(t *testing.T) {
	th, err := thesaurus.New([]thesaurus.Concept{
		{ID: "a", Pref: map[string]string{"en": "A"}, Broader: []string{"b"}, Related: []string{"c"}},
		{ID: "b", Pref: map[string]string{"en": "B"}},
		{ID: "c", Pref: map[string]string{"en": "C"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := th.Concept("b")
	c, _ := th.Concept("c")
	if !slices.Equal(b.Narrower, []string{"a"}) || !slices.Equal(c.Related, []string{"a"}) {
		t.Fatalf("inverse links not filled: b.Narrower=%v c.Related=%v", b.Narrower, c.Related)
	}
	// What Concept hands out is a copy.
	b.Pref["en"] = "changed"
	b.Narrower[0] = "changed"
	if again, _ := th.Concept("b"); again.Pref["en"] != "B" || again.Narrower[0] != "a" {
		t.Fatalf("thesaurus changed through a returned concept: %+v", again)
	}
	if all := th.All(); len(all) != 3 || all[0].ID != "a" || all[2].ID != "c" {
		t.Fatalf("All() = %+v", all)
	}
}

func TestNewRefusesInvalidConcepts(t *testing.T) {
	ok := func(id string) thesaurus.Concept {
		return thesaurus.Concept{ID: id, Pref: map[string]string{"en": id}}
	}
	tests := []struct {
		name        string
		cs          []thesaurus.Concept
		code, field string
	}{
		{"bad id", []thesaurus.Concept{ok("Right To X")}, "concept_id", "id"},
		{"duplicate id", []thesaurus.Concept{ok("a"), ok("a")}, "concept_duplicate", "id"},
		{"no English label", []thesaurus.Concept{{ID: "a", Pref: map[string]string{"es": "a"}}}, "label_missing", "pref.en"},
		{"unknown language", []thesaurus.Concept{with(ok("a"), func(c *thesaurus.Concept) { c.Pref["de"] = "x" })}, "language_unknown", "pref.de"},
		{"unknown link", []thesaurus.Concept{with(ok("a"), func(c *thesaurus.Concept) { c.Broader = []string{"zz"} })}, "link_unknown", "broader"},
		{"self link", []thesaurus.Concept{with(ok("a"), func(c *thesaurus.Concept) { c.Related = []string{"a"} })}, "link_self", "related"},
		{"cycle", []thesaurus.Concept{
			with(ok("a"), func(c *thesaurus.Concept) { c.Broader = []string{"b"} }),
			with(ok("b"), func(c *thesaurus.Concept) { c.Broader = []string{"c"} }),
			with(ok("c"), func(c *thesaurus.Concept) { c.Broader = []string{"a"} }),
		}, "link_cycle", "broader"},
		{"related and broader", []thesaurus.Concept{
			with(ok("a"), func(c *thesaurus.Concept) { c.Broader = []string{"b"} }),
			with(ok("b"), func(c *thesaurus.Concept) { c.Broader = []string{"c"} }),
			with(ok("c"), func(c *thesaurus.Concept) { c.Related = []string{"a"} }),
		}, "link_clash", "related"},
		{"UDHR article 31", []thesaurus.Concept{with(ok("a"), func(c *thesaurus.Concept) { c.UDHR = []int{31} })}, "udhr_article", "udhr"},
		{"SDG target 1.6", []thesaurus.Concept{with(ok("a"), func(c *thesaurus.Concept) { c.SDG = []string{"1.6"} })}, "sdg_code", "sdg"},
		{"SDG goal 18", []thesaurus.Concept{with(ok("a"), func(c *thesaurus.Concept) { c.SDG = []string{"18"} })}, "sdg_code", "sdg"},
	}
	for _, tt := range tests {
		_, err := thesaurus.New(tt.cs)
		e := errs.As(err)
		if err == nil || e.Kind != errs.Invalid || e.Code != tt.code || e.Field != tt.field {
			t.Errorf("%s: got %v, want invalid %s on %s", tt.name, err, tt.code, tt.field)
		}
	}
	// The message names the concept, for whoever edits the data file.
	_, err := thesaurus.New([]thesaurus.Concept{with(ok("right-to-x"), func(c *thesaurus.Concept) { c.Narrower = []string{"nope"} })})
	if err == nil || !strings.Contains(err.Error(), `"right-to-x"`) || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("error does not name the concept and the link: %v", err)
	}
}

func TestNewNormalises(t *testing.T) {
	th, err := thesaurus.New([]thesaurus.Concept{{
		ID:   "a",
		Pref: map[string]string{"en": "  right\tto  x "},
		Alt:  map[string][]string{"en": {"Right to X", "x right", "x right", ""}},
		UDHR: []int{25, 3, 25}, SDG: []string{"17.10", "3.8", "17.9", "3", "1.a", "1.5"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := th.Concept("a")
	if c.Pref["en"] != "right to x" || !slices.Equal(c.Alt["en"], []string{"x right"}) ||
		!slices.Equal(c.UDHR, []int{3, 25}) || !slices.Equal(c.SDG, []string{"1.5", "1.a", "3", "3.8", "17.9", "17.10"}) {
		t.Fatalf("not normalised: %+v", c)
	}
}

func TestLabelFallsBackToEnglish(t *testing.T) {
	th, err := thesaurus.New([]thesaurus.Concept{{ID: "a", Pref: map[string]string{"en": "right to x", "zh": "某权"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ id, lang, want string }{
		{"a", "zh", "某权"}, {"a", "zh-Hans", "某权"}, {"a", "fr", "right to x"}, {"a", "", "right to x"},
		{"gone", "en", "gone"},
	} {
		if got := th.Label(tt.id, tt.lang); got != tt.want {
			t.Errorf("Label(%q, %q) = %q, want %q", tt.id, tt.lang, got, tt.want)
		}
	}
	if got := shipped(t).Label("right-to-development", "pt-BR"); got != "direito ao desenvolvimento" {
		t.Errorf("shipped Label(right-to-development, pt-BR) = %q", got)
	}
}
