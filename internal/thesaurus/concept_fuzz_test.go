package thesaurus

import (
	"encoding/json"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"roundtable/data"
	"roundtable/internal/errs"
	"roundtable/internal/text"
)

// checkThesaurus asserts what every accepted thesaurus must be: ids that
// are slugs, clean labels with English present, every link resolving and
// written on both sides, and a normal form that New leaves unchanged.
func checkThesaurus(t *testing.T, cs []Concept) {
	t.Helper()
	byID := map[string]Concept{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	has := func(id, field, target string) bool {
		c := byID[id]
		return slices.Contains(map[string][]string{"broader": c.Broader, "narrower": c.Narrower, "related": c.Related}[field], target)
	}
	inverse := map[string]string{"broader": "narrower", "narrower": "broader", "related": "related"}
	for _, c := range cs {
		if !idPattern.MatchString(c.ID) || c.Pref["en"] == "" {
			t.Fatalf("accepted concept %+v", c)
		}
		for l, s := range c.Pref {
			if !text.Supported(l) || s == "" || strings.Join(strings.Fields(s), " ") != s || len(s) > maxLabel {
				t.Fatalf("%s: label %s %q", c.ID, l, s)
			}
		}
		for field, links := range map[string][]string{"broader": c.Broader, "narrower": c.Narrower, "related": c.Related} {
			for _, target := range links {
				if target == c.ID || !has(target, inverse[field], c.ID) {
					t.Fatalf("%s %s %s without the inverse link", c.ID, field, target)
				}
			}
		}
	}
	b, err := json.Marshal(cs)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(b) || !json.Valid(b) {
		t.Fatalf("normal form is not valid JSON")
	}
	again, err := New(cs)
	if err != nil {
		t.Fatalf("normal form refused: %v", err)
	}
	if b2, _ := json.Marshal(again.All()); string(b2) != string(b) {
		t.Fatalf("normal form changes when read again:\n%s\n%s", b, b2)
	}
}

// checkRefusal asserts that a refusal names the concept's field with a
// stable code the editor can translate.
func checkRefusal(t *testing.T, err error) {
	t.Helper()
	e := errs.As(err)
	if e.Kind != errs.Invalid || e.Field == "" || !strings.HasPrefix(e.Key, "thesaurus.error.") || e.Code == "" {
		t.Fatalf("refusal %v is not a field error with a thesaurus code", err)
	}
}

// FuzzParseShipped reads a concept file as the shipped thesaurus is read.
func FuzzParseShipped(f *testing.F) {
	shipped, err := fs.ReadFile(data.FS(), shippedFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(shipped)
	var all []json.RawMessage
	if err := json.Unmarshal(shipped, &all); err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("[" + string(all[0]) + "]"))
	f.Add([]byte("[" + string(all[1]) + "," + string(all[2]) + "]"))
	f.Add([]byte(`[{"id":"a","pref":{"en":"A","es":"A","pt":"A","zh":"甲","fr":"A"},"broader":["a"]}]`))
	f.Add([]byte(`[{"id":"a","pref":{"en":"a  b","es":"x","pt":"x","zh":"x","fr":"x"},"alt":{"de":["y"]},"udhr":[31],"sdg":["17.z"]}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		cs, err := parseShipped(b)
		if err != nil {
			if errs.As(err).Kind == errs.Invalid {
				checkRefusal(t, err)
			} else if !strings.HasPrefix(err.Error(), "thesaurus "+shippedFile+": ") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, c := range cs {
			for _, l := range text.Langs {
				if c.Pref[l] == "" {
					t.Fatalf("%s: shipped without a label in %s", c.ID, l)
				}
			}
		}
		checkThesaurus(t, cs)
	})
}

// FuzzConceptEdit is what the thesaurus editor saves: one concept written
// by a person, beside two shipped ones it may link to.
func FuzzConceptEdit(f *testing.F) {
	f.Add("right-to-water", "right to water", "derecho al agua", "获得安全饮用水的权利", "access to water; safe drinking water", "health", "", "Water.", 25, "6.1")
	f.Add("a", "  x  ", "", "", ";;", "a", "health", "", 0, "")
	f.Add("B-", "x", "x", "x", "x", "", "", strings.Repeat("s", 1001), 31, "17.z")
	f.Fuzz(func(t *testing.T, id, en, es, zh, alts, broader, related, scope string, udhr int, sdg string) {
		c := Concept{ID: id, Pref: map[string]string{"en": en, "es": es, "zh": zh}, Alt: map[string][]string{"en": strings.Split(alts, ";")}, Scope: scope}
		if broader != "" {
			c.Broader = []string{broader}
		}
		if related != "" {
			c.Related = []string{related}
		}
		if udhr != 0 {
			c.UDHR = []int{udhr}
		}
		if sdg != "" {
			c.SDG = []string{sdg}
		}
		health := Concept{ID: "health", Pref: map[string]string{"en": "health"}}
		rights := Concept{ID: "human-rights", Pref: map[string]string{"en": "human rights"}, Narrower: []string{"health"}}
		th, err := New([]Concept{c, health, rights})
		if err != nil {
			checkRefusal(t, err)
			return
		}
		got, _ := th.Concept(id)
		if got.Pref["en"] != strings.Join(strings.Fields(en), " ") || got.Scope != strings.TrimSpace(scope) {
			t.Fatalf("saved %+v as %+v", c, got)
		}
		if !utf8.ValidString(id + en + es + zh + alts + scope) {
			return // JSON cannot carry such labels unchanged; see the doc
		}
		checkThesaurus(t, th.All())
	})
}
