package web_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/i18n"
	"roundtable/internal/mail"
	"roundtable/internal/mail/mailtest"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/web"
)

// publicURL is the --public-url of the sites that send mail: reset links
// must start with it, whatever Host the request named.
const publicURL = "https://roundtable.example"

// mailSite is a site that sends its e-mail to a local SMTP server.
func mailSite(t *testing.T, db *store.DB, smtp *mailtest.Server) *site {
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
	pub, _ := url.Parse(publicURL)
	srv, err := web.New(web.Options{DB: db, Accounts: accounts, Logger: quietLog(), PublicURL: pub,
		Mail: &mail.Sender{Addr: smtp.Addr, From: "noreply@roundtable.example", Security: mail.StartTLS, TLS: smtp.ClientTLS()}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &site{t: t, db: db, accounts: accounts, srv: ts}
}

// userIn creates an account with a language of its own.
func (s *site) userIn(email string, role account.Role, lang i18n.Lang) account.User {
	s.t.Helper()
	u, err := s.accounts.Create(context.Background(), audit.System("test"), account.NewUser{Email: email, DisplayName: "Ana", Role: role, Language: lang, Password: testPassword})
	if err != nil {
		s.t.Fatal(err)
	}
	return u
}

func location(res *http.Response) string { return res.Header.Get("Location") }

func wantRedirect(t *testing.T, res *http.Response, to string) {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther || location(res) != to {
		t.Fatalf("%s %s: %d to %q, want 303 to %q", res.Request.Method, res.Request.URL.Path, res.StatusCode, location(res), to)
	}
}

// signInWith posts the sign-in form with a password.
func (c *client) signInWith(email, password, next string) *http.Response {
	return c.postForm("/signin", url.Values{"email": {email}, "password": {password}, "next": {next}})
}

// cookieSet is the Set-Cookie of name in res.
func cookieSet(t *testing.T, res *http.Response, name string) *http.Cookie {
	t.Helper()
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no cookie %s set", name)
	return nil
}

var oneTimeInNotice = regexp.MustCompile(`[A-Za-z0-9]{16}$`)

func TestFirstSignInForcesANewPassword(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.user("admin@example.org", account.Administrator)
		admin := s.client().signIn("admin@example.org")
		res := admin.postForm("/admin/users", url.Values{"email": {"mex@example.org"}, "display_name": {"Delegada de México"},
			"role": {"delegate"}, "delegation": {"MEX"}, "language": {"es"}})
		wantRedirect(t, res, "/admin/users")
		notice := text(one(t, doc(t, admin.get("/admin/users")), "p", "id", "users-notice"))
		pw := oneTimeInNotice.FindString(notice)
		if pw == "" || !strings.Contains(notice, "mex@example.org") {
			t.Fatalf("no one-time password in %q", notice)
		}
		if n := find(doc(t, admin.get("/admin/users")), "p", "id", "users-notice"); len(n) != 0 {
			t.Fatal("the one-time password is shown a second time")
		}

		del := s.client()
		wantRedirect(t, del.signInWith("mex@example.org", pw, "/editions"), "/editions")
		// Every page leads to choosing a password, and back afterwards.
		wantRedirect(t, del.get("/editions"), "/password/change?next=%2Feditions")
		wantRedirect(t, del.get("/account"), "/password/change?next=%2Faccount")
		wantRedirect(t, del.postForm("/account/tokens", url.Values{"name": {"early"}}), "/password/change")
		wantError(t, del.do("POST", "/api/v1/tokens", strings.NewReader(`{"name": "early"}`), http.Header{"X-CSRF-Token": {del.csrf()}}), 403, "password_change_required", "")
		if toks, _ := s.accounts.Tokens(context.Background(), mustUser(t, s, "mex@example.org")); len(toks) != 0 {
			t.Fatalf("%d API tokens made with a one-time password", len(toks))
		}
		// The language switch still works (and the page is in Spanish).
		wantRedirect(t, del.postForm("/language", url.Values{"lang": {"es"}, "next": {"/password/change"}}), "/password/change")
		page := doc(t, del.get("/password/change?next=%2Feditions"))
		if attr(one(t, page, "html"), "lang") != "es" {
			t.Fatal("the password page is not in the delegate's language")
		}
		one(t, page, "form", "id", "password-change-form")
		one(t, page, "button", "id", "password-change-submit")
		// The one-time password again is refused, next to its field.
		res = del.postForm("/password/change", url.Values{"new_password": {pw}, "next": {"/editions"}})
		wantStatus(t, res, 400)
		page = doc(t, res)
		if msg := text(one(t, page, "p", "id", "form-error")); !strings.Contains(msg, "Elija una contraseña distinta") {
			t.Fatalf("error %q", msg)
		}
		if attr(one(t, page, "input", "id", "new_password"), "aria-invalid") != "true" {
			t.Fatal("the new password field is not marked invalid")
		}
		wantRedirect(t, del.postForm("/password/change", url.Values{"new_password": {"mi propia contraseña"}, "next": {"/editions"}}), "/editions")
		wantStatus(t, del.get("/account"), 200)
		wantRedirect(t, del.get("/password/change"), "/account")
		// The one-time password is spent; the chosen one works.
		res = s.client().signInWith("mex@example.org", pw, "/")
		wantStatus(t, res, 401)
		wantRedirect(t, s.client().signInWith("mex@example.org", "mi propia contraseña", "/account"), "/account")
	})
}

