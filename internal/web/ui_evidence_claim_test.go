package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/dialogue"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// claimSite is a site with a public statement of China's and the 2025
// population of China, Brazil and the world (wdi_all_areas.csv), as the
// World Bank WDI release of 2026-07-01.
func claimSite(t *testing.T, db *store.DB) (*site, int64) {
	t.Helper()
	s := newSite(t, db)
	ctx := context.Background()
	admin := s.user("secretariat@example.org", account.Administrator)
	s.user("chair@example.org", account.Chair)
	dlg := &dialogue.Service{DB: db}
	f, err := dlg.CreateForum(ctx, &admin, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC"}})
	claimMust(t, err)
	e, err := dlg.CreateEdition(ctx, &admin, dialogue.Edition{ForumID: f.ID, Number: 1, Titles: dialogue.Texts{"en": "First"}, StartsOn: "2025-07-24", EndsOn: "2025-07-25",
		VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en"}, Status: dialogue.Open, Published: true})
	claimMust(t, err)
	d, err := dlg.AddDelegation(ctx, &admin, dialogue.Delegation{EditionID: e.ID, Kind: dialogue.KindCountry, Code: "CHN"})
	claimMust(t, err)
	claimMust(t, dlg.Accredit(ctx, &admin, d.ID, true))
	st, err := dlg.SaveStatement(ctx, &admin, dialogue.Statement{EditionID: e.ID, DelegationID: d.ID, Language: "en",
		Body: "China alone is a fifth of humanity.", Visibility: dialogue.Public})
	claimMust(t, err)
	now := time.Now().UTC()
	claimMust(t, db.Write(ctx, func(tx *store.Tx) error {
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"INSERT INTO evidence_areas (code, kind, names) VALUES ('CHN', 'economy', '{\"en\":\"China\",\"es\":\"China\"}'), ('BRA', 'economy', '{\"en\":\"Brazil\"}'), ('WLD', 'aggregate', '{\"en\":\"World\",\"es\":\"Mundo\"}')", nil},
			{"INSERT INTO indicators (code, names, updated_at) VALUES ('SP.POP.TOTL', '{\"en\":\"Population, total\",\"es\":\"Población, total\"}', ?)", []any{now}},
			{"INSERT INTO indicator_series (id, indicator_code, source, vintage, licence, revision, observations, updated_at) VALUES (1, 'SP.POP.TOTL', 'World Bank WDI', '2026-07-01', 'CC-BY-4.0', 1, 3, ?)", []any{now}},
			{"INSERT INTO observations (series_id, area, year, value) VALUES (1, 'CHN', 2025, 1406585000), (1, 'BRA', 2025, 212812405), (1, 'WLD', 2025, 8215424893)", nil},
		} {
			if _, err := tx.Exec(ctx, q.sql, q.args...); err != nil {
				return err
			}
		}
		return nil
	}))
	return s, st.ID
}

func claimMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestClaimCheckPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := claimSite(t, db)
		c := s.client()
		// China over the world in 2025: 1,406,585,000 / 8,215,424,893.
		q := "/evidence/check?kind=share&indicator=SP.POP.TOTL&areas=CHN&of=WLD&stated=20"
		res := c.get(q)
		wantStatus(t, res, 200)
		d := doc(t, res)
		gives := text(one(t, d, "p", "id", "claim-gives"))
		for _, want := range []string{"17.1%", "2025", "World Bank WDI", "2026-07-01", "CC-BY-4.0"} {
			if !strings.Contains(gives, want) {
				t.Errorf("answer %q lacks %q", gives, want)
			}
		}
		if v := one(t, d, "p", "id", "claim-verdict"); attr(v, "data-verdict") != "differs" || !strings.Contains(text(v), "-2.9 percentage points") {
			t.Errorf("verdict %q (%s), want differs by -2.9 points", text(v), attr(v, "data-verdict"))
		}
		c.lang = "es"
		if gives := text(one(t, doc(t, c.get(q)), "p", "id", "claim-gives")); !strings.Contains(gives, "17,1\u00a0%") {
			t.Errorf("in Spanish: %q, want 17,1 %%", gives)
		}

		// Refusals: a 400 naming the field, in the reader's language.
		res = c.get("/evidence/check?kind=share&indicator=SP.POP.TOTL&areas=XXX&of=WLD")
		wantStatus(t, res, 400)
		banner := one(t, doc(t, res), "p", "id", "form-error")
		if attr(banner, "data-field") != "areas" || !strings.Contains(text(banner), "XXX") {
			t.Errorf("unknown area: %q on %s", text(banner), attr(banner, "data-field"))
		}
		wantStatus(t, c.get("/evidence/check?kind=share&indicator=SP.POP.TOTL&areas=CHN&of=WLD&year=1990"), 404)
		wantStatus(t, c.get("/evidence/check?kind=share&indicator=SP.POP.TOTL&areas=CHN&of=WLD&stated=lots"), 400)

		// The method note, in every language, without a key left showing.
		for _, lang := range []string{"en", "es", "pt", "zh", "fr"} {
			c.lang = lang
			d := doc(t, c.get("/evidence/check"))
			if all := text(one(t, d, "main")); strings.Contains(all, "evidence_claims.") {
				t.Errorf("%s: an untranslated key shows on the page", lang)
			}
			if n := len(find(one(t, d, "section", "id", "method"), "p")); n < 7 {
				t.Errorf("%s: the method note has %d paragraphs", lang, n)
			}
		}
	})
}

func TestClaimChecksUnderAStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, id := claimSite(t, db)
		path := "/statements/" + strconv.FormatInt(id, 10)
		chair := s.client().signIn("chair@example.org")
		form := url.Values{"quote": {"China alone is a fifth of humanity"}, "kind": {"share"}, "indicator": {"SP.POP.TOTL"},
			"areas": {"CHN"}, "of": {"WLD"}, "stated": {"20"}}

		empty := url.Values{}
		for k, v := range form {
			empty[k] = v
		}
		empty.Set("quote", " ")
		res := chair.postForm(path+"/claims", empty)
		wantStatus(t, res, 400)
		if b := one(t, doc(t, res), "p", "id", "form-error"); attr(b, "data-field") != "quote" {
			t.Errorf("empty quote refused on %q", attr(b, "data-field"))
		}

		wantStatus(t, chair.postForm(path+"/claims", form), 303)

		// The public reads the check under the statement, without the
		// chair's buttons.
		d := doc(t, s.client().get(path))
		claim := one(t, d, "article", "class", "card claim")
		if attr(claim, "data-verdict") != "differs" || !strings.Contains(text(claim), "17.1%") || !strings.Contains(text(claim), "a fifth of humanity") {
			t.Errorf("public claim = %q (%s)", text(claim), attr(claim, "data-verdict"))
		}
		if len(find(d, "a", "id", "add-claim")) != 0 || len(find(claim, "form")) != 0 {
			t.Error("the public is offered to add or remove checks")
		}

		cd := doc(t, chair.get(path))
		del := one(t, one(t, cd, "article", "class", "card claim"), "form")
		wantStatus(t, chair.postForm(attr(del, "action"), nil), 303)
		if n := len(find(doc(t, s.client().get(path)), "article", "class", "card claim")); n != 0 {
			t.Errorf("%d checks after removal", n)
		}
	})
}
