package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Who reads a page.
const (
	visitor     = "visitor"     // signed out
	secretariat = "secretariat" // the demo's administrator
)

// page is a main page. Path may name demo records found by following the
// site's own links: {edition}, {session}, {statement}, {delegation},
// {outcome}, {revision}, {concept}.
type page struct {
	Name, Path, As string
}

var mainPages = []page{
	{"home", "/", visitor},
	{"home-secretariat", "/", secretariat},
	{"editions", "/editions", visitor},
	{"edition", "/editions/{edition}", visitor},
	{"session", "/sessions/{session}", visitor},
	{"statement", "/statements/{statement}", visitor},
	{"delegation", "/delegations/{delegation}", visitor},
	{"search", "/search?q=%E5%8F%91%E5%B1%95%E6%9D%83", visitor}, // 发展权, which the demo's statements answer in every language
	{"concepts", "/concepts", visitor},
	{"concept", "/concepts/{concept}", visitor},
	{"countries", "/countries", visitor},
	{"country", "/countries/BRA", visitor},
	{"udhr", "/udhr", visitor},
	{"udhr-article", "/udhr/1", visitor},
	{"signin", "/signin", visitor},
	{"speakers", "/sessions/{session}/speakers", visitor},
	{"speakers-display", "/sessions/{session}/speakers/display", visitor},
	{"ground", "/editions/{edition}/ground", visitor},
	{"outcome", "/outcomes/{outcome}", secretariat},
	{"revision", "{revision}", secretariat},
	{"manage", "/editions/{edition}/manage", secretariat},
	{"users", "/admin/users", secretariat},
	{"account", "/account", secretariat},
	{"evidence", "/evidence", visitor},
	{"evidence-profile", "/evidence/countries/BOL", visitor},
	{"evidence-indicator", "/evidence/indicators/SP.DYN.LE00.IN", visitor},
	{"evidence-peers", "/evidence/peers?country=BOL&indicator=SH.DYN.MORT", visitor},
	{"evidence-method", "/evidence/method", visitor},
	{"evidence-import", "/evidence/import", secretariat},
}

// width is a screen the pages are taken at.
type width struct {
	Name          string
	Width, Height int64
	Phone         bool
}

var widths = []width{
	{"desktop", 1366, 900, false},
	{"phone", 390, 844, true},
}

// shot is one screenshot written.
type shot struct {
	Page, Lang string
	Width      width
	File       string // name inside the output folder
}

// fileName is page_lang_width.png.
func fileName(p page, lang string, w width) string {
	return fmt.Sprintf("%s_%s_%d.png", p.Name, lang, w.Width)
}

// shooter drives one headless Chromium over the demo site.
type shooter struct {
	Site     *demoSite
	Out      string
	Langs    []string
	Widths   []width
	Chromium string
	Log      io.Writer
}

// Run takes every page in every language at every width and returns what
// it wrote.
func (s *shooter) Run(ctx context.Context, pages []page) ([]shot, error) {
	browser, cancel, err := s.browser(ctx)
	if err != nil {
		return nil, err
	}
	defer cancel()
	// The secretariat signs in on the browser's first tab; the visitor has
	// a tab with cookies of its own. (A tab in a browser context of its own
	// stops answering once a page it shows navigates by itself, so the
	// visitor's tab only ever navigates from here.)
	visitorTab, cancelTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancelTab()
	tabs := map[string]context.Context{visitor: visitorTab, secretariat: browser}
	if err := s.signIn(tabs[secretariat]); err != nil {
		return nil, err
	}
	ids, err := s.discover(tabs[secretariat], pages)
	if err != nil {
		return nil, err
	}
	var shots []shot
	for _, as := range []string{visitor, secretariat} {
		tab := tabs[as]
		for _, lang := range s.Langs {
			first := true
			for _, w := range s.Widths {
				if err := chromedp.Do(tab, viewport(w)); err != nil {
					return nil, err
				}
				for _, p := range pages {
					if p.As != as {
						continue
					}
					if first {
						if err := s.switchLanguage(tab, as, lang); err != nil {
							return nil, err
						}
						first = false
					}
					path := expand(p.Path, ids)
					f := fileName(p, lang, w)
					if err := s.take(tab, path, lang, filepath.Join(s.Out, f)); err != nil {
						return nil, fmt.Errorf("%s (%s) in %s at %s: %w", p.Name, path, lang, w.Name, err)
					}
					fmt.Fprintf(s.Log, "  %s\n", f)
					shots = append(shots, shot{Page: p.Name, Lang: lang, Width: w, File: f})
				}
			}
		}
	}
	return shots, nil
}

