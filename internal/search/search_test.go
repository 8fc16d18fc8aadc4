package search

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func ids(r Result) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.ID
	}
	return out
}

func hitByID(r Result, id string) (Hit, bool) {
	for _, h := range r.Hits {
		if h.ID == id {
			return h, true
		}
	}
	return Hit{}, false
}

func mustSearch(t *testing.T, ix *Index, q Query) Result {
	t.Helper()
	r, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return r
}

func TestSearchFindsArticle25InEachLanguage(t *testing.T) {
	ix := openWith(t, udhrDocs(t))
	tests := []struct{ query, want string }{
		{"nivel de vida adecuado", "udhr:es:25"},
		{"padrão de vida", "udhr:pt:25"},
		{"生活水准", "udhr:zh:25"},
		{"niveau de vie suffisant", "udhr:fr:25"},
		{"standard of living adequate", "udhr:en:25"},
	}
	for _, tt := range tests {
		r := mustSearch(t, ix, Query{Text: tt.query})
		if len(r.Hits) == 0 || r.Hits[0].ID != tt.want {
			t.Errorf("%q: hits %v, want %s first", tt.query, ids(r), tt.want)
			continue
		}
		h := r.Hits[0]
		if h.MatchedBy != MatchedText || !strings.Contains(h.Snippet, "<mark>") {
			t.Errorf("%q: MatchedBy %q, snippet %q; want text with <mark>", tt.query, h.MatchedBy, h.Snippet)
		}
		if h.Title == "" || h.URL == "" || h.Date.Year() != 1948 {
			t.Errorf("%q: stored fields missing: %+v", tt.query, h)
		}
	}
}

func TestSearchPhrases(t *testing.T) {
	ix := openWith(t, udhrDocs(t))
	r := mustSearch(t, ix, Query{Text: `"nivel de vida"`})
	if !slices.Equal(ids(r), []string{"udhr:es:25"}) {
		t.Errorf(`"nivel de vida": hits %v, want only udhr:spa:25`, ids(r))
	}
	// The same words out of order, and with the stop word's gap moved,
	// are not the phrase.
	for _, q := range []string{`"vida de nivel"`, `"nivel vida de"`} {
		if r := mustSearch(t, ix, Query{Text: q}); r.Total != 0 {
			t.Errorf("%s: hits %v, want none", q, ids(r))
		}
	}
	// Without quotes the reordered words still all match.
	if r := mustSearch(t, ix, Query{Text: "vida de nivel"}); !slices.Contains(ids(r), "udhr:es:25") {
		t.Errorf("vida de nivel: hits %v, want udhr:spa:25", ids(r))
	}
	r = mustSearch(t, ix, Query{Text: `"生活水准"`})
	if !slices.Equal(ids(r), []string{"udhr:zh:25"}) {
		t.Errorf(`"生活水准": hits %v`, ids(r))
	}
}

func TestSearchFoldsAccents(t *testing.T) {
	ix := openWith(t, udhrDocs(t))
	tests := []struct{ query, want string }{
		{"educacion", "udhr:es:26"},
		{"EDUCACIÓN", "udhr:es:26"},
		{"instrucao", "udhr:pt:26"}, // the text says "instrução"
		{"instrucoes", "udhr:pt:26"},
		{"education", "udhr:en:26"},
		{"l'education", "udhr:fr:26"},
	}
	for _, tt := range tests {
		r := mustSearch(t, ix, Query{Text: tt.query})
		if len(r.Hits) == 0 || r.Hits[0].ID != tt.want {
			t.Errorf("%q: hits %v, want %s first", tt.query, ids(r), tt.want)
		}
	}
}

func TestSearchConceptsCrossLanguage(t *testing.T) {
	docs := udhrDocs(t)
	withID(t, docs, "udhr:zh:25", func(d *Document) { d.Concepts = []string{"c1"} })
	withID(t, docs, "udhr:en:25", func(d *Document) { d.Concepts = []string{"c1"} })
	ix := openWith(t, docs)

	r := mustSearch(t, ix, Query{Text: "standard of living", Concepts: []string{"c1"}})
	en, okEn := hitByID(r, "udhr:en:25")
	zh, okZh := hitByID(r, "udhr:zh:25")
	if !okEn || !okZh {
		t.Fatalf("hits %v, want the English and Chinese article 25", ids(r))
	}
	if en.MatchedBy != MatchedText || zh.MatchedBy != MatchedConcept {
		t.Errorf("MatchedBy: en %q, zh %q; want text, concept", en.MatchedBy, zh.MatchedBy)
	}
	if r.Hits[0].ID != "udhr:en:25" {
		t.Errorf("hits %v: the text match should rank first", ids(r))
	}
	// A concept hit's snippet is the escaped start of its text.
	if !strings.HasPrefix(zh.Snippet, "人人有权享受") || strings.Contains(zh.Snippet, "<mark>") {
		t.Errorf("concept snippet %q", zh.Snippet)
	}
	// Words that match only in part are no text match: the Spanish article
	// says "nivel" but not "xyzzy", and is found through its concept.
	withID(t, docs, "udhr:es:25", func(d *Document) { d.Concepts = []string{"c1"} })
	if err := ix.Apply(docs, nil); err != nil {
		t.Fatal(err)
	}
	r = mustSearch(t, ix, Query{Text: "nivel xyzzy", Concepts: []string{"c1"}})
	if es, ok := hitByID(r, "udhr:es:25"); !ok || es.MatchedBy != MatchedConcept || r.Total != 3 {
		t.Errorf("partial words: hits %v, spa:25 matched by %q; want 3 concept hits", ids(r), es.MatchedBy)
	}
	// Without the concept, the English words do not find Chinese text.
	r = mustSearch(t, ix, Query{Text: "standard of living"})
	if _, ok := hitByID(r, "udhr:zh:25"); ok {
		t.Errorf("Chinese article found without the concept: %v", ids(r))
	}
}

