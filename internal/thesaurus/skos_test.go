package thesaurus_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"roundtable/internal/thesaurus"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const base = "https://roundtable.example/thesaurus/"

func TestSKOSTurtle(t *testing.T) {
	th := shipped(t)
	var b bytes.Buffer
	if err := th.SKOSTurtle(&b, base); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n") {
		t.Errorf("no skos prefix: %.80q", out)
	}
	statements := checkTurtle(t, out)
	if statements != th.Len()+1 {
		t.Errorf("%d statements, want %d concepts and the scheme", statements, th.Len())
	}
	for _, want := range []string{
		"<" + base + "> a skos:ConceptScheme ;",
		"<" + base + "right-to-development> a skos:Concept ;\n    skos:inScheme <" + base + "> ;",
		`"发展权"@zh-Hans`, `"derecho al desarrollo"@es`, `"direito ao desenvolvimento"@pt`,
		`"droit au développement"@fr`, `"right to development"@en`,
		"skos:broader <" + base + "collective-rights>",
		"skos:topConceptOf <" + base + ">",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Turtle lacks %q", want)
		}
	}
	for _, c := range th.All() {
		if n := strings.Count(out, "\n<"+base+c.ID+"> a skos:Concept ;"); n != 1 {
			t.Errorf("%s is the subject of %d statements, want 1", c.ID, n)
		}
	}
}

func TestSKOSTurtleEscapesLiterals(t *testing.T) {
	th, err := thesaurus.New([]thesaurus.Concept{{
		ID: "quoted", Pref: map[string]string{"en": `the "so-called" right \ of x`},
		Scope: "line one\nline two\ttabbed",
	}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := th.SKOSTurtle(&b, "urn:x:"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	checkTurtle(t, out)
	for _, want := range []string{`"the \"so-called\" right \\ of x"@en`, `"line one\nline two\ttabbed"@en`, "<urn:x:/quoted>"} {
		if !strings.Contains(out, want) {
			t.Errorf("Turtle lacks %s:\n%s", want, out)
		}
	}
}

func TestSKOSRefusesBadBase(t *testing.T) {
	th := shipped(t)
	for _, b := range []string{"", "relative/path/", "https://x.example/a b/", "https://x.example/<x>/"} {
		if err := th.SKOSTurtle(&bytes.Buffer{}, b); err == nil {
			t.Errorf("Turtle with base %q: no error", b)
		}
		if err := th.SKOSJSONLD(&bytes.Buffer{}, b); err == nil {
			t.Errorf("JSON-LD with base %q: no error", b)
		}
	}
}

// checkTurtle reads the subset of Turtle the export writes: an @prefix,
// then statements of IRIs, prefixed names, "a" and language-tagged string
// literals separated by ";" and "," and ended by ".". It fails the test on
// anything else (an unescaped quote or line break in a literal ends the
// literal early and leaves a stray token) and returns the statement count.
func checkTurtle(t *testing.T, s string) int {
	t.Helper()
	tokens := regexp.MustCompile(`^(?:\s+|@prefix|<[^<>"{}|^` + "`" + `\\\s]*>|[a-z]+:[A-Za-z]*|a\b|"(?:[^"\\\n\r]|\\["\\nrt]|\\u[0-9A-F]{4})*"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*|[;,.])`)
	statements, terms := 0, 0
	for len(s) > 0 {
		m := tokens.FindString(s)
		if m == "" {
			t.Fatalf("not Turtle at %.60q", s)
		}
		switch strings.TrimSpace(m) {
		case "":
		case ".":
			if terms < 3 {
				t.Fatalf("statement of %d terms before %.60q", terms, s)
			}
			statements++
			terms = 0
		default:
			terms++
		}
		s = s[len(m):]
	}
	if terms != 0 {
		t.Fatal("last statement not ended with a full stop")
	}
	return statements - 1 // the @prefix line
}

func TestSKOSJSONLDGolden(t *testing.T) {
	th, err := thesaurus.New([]thesaurus.Concept{
		{
			ID:    "collective-rights",
			Pref:  map[string]string{"en": "collective rights", "es": "derechos colectivos", "pt": "direitos coletivos", "zh": "集体人权", "fr": "droits collectifs"},
			Alt:   map[string][]string{"zh": {"集体权利"}},
			Scope: "Rights held by peoples or groups as such.",
		},
		{
			ID:      "right-to-development",
			Pref:    map[string]string{"en": "right to development", "es": "derecho al desarrollo", "pt": "direito ao desenvolvimento", "zh": "发展权", "fr": "droit au développement"},
			Alt:     map[string][]string{"zh": {"发展的权利"}, "en": {`the "development" right & more`}},
			Broader: []string{"collective-rights"},
			UDHR:    []int{22, 28}, SDG: []string{"17", "1"},
			Scope: "An inalienable human right (Declaration on the Right to Development, 1986).",
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := th.SKOSJSONLD(&b, base); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Context map[string]any   `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || len(doc.Graph) != 3 || doc.Context["skos"] == nil {
		t.Fatalf("not the JSON-LD expected (%v): %s", err, b.String())
	}
	golden := filepath.Join("testdata", "two-concepts.jsonld")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("JSON-LD differs from %s (go test -update rewrites it after review):\n%s", golden, b.String())
	}
}