// browser starts a headless Chromium with a fresh profile.
func (s *shooter) browser(ctx context.Context) (context.Context, context.CancelFunc, error) {
	exe := s.Chromium
	if exe == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				exe = p
				break
			}
		}
	}
	if exe == "" {
		return nil, nil, fmt.Errorf("no Chromium found on PATH: install it (Debian: apt-get install chromium fonts-noto-cjk) or name it with -chromium")
	}
	profile, err := os.MkdirTemp("", "roundtable-screenshots-profile-")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("lang", "en"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	cancel := func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	if err := chromedp.Do(browser); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("start %s: %w", exe, err)
	}
	return browser, cancel, nil
}

// signIn signs the demo's administrator in with the one-time password
// serve printed and, as the site then asks, chooses a password of its own.
func (s *shooter) signIn(tab context.Context) error {
	tab, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	if err := s.open(tab, "/signin"); err != nil {
		return err
	}
	if err := submit(tab, `main form[action="/signin"]`, map[string]string{
		"#email": s.Site.AdminEmail, "#password": s.Site.AdminPassword}); err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	if n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('form[action="/password/change"]').length`)); err != nil {
		return err
	} else if n > 0 {
		if err := submit(tab, `form[action="/password/change"]`, map[string]string{
			`input[type=password]`: "screenshots of every main page"}); err != nil {
			return fmt.Errorf("choose a password after the one-time one: %w", err)
		}
	}
	if n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('a[href="/account"]').length`)); err != nil {
		return err
	} else if n == 0 {
		path, _ := chromedp.Run(tab, chromedp.Evaluate[string]("location.pathname"))
		return fmt.Errorf("signing in as %s did not work: the browser shows %s", s.Site.AdminEmail, path)
	}
	return nil
}

// submit fills a form's fields (CSS selectors inside the form) and submits
// it as its submit button does, waiting for the page it leads to.
func submit(tab context.Context, form string, fields map[string]string) error {
	js := "(() => { const f = document.querySelector(" + quote(form) + ");\n"
	for sel, v := range fields {
		js += "f.querySelector(" + quote(sel) + ").value = " + quote(v) + ";\n"
	}
	js += "window.rtLeaving = true; setTimeout(() => f.requestSubmit()); })()"
	return leave(tab, js)
}

