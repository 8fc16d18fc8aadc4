// Package journey drives the real product in a real browser (headless
// Chromium through the DevTools protocol), as a person would use it, on
// every database engine storetest offers.
package journey

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"roundtable/internal/i18n"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// What a person sees, by CSS selector.
const (
	navSignIn     = `nav.site-nav a[href="/signin"]`
	navAccount    = `nav.site-nav a[href="/account"]`
	navCountries  = `nav.site-nav a[href="/countries"]`
	signInSubmit  = `main form[action="/signin"] button[type=submit]`
	signInError   = `#signin-error`
	langZh        = `form.lang-switch button[value=zh]`
	countryRows   = `#countries tbody tr`
	countryNames  = `#countries tbody th[scope=row]`
	heading       = `main h1`
	demoCountries = 34 // the reference data's country count
)

// signIn fills the sign-in form the tab shows and submits it.
func signIn(t *testing.T, ctx context.Context, email, password string, want int) {
	t.Helper()
	must(t, "fill the sign-in form", chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
	))
	clickAndLoad(t, ctx, signInSubmit, int64(want))
}

// TestSignInSwitchToChinese is the main journey: sign in with the
// administrator's one-time password, open the country list, switch the
// interface to Chinese, and find the choice kept.
func TestSignInSwitchToChinese(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := startSite(t, db)
		en := func(key string) string { return s.Catalog.T(i18n.En, key) }
		zh := func(key string) string { return s.Catalog.T(i18n.Zh, key) }
		if en("countries.title") == zh("countries.title") {
			t.Fatalf("the zh catalog has no own countries.title (%q): the test could not tell the languages apart", zh("countries.title"))
		}
		ctx := newBrowser(t, browserLanguage("en-US"))

		// The home page, in the browser's language.
		open(t, ctx, s, "/")
		if got := htmlLang(t, ctx); got != "en" {
			t.Fatalf("home page: <html lang=%q>, want \"en\" (the browser asks for en-US)", got)
		}
		if n := count(t, ctx, navAccount); n != 0 {
			t.Fatalf("a visitor sees %d Account links before signing in", n)
		}

		// Sign in with the one-time password demo.Load printed.
		clickAndLoad(t, ctx, navSignIn, http.StatusOK)
		if got := pagePath(t, ctx); got != "/signin" {
			t.Fatalf("the sign-in link led to %s", got)
		}
		if got, want := text(t, ctx, heading), en("signin.title"); got != want {
			t.Fatalf("sign-in page heading %q, want %q", got, want)
		}
		signInAdmin(t, ctx, s)
		if n := count(t, ctx, signInError); n != 0 {
			t.Fatalf("signing in with the one-time password failed: %q", text(t, ctx, signInError))
		}
		if got, want := text(t, ctx, navAccount), en("nav.account"); got != want {
			t.Fatalf("signed in, the nav's Account link reads %q, want %q", got, want)
		}
		if n := count(t, ctx, navSignIn); n != 0 {
			t.Fatalf("signed in, the nav still offers %d sign-in links", n)
		}

		// The country list, in English.
		clickAndLoad(t, ctx, navCountries, http.StatusOK)
		if got := pagePath(t, ctx); got != "/countries" {
			t.Fatalf("the Countries link led to %s", got)
		}
		if got, want := text(t, ctx, heading), en("countries.title"); got != want {
			t.Fatalf("country list heading %q, want %q", got, want)
		}

		// Switch to Chinese with the header's language switcher.
		clickAndLoad(t, ctx, langZh, http.StatusOK)
		checkChineseCountries := func(ctx context.Context, when string) {
			t.Helper()
			if got := pagePath(t, ctx); got != "/countries" {
				t.Fatalf("%s: the tab shows %s, want /countries", when, got)
			}
			if got := htmlLang(t, ctx); got != "zh-Hans" {
				t.Fatalf("%s: <html lang=%q>, want \"zh-Hans\"", when, got)
			}
			if got, want := text(t, ctx, heading), zh("countries.title"); got != want {
				t.Fatalf("%s: heading %q, want the zh catalog's %q", when, got, want)
			}
			if n := count(t, ctx, langZh+`[aria-current=true]`); n != 1 {
				t.Fatalf("%s: the switcher does not mark 中文 as the current language", when)
			}
			if n := count(t, ctx, countryRows); n != demoCountries {
				t.Fatalf("%s: #countries has %d rows, want %d", when, n, demoCountries)
			}
			names := eval[[]string](t, ctx,
				`Array.from(document.querySelectorAll(`+js(countryNames)+`), e => e.innerText.trim())`)
			for _, want := range []string{"巴西", "中国"} {
				if !slices.Contains(names, want) {
					t.Fatalf("%s: #countries does not list %s; it lists %q", when, want, names)
				}
			}
		}
		checkChineseCountries(ctx, "after switching to 中文")

		// A picture of the Chinese country list, for whoever debugs this.
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		must(t, "screenshot", err)
		dir := os.Getenv("ROUNDTABLE_SCREENSHOT_DIR") // to keep it after the test
		if dir == "" {
			dir = t.TempDir()
		}
		file := filepath.Join(dir, "countries-zh-"+filepath.Base(t.Name())+".png")
		if err := os.WriteFile(file, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot of the Chinese country list: %s", file)

		// Reload: the choice stays.
		_, err = chromedp.RunResponse(ctx, chromedp.Reload())
		must(t, "reload /countries", err)
		checkChineseCountries(ctx, "after reloading")

		// It is the user's stored preference, not only a cookie.
		u, err := s.Accounts.GetByEmail(t.Context(), s.AdminEmail)
		if err != nil {
			t.Fatal(err)
		}
		if u.Language != i18n.Zh {
			t.Fatalf("stored language of %s is %q, want %q", s.AdminEmail, u.Language, i18n.Zh)
		}

		// Another device (a fresh browser context, no cookies): English for
		// the visitor, Chinese as soon as the user signs in.
		other, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		defer cancel()
		open(t, other, s, "/signin?next=/countries")
		if got := htmlLang(t, other); got != "en" {
			t.Fatalf("another device, signed out: <html lang=%q>, want \"en\"", got)
		}
		signInAdmin(t, other, s)
		checkChineseCountries(other, "signed in on another device")
	})
}

