package web_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/demo"
	"roundtable/internal/dialogue"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/translate"
)

// spanishToEnglish is a query translator that knows one word: the
// product's is tested in package translate; here it stands for one.
type spanishToEnglish struct{}

func (spanishToEnglish) Alternatives(_ context.Context, text, _ string) []translate.Alternative {
	if text == "quimerismo" {
		return []translate.Alternative{{Lang: "en", Text: "chimerical", By: "dictionary"}}
	}
	return nil
}

// chimerical adds a Spanish statement with four translations (English,
// Portuguese and Chinese by people, French by a machine) in a demo
// session, and returns it with its delegation and session.
func chimerical(t *testing.T, db *store.DB, s *site, dlg *dialogue.Service) (dialogue.Statement, dialogue.Delegation, dialogue.Session) {
	t.Helper()
	ctx := context.Background()
	admin, err := s.accounts.GetByEmail(ctx, demo.AdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	eds, _ := dlg.Editions(ctx, &admin)
	ds, _ := dlg.Delegations(ctx, &admin, eds[0].ID)
	ss, _ := dlg.Sessions(ctx, &admin, eds[0].ID)
	st, err := dlg.SaveStatement(ctx, &admin, dialogue.Statement{EditionID: eds[0].ID, DelegationID: ds[0].ID, SessionID: ss[0].ID,
		Language: "es", Title: "Cooperación quimérica", Body: "La cooperación quimérica entre los pueblos del sur.",
		DeliveredOn: "2025-07-25", Visibility: dialogue.Public})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range []dialogue.Translation{
		{Language: "en", Body: "Chimerical cooperation between the peoples of the South.", Origin: "human", Review: "reviewed"},
		{Language: "pt", Body: "A cooperação quimérica entre os povos do sul.", Origin: "human", Review: "reviewed"},
		{Language: "zh", Body: "南方各国人民之间的奇美拉合作。", Origin: "human", Review: "reviewed"},
		{Language: "fr", Body: "La coopération chimérique entre les peuples du Sud.", Origin: "machine", Review: "pending"},
	} {
		if _, err := dlg.SetTranslation(ctx, &admin, st.ID, tr); err != nil {
			t.Fatal(err)
		}
	}
	return st, ds[0], ss[0]
}

// TestAStatementWithFourTranslationsIsOneResult is what a Portuguese
// reader sees searching an English word of a Spanish statement: one
// result, in Portuguese, the English version marked as the one that
// matched, every other version one click away, with its delegation,
// session and day.
func TestAStatementWithFourTranslationsIsOneResult(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, svc, dlg := searchSiteWith(t, db, nil)
		st, del, sess := chimerical(t, db, s, dlg)
		if _, err := svc.CatchUp(context.Background()); err != nil {
			t.Fatal(err)
		}
		c := s.client()
		c.lang = "pt"
		d := doc(t, c.get("/search?q=chimerical"))
		if got := text(one(t, d, "p", "id", "search-total")); got != "1 resultado" {
			t.Errorf("total %q, want 1 resultado", got)
		}
		hits := find(one(t, d, "ol", "id", "results"), "li")
		if len(hits) != 1 {
			t.Fatalf("%d results, want 1", len(hits))
		}
		h := hits[0]
		id := "statement:" + itoa(int(st.ID))
		if attr(h, "data-id") != id || attr(h, "data-shown") != "pt" || attr(h, "data-matched-by") != "text" || attr(h, "lang") != "pt-BR" {
			t.Errorf("hit %s shown in %s, matched by %s", attr(h, "data-id"), attr(h, "data-shown"), attr(h, "data-matched-by"))
		}
		if got := text(one(t, h, "p", "class", "snippet")); got != "A cooperação quimérica entre os povos do sul." {
			t.Errorf("snippet %q, want the Portuguese version", got)
		}
		link := one(t, one(t, h, "h2"), "a", "href", "/statements/"+itoa(int(st.ID))+"#tr-pt")
		if text(link) != "Cooperación quimérica" {
			t.Errorf("title %q", text(link))
		}
		// Versions: each language a link to its place on the statement's
		// page; English matched, French by a machine, Portuguese shown.
		var langs []string
		for _, a := range find(one(t, h, "p", "class", "hit-versions"), "a") {
			l := attr(a, "data-lang")
			langs = append(langs, l)
			_, matched := attrOK(a, "data-matched")
			_, machine := attrOK(a, "data-machine")
			if matched != (l == "en") || machine != (l == "fr") || (attr(a, "aria-current") == "true") != (l == "pt") {
				t.Errorf("version %s: matched %v, machine %v, current %q", l, matched, machine, attr(a, "aria-current"))
			}
			want := "/statements/" + itoa(int(st.ID)) + "#tr-" + l
			if l == "es" {
				want = "/statements/" + itoa(int(st.ID)) + "#original"
			}
			if attr(a, "href") != want {
				t.Errorf("version %s links to %s, want %s", l, attr(a, "href"), want)
			}
		}
		if !slices.Equal(langs, []string{"en", "es", "pt", "zh", "fr"}) {
			t.Errorf("versions %v", langs)
		}
		if got := text(one(t, h, "a", "class", "hit-delegation")); got != del.Names["pt"] {
			t.Errorf("delegation %q, want %q", got, del.Names["pt"])
		}
		if got := text(one(t, h, "a", "class", "hit-session")); got != sess.Titles.In("pt") {
			t.Errorf("session %q, want %q", got, sess.Titles.In("pt"))
		}
		if got := text(one(t, h, "span", "class", "hit-date")); got != "25 de julho de 2025" {
			t.Errorf("date %q", got)
		}

		// Counts: the language facet counts the statement once in each
		// language people wrote it in, not in French (a machine's).
		type facet struct {
			Value string
			Count int
		}
		res := decode[struct {
			Total   int
			Facets  map[string][]facet
			Results []struct {
				ID       string
				Language string
				Versions []struct {
					Language         string
					Machine, Matched bool
				}
			}
		}](t, c.get("/api/v1/search?q=chimerical"))
		if res.Total != 1 || len(res.Results) != 1 || res.Results[0].Language != "pt" || len(res.Results[0].Versions) != 5 {
			t.Fatalf("API: %+v", res)
		}
		got := map[string]int{}
		for _, f := range res.Facets["language"] {
			got[f.Value] = f.Count
		}
		if len(got) != 4 || got["es"] != 1 || got["en"] != 1 || got["pt"] != 1 || got["zh"] != 1 {
			t.Errorf("language facet %v, want es, en, pt, zh once each", got)
		}

		// Found only in the machine's French: said so, and labelled.
		c.lang = "fr"
		d = doc(t, c.get("/search?q="+url.QueryEscape("chimérique")))
		h = one(t, one(t, d, "ol", "id", "results"), "li")
		if attr(h, "data-matched-by") != "translation" || attr(h, "data-shown") != "fr" {
			t.Errorf("chimérique: matched by %s, shown in %s", attr(h, "data-matched-by"), attr(h, "data-shown"))
		}
		if got := text(one(t, h, "p", "class", "machine-label")); got != "Traduction automatique — ne fait pas foi" {
			t.Errorf("machine label %q", got)
		}
		if got := text(one(t, h, "span", "class", "matched")); got != "trouvé par une traduction" {
			t.Errorf("matched %q", got)
		}
	})
}

