package thesaurus_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/thesaurus"
)

// importFile is a partial thesaurus file: one new concept under an existing
// one, and an existing concept reworded in Spanish.
const importFile = `[
  {
    "id": "right-to-a-healthy-environment",
    "pref": {"en": "right to a clean, healthy and sustainable environment", "es": "derecho a un medio ambiente limpio, saludable y sostenible",
             "pt": "direito a um meio ambiente limpo, saudável e sustentável", "zh": "享有清洁、健康和可持续环境的权利",
             "fr": "droit à un environnement propre, sain et durable"},
    "alt": {"pt": ["direito ao meio ambiente ecologicamente equilibrado"]},
    "broader": ["economic-social-cultural-rights"],
    "from": {"pt": {"direito ao meio ambiente ecologicamente equilibrado": "gov-br"}}
  },
  {
    "id": "collective-rights",
    "pref": {"en": "collective rights", "es": "derechos colectivos de los pueblos", "pt": "direitos coletivos", "zh": "集体人权", "fr": "droits collectifs"},
    "narrower": ["right-to-development", "right-to-peace", "right-to-self-determination"]
  }
]
`

func importParsed(t *testing.T, src string) thesaurus.ImportFile {
	t.Helper()
	f, err := thesaurus.ParseImport([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestImportWritesAllInOneGo(t *testing.T) {
	cs, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	eachDB(t, func(t *testing.T, ctx context.Context, db *store.DB) {
		if _, err := thesaurus.Sync(ctx, db, cs); err != nil {
			t.Fatal(err)
		}
		// Keep the shipped collective-rights links, whatever they are, and
		// reword it.
		cr, _ := load(t, ctx, db).Concept("collective-rights")
		src := strings.Replace(importFile, `"narrower": ["right-to-development", "right-to-peace", "right-to-self-determination"]`,
			`"narrower": ["`+strings.Join(cr.Narrower, `", "`)+`"], "broader": ["`+strings.Join(cr.Broader, `", "`)+`"], "related": ["`+strings.Join(cr.Related, `", "`)+`"]`, 1)
		src = strings.ReplaceAll(src, `[""]`, `[]`)
		before := auditEntries(t, ctx, db)
		res, err := thesaurus.Import(ctx, db, editor, importParsed(t, src))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Added, []string{"right-to-a-healthy-environment"}) {
			t.Errorf("added %v", res.Added)
		}
		// The reworded concept and the parent that gained a narrower one.
		if !slices.Equal(res.Changed, []string{"collective-rights", "economic-social-cultural-rights"}) {
			t.Errorf("changed %v", res.Changed)
		}
		th := load(t, ctx, db)
		if got := th.Label("collective-rights", "es"); got != "derechos colectivos de los pueblos" {
			t.Errorf("reworded label %q", got)
		}
		esc, _ := th.Concept("economic-social-cultural-rights")
		if !slices.Contains(esc.Narrower, "right-to-a-healthy-environment") {
			t.Errorf("inverse link not written: %v", esc.Narrower)
		}
		nc, _ := th.Concept("right-to-a-healthy-environment")
		if got := nc.From["pt"]["direito ao meio ambiente ecologicamente equilibrado"]; got != "gov-br" {
			t.Errorf("source of the Portuguese label %q", got)
		}
		if got := th.Match("direito ao meio ambiente ecologicamente equilibrado"); !slices.Contains(got, nc.ID) {
			t.Errorf("imported label does not match: %v", got)
		}
		if n := auditEntries(t, ctx, db); n != before+1 {
			t.Errorf("%d audit entries, want %d", n, before+1)
		}
		// The same file again changes nothing and records nothing.
		res, err = thesaurus.Import(ctx, db, editor, importParsed(t, src))
		if err != nil || len(res.Added)+len(res.Changed) != 0 {
			t.Errorf("second import: %+v %v", res, err)
		}
		if n := auditEntries(t, ctx, db); n != before+1 {
			t.Errorf("%d audit entries after a no-op import, want %d", n, before+1)
		}
	})
}

func TestImportRefusesBadInputAndWritesNothing(t *testing.T) {
	cs, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	good := `{"id": "right-to-a-healthy-environment", "pref": {"en": "healthy environment", "zh": "健康环境"}}`
	tests := []struct {
		name, file  string
		line        int
		concept     string
		code, field string
	}{
		{"Chinese label in Latin letters", "[\n" + good + ",\n" + `{"id": "x-new", "pref": {"en": "x", "zh": "right to x"}}` + "\n]",
			3, "x-new", "label_language", "pref.zh"},
		{"Spanish synonym in Chinese", "[\n" + `{"id": "x-new",` + "\n" + `"pref": {"en": "x"}, "alt": {"es": ["发展权"]}}` + ",\n" + good + "\n]",
			2, "x-new", "label_language", "alt.es"},
		{"preferred label of a shipped concept, other case", "[\n" + good + ",\n\n" + `{"id": "x-new", "pref": {"en": "Right To Development"}}` + "\n]",
			4, "x-new", "pref_duplicate", "pref.en"},
		{"two new concepts, one name", "[\n" + good + ",\n" + `{"id": "x-new", "pref": {"en": "x", "zh": "健康环境"}}` + "\n]",
			3, "x-new", "pref_duplicate", "pref.zh"},
		{"link to nothing", "[\n" + good + ",\n" + `{"id": "x-new", "pref": {"en": "x"}, "related": ["no-such"]}` + "\n]",
			3, "x-new", "link_unknown", "related"},
		{"unknown source", "[\n" + good + ",\n" + `{"id": "x-new", "pref": {"en": "x"}, "from": {"en": {"x": "blog"}}}` + "\n]",
			3, "x-new", "from_source", "from.en"},
		{"misspelt field", "[\n" + good + ",\n" + `{"id": "x-new", "pref": {"en": "x"}, "narower": ["human-rights"]}` + "\n]",
			3, "", "import_json", ""},
		{"not an array", `{"id": "x"}`, 1, "", "import_json", ""},
		{"byte order mark, then a bad concept", "\ufeff[\n" + good + ",\n" + `{"id": "x-new", "pref": {"en": "x", "zh": "x"}}` + "\n]",
			3, "x-new", "label_language", "pref.zh"},
	}
	eachDB(t, func(t *testing.T, ctx context.Context, db *store.DB) {
		if _, err := thesaurus.Sync(ctx, db, cs); err != nil {
			t.Fatal(err)
		}
		before := auditEntries(t, ctx, db)
		for _, tt := range tests {
			f, err := thesaurus.ParseImport([]byte(tt.file))
			if err == nil {
				_, err = thesaurus.Import(ctx, db, editor, f)
			}
			var le *thesaurus.LineError
			e := errs.As(err)
			if !errors.As(err, &le) || le.Line != tt.line || e.Code != tt.code || e.Field != tt.field || e.Kind != errs.Invalid {
				t.Errorf("%s: got %v, want line %d, %s on %s", tt.name, err, tt.line, tt.code, tt.field)
				continue
			}
			if tt.concept != "" && (len(e.Args) == 0 || e.Args[0] != tt.concept) {
				t.Errorf("%s: error names %v, want %s", tt.name, e.Args, tt.concept)
			}
		}
		if _, ok := load(t, ctx, db).Concept("right-to-a-healthy-environment"); ok {
			t.Error("a refused import wrote its good concept")
		}
		if n := auditEntries(t, ctx, db); n != before {
			t.Errorf("%d audit entries after refused imports, want %d", n, before)
		}
	})
}

// The editor's Save applies the same label rules as an import.
func TestSaveRefusesWrongScriptAndDuplicatePreferredLabel(t *testing.T) {
	cs, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	eachDB(t, func(t *testing.T, ctx context.Context, db *store.DB) {
		if _, err := thesaurus.Sync(ctx, db, cs); err != nil {
			t.Fatal(err)
		}
		rtd, _ := load(t, ctx, db).Concept("right-to-development")
		for _, tt := range []struct {
			name        string
			c           thesaurus.Concept
			code, field string
		}{
			{"pinyin as Chinese", with(rtd, func(c *thesaurus.Concept) { c.Pref["zh"] = "fazhanquan" }), "label_language", "pref.zh"},
			{"Chinese as French", with(rtd, func(c *thesaurus.Concept) { c.Alt = map[string][]string{"fr": {"发展权利"}} }), "label_language", "alt.fr"},
			{"another concept's name", thesaurus.Concept{ID: "x-new", Pref: map[string]string{"en": "RIGHT TO DEVELOPMENT"}}, "pref_duplicate", "pref.en"},
		} {
			err := thesaurus.Save(ctx, db, editor, tt.c)
			if e := errs.As(err); err == nil || e.Code != tt.code || e.Field != tt.field {
				t.Errorf("%s: got %v, want %s on %s", tt.name, err, tt.code, tt.field)
			}
		}
		if got := load(t, ctx, db).Label("right-to-development", "zh"); got != "发展权" {
			t.Errorf("refused edit stored: %q", got)
		}
		// Rewording a label drops its source and keeps the others'.
		if rtd.From["es"]["derecho al desarrollo"] == "" || rtd.From["en"]["right to development"] == "" {
			t.Fatalf("shipped sources of right-to-development: %v", rtd.From)
		}
		enSource := rtd.From["en"]["right to development"]
		rtd.Pref["es"] = "derecho humano al desarrollo"
		if err := thesaurus.Save(ctx, db, editor, rtd); err != nil {
			t.Fatal(err)
		}
		got, _ := load(t, ctx, db).Concept("right-to-development")
		if _, ok := got.From["es"]["derecho al desarrollo"]; ok || got.From["en"]["right to development"] != enSource {
			t.Errorf("sources after rewording the Spanish name: %v", got.From)
		}
	})
}
