package journey

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"roundtable/internal/account"
	"roundtable/internal/country"
	"roundtable/internal/demo"
	"roundtable/internal/dialogue"
	"roundtable/internal/discovery"
	"roundtable/internal/ground"
	"roundtable/internal/i18n"
	"roundtable/internal/refdata"
	"roundtable/internal/reference"
	"roundtable/internal/store"
	"roundtable/internal/thesaurus"
	"roundtable/internal/web"
)

// browserTimeout bounds one browser's whole life, so a hung browser fails the
// test instead of hanging it.
const browserTimeout = 60 * time.Second

// chromiumPath finds the Debian Chromium. Outside CI a machine without it
// skips the browser tests; in CI (CI set) that is a failure: CI must never
// skip them.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	const msg = "browser tests skipped: install chromium (Debian: apt-get install chromium fonts-noto-cjk) to run them"
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but no chromium was found at /usr/bin/chromium or on PATH: " + msg)
	}
	t.Skip(msg)
	return ""
}

// site is the real product, served in-process on 127.0.0.1.
type site struct {
	URL        string
	Accounts   *account.Service
	Catalog    *i18n.Catalog
	AdminEmail string
	// AdminPassword is the one-time password demo.Load prints; the first
	// sign-in replaces it with adminPassphrase (signInAdmin).
	AdminPassword string
	adminChanged  bool
}

// adminPassphrase is the password the secretariat chooses at its first
// sign-in, in place of the printed one.
const adminPassphrase = "the secretariat's chosen passphrase"

// signInAdmin signs the secretariat in from the sign-in page the tab shows:
// the first time with the printed one-time password, choosing
// adminPassphrase on the page that then opens; after that with it.
func signInAdmin(t *testing.T, ctx context.Context, s *site) {
	t.Helper()
	if s.adminChanged {
		signIn(t, ctx, s.AdminEmail, adminPassphrase, http.StatusOK)
		return
	}
	signIn(t, ctx, s.AdminEmail, s.AdminPassword, http.StatusOK)
	if count(t, ctx, "#password-change-form") != 1 {
		t.Fatalf("the printed one-time password led to %s, not to choosing a new one", pagePath(t, ctx))
	}
	must(t, "choose a password", chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#new_password"), adminPassphrase)))
	clickAndLoad(t, ctx, "#password-change-submit", http.StatusOK)
	s.adminChanged = true
}

// startSite prepares db as `roundtable serve --demo` does (reference data,
// demo accounts) and serves the site on an ephemeral loopback port.
func startSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	ctx := t.Context()
	set, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := country.Sync(ctx, db, set); err != nil {
		t.Fatal(err)
	}
	accounts, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	// The thesaurus and the Declaration, and a search index following the
	// outbox, as serve assembles them.
	concepts, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := thesaurus.Sync(ctx, db, concepts); err != nil {
		t.Fatal(err)
	}
	arts, err := reference.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reference.Sync(ctx, db, arts); err != nil {
		t.Fatal(err)
	}
	finder, err := discovery.Open(ctx, db, filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { finder.Close() })
	records := &dialogue.Service{DB: db, Tagger: tagger{finder}}
	res, err := demo.Load(ctx, db, accounts, &ground.Service{DB: db, Dialogue: records})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := finder.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if res.AdminPassword == "" {
		t.Fatal("demo.Load on a fresh database printed no one-time password")
	}
	// The server's log goes to the test's output only when the test fails.
	logs := &syncBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	srv, err := web.New(web.Options{DB: db, Accounts: accounts, Dialogue: records, Search: finder,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	// httptest.NewServer listens on 127.0.0.1 with an ephemeral port.
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	// Follow the live events, as serve does, so the speakers pages update;
	// stopped first at cleanup, which ends the open event streams.
	live, stopLive := context.WithCancel(context.Background())
	go srv.RunLive(live)
	t.Cleanup(stopLive)
	return &site{URL: hs.URL, Accounts: accounts, Catalog: cat,
		AdminEmail: res.AdminEmail, AdminPassword: res.AdminPassword}
}

// tagger tags statements with the thesaurus search uses, as serve does.
type tagger struct{ s *discovery.Service }

func (t tagger) Tag(lang, text string) []string {
	return t.s.Thesaurus(context.Background()).Tag(lang, text)
}

// syncBuffer collects the browser's output for a failure report.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newBrowser starts a headless Chromium with a fresh profile in a temporary
// folder and returns a tab's context, cancelled after browserTimeout. The
// network is closed, so the flags turn off everything that would call home.
// extra adds flags, e.g. chromedp.Flag("lang", "es").
func newBrowser(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	return newBrowserWithin(t, browserTimeout, extra...)
}

// newBrowserWithin is newBrowser with the browser's whole life bounded by
// timeout instead (a check over hundreds of pages needs longer than one
// journey).
func newBrowserWithin(t *testing.T, timeout time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	exe := chromiumPath(t)
	// Registered before the browser's own cleanup, so it runs after the
	// browser has exited.
	profile := filepath.Join(t.TempDir(), "profile")
	t.Cleanup(func() { removeAllRetry(profile) })

	out := &syncBuffer{}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Quiet and deterministic, as chromedp's defaults.
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(out),
	}
	opts = append(opts, extra...)

	ctx, cancelTimeout := context.WithTimeout(t.Context(), timeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // waits for the browser to exit
		cancelTimeout()
		if t.Failed() {
			if s := out.String(); s != "" {
				t.Logf("browser output:\n%s", s)
			}
		}
	})
	// Start the browser now, so a browser that cannot start fails here with a
	// clear message rather than at the first step of the journey.
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return tab
}