// TestWrongPassword: a wrong password shows the error in the visitor's
// language (the browser asks for Spanish) and opens no session.
func TestWrongPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := startSite(t, db)
		es := func(key string) string { return s.Catalog.T(i18n.Es, key) }
		if es("signin.failed") == s.Catalog.T(i18n.En, "signin.failed") {
			t.Fatal("the es catalog has no own signin.failed: the test could not tell the languages apart")
		}
		ctx := newBrowser(t, browserLanguage("es"))

		open(t, ctx, s, "/")
		if got := htmlLang(t, ctx); got != "es" {
			t.Fatalf("the browser asks for es: <html lang=%q>, want \"es\"", got)
		}
		clickAndLoad(t, ctx, navSignIn, http.StatusOK)
		if got, want := text(t, ctx, heading), es("signin.title"); got != want {
			t.Fatalf("sign-in page heading %q, want %q", got, want)
		}
		signIn(t, ctx, s.AdminEmail, s.AdminPassword+"-wrong", http.StatusUnauthorized)

		if got, want := text(t, ctx, signInError), es("signin.failed"); got != want {
			t.Fatalf("#signin-error reads %q, want the es catalog's %q", got, want)
		}
		if got := eval[string](t, ctx, `document.querySelector("#signin-error").getAttribute("role")`); got != "alert" {
			t.Fatalf("#signin-error has role %q, want alert (read out by screen readers)", got)
		}
		if got := htmlLang(t, ctx); got != "es" {
			t.Fatalf("error page: <html lang=%q>, want \"es\"", got)
		}
		if got := eval[string](t, ctx, `document.querySelector("#email").value`); got != s.AdminEmail {
			t.Fatalf("the form lost the e-mail: %q", got)
		}
		if got := eval[string](t, ctx, `document.querySelector("#password").value`); got != "" {
			t.Fatal("the form sent the password back")
		}

		// No session: the nav offers sign-in, and the account page sends the
		// visitor to sign in.
		if n := count(t, ctx, navAccount); n != 0 {
			t.Fatalf("after a wrong password the nav shows %d Account links", n)
		}
		if n := count(t, ctx, navSignIn); n != 1 {
			t.Fatalf("after a wrong password the nav shows %d sign-in links, want 1", n)
		}
		open(t, ctx, s, "/account")
		if got := pagePath(t, ctx); got != "/signin" {
			t.Fatalf("after a wrong password /account shows %s, want the sign-in page", got)
		}
	})
}
