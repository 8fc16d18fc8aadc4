package journey

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/demo"
	"roundtable/internal/dialogue"
	"roundtable/internal/i18n"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// The roles the check reads the site as.
const (
	a11yVisitor  = "visitor"
	a11yAdmin    = "administrator"
	a11yChair    = "chair"
	a11yDelegate = "delegate"
)

var a11yRoles = []string{a11yVisitor, a11yAdmin, a11yChair, a11yDelegate}

// a11yOwnLanguage is the one language the chair and Brazil's delegate are
// read in.
var a11yOwnLanguage = map[string]i18n.Lang{a11yChair: i18n.Es, a11yDelegate: i18n.Pt}

// a11yPage is a main page of the site and who reads it.
type a11yPage struct {
	name, path string
	roles      []string
	// must, when set, is a CSS selector the page must match, so the page
	// checked is the one meant (search with results, not an empty one).
	must string
}

// demoIDs are the demo records the pages show, read through the services.
type demoIDs struct {
	edition, session, statement, delegation, outcome int64
	concept                                          string
}

// a11yPages lists the pages checked. Pages whose markup depends on who
// reads them (forms, controls, what needs this person) are checked as every
// role that reads them; pages that differ only by the header are checked
// signed out and as the administrator, whose header has the most in it.
func a11yPages(ids demoIDs) []a11yPage {
	var (
		signedIn = []string{a11yAdmin, a11yChair, a11yDelegate}
		header   = []string{a11yVisitor, a11yAdmin}
		p        = fmt.Sprintf
	)
	return []a11yPage{
		{name: "home", path: "/", roles: a11yRoles},
		{name: "editions", path: "/editions", roles: header},
		{name: "edition", path: p("/editions/%d", ids.edition), roles: a11yRoles},
		{name: "session", path: p("/sessions/%d", ids.session), roles: a11yRoles},
		{name: "statement", path: p("/statements/%d", ids.statement), roles: a11yRoles},
		{name: "delegation", path: p("/delegations/%d", ids.delegation), roles: a11yRoles},
		{name: "search", path: "/search?q=" + url.QueryEscape("发展权"), roles: header, must: "#results > li"},
		{name: "concepts", path: "/concepts", roles: header},
		{name: "concept", path: "/concepts/" + ids.concept, roles: header},
		{name: "countries", path: "/countries", roles: header},
		{name: "country", path: "/countries/BRA", roles: header},
		{name: "udhr-index", path: "/udhr", roles: header},
		{name: "udhr-article", path: "/udhr/1", roles: header},
		{name: "signin", path: "/signin", roles: []string{a11yVisitor}},
		{name: "speakers", path: p("/sessions/%d/speakers", ids.session), roles: a11yRoles},
		{name: "speakers-display", path: p("/sessions/%d/speakers/display", ids.session), roles: a11yRoles},
		{name: "ground", path: p("/editions/%d/ground", ids.edition), roles: a11yRoles},
		{name: "outcome", path: p("/outcomes/%d", ids.outcome), roles: signedIn},
		{name: "revision", path: p("/outcomes/%d/revisions/1", ids.outcome), roles: signedIn},
		{name: "manage", path: p("/editions/%d/manage", ids.edition), roles: []string{a11yAdmin}},
		{name: "users", path: "/admin/users", roles: []string{a11yAdmin}},
		{name: "account", path: "/account", roles: signedIn},
	}
}

// demoAccounts are the demo accounts that sign in, by role.
var a11yAccounts = map[string]string{
	a11yAdmin:    demo.AdminEmail,
	a11yChair:    demo.ChairEmail,
	a11yDelegate: "delegate.bra@roundtable.example",
}

