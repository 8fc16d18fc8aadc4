package web_test

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"roundtable/internal/demo"
	"roundtable/internal/dialogue"
	"roundtable/internal/discovery"
	"roundtable/internal/ground"
	"roundtable/internal/reference"
	"roundtable/internal/store"
	"roundtable/internal/thesaurus"
	"roundtable/internal/translate"
	"roundtable/internal/web"
)

// searchSite is a site with the shipped thesaurus and Declaration, the demo
// edition, and a search index that has caught up.
func searchSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	s, _, _ := searchSiteWith(t, db, nil)
	return s
}

// searchSiteWith is searchSite with a query translator (nil: none), and
// the search and record services it serves.
func searchSiteWith(t *testing.T, db *store.DB, qt translate.QueryTranslator) (*site, *discovery.Service, *dialogue.Service) {
	t.Helper()
	ctx := context.Background()
	base := newSite(t, db) // reference data and accounts
	cs, _ := thesaurus.Shipped()
	if _, err := thesaurus.Sync(ctx, db, cs); err != nil {
		t.Fatal(err)
	}
	arts, _ := reference.Shipped()
	if _, err := reference.Sync(ctx, db, arts); err != nil {
		t.Fatal(err)
	}
	svc, err := discovery.Open(ctx, db, filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	svc.Translator = qt
	dlg := &dialogue.Service{DB: db, Tagger: searchTagger{svc}}
	if _, err := demo.Load(ctx, db, base.accounts, &ground.Service{DB: db, Dialogue: dlg}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Options{DB: db, Accounts: base.accounts, Dialogue: dlg, Search: svc, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	base.srv.Config.Handler = s.Handler()
	return base, svc, dlg
}

// searchTagger tags with the search service's thesaurus, as the server does.
type searchTagger struct{ s *discovery.Service }

func (t searchTagger) Tag(lang, text string) []string {
	return t.s.Thesaurus(context.Background()).Tag(lang, text)
}

func TestSearchAPI(t *testing.T) {
	s := searchSite(t, sqliteDB(t))
	c := s.client()
	type hit struct {
		Type, ID, Title, Snippet, Language string
		Original                           string `json:"original_language"`
		MatchedBy                          string `json:"matched_by"`
	}
	type result struct {
		Results []hit
		Total   int
		Facets  map[string][]struct {
			Value string
			Count int
		}
	}
	res := decode[result](t, c.get("/api/v1/search?q="+url.QueryEscape("发展权")))
	// One hit per statement: statements delivered in Chinese, Spanish and
	// Portuguese are found (some only through a machine Chinese version:
	// matched_by translation).
	byLang := map[string]bool{}
	for _, h := range res.Results {
		if h.Type == "" || h.ID == "" || h.Title == "" || h.Language == "" || h.Original == "" ||
			(h.MatchedBy != "text" && h.MatchedBy != "concept" && h.MatchedBy != "translation") {
			t.Fatalf("incomplete hit %+v", h)
		}
		byLang[h.Original] = true
	}
	if !byLang["zh"] || !byLang["es"] || !byLang["pt"] || res.Total < 4 || len(res.Facets["language"]) == 0 {
		t.Fatalf("发展权: %d results in %v, facets %v", res.Total, byLang, res.Facets)
	}
	wantError(t, c.get("/api/v1/search?q="+url.QueryEscape(`"nivel de vida`)), 400, "unbalanced_quotes", "q")
	wantError(t, c.get("/api/v1/search?q="+url.QueryEscape(`¿?¡!`)), 400, "empty_query", "q")
	wantError(t, c.get("/api/v1/search?q=x&limit=500"), 400, "bad_pagination", "limit")
	far := wantError(t, c.get("/api/v1/search?q=x&offset=10001"), 400, "bad_pagination", "offset")
	if !strings.Contains(far.Error.Message, "10000") {
		t.Errorf("offset past the last page: message %q does not say where paging stops", far.Error.Message)
	}

	// The page shows the same, with how each hit matched.
	c.lang = "es"
	d := doc(t, c.get("/search?q="+url.QueryEscape("derecho al desarrollo")))
	hits := find(one(t, d, "ol", "id", "results"), "li")
	if len(hits) == 0 {
		t.Fatal("no results on the page")
	}
	kinds := map[string]bool{}
	for _, h := range hits {
		kinds[attr(h, "data-matched-by")] = true
	}
	if !kinds["text"] || !kinds["concept"] {
		t.Fatalf("matched by %v, want both text and concept", kinds)
	}
	d = doc(t, c.get("/search?q="+url.QueryEscape(`"sin cerrar`)))
	if !strings.Contains(text(one(t, d, "p", "id", "search-error")), "comillas") {
		t.Fatal("the quote error is not shown in Spanish")
	}
}

// A server running without a search index says so with 503, in the
// reader's language, and search pages say it too rather than failing.
func TestSearchWithoutIndexIsUnavailable(t *testing.T) {
	s := newSite(t, sqliteDB(t)) // no search service
	c := s.client()
	c.lang = "es"
	e := wantError(t, c.get("/api/v1/search?q=derechos"), http.StatusServiceUnavailable, "search_unavailable", "")
	if !strings.Contains(e.Error.Message, "búsqueda no está disponible") {
		t.Errorf("message %q, want the Spanish one", e.Error.Message)
	}
	if res := c.get("/search?q=derechos"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("search page: status %d, want 503", res.StatusCode)
	}
}
