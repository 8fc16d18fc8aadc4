package search

import (
	"slices"
	"testing"
)

// versionedDocs: a Spanish statement with four translations (the French
// one by a machine), and an English one with a machine Portuguese version.
func versionedDocs() []Document {
	return []Document{
		{ID: "statement:1", Type: "statement", Language: "es", Visibility: VisPublic, Title: "Vivienda digna",
			Text: "El derecho a una vivienda digna para todas las familias.",
			Versions: []Version{
				{Lang: "es", Title: "Vivienda digna", Text: "El derecho a una vivienda digna para todas las familias."},
				{Lang: "en", Title: "Vivienda digna", Text: "The right to decent housing for all families."},
				{Lang: "pt", Title: "Vivienda digna", Text: "O direito a uma moradia digna para todas as famílias."},
				{Lang: "zh", Title: "Vivienda digna", Text: "所有家庭享有适足住房的权利。"},
				{Lang: "fr", Title: "Vivienda digna", Text: "Le droit à un logement décent pour toutes les familles.", Machine: true},
			}},
		{ID: "statement:2", Type: "statement", Language: "en", Visibility: VisPublic, Title: "Clean water",
			Text: "Safe drinking water and sanitation in rural areas.",
			Versions: []Version{
				{Lang: "en", Title: "Clean water", Text: "Safe drinking water and sanitation in rural areas."},
				{Lang: "pt", Title: "Água limpa", Text: "Água potável segura e saneamento nas zonas rurais.", Machine: true},
			}},
	}
}

func TestAStatementAndItsTranslationsAreOneHit(t *testing.T) {
	ix := openWith(t, versionedDocs())
	r := mustSearch(t, ix, Query{Text: "housing", Lang: "pt"})
	if r.Total != 1 || len(r.Hits) != 1 || r.Hits[0].ID != "statement:1" {
		t.Fatalf("housing: total %d, hits %v; want the one statement", r.Total, ids(r))
	}
	h := r.Hits[0]
	// The reader reads Portuguese: the Portuguese version is shown, the
	// English one is the one that matched.
	if h.Language != "pt" || h.Snippet != "O direito a uma moradia digna para todas as famílias." || h.Machine || h.Original != "es" {
		t.Errorf("shown %s (machine %v, original %s): %q", h.Language, h.Machine, h.Original, h.Snippet)
	}
	want := []HitVersion{{"en", false, true}, {"es", false, false}, {"pt", false, false}, {"zh", false, false}, {"fr", true, false}}
	if !slices.Equal(h.Versions, want) {
		t.Errorf("versions %+v, want %+v", h.Versions, want)
	}
	if h.MatchedBy != MatchedText {
		t.Errorf("matched by %q, want text", h.MatchedBy)
	}
	// A reader of a language the statement lacks sees the matched version.
	r = mustSearch(t, ix, Query{Text: "住房"})
	if len(r.Hits) != 1 || r.Hits[0].Language != "zh" || r.Hits[0].Snippet != "所有家庭享有适足<mark>住房</mark>的权利。" {
		t.Errorf("住房: %+v", r.Hits)
	}
}

func TestLanguageFacetCountsHumanVersions(t *testing.T) {
	ix := openWith(t, versionedDocs())
	r := mustSearch(t, ix, Query{})
	got := map[string]int{}
	for _, f := range r.Facets[FacetLanguage] {
		got[f.Value] = f.Count
	}
	// Statement 1 is readable by people in es, en, pt, zh; statement 2 in
	// en. Machine versions (fr of 1, pt of 2) are not counted.
	want := map[string]int{"es": 1, "en": 2, "pt": 1, "zh": 1}
	if r.Total != 2 || len(got) != len(want) {
		t.Fatalf("total %d, language facet %v, want %v", r.Total, got, want)
	}
	for l, n := range want {
		if got[l] != n {
			t.Errorf("language %s: %d, want %d (facet %v)", l, got[l], n, got)
		}
	}
	r = mustSearch(t, ix, Query{Filters: Filters{Language: "pt"}})
	if !slices.Equal(ids(r), []string{"statement:1"}) {
		t.Errorf("language=pt: %v, want only the statement with a human Portuguese version", ids(r))
	}
}

func TestMatchedInAMachineVersionOnlyIsATranslationMatch(t *testing.T) {
	ix := openWith(t, versionedDocs())
	r := mustSearch(t, ix, Query{Text: "saneamento"})
	if len(r.Hits) != 1 || r.Hits[0].ID != "statement:2" {
		t.Fatalf("saneamento: %v", ids(r))
	}
	h := r.Hits[0]
	if h.MatchedBy != MatchedTranslation || h.Language != "pt" || !h.Machine || h.Snippet != "Água potável segura e <mark>saneamento</mark> nas zonas rurais." || h.Title != "Água limpa" {
		t.Errorf("hit %+v", h)
	}
}

func TestAlternativesAreSearchedInTheirLanguage(t *testing.T) {
	ix := openWith(t, versionedDocs())
	// "saneamiento" is in no text; its English translation is.
	q := Query{Text: "saneamiento", Alternatives: []Alternative{{Lang: "en", Text: "sanitation", By: "apertium"}}}
	r := mustSearch(t, ix, q)
	if len(r.Hits) != 1 || r.Hits[0].ID != "statement:2" {
		t.Fatalf("saneamiento + en sanitation: %v", ids(r))
	}
	h := r.Hits[0]
	if h.MatchedBy != MatchedTranslation || h.Language != "en" || h.Snippet != "Safe drinking water and <mark>sanitation</mark> in rural areas." {
		t.Errorf("hit %+v", h)
	}
	// An alternative is asked of its own language only: the English word
	// in the Spanish fields finds nothing.
	q.Alternatives = []Alternative{{Lang: "es", Text: "sanitation"}}
	if r := mustSearch(t, ix, q); r.Total != 0 {
		t.Errorf("sanitation asked in Spanish: %v", ids(r))
	}
	// The words as typed rank above a translation's.
	r = mustSearch(t, ix, Query{Text: "housing", Alternatives: []Alternative{{Lang: "en", Text: "drinking"}}})
	if !slices.Equal(ids(r), []string{"statement:1", "statement:2"}) {
		t.Errorf("housing + en drinking: %v, want the typed word's hit first", ids(r))
	}
}
