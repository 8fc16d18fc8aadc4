package web_test

import (
	"context"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/i18n"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

func TestLanguageNegotiation(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		cat := i18n.MustLoad()
		title := func(c *client, h http.Header) (string, string) {
			res := c.do("GET", "/countries", nil, h)
			d := doc(t, res)
			return attr(one(t, d, "html"), "lang"), text(one(t, d, "h1"))
		}
		c := s.client()
		if lang, h1 := title(c, http.Header{"Accept-Language": {"zh-CN,zh;q=0.9,en;q=0.5"}}); lang != "zh-Hans" || h1 != cat.T(i18n.Zh, "countries.title") {
			t.Fatalf("Accept-Language zh: lang=%q h1=%q", lang, h1)
		}
		// The switcher's cookie beats Accept-Language.
		if res := c.postForm("/language", url.Values{"lang": {"es"}, "next": {"/countries"}}); res.StatusCode != 303 || res.Header.Get("Location") != "/countries" {
			t.Fatalf("switch: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		if lang, h1 := title(c, http.Header{"Accept-Language": {"zh"}}); lang != "es" || h1 != cat.T(i18n.Es, "countries.title") {
			t.Fatalf("after switching to es: lang=%q h1=%q", lang, h1)
		}
		// A signed-in user's preference beats both, and switching stores it.
		s.user("fr@example.org", account.Observer)
		u := s.client().signIn("fr@example.org")
		u.postForm("/language", url.Values{"lang": {"fr"}, "next": {"/"}})
		if lang, _ := title(u, http.Header{"Accept-Language": {"zh"}}); lang != "fr" {
			t.Fatalf("signed-in user sees %q", lang)
		}
		stored, _ := s.accounts.GetByEmail(context.Background(), "fr@example.org")
		if stored.Language != i18n.Fr {
			t.Fatalf("preference stored as %q", stored.Language)
		}
		wantStatus(t, c.postForm("/language", url.Values{"lang": {"de"}}), 400)
		// Redirects stay on the site.
		if res := c.postForm("/language", url.Values{"lang": {"en"}, "next": {"//evil.example/"}}); res.Header.Get("Location") != "/" {
			t.Fatalf("open redirect to %q", res.Header.Get("Location"))
		}
	})
}

func wantStatus(t *testing.T, res *http.Response, status int) {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d", res.Request.Method, res.Request.URL.Path, res.StatusCode, status)
	}
}

func TestFormsNeedTheCSRFToken(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.user("o@example.org", account.Observer)
		c := s.client().signIn("o@example.org")
		form := url.Values{"display_name": {"Changed"}, "language": {"en"}}
		res := c.do("POST", "/account", strings.NewReader(form.Encode()), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
		wantStatus(t, res, 403)
		form.Set("csrf", "forged-forged-forged-forged-forged")
		res = c.do("POST", "/account", strings.NewReader(form.Encode()), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
		wantStatus(t, res, 403)
		// A cross-site form post is refused even with the right token.
		form.Set("csrf", c.csrf())
		res = c.do("POST", "/account", strings.NewReader(form.Encode()), http.Header{
			"Content-Type": {"application/x-www-form-urlencoded"}, "Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}})
		wantStatus(t, res, 403)
		u, _ := s.accounts.GetByEmail(context.Background(), "o@example.org")
		if u.DisplayName == "Changed" {
			t.Fatal("a forged form changed the account")
		}
		wantStatus(t, c.postForm("/account", form), 303)
	})
}

func TestSignInAnswersAreIndistinguishable(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.user("chair@example.org", account.Chair)
		page := func(email string) (int, string) {
			c := s.client()
			c.lang = "pt-BR"
			res := c.postForm("/signin", url.Values{"email": {email}, "password": {"wrong password, long"}})
			return res.StatusCode, text(one(t, doc(t, res), "p", "id", "signin-error"))
		}
		s1, m1 := page("chair@example.org")
		s2, m2 := page("nobody@example.org")
		if s1 != s2 || m1 != m2 || m1 != i18n.MustLoad().T(i18n.Pt, "signin.failed") {
			t.Fatalf("known user: %d %q; unknown: %d %q", s1, m1, s2, m2)
		}
	})
}

func TestSignInIsRefusedAfterManyFailures(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	s.user("target@example.org", account.Chair)
	ctx := context.Background()
	// Fifty recent failures, as an attacker would leave behind.
	for i := 0; i < 50; i++ {
		if _, err := s.db.Reader().Exec(ctx, "INSERT INTO login_failures (subject, at) VALUES (?, ?)", "email:target@example.org", store.Now()); err != nil {
			t.Fatal(err)
		}
	}
	c := s.client()
	res := c.postForm("/signin", url.Values{"email": {"target@example.org"}, "password": {testPassword}})
	wantStatus(t, res, 429)
}

func TestUserTextIsShownAsText(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	s.user("x@example.org", account.Observer)
	c := s.client().signIn("x@example.org")
	evil := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	wantStatus(t, c.postForm("/account", url.Values{"display_name": {evil}, "language": {"en"}}), 303)
	d := doc(t, c.get("/account"))
	// The site's own scripts come from /static; anything else is the
	// user's text turned into markup.
	n := len(find(d, "img"))
	for _, sc := range find(d, "script") {
		if !strings.HasPrefix(attr(sc, "src"), "/static/js/") {
			n++
		}
	}
	if n != 0 {
		t.Fatalf("user text became %d elements", n)
	}
	if got := attr(one(t, d, "input", "id", "display_name"), "value"); got != evil {
		t.Fatalf("display name shown as %q", got)
	}
}