func mustUser(t *testing.T, s *site, email string) account.User {
	t.Helper()
	u, err := s.accounts.GetByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestResettingAPasswordConfirmsFirstAndShowsItOnce(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.user("admin@example.org", account.Administrator)
		target := s.user("obs@example.org", account.Observer)
		admin := s.client().signIn("admin@example.org")
		path := fmt.Sprintf("/admin/users/%d/password", target.ID)
		// The button asks first, and changes nothing.
		res := admin.postForm(path, nil)
		wantStatus(t, res, 200)
		page := doc(t, res)
		if q := text(one(t, page, "h1")); q != "Reset the password of obs@example.org?" {
			t.Fatalf("confirmation asks %q", q)
		}
		if attr(one(t, page, "form", "id", "confirm-form"), "action") != path {
			t.Fatal("the confirmation posts elsewhere")
		}
		if _, _, err := s.accounts.SignIn(context.Background(), "obs@example.org", testPassword, "t"); err != nil {
			t.Fatalf("the password changed before the confirmation: %v", err)
		}
		res = admin.postForm(path, url.Values{"confirm": {"yes"}})
		wantRedirect(t, res, "/admin/users")
		ck := cookieSet(t, res, "rt_onetime")
		if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/admin/users" || ck.MaxAge <= 0 || ck.MaxAge > 60 {
			t.Fatalf("one-time password cookie %+v", ck)
		}
		notice := text(one(t, doc(t, admin.get("/admin/users")), "p", "id", "users-notice"))
		pw := oneTimeInNotice.FindString(notice)
		if pw == "" || !strings.HasPrefix(notice, "New one-time password for obs@example.org: ") {
			t.Fatalf("notice %q", notice)
		}
		// Reloading shows nothing and resets nothing: the password shown
		// is still the one that works.
		if n := find(doc(t, admin.get("/admin/users")), "p", "id", "users-notice"); len(n) != 0 {
			t.Fatal("the one-time password is shown again on reload")
		}
		u, _, err := s.accounts.SignIn(context.Background(), "obs@example.org", pw, "t")
		if err != nil || !u.MustChangePassword {
			t.Fatalf("the password shown: %v, one-time %v", err, u.MustChangePassword)
		}
	})
}

func TestDisablingAnAccountFromThePageIsConfirmed(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.user("admin@example.org", account.Administrator)
		target := s.user("obs@example.org", account.Observer)
		admin := s.client().signIn("admin@example.org")
		path := fmt.Sprintf("/admin/users/%d/disabled", target.ID)
		res := admin.postForm(path, url.Values{"disabled": {"true"}})
		wantStatus(t, res, 200)
		page := doc(t, res)
		one(t, page, "input", "name", "disabled", "value", "true")
		if u := mustUser(t, s, "obs@example.org"); u.Disabled {
			t.Fatal("disabled without confirmation")
		}
		wantRedirect(t, admin.postForm(path, url.Values{"disabled": {"true"}, "confirm": {"yes"}}), "/admin/users")
		if u := mustUser(t, s, "obs@example.org"); !u.Disabled {
			t.Fatal("not disabled after confirmation")
		}
	})
}

