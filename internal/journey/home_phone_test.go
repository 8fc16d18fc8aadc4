package journey

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"roundtable/internal/store/storetest"
)

// TestPhoneHeaderAndSearchFilters: on a phone (390×844) the header is two
// short rows — the name without its tagline beside the language codes, and
// the sections in one row that scrolls sideways, its last link brought
// into view by the keyboard — and the search page offers its filters,
// folded, before the results; a wide screen shows them open.
func TestPhoneHeaderAndSearchFilters(t *testing.T) {
	s := startSite(t, storetest.SQLite(t))
	ctx := newBrowser(t, chromedp.WindowSize(390, 844))
	_, err := chromedp.Run(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	must(t, "phone viewport", err)
	open(t, ctx, s, "/")
	if h := eval[float64](t, ctx, `document.querySelector(".site-header").getBoundingClientRect().height`); h > 140 {
		t.Errorf("the header is %.0f px high on a 844 px screen; at most 140 (a sixth)", h)
	}
	if d := eval[string](t, ctx, `getComputedStyle(document.querySelector(".brand-tagline")).display`); d != "none" {
		t.Errorf("the tagline shows on a phone (display %s)", d)
	}
	if rows := eval[float64](t, ctx, `new Set([...document.querySelectorAll(".site-nav li")].map(li => Math.round(li.getBoundingClientRect().top))).size`); rows != 1 {
		t.Errorf("the sections take %.0f rows", rows)
	}
	if w := eval[float64](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the page is %.0f px wide on a 390 px screen", w)
	}
	if code := eval[string](t, ctx, `document.querySelector(".lang-switch button[value=zh]").innerText.trim()`); code != "中文" {
		t.Errorf("the Chinese button reads %q", code)
	}
	if code := eval[string](t, ctx, `document.querySelector(".lang-switch button[value=en]").innerText.trim()`); code != "EN" {
		t.Errorf("the English button reads %q", code)
	}
	// The last section, off screen at first, is reached with the keyboard.
	last := `document.querySelector(".site-nav li:last-child a, .site-nav li:last-child button")`
	eval[bool](t, ctx, "("+last+".focus(), true)")
	if right := eval[float64](t, ctx, last+`.getBoundingClientRect().right`); right > 390 {
		t.Errorf("the focused last section ends at %.0f px, off a 390 px screen", right)
	}
	if os.Getenv("ROUNDTABLE_SHOTS") != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		must(t, "screenshot", err)
		must(t, "write screenshot", os.WriteFile(os.Getenv("ROUNDTABLE_SHOTS")+"/home-phone.png", png, 0o644))
	}

	open(t, ctx, s, "/search?q=development")
	if n := count(t, ctx, "#results > li"); n == 0 {
		t.Fatal("no results to compare with")
	}
	if before := eval[bool](t, ctx, `document.querySelector("#search-filters").getBoundingClientRect().top < document.querySelector("#results > li").getBoundingClientRect().top`); !before {
		t.Error("the filters come after the first result")
	}
	if isOpen := eval[bool](t, ctx, `document.querySelector("#search-filters").open`); isOpen {
		t.Error("the filters are unfolded on a phone")
	}
	if os.Getenv("ROUNDTABLE_SHOTS") != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		must(t, "screenshot", err)
		must(t, "write screenshot", os.WriteFile(os.Getenv("ROUNDTABLE_SHOTS")+"/search-phone.png", png, 0o644))
	}
	_, err = chromedp.Run(ctx, chromedp.EmulateViewport(1280, 900))
	must(t, "wide viewport", err)
	open(t, ctx, s, "/search?q=development")
	if isOpen := eval[bool](t, ctx, `document.querySelector("#search-filters").open`); !isOpen {
		t.Error("the filters are folded on a wide screen")
	}
}