func TestSearchFiltersAndFacets(t *testing.T) {
	docs := udhrDocs(t)
	for i := range docs {
		docs[i].EditionID = 1
		if strings.HasSuffix(docs[i].ID, ":25") {
			docs[i].EditionID = 2
			docs[i].Delegation = "BRA"
			docs[i].Concepts = []string{"c-living"}
		}
	}
	ix := openWith(t, docs)

	r := mustSearch(t, ix, Query{Filters: Filters{Edition: 2}})
	if r.Total != 5 {
		t.Errorf("edition 2: %d hits %v, want the 5 article 25s", r.Total, ids(r))
	}
	if got := r.Facets[FacetLanguage]; len(got) != 5 || got[0].Count != 1 {
		t.Errorf("language facet %v, want 5 languages of 1", got)
	}
	if got := r.Facets[FacetDelegation]; !slices.Equal(got, []FacetCount{{"BRA", 5}}) {
		t.Errorf("delegation facet %v", got)
	}
	if got := r.Facets[FacetConcept]; !slices.Equal(got, []FacetCount{{"c-living", 5}}) {
		t.Errorf("concept facet %v", got)
	}

	r = mustSearch(t, ix, Query{Text: "droit", Filters: Filters{Language: "fr", Edition: 1}})
	if r.Total == 0 {
		t.Fatal("droit in French edition 1: no hits")
	}
	for _, h := range r.Hits {
		if h.Language != "fr" || strings.HasSuffix(h.ID, ":25") {
			t.Errorf("hit %s (%s) escapes the filters", h.ID, h.Language)
		}
	}
	if got := r.Facets[FacetEdition]; !slices.Equal(got, []FacetCount{{"1", int(r.Total)}}) {
		t.Errorf("edition facet %v, want all in 1", got)
	}
	if got := r.Facets[FacetType]; !slices.Equal(got, []FacetCount{{"udhr", int(r.Total)}}) {
		t.Errorf("type facet %v", got)
	}

	day := time.Date(1948, 12, 10, 0, 0, 0, 0, time.UTC)
	if r := mustSearch(t, ix, Query{Filters: Filters{From: day.AddDate(0, 0, 1)}}); r.Total != 0 {
		t.Errorf("from after the date: %d hits", r.Total)
	}
	if r := mustSearch(t, ix, Query{Filters: Filters{From: day, To: day, Concept: "c-living"}}); r.Total != 5 {
		t.Errorf("date and concept filters: %d hits", r.Total)
	}
}

func TestSearchVisibility(t *testing.T) {
	now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	embargo := now.Add(2 * time.Hour)
	statement := func(id, vis, deleg string) Document {
		return Document{ID: id, Type: "statement", Title: id, Language: "es", Visibility: vis,
			Delegation: deleg, Text: "El derecho al desarrollo es un derecho humano inalienable."}
	}
	embargoed := statement("statement:3", VisPublic, "CHN")
	embargoed.EmbargoUntil = embargo
	ix := openWith(t, []Document{
		statement("statement:1", VisPublic, "BRA"),
		statement("statement:2", VisDraft, "BRA"),
		embargoed,
		statement("statement:4", VisParticipants, "MEX"),
		statement("statement:5", VisDelegation, "MEX"),
	})
	tests := []struct {
		name   string
		viewer Viewer
		at     time.Time
		want   []string
	}{
		{"public", Viewer{Public: true}, now, []string{"statement:1"}},
		{"zero viewer is public", Viewer{}, now, []string{"statement:1"}},
		{"public at embargo end", Viewer{Public: true}, embargo, []string{"statement:1", "statement:3"}},
		{"public overrides participant", Viewer{Public: true, Participant: true}, now, []string{"statement:1"}},
		{"participant", Viewer{Participant: true}, now, []string{"statement:1", "statement:3", "statement:4"}},
		{"own delegation", Viewer{Participant: true, Delegation: "BRA"}, now, []string{"statement:1", "statement:2", "statement:3", "statement:4"}},
		{"other delegation", Viewer{Participant: true, Delegation: "MEX"}, now, []string{"statement:1", "statement:3", "statement:4", "statement:5"}},
	}
	for _, tt := range tests {
		r := mustSearch(t, ix, Query{Text: "derecho desarrollo", Viewer: tt.viewer, Now: tt.at})
		got := ids(r)
		slices.Sort(got)
		if !slices.Equal(got, tt.want) || r.Total != uint64(len(tt.want)) {
			t.Errorf("%s: hits %v (total %d), want %v", tt.name, got, r.Total, tt.want)
		}
	}
}

