package i18n

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
)

func mustLoad(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// pluralCategories are CLDR's cardinal plural categories.
var pluralCategories = []string{"zero", "one", "two", "few", "many", "other"}

// pluralBases returns the message bases that have plural forms in English
// (a key base.one or base.other).
func pluralBases(c *Catalog) map[string]bool {
	bases := make(map[string]bool)
	for k := range c.msgs[En] {
		for _, suffix := range []string{".one", ".other"} {
			if base, ok := strings.CutSuffix(k, suffix); ok {
				bases[base] = true
			}
		}
	}
	return bases
}

// pluralKey splits a key of the form base.<category> whose base is plural in
// English.
func pluralKey(bases map[string]bool, key string) (base, form string, ok bool) {
	i := strings.LastIndexByte(key, '.')
	if i < 0 {
		return "", "", false
	}
	base, form = key[:i], key[i+1:]
	if !bases[base] || !slices.Contains(pluralCategories, form) {
		return "", "", false
	}
	return base, form, true
}

// neededForms returns the plural categories that language l uses for the
// counts an interface realistically shows. Categories used only for huge
// numbers (CLDR "many" for millions in fr, es, pt) are optional: N falls
// back to "other" for them.
func neededForms(l Lang) []string {
	set := make(map[string]bool)
	for n := 0; n <= 1000; n++ {
		set[pluralForm(l, n)] = true
	}
	return slices.Sorted(maps.Keys(set))
}

func TestLoadAllLanguages(t *testing.T) {
	c := mustLoad(t)
	for _, l := range Supported {
		if len(c.Keys(l)) == 0 {
			t.Errorf("%s: catalog is empty", l)
		}
	}
	if MustLoad() == nil {
		t.Fatal("MustLoad returned nil")
	}
}

func TestEveryKeyInEveryLanguage(t *testing.T) {
	c := mustLoad(t)
	bases := pluralBases(c)
	en := c.msgs[En]
	for _, l := range Supported {
		if l == En {
			continue
		}
		m := c.msgs[l]
		var missing, extra []string
		for k := range en {
			if _, form, ok := pluralKey(bases, k); ok && !slices.Contains(neededForms(l), form) {
				continue // e.g. zh has no "one"; checked by TestPluralForms
			}
			if _, ok := m[k]; !ok {
				missing = append(missing, k)
			}
		}
		for k := range m {
			if _, ok := en[k]; ok {
				continue
			}
			if _, _, ok := pluralKey(bases, k); ok {
				continue // e.g. an optional fr "many" form
			}
			extra = append(extra, k)
		}
		slices.Sort(missing)
		slices.Sort(extra)
		if len(missing) > 0 {
			t.Errorf("%s.json lacks %d key(s) present in en.json: %s", l, len(missing), strings.Join(missing, ", "))
		}
		if len(extra) > 0 {
			t.Errorf("%s.json has %d key(s) absent from en.json: %s", l, len(extra), strings.Join(extra, ", "))
		}
	}
}

func TestNoEmptyValues(t *testing.T) {
	c := mustLoad(t)
	for _, l := range Supported {
		for _, k := range c.Keys(l) {
			v := c.msgs[l][k]
			switch {
			case strings.TrimSpace(v) == "":
				t.Errorf("%s: %q is empty", l, k)
			case strings.TrimSpace(v) != v:
				t.Errorf("%s: %q has leading or trailing white space: %q", l, k, v)
			}
		}
	}
}

func TestPlaceholdersMatchEnglish(t *testing.T) {
	c := mustLoad(t)
	bases := pluralBases(c)
	en := c.msgs[En]
	for _, l := range Supported {
		for _, k := range c.Keys(l) {
			ref, ok := en[k]
			if !ok {
				base, _, isPlural := pluralKey(bases, k)
				if !isPlural {
					continue // reported by TestEveryKeyInEveryLanguage
				}
				ref = en[base+".other"]
			}
			want := slices.Sorted(maps.Keys(placeholders(ref)))
			got := slices.Sorted(maps.Keys(placeholders(c.msgs[l][k])))
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q has placeholders %v, en has %v", l, k, got, want)
			}
		}
	}
}

func TestPluralForms(t *testing.T) {
	c := mustLoad(t)
	bases := slices.Sorted(maps.Keys(pluralBases(c)))
	if len(bases) == 0 {
		t.Fatal("no plural messages found in en.json")
	}
	for _, base := range bases {
		for _, l := range Supported {
			for _, form := range neededForms(l) {
				if !c.Has(l, base+"."+form) {
					t.Errorf("%s: plural message %q lacks the %q form (needed by the %s plural rule)", l, base, form, l)
				}
			}
			if !c.Has(l, base+".other") {
				t.Errorf("%s: plural message %q lacks the %q form", l, base, "other")
			}
		}
	}
}