// TestAlsoSearchedShowsTheQueryTranslations: a query the thesaurus does not
// reach is also searched in its translations, which the page and the API
// name.
func TestAlsoSearchedShowsTheQueryTranslations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, svc, dlg := searchSiteWith(t, db, spanishToEnglish{})
		st, _, _ := chimerical(t, db, s, dlg)
		if _, err := svc.CatchUp(context.Background()); err != nil {
			t.Fatal(err)
		}
		c := s.client()
		c.lang = "es"
		d := doc(t, c.get("/search?q=quimerismo"))
		also := one(t, d, "p", "id", "also-searched")
		if got := strings.Join(strings.Fields(text(also)), " "); got != "También se buscó: chimerical (English)" {
			t.Errorf("also searched %q", got)
		}
		if q := one(t, also, "q"); attr(q, "lang") != "en" {
			t.Errorf("the alternative is not marked as English: %q", attr(q, "lang"))
		}
		h := one(t, one(t, d, "ol", "id", "results"), "li")
		if attr(h, "data-id") != "statement:"+itoa(int(st.ID)) || attr(h, "data-matched-by") != "translation" || attr(h, "data-shown") != "es" {
			t.Errorf("hit %s matched by %s shown in %s", attr(h, "data-id"), attr(h, "data-matched-by"), attr(h, "data-shown"))
		}
		res := decode[struct {
			AlsoSearched []struct{ Language, Text, By string } `json:"also_searched"`
			Total        int
		}](t, c.get("/api/v1/search?q=quimerismo"))
		if res.Total != 1 || len(res.AlsoSearched) != 1 || res.AlsoSearched[0] != (struct{ Language, Text, By string }{"en", "chimerical", "dictionary"}) {
			t.Errorf("API: %+v", res)
		}
	})
}

// attrOK is an attribute's value and whether the element has it at all.
func attrOK(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}