func TestSnippetEscapesHTML(t *testing.T) {
	ix := openWith(t, []Document{{ID: "statement:9", Type: "statement", Language: "en", Visibility: VisPublic,
		Text: `<script>alert("x")</script> Poverty alleviation & <b>health</b>`}})
	r := mustSearch(t, ix, Query{Text: "poverty"})
	if len(r.Hits) != 1 {
		t.Fatalf("hits %v", ids(r))
	}
	s := r.Hits[0].Snippet
	if strings.Contains(s, "<script>") || strings.Contains(s, "<b>") || !strings.Contains(s, "&lt;script&gt;") ||
		!strings.Contains(s, "<mark>Poverty</mark>") || !strings.Contains(s, "&amp;") {
		t.Errorf("snippet %q is not escaped text with a <mark>", s)
	}
}

func TestSearchPages(t *testing.T) {
	var docs []Document
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 5 {
		docs = append(docs, Document{ID: "session:" + string(rune('a'+i)), Type: "session", Language: "pt",
			Visibility: VisPublic, Date: base.AddDate(0, 0, i), Text: "Cooperação Sul-Sul para o desenvolvimento."})
	}
	ix := openWith(t, docs)
	// Pages do not overlap and together list every hit once. (Equal scores
	// keep index order: ranking ties by date would load every hit's date.)
	seen := map[string]bool{}
	for offset := 0; offset < 6; offset += 2 {
		r := mustSearch(t, ix, Query{Text: "desenvolvimento", Limit: 2, Offset: offset})
		if r.Total != 5 {
			t.Fatalf("total %d", r.Total)
		}
		for _, id := range ids(r) {
			if seen[id] {
				t.Fatalf("%s on two pages", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != 5 {
		t.Fatalf("pages listed %d of 5 hits", len(seen))
	}
	// Without a query, a listing is newest first.
	r := mustSearch(t, ix, Query{Limit: 2})
	if !slices.Equal(ids(r), []string{"session:e", "session:d"}) {
		t.Errorf("listing: %v", ids(r))
	}
}

func TestSearchQueryErrors(t *testing.T) {
	ix := openWith(t, nil)
	_, err := ix.Search(context.Background(), Query{Text: `"open`})
	if code, ok := IsQueryError(err); !ok || code != CodeUnbalancedQuotes {
		t.Errorf("err %v, want %s", err, CodeUnbalancedQuotes)
	}
	// A query of stop words only matches nothing rather than everything.
	r := mustSearch(t, ix, Query{Text: "de la"})
	if r.Total != 0 {
		t.Errorf("stop words: %d hits", r.Total)
	}
}

func TestOpenReopensAndRefusesOtherMapping(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply([]Document{{ID: "udhr:x:1", Language: "fr", Text: "Tous les êtres humains naissent libres", Visibility: VisPublic}}, nil); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if r := mustSearch(t, ix, Query{Text: "etres libres"}); r.Total != 1 {
		t.Errorf("after reopen: %d hits", r.Total)
	}
	if err := ix.bi.SetInternal(keyMapping, []byte("0")); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := Open(dir); !errors.Is(err, ErrIndexOutdated) {
		t.Errorf("Open with another mapping version: %v, want ErrIndexOutdated", err)
	}
}

func TestLatinWordsInChineseTextAreFound(t *testing.T) {
	ix := openWith(t, []Document{{ID: "statement:1", Type: "statement", Language: "zh", Visibility: VisPublic,
		Text: "中国愿同CELAC成员国加强南南合作。"}})
	for _, q := range []string{"CELAC", "南南合作"} {
		if r := mustSearch(t, ix, Query{Text: q}); r.Total != 1 {
			t.Errorf("%s: %d hits", q, r.Total)
		}
	}
}

func TestFacetsAreOmittedForVeryLargeResults(t *testing.T) {
	var docs []Document
	for i := range 5 {
		docs = append(docs, Document{ID: "statement:" + string(rune('a'+i)), Type: "statement", Language: "es",
			Visibility: VisPublic, Text: "El derecho al desarrollo."})
	}
	ix := openWith(t, docs)
	r := mustSearch(t, ix, Query{Text: "desarrollo"})
	if r.FacetsOmitted || len(r.Facets[FacetLanguage]) != 1 || r.Facets[FacetLanguage][0].Count != 5 {
		t.Fatalf("small result: omitted=%v facets %v", r.FacetsOmitted, r.Facets)
	}
	ix.maxFacetHits = 4
	r = mustSearch(t, ix, Query{Text: "desarrollo"})
	if !r.FacetsOmitted || len(r.Facets[FacetLanguage]) != 0 || r.Total != 5 {
		t.Fatalf("large result: omitted=%v total %d facets %v", r.FacetsOmitted, r.Total, r.Facets)
	}
}
