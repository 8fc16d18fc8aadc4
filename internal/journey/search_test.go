package journey

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"roundtable/internal/i18n"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// results lists what the result list shows: each hit's original language
// (a statement and its translations are one result, shown in the reader's
// language where it has a version) and how it matched, as the page marks
// them.
func results(t *testing.T, ctx context.Context) []struct{ Lang, MatchedBy string } {
	t.Helper()
	return eval[[]struct{ Lang, MatchedBy string }](t, ctx,
		`[...document.querySelectorAll("#results > li")].map(li => ({Lang: li.dataset.original, MatchedBy: li.dataset.matchedBy}))`)
}

// search types a query into the search form and submits it; the page must
// answer with want.
func search(t *testing.T, ctx context.Context, q string, want int64) {
	t.Helper()
	must(t, "type the query", chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.Clear(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), q),
	))
	clickAndLoad(t, ctx, `form.search-form button[type=submit]`, want)
}

// TestSearchInChineseAndSpanish: a reader working in Chinese searches 发展权
// and finds the statements on the right to development in every language,
// told which matched the words and which the concept; switching to Spanish,
// "derecho al desarrollo" finds the same, and an unclosed quote is explained.
func TestSearchInChineseAndSpanish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := startSite(t, db)
		ctx := newBrowser(t, browserLanguage("zh-CN"))
		open(t, ctx, s, "/")
		clickAndLoad(t, ctx, `nav.site-nav a[href="/search"]`, 200)
		if got := text(t, ctx, heading); got != s.Catalog.T(i18n.Zh, "search.title") {
			t.Fatalf("search page heading %q", got)
		}
		search(t, ctx, "发展权", 200)
		hits := results(t, ctx)
		langs, how := map[string]bool{}, map[string]bool{}
		for _, h := range hits {
			langs[h.Lang], how[h.MatchedBy] = true, true
		}
		for _, l := range []string{"zh", "es", "pt", "en"} {
			if !langs[l] {
				t.Errorf("发展权: no result delivered in %s (%d results in %v)", l, len(hits), langs)
			}
		}
		if !how["text"] || !how["concept"] {
			t.Errorf("发展权: results matched by %v, want both the words and the concept", how)
		}
		// The interface says so in Chinese.
		if m := text(t, ctx, `#results > li[data-matched-by=concept] .matched`); m != s.Catalog.T(i18n.Zh, "search.matched.concept") {
			t.Errorf("concept match explained as %q", m)
		}

		clickAndLoad(t, ctx, `form.lang-switch button[value=es]`, 200)
		if htmlLang(t, ctx) != "es" {
			t.Fatalf("after switching, the page is in %q", htmlLang(t, ctx))
		}
		search(t, ctx, `"derecho al desarrollo"`, 200)
		langs = map[string]bool{}
		for _, h := range results(t, ctx) {
			langs[h.Lang] = true
		}
		if !langs["es"] || !langs["zh"] || !langs["pt"] {
			t.Errorf(`"derecho al desarrollo": results in %v`, langs)
		}
		search(t, ctx, `"derecho al desarrollo`, 400)
		if msg := text(t, ctx, "#search-error"); msg != s.Catalog.T(i18n.Es, "search.unbalanced_quotes") {
			t.Errorf("unclosed quote explained as %q", msg)
		}
		if n := count(t, ctx, "#results > li"); n != 0 {
			t.Errorf("an invalid query listed %d results", n)
		}
	})
}