// leave runs a script that leaves the page (a form sent, a button
// pressed, after the script has returned: an evaluation that navigates
// never answers) and waits until the next page has loaded: the mark the script
// left on the old page is gone and the new one is complete.
func leave(tab context.Context, js string) error {
	if _, err := chromedp.Run(tab, chromedp.Evaluate[chromedp.Void](js)); err != nil {
		return err
	}
	for {
		ctx, cancel := context.WithTimeout(tab, 5*time.Second)
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.rtLeaving && document.readyState === "complete"`))
		cancel()
		if err == nil && done {
			return nil
		}
		select {
		case <-tab.Done():
			return fmt.Errorf("%w (last: %v, %v)", tab.Err(), done, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// quote writes s as a JavaScript string.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// links lists where the page's links lead, as written in the page.
const links = `[...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href"))`

// discover finds the demo records the pages name by following the site's
// links as the secretariat: an edition from the list of editions, its
// sessions, delegations and statements from its pages, and so on.
func (s *shooter) discover(tab context.Context, pages []page) (map[string]string, error) {
	needed := map[string]bool{}
	for _, p := range pages {
		for _, m := range placeholder.FindAllStringSubmatch(p.Path, -1) {
			needed[m[1]] = true
		}
	}
	ids := map[string]string{}
	find := func(key string, re *regexp.Regexp, from ...string) error {
		for _, path := range from {
			if err := s.open(tab, path); err != nil {
				return err
			}
			hrefs, err := chromedp.Run(tab, chromedp.Evaluate[[]string](links))
			if err != nil {
				return err
			}
			for _, h := range hrefs {
				if m := re.FindStringSubmatch(h); m != nil {
					ids[key] = m[1]
					return nil
				}
			}
		}
		return fmt.Errorf("found no link to a %s on %s", key, strings.Join(from, ", "))
	}
	if err := find("edition", regexp.MustCompile(`^/editions/(\d+)$`), "/editions"); err != nil {
		return nil, err
	}
	ed := "/editions/" + ids["edition"]
	steps := []struct {
		key  string
		re   string
		from []string
	}{
		{"session", `^/sessions/(\d+)$`, []string{ed}},
		{"delegation", `^/delegations/(\d+)$`, []string{ed}},
		{"statement", `^/statements/(\d+)$`, []string{ed, "/sessions/{session}"}},
		{"outcome", `^/outcomes/(\d+)$`, []string{ed + "/outcomes"}},
		{"revision", `^(/outcomes/\d+/revisions/\d+)$`, []string{"/outcomes/{outcome}"}},
		{"concept", `^/concepts/([a-z0-9]+(?:-[a-z0-9]+)*)$`, []string{"/concepts"}},
	}
	for _, st := range steps {
		if !needed[st.key] {
			continue
		}
		var from []string
		for _, f := range st.from {
			from = append(from, expand(f, ids))
		}
		if err := find(st.key, regexp.MustCompile(st.re), from...); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

var placeholder = regexp.MustCompile(`\{(\w+)\}`)

// expand fills a path's placeholders; the session a statement is looked
// for in must have been found first.
func expand(path string, ids map[string]string) string {
	return placeholder.ReplaceAllStringFunc(path, func(m string) string {
		return ids[m[1:len(m)-1]]
	})
}

// switchLanguage sets the visitor's language cookie as the switcher does,
// and has the secretariat use the header's switcher, which keeps the choice
// as its preference.
func (s *shooter) switchLanguage(tab context.Context, as, lang string) error {
	tab, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	if as == visitor {
		return chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: "rt_lang", Value: lang, URL: s.Site.URL + "/"})
			return err
		}))
	}
	if err := s.open(tab, "/"); err != nil {
		return err
	}
	sel := fmt.Sprintf(`form[action="/language"] button[name=lang][value=%s]`, lang)
	if err := leave(tab, `window.rtLeaving = true; setTimeout(() => document.querySelector(`+quote(sel)+`).click())`); err != nil {
		return fmt.Errorf("switch to %s with %s: %w", lang, sel, err)
	}
	return nil
}

// stepTimeout bounds one step (a page taken, a sign-in), so a page that
// never finishes loading fails with its name instead of hanging.
const stepTimeout = 2 * time.Minute

// open loads a page of the site; anything but 200 is an error.
func (s *shooter) open(tab context.Context, path string) error {
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(s.Site.URL+path))
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if resp.Status != 200 {
		return fmt.Errorf("open %s: status %d", path, resp.Status)
	}
	return nil
}

// viewport makes the tab a desktop or a phone screen.
func viewport(w width) chromedp.Action[chromedp.Void] {
	if w.Phone {
		return chromedp.EmulateViewport(w.Width, w.Height, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	return chromedp.EmulateViewport(w.Width, w.Height)
}

// take opens a page, checks it is in the language asked for, waits for its
// fonts and writes a PNG of the whole page.
func (s *shooter) take(tab context.Context, path, lang, file string) error {
	tab, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	if err := s.open(tab, path); err != nil {
		return err
	}
	got, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.fonts.ready.then(() => document.documentElement.lang)`, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	if got != lang && !strings.HasPrefix(got, lang+"-") {
		return fmt.Errorf("the page is in %q, not %q", got, lang)
	}
	png, err := chromedp.Run(tab, fullPage())
	if err != nil {
		return err
	}
	return os.WriteFile(file, png, 0o644)
}

// fullPage captures the whole page, not only what the screen shows.
func fullPage() chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		m, err := cdp.Call(ctx, t, cdppage.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		size := m.CSSContentSize
		captureBeyond, fromSurface := true, true
		r, err := cdp.Call(ctx, t, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{
			Format:                cdppage.CaptureScreenshotFormatPng,
			CaptureBeyondViewport: &captureBeyond,
			FromSurface:           &fromSurface,
			Clip: &cdppage.Viewport{X: 0, Y: 0, Width: size.Width,
				Height: math.Ceil(size.Height), Scale: 1},
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}
}
