package journey

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// axeSource is axe-core as npm ships it (testdata/axe/SOURCE.md); the
// tests inject it into the pages they check, the product never serves it.
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is vendored in testdata/axe: %v", err)
	}
	return string(b)
}

// axeTags are the rule sets asked for: WCAG 2.0 and 2.1 at levels A and AA,
// which the look-and-feel guide promises, and axe's best practices.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

// axeRun runs axe on the page the tab shows and returns its serious and
// critical violations; the lesser impacts are advice, not failures.
var axeRun = `(async () => {
	const r = await axe.run(document, {
		runOnly: {type: "tag", values: ` + jsList(axeTags) + `},
		resultTypes: ["violations"],
	});
	return r.violations
		.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => ({
			Rule: v.id, Impact: v.impact, Help: v.help,
			Nodes: v.nodes.length,
			Targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
			HTML: v.nodes.length ? v.nodes[0].html.slice(0, 200) : "",
			Summary: v.nodes.length ? (v.nodes[0].failureSummary || "").slice(0, 300) : "",
		}));
})()`

func jsList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = js(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// violation is one axe rule a page breaks, with the first few elements
// that break it (as CSS selectors), the first one's markup and why.
type violation struct {
	Rule, Impact, Help string
	Nodes              int
	Targets            []string
	HTML, Summary      string
}

// a11yBrowser starts one headless Chromium for the whole check and
// returns its first tab: newBrowser with a deadline that fits the check's
// hundreds of pages, and tabs driven side by side not throttled as hidden.
func a11yBrowser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	return newBrowserWithin(t, timeout,
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true))
}

// roleTab opens a tab of the browser with cookies of its own, so each role
// is signed in (or not) apart from the others.
func roleTab(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return tab
}

// setLangCookie gives a visitor's tab the language cookie the switcher
// sets, as if the visitor had chosen lang.
func setLangCookie(tab context.Context, siteURL, lang string) error {
	return setCookie(tab, siteURL, "rt_lang", lang)
}

// setCookie gives the tab a cookie of the site, as the site would set it.
func setCookie(tab context.Context, siteURL, name, value string) error {
	httpOnly := true
	return chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: name, Value: value, URL: siteURL + "/", HTTPOnly: &httpOnly})
		return err
	}))
}

// pageTimeout bounds one page's check: loading it and running axe.
const pageTimeout = 90 * time.Second

// checkPage opens a page in the tab, makes sure it answered 200 in the
// language asked for (and matches must, when given), and runs axe on it. Errors are returned, not fatal,
// so tabs can be driven side by side.
func checkPage(tab context.Context, siteURL, path, wantLang, must, axeJS string) ([]violation, error) {
	// A page that hangs fails on its own instead of stalling the check.
	tab, cancel := context.WithTimeout(tab, pageTimeout)
	defer cancel()
	resp, err := chromedp.Run(tab, chromedp.NavigateResponse(siteURL+path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if resp.Status != 200 {
		return nil, fmt.Errorf("open %s: status %d", path, resp.Status)
	}
	if got, err := chromedp.Run(tab, chromedp.Evaluate[string]("document.documentElement.lang")); err != nil {
		return nil, err
	} else if got != wantLang {
		return nil, fmt.Errorf("%s: <html lang=%q>, want %q", path, got, wantLang)
	}
	if must != "" {
		n, err := chromedp.Run(tab, chromedp.Evaluate[int]("document.querySelectorAll("+js(must)+").length"))
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, fmt.Errorf("%s: nothing matches %s", path, must)
		}
	}
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](axeJS+";\ntrue")); err != nil {
		return nil, fmt.Errorf("%s: inject axe: %w", path, err)
	}
	vs, err := chromedp.Run(tab, chromedp.Evaluate[[]violation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("%s: axe: %w", path, err)
	}
	return vs, nil
}

// finding is one rule broken on one page, with every role and language
// in which the page broke it.
type finding struct {
	page string
	v    violation
	seen []string // "role/lang"
}

// findings gathers violations so one broken rule on one page reads as one
// line however many roles and languages show it.
type findings struct {
	byKey map[string]*finding
	order []string
}

func (f *findings) add(page, role, lang string, vs []violation) {
	if f.byKey == nil {
		f.byKey = map[string]*finding{}
	}
	for _, v := range vs {
		key := page + "\x00" + v.Rule + "\x00" + strings.Join(v.Targets, "\x00")
		x := f.byKey[key]
		if x == nil {
			x = &finding{page: page, v: v}
			f.byKey[key] = x
			f.order = append(f.order, key)
		}
		x.seen = append(x.seen, role+"/"+lang)
	}
}

// report writes one line per finding, ordered by page and rule.
func (f *findings) report() []string {
	keys := slices.Clone(f.order)
	slices.Sort(keys)
	var lines []string
	for _, k := range keys {
		x := f.byKey[k]
		lines = append(lines, fmt.Sprintf("%s: %s (%s) %s — %d element(s), first %s\n\tmarkup: %s\n\twhy: %s\n\tseen as: %s",
			x.page, x.v.Rule, x.v.Impact, x.v.Help, x.v.Nodes, strings.Join(x.v.Targets, " | "),
			x.v.HTML, strings.ReplaceAll(x.v.Summary, "\n", " "), strings.Join(x.seen, " ")))
	}
	return lines
}
