package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/evidence"
	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/thesaurus"
	"roundtable/internal/web"
)

// shippedConcepts is the shipped thesaurus as the practice service asks
// it: the concepts it knows, and those it finds in a text.
type shippedConcepts struct{ th *thesaurus.Thesaurus }

func (c shippedConcepts) Known(id string) bool        { _, ok := c.th.Concept(id); return ok }
func (c shippedConcepts) Tag(lang, s string) []string { return c.th.Tag(lang, s) }

// practiceFixture is a site whose practice service tags with the shipped
// thesaurus, with a published edition where Brazil, Argentina and China
// are accredited, a delegate of each and the secretariat.
type practiceFixture struct {
	s                  *site
	dlgBRA, dlgARG     account.User
	dlgCHN, admin, obs account.User
	chair              account.User
}

func newPracticeFixture(t *testing.T, db *store.DB) *practiceFixture {
	t.Helper()
	ctx := context.Background()
	base := newSite(t, db)
	cs, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := thesaurus.Sync(ctx, db, cs); err != nil {
		t.Fatal(err)
	}
	th, err := thesaurus.New(cs)
	if err != nil {
		t.Fatal(err)
	}
	dlg := &dialogue.Service{DB: db}
	svc := &practice.Service{DB: db, Dialogue: dlg, Evidence: evidence.New(db), Thesaurus: shippedConcepts{th}}
	srv, err := web.New(web.Options{DB: db, Accounts: base.accounts, Dialogue: dlg, Logger: quietLog(), ConceptLabel: th.Label, Practices: svc})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	s := &site{t: t, db: db, accounts: base.accounts, srv: hs}
	fx := &practiceFixture{s: s}
	mk := func(email string, role account.Role, delegation string) account.User {
		u, err := base.accounts.Create(ctx, audit.System("test"), account.NewUser{Email: email, DisplayName: email, Role: role, Delegation: delegation, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	fx.admin = mk("secretariat@example.org", account.Administrator, "")
	fx.dlgBRA = mk("bra@example.org", account.Delegate, "BRA")
	fx.dlgARG = mk("arg@example.org", account.Delegate, "ARG")
	fx.dlgCHN = mk("chn@example.org", account.Delegate, "CHN")
	fx.obs = mk("observer@example.org", account.Observer, "")
	fx.chair = mk("chair@example.org", account.Chair, "")
	admin := &fx.admin
	forum, err := dlg.CreateForum(ctx, admin, dialogue.Forum{Slug: "practice", Names: dialogue.Texts{"en": "Practice Roundtable"}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := dlg.CreateEdition(ctx, admin, dialogue.Edition{ForumID: forum.ID, Number: 1, Titles: dialogue.Texts{"en": "Roundtable"}, Published: true,
		StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en", "es"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"BRA", "ARG", "CHN"} {
		d, err := dlg.AddDelegation(ctx, admin, dialogue.Delegation{EditionID: e.ID, Kind: dialogue.KindCountry, Code: code})
		if err != nil {
			t.Fatal(err)
		}
		if err := dlg.Accredit(ctx, admin, d.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	return fx
}

// as is a client signed in as u (nil: the public) reading in lang.
func (fx *practiceFixture) as(u *account.User, lang string) *client {
	c := fx.s.client()
	c.lang = lang
	if u != nil {
		c.signIn(u.Email)
		// A signed-in reader's language is the one chosen with the switch.
		if res := c.postForm("/language", url.Values{"lang": {lang}, "next": {"/"}}); res.StatusCode != http.StatusSeeOther {
			fx.s.t.Fatalf("language switch: %d", res.StatusCode)
		}
	}
	return c
}

var idInPath = regexp.MustCompile(`/(\d+)$`)

// createdID is the id at the end of a redirect's Location.
func createdID(t *testing.T, loc string) string {
	t.Helper()
	m := idInPath.FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("no id in Location %q", loc)
	}
	return m[1]
}
