package web

import (
	"testing"

	"roundtable/internal/i18n"
)

// TestExportColonFollowsTheLanguage: the exports join a heading to its
// value as each language writes it.
func TestExportColonFollowsTheLanguage(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{catalog: cat}
	for lang, want := range map[i18n.Lang]string{i18n.En: ": ", i18n.Fr: "\u202f: ", i18n.Zh: "："} {
		if got := s.exportOutcomeWords(lang, exportedOutcome{}).Colon; got != want {
			t.Errorf("%s: colon %q, want %q", lang, got, want)
		}
	}
}