func TestForgotPasswordByEmail(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		// Without SMTP, nothing offers it.
		if n := find(doc(t, s.client().get("/signin")), "a", "id", "forgot-link"); len(n) != 0 {
			t.Fatal("forgot password offered without e-mail")
		}
		wantStatus(t, s.client().get("/password/forgot"), 404)

		smtp := mailtest.Start(t, mailtest.StartTLS)
		s = mailSite(t, s.db, smtp)
		s.userIn("ana@example.org", account.Observer, i18n.Es)
		visitor := s.client()
		if href := attr(one(t, doc(t, visitor.get("/signin")), "a", "id", "forgot-link"), "href"); href != "/password/forgot" {
			t.Fatalf("forgot link to %q", href)
		}
		one(t, doc(t, visitor.get("/password/forgot")), "form", "id", "password-forgot-form")
		// An unknown address and a known one get the same answer.
		unknown := visitor.postForm("/password/forgot", url.Values{"email": {"nobody@example.org"}})
		wantRedirect(t, unknown, "/signin")
		if !smtp.None(300 * time.Millisecond) {
			t.Fatal("mail sent for an unknown address")
		}
		session := s.client().signIn("ana@example.org")
		known := visitor.postForm("/password/forgot", url.Values{"email": {"Ana@Example.org"}})
		wantRedirect(t, known, "/signin")
		if a, b := cookieSet(t, unknown, "rt_flash").Value, cookieSet(t, known, "rt_flash").Value; a != b {
			t.Fatalf("the answers differ: %q and %q", a, b)
		}
		m := smtp.Next(t, 10*time.Second)
		if m.To != "ana@example.org" || !m.TLS {
			t.Fatalf("mail to %q over TLS %v", m.To, m.TLS)
		}
		if m.Subject != "Roundtable: elija una contraseña nueva" {
			t.Fatalf("subject %q, want it in the account's Spanish", m.Subject)
		}
		link := regexp.MustCompile(`https?://\S+`).FindString(m.Body)
		if !strings.HasPrefix(link, publicURL+"/password/reset?token=") {
			t.Fatalf("link %q is not on the public URL", link)
		}
		path := strings.TrimPrefix(link, publicURL)
		res := visitor.get(path)
		wantStatus(t, res, 200)
		one(t, doc(t, res), "form", "id", "password-reset-form")
		res = visitor.postForm("/password/reset", url.Values{"token": {strings.TrimPrefix(path, "/password/reset?token=")}, "password": {"una contraseña recordada"}})
		wantRedirect(t, res, "/signin")
		// The other sessions ended; the new password signs in.
		res = session.get("/account")
		if res.StatusCode != 303 || !strings.HasPrefix(location(res), "/signin") {
			t.Fatalf("a session outlived the reset: %d", res.StatusCode)
		}
		wantRedirect(t, s.client().signInWith("ana@example.org", "una contraseña recordada", "/account"), "/account")
		// The link works once.
		res = visitor.get(path)
		wantStatus(t, res, 400)
		one(t, doc(t, res), "p", "id", "form-error")
	})
}

// totpNow is an authenticator app: the code of a base32 secret at t.
func totpNow(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		t.Fatal(err)
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(at.Unix()/30))
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	o := sum[19] & 15
	return fmt.Sprintf("%06d", (binary.BigEndian.Uint32(sum[o:])&0x7fffffff)%1_000_000)
}