// browserLanguage makes the browser ask for lang in Accept-Language:
// --lang is the language of a browser with a window; headless Chromium
// takes its Accept-Language from --accept-lang.
func browserLanguage(lang string) chromedp.ExecAllocatorOption {
	return func(a *chromedp.ExecAllocator) {
		chromedp.Flag("lang", lang)(a)
		chromedp.Flag("accept-lang", lang)(a)
	}
}

// removeAllRetry removes dir, retrying for a few seconds: Chromium's helper
// processes can still write to the profile just after the browser exits.
func removeAllRetry(dir string) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := os.RemoveAll(dir)
		if err == nil || time.Now().After(deadline) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// must fails the test when a browser step fails, naming the step.
func must(t *testing.T, step string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// eval runs JavaScript in the page and returns its result.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	must(t, fmt.Sprintf("evaluate %s", expr), err)
	return v
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// count returns how many elements match a CSS selector, without waiting.
func count(t *testing.T, ctx context.Context, selector string) int {
	t.Helper()
	return eval[int](t, ctx, "document.querySelectorAll("+js(selector)+").length")
}

// text returns the trimmed text of the first element matching a CSS
// selector, as the reader sees it; it fails when there is none.
func text(t *testing.T, ctx context.Context, selector string) string {
	t.Helper()
	return eval[string](t, ctx, `(() => {
		const s = `+js(selector)+`, e = document.querySelector(s);
		if (!e) throw new Error("no element matches " + s);
		return e.innerText.trim();
	})()`)
}

// htmlLang is the page's <html lang>.
func htmlLang(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, "document.documentElement.lang")
}

// pagePath is the path of the page the tab shows.
func pagePath(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, "location.pathname")
}

// clickAndLoad clicks the first element matching a CSS selector and waits
// for the page it leads to (following redirects); it fails unless that page
// answered with want.
func clickAndLoad(t *testing.T, ctx context.Context, selector string, want int64) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector)))
	must(t, "click "+selector, err)
	if resp == nil {
		t.Fatalf("click %s: no page loaded", selector)
	}
	if resp.Status != want {
		t.Fatalf("click %s: %s answered %d, want %d", selector, resp.URL, resp.Status, want)
	}
}

// open navigates to a path of the site and fails unless it answered 200.
func open(t *testing.T, ctx context.Context, s *site, p string) {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(s.URL+p))
	must(t, "open "+p, err)
	if resp.Status != 200 {
		t.Fatalf("open %s: status %d", p, resp.Status)
	}
}
