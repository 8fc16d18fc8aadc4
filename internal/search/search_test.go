package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"roundtable/internal/account"
	"slices"
	"strings"
	"testing"
	"time"

	vis "roundtable/internal/visibility"
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

// Phrases are found through word shingles (text.PhraseShingles); a phrase
// of three words or more must still stand in one piece, not be pieced
// together from shingles in different places. In Chinese a word of several bigrams is a
// phrase whether quoted or not.
func TestSearchPhrasesStandInOnePiece(t *testing.T) {
	ix := openWith(t, []Document{
		{ID: "statement:1", Language: "es", Visibility: VisPublic, Text: "Un derecho humano al agua. Acceso humano al agua potable."},
		{ID: "statement:2", Language: "es", Visibility: VisPublic, Text: "Un derecho humano al agua potable, público y gratuito."},
		{ID: "statement:3", Language: "zh", Visibility: VisPublic, Text: "保障人民的生活和水准。"},
		{ID: "statement:4", Language: "zh", Visibility: VisPublic, Text: "提高人民生活水准。"},
		{ID: "statement:5", Language: "es", Visibility: VisPublic, Title: "Derecho humano público", Text: "Sesión de apertura."},
		{ID: "statement:6", Language: "en", Visibility: VisPublic, Text: "The protection of human rights defenders."},
		{ID: "statement:7", Language: "zh", Visibility: VisPublic, Text: "人人有份，有人有权。"},
		{ID: "statement:8", Language: "zh", Visibility: VisPublic, Text: "人人有权享受。"},
		{ID: "statement:9", Language: "es", Visibility: VisPublic, Text: "Un nivel de vida y una vida adecuada."},
		{ID: "statement:10", Language: "es", Visibility: VisPublic, Text: "Un nivel de vida adecuado."},
	})
	tests := []struct {
		query string
		want  []string
	}{
		// 1 has "derecho humano al agua" and "humano al agua potable",
		// but not the phrase in one piece.
		{`"derecho humano al agua potable"`, []string{"statement:2"}},
		{`"derecho humano"`, []string{"statement:1", "statement:2", "statement:5"}},
		{`"derecho humano público"`, []string{"statement:5"}}, // in its title
		{"derecho humano público", []string{"statement:2", "statement:5"}},
		// A removed stop word's place is not any word.
		{`"protection of the rights"`, nil},
		{`"protection of human rights"`, []string{"statement:6"}},
		{"生活水准", []string{"statement:4"}}, // 3 has 生活 and 水准, apart
		{`"生活水准"`, []string{"statement:4"}},
		// 7 has 人人有 and 人有权, apart.
		{"人人有权", []string{"statement:8"}},
		// 9 has "nivel de vida" and "vida adecuada", not one after the other.
		{`"nivel de vida adecuado"`, []string{"statement:10"}},
	}
	for _, tt := range tests {
		got := ids(mustSearch(t, ix, Query{Text: tt.query}))
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: hits %v, want %v", tt.query, got, tt.want)
		}
	}
	// The phrase is highlighted where it stands.
	r := mustSearch(t, ix, Query{Text: `"derecho humano"`})
	if h, _ := hitByID(r, "statement:2"); h.MatchedBy != MatchedText || !strings.Contains(h.Snippet, "<mark>derecho humano</mark>") {
		t.Errorf(`"derecho humano": statement:2 matched by %q, snippet %q`, h.MatchedBy, h.Snippet)
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
		{"public", reader("", ""), now, []string{"statement:1"}},
		{"zero viewer is public", Viewer{}, now, []string{"statement:1"}},
		{"public at embargo end", reader("", ""), embargo, []string{"statement:1", "statement:3"}},
		{"an observer reads as the public", reader(account.Observer, ""), now, []string{"statement:1"}},
		{"participant", reader(account.Chair, ""), now, []string{"statement:1", "statement:3", "statement:4"}},
		{"own delegation", reader(account.Delegate, "BRA"), now, []string{"statement:1", "statement:2", "statement:3", "statement:4"}},
		{"other delegation", reader(account.Delegate, "MEX"), now, []string{"statement:1", "statement:3", "statement:4", "statement:5"}},
		{"secretariat", reader(account.Administrator, ""), now, []string{"statement:1", "statement:2", "statement:3", "statement:4", "statement:5"}},
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

// The collector reads visibility, dates and facet values from each index
// segment (columns.go) and numbers documents across segments as the index
// does; batches applied one by one make one segment each, and replacing
// or deleting a document leaves its old version behind, deleted, in an
// older segment. Totals, facets and pages must count every live document
// once, at its latest version, and only those the viewer may see.
func TestSearchAcrossSegmentsCountsLiveVisibleDocuments(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	doc := func(i int, lang, vis string) Document {
		return Document{ID: fmt.Sprintf("statement:%d", i), Type: "statement", Language: lang, Visibility: vis,
			Delegation: []string{"BRA", "CHN", "MEX"}[i%3], EditionID: int64(1 + i%2),
			Date: time.Date(2025, 7, 1+i%28, 0, 0, 0, 0, time.UTC), Text: "El derecho al desarrollo y a la salud."}
	}
	// Five batches of 10: statement i is public unless i%5 == 0 (draft).
	for b := range 5 {
		var docs []Document
		for i := b * 10; i < b*10+10; i++ {
			vis := VisPublic
			if i%5 == 0 {
				vis = VisDraft
			}
			docs = append(docs, doc(i, "es", vis))
		}
		if err := ix.Apply(docs, nil); err != nil {
			t.Fatal(err)
		}
	}
	// Later batches: 1..4 become English (no longer match "desarrollo"),
	// 6 and 7 are deleted, 10 (a draft) is published.
	var moved []Document
	for i := 1; i <= 4; i++ {
		d := doc(i, "en", VisPublic)
		d.Text = "The right to development."
		moved = append(moved, d)
	}
	if err := ix.Apply(moved, []string{"statement:6", "statement:7"}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply([]Document{doc(10, "es", VisPublic)}, nil); err != nil {
		t.Fatal(err)
	}

	// Spanish, live, public: 50 − 10 drafts − 4 moved − 2 deleted + 1 published.
	const wantPublic = 35
	r := mustSearch(t, ix, Query{Text: "desarrollo", Limit: 100})
	if r.Total != wantPublic || len(r.Hits) != wantPublic {
		t.Fatalf("public: total %d, %d hits; want %d", r.Total, len(r.Hits), wantPublic)
	}
	seen := map[string]bool{}
	for _, h := range r.Hits {
		if seen[h.ID] || h.ID == "statement:6" || h.ID == "statement:7" || h.ID == "statement:1" || h.ID == "statement:20" {
			t.Errorf("hit %s: duplicate, deleted, moved or a draft", h.ID)
		}
		seen[h.ID] = true
	}
	if got := r.Facets[FacetLanguage]; len(got) != 1 || got[0] != (FacetCount{"es", wantPublic}) {
		t.Errorf("language facet %v, want es=%d", got, wantPublic)
	}
	var editions int
	for _, f := range r.Facets[FacetEdition] {
		editions += f.Count
	}
	if editions != wantPublic {
		t.Errorf("edition facet %v adds up to %d, want %d", r.Facets[FacetEdition], editions, wantPublic)
	}
	// The secretariat also sees the 9 remaining drafts (0, 5, 15 … 45).
	if r := mustSearch(t, ix, Query{Text: "desarrollo", Viewer: reader(account.Administrator, "")}); r.Total != wantPublic+9 {
		t.Errorf("secretariat: total %d, want %d", r.Total, wantPublic+9)
	}
	// Brazil's delegation sees its own drafts: those with i%3 == 0 (0, 15,
	// 30 and 45).
	if r := mustSearch(t, ix, Query{Text: "desarrollo", Viewer: reader(account.Delegate, "BRA")}); r.Total != wantPublic+4 {
		t.Errorf("BRA: total %d, want %d", r.Total, wantPublic+4)
	}
	// Paging through the public result gives each hit once, in the order
	// of the full list.
	var paged []string
	for off := 0; off < wantPublic+10; off += 7 {
		paged = append(paged, ids(mustSearch(t, ix, Query{Text: "desarrollo", Limit: 7, Offset: off}))...)
	}
	if !slices.Equal(paged, ids(r)) {
		t.Errorf("pages %v\nwant %v", paged, ids(r))
	}
	// A listing (no words) is newest first.
	l := mustSearch(t, ix, Query{Limit: 100})
	for i := 1; i < len(l.Hits); i++ {
		if l.Hits[i].Date.After(l.Hits[i-1].Date) {
			t.Fatalf("listing not newest first at %d: %v after %v", i, l.Hits[i].Date, l.Hits[i-1].Date)
		}
	}
	if l.Total != wantPublic+4 {
		t.Errorf("listing: total %d, want %d (the Spanish and the English public statements)", l.Total, wantPublic+4)
	}
}

// A large index is walked in parts, one per CPU (collect). However many
// parts, a search gives the same hits, scores, order, total and facets.
func TestSearchInPartsGivesTheSameResult(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	texts := []string{"El derecho al desarrollo.", "El derecho a la salud y al desarrollo sostenible.",
		"Derechos humanos y desarrollo: el derecho al desarrollo de los pueblos.", "La salud."}
	for b := range 4 { // four segments
		var docs []Document
		for i := b * 25; i < b*25+25; i++ {
			docs = append(docs, Document{ID: fmt.Sprintf("statement:%d", i), Type: "statement", Language: "es",
				Visibility: []string{VisPublic, VisPublic, VisParticipants}[i%3], EditionID: int64(i % 4),
				Date: time.Date(2025, 1, 1+i%30, 0, 0, 0, 0, time.UTC), Text: texts[i%len(texts)]})
		}
		if err := ix.Apply(docs, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []Query{
		{Text: "desarrollo", Limit: 30},
		{Text: `"derecho al desarrollo"`, Limit: 10, Offset: 5},
		{Text: `"derecho al desarrollo de los pueblos"`, Limit: 10},
		{Text: "salud", Viewer: reader(account.Chair, ""), Limit: 50},
		{Limit: 15, Offset: 3},
	} {
		ix.parts = 1
		want := mustSearch(t, ix, q)
		if want.Total == 0 {
			t.Fatalf("%+v: no hits", q)
		}
		for _, parts := range []int{2, 3, 7} {
			ix.parts = parts
			got := mustSearch(t, ix, q)
			if got.Total != want.Total || !slices.Equal(ids(got), ids(want)) || fmt.Sprint(got.Facets) != fmt.Sprint(want.Facets) {
				t.Errorf("%+v in %d parts: total %d %v facets %v; in one: total %d %v facets %v",
					q, parts, got.Total, ids(got), got.Facets, want.Total, ids(want), want.Facets)
			}
			for i := range got.Hits {
				if got.Hits[i].Score != want.Hits[i].Score {
					t.Errorf("%+v in %d parts: hit %d score %v, in one %v", q, parts, i, got.Hits[i].Score, want.Hits[i].Score)
				}
			}
		}
	}
}

// split cuts a snapshot's document numbers into contiguous parts that
// cover them all, the last open-ended for nothing to fall past it; an
// index too small for parts is walked in one.
func TestSplitCoversEveryDocumentOnce(t *testing.T) {
	seg := func(base uint64, n int) segmentView {
		return segmentView{base: base, cols: &columns{vis: make([]uint8, n), rows: make([]docRow, n+1), ties: make([]docTies, n)}}
	}
	w := walk{segs: []segmentView{seg(0, 40), seg(40, 25), seg(65, 35)}} // 100 documents
	for _, n := range []int{1, 2, 3, 7} {
		parts := w.split(n, 1)
		if len(parts) != n || parts[0].from != 0 || parts[n-1].to != math.MaxUint64 {
			t.Fatalf("split(%d) = %v", n, parts)
		}
		for i := 1; i < n; i++ {
			if parts[i].from != parts[i-1].to || parts[i].from <= parts[i-1].from {
				t.Fatalf("split(%d) = %v: not contiguous", n, parts)
			}
		}
	}
	if parts := w.split(4, 50); len(parts) != 2 {
		t.Errorf("split(4, at least 50 documents each) of 100 = %v, want 2 parts", parts)
	}
}

// Warm reads an opened index's segment columns in the background, so the
// first search after a start does not wait for them.
func TestOpenWarmsTheColumns(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(udhrDocs(t), nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.Warm()
	ix.warming.Wait()
	ix.cols.mu.Lock()
	warmed := len(ix.cols.segs)
	ix.cols.mu.Unlock()
	if warmed == 0 {
		t.Fatal("no segment's columns read after opening")
	}
	// The search uses them: the same hits as ever.
	if got := ids(mustSearch(t, ix, Query{Text: "educación"})); !slices.Contains(got, "udhr:es:26") {
		t.Errorf("educación: hits %v", got)
	}
}

// reader is the viewer an account of role (and delegation) searches as;
// role "" is the public.
func reader(role account.Role, delegation string) Viewer {
	if role == "" {
		return vis.Of(nil)
	}
	return vis.Of(&account.User{Role: role, Delegation: delegation})
}