func TestPluralRules(t *testing.T) {
	tests := []struct {
		l    Lang
		n    int
		want string
	}{
		{En, 0, "other"}, {En, 1, "one"}, {En, 2, "other"}, {En, -1, "one"},
		{Es, 0, "other"}, {Es, 1, "one"}, {Es, 34, "other"},
		{Pt, 0, "one"}, {Pt, 1, "one"}, {Pt, 2, "other"},
		{Fr, 0, "one"}, {Fr, 1, "one"}, {Fr, 2, "other"},
		{Zh, 0, "other"}, {Zh, 1, "other"}, {Zh, 2, "other"},
		{Lang("xx"), 1, "other"},
	}
	for _, tt := range tests {
		if got := pluralForm(tt.l, tt.n); got != tt.want {
			t.Errorf("pluralForm(%s, %d) = %q, want %q", tt.l, tt.n, got, tt.want)
		}
	}
}

func TestN(t *testing.T) {
	c := mustLoad(t)
	tests := []struct {
		l    Lang
		n    int
		want string
	}{
		{En, 0, "0 countries"},
		{En, 1, "1 country"},
		{En, 34, "34 countries"},
		{Es, 1, "1 país"},
		{Es, 0, "0 países"},
		{Pt, 0, "0 país"},
		{Pt, 2, "2 países"},
		{Fr, 0, "0\u00a0pays"},
		{Zh, 1, "1 个国家"},
		{Zh, 34, "34 个国家"},
		{Lang("de"), 1, "1 country"},
	}
	for _, tt := range tests {
		if got := c.N(tt.l, "countries.count", tt.n); got != tt.want {
			t.Errorf("N(%s, countries.count, %d) = %q, want %q", tt.l, tt.n, got, tt.want)
		}
	}
	if got := c.N(En, "countries.count", 1234, "count", "1,234"); got != "1,234 countries" {
		t.Errorf("N with a count override = %q", got)
	}
	if got := c.N(En, "no.such.plural", 3); got != "no.such.plural" {
		t.Errorf("N with an unknown key = %q, want the key", got)
	}
}

func TestT(t *testing.T) {
	c := mustLoad(t)
	tests := []struct {
		l    Lang
		key  string
		args []any
		want string
	}{
		{Zh, "home.countries_intro", []any{"count", 34}, "浏览 34 个参与国及其所属组别。"},
		{En, "home.countries_intro", []any{"count", 34}, "Browse the 34 participating countries and their groups."},
		{En, "home.signed_in_as", []any{"name", "Ana"}, "Signed in as Ana"},
		{En, "users.created", []any{"email", "a@example.org", "password", "s3cret"},
			"The user a@example.org was created. One-time password: s3cret"},
		// A missing argument leaves the placeholder visible.
		{En, "home.signed_in_as", nil, "Signed in as {name}"},
		{En, "users.created", []any{"email", "a@example.org"},
			"The user a@example.org was created. One-time password: {password}"},
		// Values are not expanded again.
		{En, "home.signed_in_as", []any{"name", "{name}"}, "Signed in as {name}"},
		// A dangling name without a value is ignored.
		{En, "home.signed_in_as", []any{"name", "Ana", "extra"}, "Signed in as Ana"},
		// Later pairs win.
		{En, "home.signed_in_as", []any{"name", "A", "name", "B"}, "Signed in as B"},
		{En, "app.name", nil, "Roundtable"},
	}
	for _, tt := range tests {
		if got := c.T(tt.l, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%s, %q, %v) = %q, want %q", tt.l, tt.key, tt.args, got, tt.want)
		}
	}
}

func TestSubstitute(t *testing.T) {
	tests := []struct {
		s    string
		args []any
		want string
	}{
		{"{a}{b}", []any{"a", 1, "b", 2}, "12"},
		{"{ a } {a-b} {} {a", []any{"a", 1}, "{ a } {a-b} {} {a"},
		{"{{a}}", []any{"a", "x"}, "{x}"},
		{"JSON {\"k\": 1} {a}", []any{"a", true}, "JSON {\"k\": 1} true"},
		{"no placeholders", []any{"a", 1}, "no placeholders"},
		{"{a}", []any{1, "x"}, "{a}"},
	}
	for _, tt := range tests {
		if got := substitute(tt.s, tt.args); got != tt.want {
			t.Errorf("substitute(%q, %v) = %q, want %q", tt.s, tt.args, got, tt.want)
		}
	}
}

