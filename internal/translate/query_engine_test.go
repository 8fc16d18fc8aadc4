package translate_test

import (
	"os"
	"testing"

	"roundtable/internal/translate"
)

// queryEngine is Apertium as a server runs it (persistent pipelines);
// without it the query tests that need it skip, except in CI, which
// installs it.
func queryEngine(t testing.TB) translate.Engine {
	t.Helper()
	a, err := translate.FindApertium("")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must have Apertium installed: %v", err)
		}
		t.Skipf("query translation with Apertium skipped: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}
