package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"roundtable/internal/dialogue"
	"roundtable/internal/i18n"
)

func TestGroundGroupsPage(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		g := setupGround(t, s)
		cat := i18n.MustLoad()
		d := doc(t, s.client().signIn(g.delegate["BRA"]).get(g.path("/ground/groups")))
		if got := text(one(t, d, "p", "id", "encoding")); got != cat.T(i18n.En, "ground.groups_encoding") {
			t.Errorf("encoding %q", got)
		}
		var codes []string
		for _, r := range find(one(t, d, "table", "id", "groups-table"), "tr") {
			if c := attr(r, "data-delegation"); c != "" {
				codes = append(codes, c)
			}
		}
		if strings.Join(codes, " ") != "ARG BRA CHN MEX" {
			t.Errorf("delegations placed: %v", codes)
		}
		if n := len(byClass(one(t, d, "div", "id", "scatter"), "g", "point")); n != 4 {
			t.Errorf("%d points drawn, want 4", n)
		}
		// Four delegations, Brazil and Argentina in the same place: three
		// distinct points, so k = 2 and k = 3 are tried, one kept.
		var tried []string
		chosen := 0
		for _, r := range find(one(t, d, "table", "id", "silhouettes"), "tr") {
			if k := attr(r, "data-k"); k != "" {
				tried = append(tried, k)
			}
			if attr(r, "data-chosen") == "true" {
				chosen++
			}
		}
		if strings.Join(tried, " ") != "2 3" || chosen != 1 {
			t.Errorf("silhouettes for k %v, %d kept", tried, chosen)
		}
		one(t, d, "p", "id", "k-chosen")
		// Every delegation agrees with uni, so every group does, whatever
		// the groups.
		one(t, one(t, d, "table", "id", "bridges-table"), "tr", "data-proposition", fmt.Sprint(g.uni))
		if attr(one(t, d, "a", "id", "groups-csv"), "href") != g.path("/ground/groups.csv") {
			t.Error("no CSV link")
		}

		// An edition where nobody took a position says why there are no
		// groups.
		admin := g.users[g.admin]
		dlg := &dialogue.Service{DB: s.db}
		ctx := context.Background()
		f, err := dlg.CreateForum(ctx, &admin, dialogue.Forum{Slug: fmt.Sprintf("empty-%d", s.counter()), Names: dialogue.Texts{"en": "Empty"}})
		if err != nil {
			t.Fatal(err)
		}
		e, err := dlg.CreateEdition(ctx, &admin, dialogue.Edition{ForumID: f.ID, Number: 1, Titles: dialogue.Texts{"en": "Empty"}, Published: true,
			StartsOn: "2025-01-01", EndsOn: "2025-01-02", VenueCity: "Lima", VenueCountry: "PER", Host: "Peru", Languages: []string{"en"}})
		if err != nil {
			t.Fatal(err)
		}
		d = doc(t, s.client().signIn(g.chair).get(fmt.Sprintf("/editions/%d/ground/groups", e.ID)))
		if got := text(one(t, d, "p", "id", "no-groups")); got != cat.T(i18n.En, "ground.reason.too_few_delegations") {
			t.Errorf("no groups, because %q", got)
		}
	})
}

func TestGroundPrioritiesPage(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		g := setupGround(t, s)
		ctx := context.Background()
		admin := g.users[g.admin]
		dlg := &dialogue.Service{DB: s.db}
		for _, st := range []struct {
			code     string
			concepts []string
		}{{"BRA", []string{"right-to-development", "poverty"}}, {"BRA", []string{"right-to-development"}}, {"CHN", []string{"right-to-development"}}} {
			saved, err := dlg.SaveStatement(ctx, &admin, dialogue.Statement{EditionID: g.edition, DelegationID: g.dels[st.code], Language: "en",
				Title: "Statement of " + st.code, Body: "Our priorities.", Visibility: dialogue.Public, DeliveredOn: "2024-11-19"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := dlg.CorrectTags(ctx, &admin, saved.ID, st.concepts, nil); err != nil {
				t.Fatal(err)
			}
		}
		d := doc(t, s.client().get(g.path("/ground/priorities")))
		// Both blocs raised the right to development; only Latin America
		// raised poverty.
		shared := find(one(t, d, "ul", "id", "shared-list"), "a")
		if len(shared) != 1 || attr(shared[0], "href") != "/concepts/right-to-development" {
			t.Fatalf("shared themes: %d", len(shared))
		}
		row := one(t, one(t, d, "table", "id", "priorities-table"), "tr", "data-concept", "right-to-development")
		var cells []string
		for _, c := range find(row, "td") {
			cells = append(cells, text(c))
		}
		// China: 1 member of 1; Latin America: Brazil (in two
		// statements), 1 member of 3.
		if strings.Join(cells, " | ") != "1.00 (1 of 1) | 0.33 (1 of 3)" {
			t.Errorf("right to development by bloc: %v", cells)
		}
		if n := len(byClass(one(t, d, "div", "id", "priorities-heatmap"), "g", "cell")); n != 4 {
			t.Errorf("%d heatmap cells, want 2 concepts × 2 blocs", n)
		}
		profile := text(one(t, one(t, d, "table", "id", "profiles-table"), "tr", "data-delegation", "BRA"))
		if !strings.Contains(profile, "right-to-development (2), poverty (1)") {
			t.Errorf("Brazil's profile %q", profile)
		}
		if attr(one(t, d, "a", "id", "priorities-csv"), "href") != g.path("/ground/priorities.csv") {
			t.Error("no CSV link")
		}
	})
}

// TestGroundPagesInEveryLanguage draws every page of common ground in the
// five languages, each in its reader's words.
func TestGroundPagesInEveryLanguage(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	g := setupGround(t, s)
	cat := i18n.MustLoad()
	bra, admin := s.client().signIn(g.delegate["BRA"]), s.client().signIn(g.admin)
	pages := []struct {
		c          *client
		path, key  string
		args       []any
		methodText bool
	}{
		{bra, g.path("/ground"), "ground.title", nil, true},
		{bra, g.path("/ground/groups"), "ground.groups_title", nil, false},
		{bra, g.path("/ground/priorities"), "ground.priorities_title", nil, false},
		{bra, fmt.Sprintf("/propositions/%d", g.div), "ground.proposition_n", []any{"id", g.div}, false},
		{bra, g.path("/propositions/new"), "ground.propose_title", nil, false},
		{admin, g.path("/blocs"), "ground.blocs_title", nil, false},
	}
	for _, lang := range i18n.Supported {
		bra.speak(string(lang))
		admin.speak(string(lang))
		for _, p := range pages {
			d := doc(t, p.c.get(p.path))
			if got, want := text(one(t, d, "h1")), cat.T(lang, p.key, p.args...); got != want {
				t.Errorf("%s in %s: h1 %q, want %q", p.path, lang, got, want)
			}
			if p.methodText {
				method := find(one(t, d, "section", "id", "method"), "p")
				if len(method) == 0 || text(method[0]) != cat.T(lang, "ground.method_agreement") {
					t.Errorf("the method is not explained in %s", lang)
				}
			}
		}
	}
}