// testFS is a small catalog set for fallback and error tests.
func testFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, l := range Supported {
		fsys["c/"+string(l)+".json"] = &fstest.MapFile{Data: []byte(`{}`)}
	}
	for name, data := range files {
		fsys["c/"+name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func TestFallback(t *testing.T) {
	c, err := load(testFS(map[string]string{
		"en.json": `{"greet": "Hello {name}", "only.en": "English only", "n.one": "{count} item", "n.other": "{count} items"}`,
		"es.json": `{"greet": "Hola {name}", "blank": ""}`,
		"zh.json": `{"n.other": "{count} 项"}`,
	}), "c")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, got, want string
	}{
		{"translated", c.T(Es, "greet", "name", "Ana"), "Hola Ana"},
		{"missing in es falls back to en", c.T(Es, "only.en"), "English only"},
		{"empty in es falls back to en", c.T(Es, "blank"), "blank"},
		{"missing everywhere returns the key", c.T(Es, "no.such.key"), "no.such.key"},
		{"unsupported language uses en", c.T(Lang("de"), "greet", "name", "Ana"), "Hello Ana"},
		{"plural falls back to en", c.N(Fr, "n", 0), "0 items"},
		{"plural in zh", c.N(Zh, "n", 1), "1 项"},
		{"nil catalog T", (*Catalog)(nil).T(En, "greet"), "greet"},
		{"nil catalog N", (*Catalog)(nil).N(En, "n", 2), "n"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if !c.Has(Es, "greet") || c.Has(Es, "only.en") || c.Has(Es, "blank") || c.Has(En, "no.such.key") {
		t.Error("Has must report keys of the language itself, without fallback, and ignore empty values")
	}
	if (*Catalog)(nil).Has(En, "greet") || (*Catalog)(nil).Keys(En) != nil {
		t.Error("a nil catalog has no keys")
	}
}

func TestKeys(t *testing.T) {
	c := mustLoad(t)
	keys := c.Keys(En)
	if !slices.IsSorted(keys) {
		t.Error("Keys is not sorted")
	}
	keys[0] = "mutated"
	if c.Keys(En)[0] == "mutated" {
		t.Error("Keys returned the catalog's own slice")
	}
	if got := c.Keys(Lang("de")); len(got) != 0 {
		t.Errorf("Keys of an unsupported language = %v", got)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := map[string]map[string]string{
		"malformed JSON":      {"fr.json": `{"a": "b",}`},
		"truncated":           {"fr.json": `{"a": "b"`},
		"non-string value":    {"fr.json": `{"a": 1}`},
		"nested object":       {"fr.json": `{"a": {"b": "c"}}`},
		"array at top level":  {"fr.json": `["a"]`},
		"duplicate key":       {"fr.json": `{"a": "b", "a": "c"}`},
		"trailing data":       {"fr.json": `{"a": "b"} {}`},
		"empty key":           {"fr.json": `{"": "b"}`},
		"empty file":          {"fr.json": ``},
		"unsupported catalog": {"de.json": `{"a": "b"}`},
	}
	for name, files := range tests {
		if _, err := load(testFS(files), "c"); err == nil {
			t.Errorf("%s: load succeeded, want an error", name)
		}
	}
	fsys := testFS(nil)
	delete(fsys, "c/pt.json")
	if _, err := load(fsys, "c"); err == nil {
		t.Error("missing pt.json: load succeeded, want an error")
	}
	if _, err := load(testFS(nil), "c"); err != nil {
		t.Errorf("empty catalogs: %v", err)
	}
}

// TestChinesePunctuation catches ASCII punctuation written next to Chinese
// characters, where full-width punctuation belongs (，。：；！？（）).
func TestChinesePunctuation(t *testing.T) {
	c := mustLoad(t)
	for _, k := range c.Keys(Zh) {
		r := []rune(c.msgs[Zh][k])
		for i, ch := range r {
			if !strings.ContainsRune(",.:;!?()", ch) {
				continue
			}
			if (i > 0 && unicode.Is(unicode.Han, r[i-1])) || (i+1 < len(r) && unicode.Is(unicode.Han, r[i+1])) {
				t.Errorf("zh: %q uses ASCII %q next to a Chinese character: %q", k, ch, string(r))
			}
		}
	}
}

// TestFrenchSpacing requires a no-break space, not a plain one, before the
// French high punctuation marks, so that a line never starts with one.
func TestFrenchSpacing(t *testing.T) {
	c := mustLoad(t)
	for _, k := range c.Keys(Fr) {
		v := c.msgs[Fr][k]
		for _, p := range []string{" :", " ;", " !", " ?", "« ", " »"} {
			if strings.Contains(v, p) {
				t.Errorf("fr: %q has a breaking space in %q; use U+00A0 or U+202F: %q", k, p, v)
			}
		}
	}
}