// TestAccessibility runs axe-core over every main page of the demo, in the
// five languages, signed out and signed in as the administrator, the chair
// and a delegate, and fails on any serious or critical violation of WCAG
// 2.1 A/AA or axe's best practices, naming the rule, the page, the
// elements and the roles and languages that show it. Accessibility does
// not depend on the database engine, so it runs on SQLite only.
func TestAccessibility(t *testing.T) {
	chromiumPath(t) // skips (or fails in CI) before loading the demo for nothing
	db := storetest.SQLite(t)
	s := startSite(t, db)
	ids := readDemoIDs(t, s, db)
	pages := a11yPages(ids)
	axeJS := axeSource(t)

	started := time.Now()
	browser := a11yBrowser(t, 20*time.Minute)
	tabs := map[string]context.Context{}
	users := map[string]account.User{}
	for _, role := range a11yRoles {
		tabs[role] = roleTab(t, browser)
		if email, ok := a11yAccounts[role]; ok {
			users[role] = openSessionIn(t, tabs[role], s, email)
		}
	}

	// One tab per role, driven side by side; each goes through the five
	// languages and every page its role reads.
	var (
		mu     sync.Mutex
		found  findings
		errs   []string
		visits int
		wg     sync.WaitGroup
	)
	for _, role := range a11yRoles {
		wg.Go(func() {
			tab := tabs[role]
			for _, lang := range i18n.Supported {
				// Every page is read in all five languages signed out and
				// as the secretariat, who sees the most; the chair's and a
				// delegate's own parts (their forms, what needs them) in
				// their own language, so the whole check stays within a
				// few minutes of the test run.
				if own, ok := a11yOwnLanguage[role]; ok && lang != own {
					continue
				}
				var err error
				if u, ok := users[role]; ok {
					_, err = s.Accounts.Update(t.Context(), audit.System("a11y"), u.ID, account.Patch{Language: &lang})
				} else {
					err = setLangCookie(tab, s.URL, string(lang))
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, fmt.Sprintf("%s: switch to %s: %v", role, lang, err))
					mu.Unlock()
					return
				}
				for _, pg := range pages {
					if !slices.Contains(pg.roles, role) {
						continue
					}
					vs, err := checkPage(tab, s.URL, pg.path, lang.Tag(), pg.must, axeJS)
					mu.Lock()
					visits++
					if err != nil {
						errs = append(errs, fmt.Sprintf("%s as %s in %s: %v", pg.name, role, lang, err))
					} else {
						found.add(pg.name+" "+pg.path, role, string(lang), vs)
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	t.Logf("axe checked %d page views (%d pages, 5 languages signed out and as the secretariat, the chair in Spanish, a delegate in Portuguese) in %s",
		visits, len(pages), time.Since(started).Round(100*time.Millisecond))
	for _, e := range errs {
		t.Error(e)
	}
	if lines := found.report(); len(lines) > 0 {
		t.Errorf("%d serious or critical accessibility violations (page: rule (impact) help — elements):\n%s",
			len(lines), strings.Join(lines, "\n"))
	}
}

// openSessionIn signs a demo account in on a tab without the sign-in form
// (its journeys are tested elsewhere; here it is the pages behind it that
// are checked): the account chooses a password of its own, so no one-time
// password sends it to the change form, and the tab gets a session cookie.
func openSessionIn(t *testing.T, tab context.Context, s *site, email string) account.User {
	t.Helper()
	ctx := t.Context()
	u, err := s.Accounts.GetByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	const handedOut, chosen = "a password handed out for the check", "a password chosen for the check"
	if err := s.Accounts.SetPassword(ctx, audit.System("a11y"), u.ID, handedOut); err != nil {
		t.Fatal(err)
	}
	if err := s.Accounts.ChangePassword(ctx, u, handedOut, chosen); err != nil {
		t.Fatal(err)
	}
	token, err := s.Accounts.OpenSession(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	must(t, "give the tab "+email+"'s session", setCookie(tab, s.URL, "rt_session", token))
	return u
}

// readDemoIDs finds, as the secretariat, the demo's edition, its first
// session, Brazil's delegation, a public statement, the outcome document
// and a concept the demo's statements are tagged with.
func readDemoIDs(t *testing.T, s *site, db *store.DB) demoIDs {
	t.Helper()
	ctx := t.Context()
	a, err := s.Accounts.GetByEmail(ctx, s.AdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	d := &dialogue.Service{DB: db}
	eds, err := d.Editions(ctx, &a)
	if err != nil || len(eds) != 1 {
		t.Fatalf("demo editions: %d, %v", len(eds), err)
	}
	var ids demoIDs
	ids.edition = eds[0].ID
	sessions, err := d.Sessions(ctx, &a, ids.edition)
	if err != nil || len(sessions) == 0 {
		t.Fatalf("demo sessions: %d, %v", len(sessions), err)
	}
	ids.session = sessions[0].ID
	dels, err := d.Delegations(ctx, &a, ids.edition)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range dels {
		if x.Code == "BRA" {
			ids.delegation = x.ID
		}
	}
	if ids.delegation == 0 {
		t.Fatal("the demo edition has no delegation of Brazil")
	}
	latest, err := d.LatestPublic(ctx, ids.edition, 1)
	if err != nil || len(latest) == 0 {
		t.Fatalf("demo public statements: %d, %v", len(latest), err)
	}
	ids.statement = latest[0].ID
	if len(latest[0].Concepts) == 0 {
		t.Fatalf("the demo's latest public statement (%d) has no concept", ids.statement)
	}
	ids.concept = latest[0].Concepts[0]
	docs, err := (&outcome.Service{DB: db, Dialogue: d}).Documents(ctx, &a, ids.edition)
	if err != nil || len(docs) == 0 {
		t.Fatalf("demo outcome documents: %d, %v", len(docs), err)
	}
	ids.outcome = docs[0].ID
	return ids
}