func TestTwoFactorSignInFromThePages(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.user("admin@example.org", account.Administrator)
		chair := s.user("chair@example.org", account.Chair)
		s.user("obs@example.org", account.Observer)
		if n := find(doc(t, s.client().signIn("obs@example.org").get("/account")), "section", "id", "two-factor-section"); len(n) != 0 {
			t.Fatal("an observer is offered two-factor sign-in")
		}
		c := s.client().signIn("chair@example.org")
		wantRedirect(t, c.postForm("/account/two-factor", nil), "/account#two-factor")
		page := doc(t, c.get("/account"))
		secret := text(one(t, page, "code", "id", "two-factor-secret"))
		if uri := attr(one(t, page, "a", "id", "two-factor-uri"), "href"); !strings.HasPrefix(uri, "otpauth://totp/") || !strings.Contains(uri, "secret="+secret) {
			t.Fatalf("otpauth link %q", uri)
		}
		res := c.postForm("/account/two-factor/confirm", url.Values{"code_2fa": {"12345"}})
		wantStatus(t, res, 400)
		wantRedirect(t, c.postForm("/account/two-factor/confirm", url.Values{"code_2fa": {totpNow(t, secret, time.Now())}}), "/account#two-factor")
		one(t, doc(t, c.get("/account")), "form", "id", "two-factor-disable-form")

		// The password alone leads to the code.
		d := s.client()
		res = d.signInWith("chair@example.org", testPassword, "/account")
		wantRedirect(t, res, "/signin/code?next=%2Faccount")
		ck := cookieSet(t, res, "rt_challenge")
		if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/signin" {
			t.Fatalf("challenge cookie %+v", ck)
		}
		if _, ok := cookieOf(d, "rt_session"); ok {
			t.Fatal("a session before the code")
		}
		page = doc(t, d.get("/signin/code?next=%2Faccount"))
		one(t, page, "form", "id", "signin-code-form")
		one(t, page, "button", "id", "signin-code-submit")
		res = d.postForm("/signin/code", url.Values{"code_2fa": {"000000x"}, "next": {"/account"}})
		wantStatus(t, res, 400)
		page = doc(t, res)
		one(t, page, "p", "id", "form-error")
		if attr(one(t, page, "input", "id", "code_2fa"), "aria-invalid") != "true" {
			t.Fatal("the code field is not marked invalid")
		}
		code := totpNow(t, secret, time.Now().Add(30*time.Second))
		wantRedirect(t, d.postForm("/signin/code", url.Values{"code_2fa": {code}, "next": {"/account"}}), "/account")
		wantStatus(t, d.get("/account"), 200)

		// The secretariat turns it off, after confirming, for a lost phone.
		admin := s.client().signIn("admin@example.org")
		if n := find(doc(t, admin.get("/admin/users")), "span", "id", fmt.Sprintf("two-factor-%d", chair.ID)); len(n) != 1 {
			t.Fatal("the users page does not mark two-factor")
		}
		path := fmt.Sprintf("/admin/users/%d/two-factor/disable", chair.ID)
		wantStatus(t, admin.postForm(path, nil), 200)
		if !mustUser(t, s, "chair@example.org").TwoFactor {
			t.Fatal("turned off without confirmation")
		}
		wantRedirect(t, admin.postForm(path, url.Values{"confirm": {"yes"}}), "/admin/users")
		wantRedirect(t, s.client().signInWith("chair@example.org", testPassword, "/account"), "/account")
	})
}

func cookieOf(c *client, name string) (string, bool) {
	u, _ := url.Parse(c.s.srv.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value, true
		}
	}
	return "", false
}

func TestTheLanguageChosenBeforeSignInIsKept(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.userIn("ana@example.org", account.Observer, i18n.En)
		c := s.client()
		wantRedirect(t, c.postForm("/language", url.Values{"lang": {"fr"}, "next": {"/signin"}}), "/signin")
		wantRedirect(t, c.signInWith("ana@example.org", testPassword, "/editions"), "/account/language?next=%2Feditions")
		page := doc(t, c.get("/account/language?next=%2Feditions"))
		if attr(one(t, page, "html"), "lang") != "fr" {
			t.Fatal("the page after sign-in is not in the language chosen")
		}
		if offer := text(one(t, page, "p", "id", "language-offer")); !strings.Contains(offer, "Français") || !strings.Contains(offer, "English") {
			t.Fatalf("offer %q", offer)
		}
		// Not taking the offer keeps the language all the same.
		if attr(one(t, doc(t, c.get("/editions")), "html"), "lang") != "fr" {
			t.Fatal("the language flipped back after sign-in")
		}
		if mustUser(t, s, "ana@example.org").Language != i18n.En {
			t.Fatal("the preference changed without being asked")
		}
		wantRedirect(t, c.postForm("/account/language", url.Values{"lang": {"fr"}, "next": {"/editions"}}), "/editions")
		if mustUser(t, s, "ana@example.org").Language != i18n.Fr {
			t.Fatal("the preference was not saved")
		}
		// With nothing to offer, sign-in goes straight on.
		wantRedirect(t, s.client().signInWith("ana@example.org", testPassword, "/editions"), "/editions")
	})
}
