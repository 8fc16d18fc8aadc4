package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/country"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/web"
)

const setupToken = "first-run-secret-0123456789"

// setupSite is a site on a database without any account, started with a
// setup token, as `roundtable serve` starts on a new database.
func setupSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	set, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := country.Sync(context.Background(), db, set); err != nil {
		t.Fatal(err)
	}
	accounts, err := account.NewService(db, fastHasher)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Options{DB: db, Accounts: accounts, Logger: quietLog(), SetupToken: setupToken})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &site{t: t, db: db, accounts: accounts, srv: srv}
}

// On a new database the secretariat creates its own account in the
// browser, through the link serve prints, and is signed in; after that
// the page is gone, token or not.
func TestFirstRunCreatesTheSecretariatsAccountOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := setupSite(t, db)
		c := s.client()
		if res := c.get("/setup"); res.StatusCode != http.StatusNotFound {
			t.Errorf("setup without the token: %d, want 404", res.StatusCode)
		}
		if res := c.get("/setup?token=wrong"); res.StatusCode != http.StatusNotFound {
			t.Errorf("setup with a wrong token: %d, want 404", res.StatusCode)
		}
		res := c.get("/setup?token=" + setupToken)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("setup page: %d", res.StatusCode)
		}
		one(t, doc(t, res), "form", "id", "setup-form")

		form := url.Values{"token": {setupToken}, "display_name": {"Secretariat"}, "email": {"sec@example.org"}, "language": {"es"},
			"password": {"a long enough password"}, "password_again": {"a different password"}}
		res = c.postForm("/setup", form)
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("differing passwords: %d, want 400", res.StatusCode)
		}
		page := doc(t, res)
		if msg := text(one(t, page, "p", "id", "form-error")); !strings.Contains(msg, "Password again") {
			t.Errorf("the error does not name the field: %q", msg)
		}
		one(t, page, "input", "id", "password_again", "aria-invalid", "true")
		if got := attr(one(t, page, "input", "id", "email"), "value"); got != "sec@example.org" {
			t.Errorf("the e-mail typed is lost: %q", got)
		}
		if _, n, _ := s.accounts.List(context.Background(), 1, 0); n != 0 {
			t.Fatalf("a refused setup created %d accounts", n)
		}

		form.Set("password_again", "a long enough password")
		res = c.postForm("/setup", form)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Fatalf("setup: %d to %q, want 303 to /", res.StatusCode, res.Header.Get("Location"))
		}
		u, err := s.accounts.GetByEmail(context.Background(), "sec@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != account.Administrator || u.Language != "es" || u.DisplayName != "Secretariat" {
			t.Errorf("the first account is %+v, want the Spanish-speaking administrator typed", u)
		}
		if res := c.get("/account"); res.StatusCode != http.StatusOK {
			t.Errorf("not signed in after setup: /account answers %d", res.StatusCode)
		}
		// Once an account exists the page is gone, even with the token.
		if res := s.client().get("/setup?token=" + setupToken); res.StatusCode != http.StatusNotFound {
			t.Errorf("setup after the first account: %d, want 404", res.StatusCode)
		}
		res = s.client().postForm("/setup", url.Values{"token": {setupToken}, "display_name": {"Intruder"}, "email": {"x@example.org"},
			"password": {"a long enough password"}, "password_again": {"a long enough password"}})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("a second setup: %d, want 404", res.StatusCode)
		}
	})
}

// A server started without a token has no setup page, even on an empty
// database.
func TestNoSetupPageWithoutAToken(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		if res := s.client().get("/setup?token="); res.StatusCode != http.StatusNotFound {
			t.Errorf("setup with no token configured: %d, want 404", res.StatusCode)
		}
	})
}
