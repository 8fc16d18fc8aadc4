package translate_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"roundtable/internal/outbox"
	"roundtable/internal/store/storetest"
	"roundtable/internal/translate"
)

// apertium finds the installed Apertium; without it the test skips,
// except in CI, which installs it.
func apertium(t *testing.T) *translate.Apertium {
	t.Helper()
	a, err := translate.FindApertium("")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must have Apertium installed (apertium, apertium-eng-spa, apertium-es-pt, apertium-fr-es): %v", err)
		}
		t.Skipf("Apertium tests skipped: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func TestApertiumPairs(t *testing.T) {
	a := apertium(t)
	// Debian's en-es, es-pt and fr-es packages, and every other pair
	// between those four through Spanish; never Chinese.
	want := []string{
		"en>es", "en>pt", "en>fr",
		"es>en", "es>pt", "es>fr",
		"pt>en", "pt>es", "pt>fr",
		"fr>en", "fr>es", "fr>pt",
	}
	got := a.Pairs()
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("pairs = %v, want %v", got, want)
	}
	for _, l := range []string{"en", "es", "pt", "fr"} {
		if a.Supports(l, "zh") || a.Supports("zh", l) {
			t.Errorf("apertium claims Chinese with %s", l)
		}
	}
}

func TestApertiumTranslates(t *testing.T) {
	a := apertium(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cases := []struct{ from, to, in, want string }{
		{"es", "pt", "El derecho a la educación es universal.", "O direito à educação é universal."},
		{"en", "es", "The right to the education is universal.", "El derecho a la educación es universal."},
		// Through Spanish: en → es → pt.
		{"en", "pt", "The right to the education is universal.", "O direito à educação é universal."},
		// Paragraphs stay paragraphs; the last full stop stays.
		{"es", "pt", "Hola.\n\nSegundo párrafo.", "Olá.\n\nSegundo parágrafo."},
		// Characters Apertium's stream reserves come through as written,
		// and an unknown word carries no '*'.
		{"es", "pt", "Véase [1] y el blorfy #ODS4 @onu.", "Veja-se [1] e o blorfy #ODS4 @onu."},
	}
	for _, c := range cases {
		got, err := a.Translate(ctx, c.from, c.to, []string{c.in, ""})
		if err != nil {
			t.Fatalf("%s→%s %q: %v", c.from, c.to, c.in, err)
		}
		if got[0] != c.want || got[1] != "" {
			t.Errorf("%s→%s %q = %q, want %q and an empty second text", c.from, c.to, c.in, got, c.want)
		}
	}
}

// TestApertiumPipelineMatchesExec: many texts in a row through the
// long-lived pipeline come out as separate runs of apertium give them, in
// order (a lost or extra NUL would shift every later text).
func TestApertiumPipelineMatchesExec(t *testing.T) {
	a := apertium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	texts := []string{
		"Toda persona tiene derecho a la vida.",
		"Nadie será sometido a torturas",
		"¿Quién decide?",
		"La salud, la vivienda y el agua.\nEl trabajo.",
		"Sí",
		"El Estado garantiza la seguridad social de 2024 a 2030.",
	}
	got, err := a.Translate(ctx, "es", "pt", texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, tx := range texts {
		want, err := a.Exec(ctx, "es-pt", tx)
		if err != nil {
			t.Fatal(err)
		}
		if got[i] != want {
			t.Errorf("text %d: pipeline %q, apertium run %q", i, got[i], want)
		}
	}
	if a.Pipelines() != 1 {
		t.Errorf("%d pipelines run after es→pt texts, want 1 (es-pt)", a.Pipelines())
	}
	if strings.Contains(strings.Join(got, ""), "\x00") {
		t.Errorf("NUL in the output: %q", got)
	}
}

func TestApertiumTimeout(t *testing.T) {
	a := apertium(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Translate(ctx, "es", "pt", []string{"Hola."}); err == nil {
		t.Fatal("a cancelled context translated")
	}
	// The engine still works afterwards.
	got, err := a.Translate(context.Background(), "es", "pt", []string{"Hola."})
	if err != nil || got[0] != "Olá." {
		t.Fatalf("after a timeout: %q, %v", got, err)
	}
}

// TestWorkerWithApertium: a Spanish text queued on a machine with Apertium
// gets English, Portuguese and French versions; no Chinese (no engine),
// and not the language a person wrote.
func TestWorkerWithApertium(t *testing.T) {
	a := apertium(t)
	db := storetest.SQLite(t)
	src := newMemSource()
	src.items[1] = translate.Item{Lang: "es", Texts: []string{"El derecho a la educación es universal."}, Human: []string{"fr"}}
	w := translate.NewWorker(db, translate.NewEngines(a), nil)
	w.Register(outbox.TranslateStatement, src)
	queue(t, db, outbox.TranslateStatement, 1)
	if n, err := w.RunDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("RunDue = %d, %v", n, err)
	}
	want := map[string]string{"en": "The right to the education is universal.", "pt": "O direito à educação é universal."}
	if len(src.saved[1]) != len(want) {
		t.Errorf("versions in %v, want en and pt", src.saved[1])
	}
	for l, s := range want {
		if got := src.saved[1][l]; len(got) != 1 || got[0] != s || src.by[1][l] != "apertium" {
			t.Errorf("%s: %q by %q, want %q by apertium", l, got, src.by[1][l], s)
		}
	}
}