func TestSignOutEverywhereEndsOtherSessions(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.user("d@example.org", account.Observer)
		a := s.client().signIn("d@example.org")
		b := s.client().signIn("d@example.org")
		wantStatus(t, a.get("/account"), 200)
		wantStatus(t, a.postForm("/account/signout-everywhere", nil), 303)
		for _, c := range []*client{a, b} {
			res := c.get("/account")
			if res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/signin") {
				t.Fatalf("after sign-out everywhere: %d %q", res.StatusCode, res.Header.Get("Location"))
			}
		}
	})
}

func TestAdministratorCreatesAUserWithAOneTimePassword(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.user("admin@example.org", account.Administrator)
		c := s.client().signIn("admin@example.org")
		res := c.postForm("/admin/users", url.Values{"email": {"mex@example.org"}, "display_name": {"Delegada de México"},
			"role": {"delegate"}, "delegation": {"MEX"}, "language": {"es"}})
		wantStatus(t, res, 303) // and the next page shows the password, once
		notice := text(one(t, doc(t, c.get("/admin/users")), "p", "id", "users-notice"))
		pw := regexp.MustCompile(`[A-Za-z0-9]{16}$`).FindString(notice)
		if pw == "" {
			t.Fatalf("no one-time password in %q", notice)
		}
		other := s.client()
		res = other.postForm("/signin", url.Values{"email": {"mex@example.org"}, "password": {pw}})
		wantStatus(t, res, 303)
		// The new delegate chooses a password, then sees the site in
		// Spanish and their delegation.
		wantStatus(t, other.postForm("/password/change", url.Values{"new_password": {"la contraseña de México"}}), 303)
		page := doc(t, other.get("/account"))
		if attr(one(t, page, "html"), "lang") != "es" || text(one(t, page, "dd", "id", "role")) != i18n.MustLoad().T(i18n.Es, "role.delegate") {
			t.Fatal("the new delegate's account page is not in Spanish")
		}
		// A form error is shown, and nothing is saved.
		res = c.postForm("/admin/users", url.Values{"email": {"bad"}, "display_name": {"X"}, "role": {"observer"}})
		wantStatus(t, res, 400)
		if f := attr(one(t, doc(t, res), "p", "id", "users-error"), "data-field"); f != "email" {
			t.Fatalf("error on field %q", f)
		}
	})
}

func TestCountryPages(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	c := s.client()
	c.lang = "zh"
	d := doc(t, c.get("/countries?group=CELAC"))
	rows := find(one(t, d, "table", "id", "countries"), "tr")
	if len(rows) != 34 { // header and 33 members
		t.Fatalf("CELAC list has %d rows", len(rows)-1)
	}
	d = doc(t, c.get("/countries/BRA"))
	if h1 := text(one(t, d, "h1")); h1 != "巴西" {
		t.Fatalf("Brazil in Chinese is %q", h1)
	}
	if n := len(find(one(t, d, "table", "id", "names"), "tr")); n != 5 {
		t.Fatalf("%d name rows, want one per language", n)
	}
	wantStatus(t, c.get("/countries/XXX"), 404)
	wantStatus(t, c.get("/countries?group=NOPE"), 400)
	// A page asked with a method it does not take: 405, in the reader's
	// language, with the methods it takes.
	res := c.do("DELETE", "/countries/BRA", nil, nil)
	wantStatus(t, res, 405)
	if allow := res.Header.Get("Allow"); allow != "GET, HEAD" {
		t.Errorf("Allow %q", allow)
	}
	if msg := text(one(t, doc(t, res), "main")); !strings.Contains(msg, "此地址不接受") {
		t.Errorf("405 page says %q, want it in Chinese", msg)
	}
}

// TestTemplatesUseOnlyCatalogKeys catches a key typed in a template but
// missing from the catalogs (the i18n tests then make sure every language
// has every key).
func TestTemplatesUseOnlyCatalogKeys(t *testing.T) {
	cat := i18n.MustLoad()
	re := regexp.MustCompile(`\.T "([a-z_.]+)"`)
	err := fs.WalkDir(os.DirFS("templates"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile("templates/" + p)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !cat.Has(i18n.En, m[1]) && !cat.Has(i18n.En, m[1]+".other") {
				t.Errorf("%s uses %q, which no catalog has", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTwoInstancesShareSessions runs two servers on one PostgreSQL database:
// a visitor who signs in on one is signed in on the other.
func TestTwoInstancesShareSessions(t *testing.T) {
	u := storetest.PostgresURL(t)
	open := func() *store.DB { return storetest.Open(t, u) }
	a := newSite(t, open())
	b := newSite(t, open())
	a.user("both@example.org", account.Chair)
	ca := a.client().signIn("both@example.org")
	srvURL, _ := url.Parse(a.srv.URL)
	cb := b.client()
	bURL, _ := url.Parse(b.srv.URL)
	cb.http.Jar.SetCookies(bURL, ca.http.Jar.Cookies(srvURL))
	wantStatus(t, cb.get("/account"), 200)
	wantStatus(t, cb.postForm("/account/signout-everywhere", nil), 303)
	if res := ca.get("/account"); res.StatusCode != 303 {
		t.Fatalf("signed out on B, still signed in on A: %d", res.StatusCode)
	}
}

func TestOperationalEndpoints(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	c := s.client()
	wantStatus(t, c.get("/healthz"), 200)
	wantStatus(t, c.get("/readyz"), 200)
	// With neither a metrics token nor an address of its own, /metrics is
	// not served (metrics_test.go reads it both ways).
	wantStatus(t, c.get("/metrics"), 404)
	res := c.get("/static/css/roundtable.css")
	wantStatus(t, res, 200)
	if csp := c.get("/").Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Fatalf("CSP %q", csp)
	}
}
