package journey

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"roundtable/internal/demo"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// focusDescription names the focused element for a failure message.
const focusDescription = `(() => {
	const e = document.activeElement;
	if (!e || e === document.body) return "the page itself";
	return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.name ? "[name=" + e.name + "]" : "") + " " + JSON.stringify((e.innerText || e.value || "").trim().slice(0, 40));
})()`

// focusShows is true when the focused element draws its focus ring: it
// matches :focus-visible and has an outline a person sees.
const focusShows = `(() => {
	const e = document.activeElement;
	if (!e || e === document.body) return true;
	const s = getComputedStyle(e);
	return e.matches(":focus-visible") && s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
})()`

// press sends one key (with Shift when shift is set), as a keyboard does.
func press(t *testing.T, tab context.Context, key string, shift bool) {
	t.Helper()
	var opts []chromedp.KeyOption
	if shift {
		opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
	}
	must(t, fmt.Sprintf("press %q", key), chromedp.Do(tab, chromedp.KeyEvent(key, opts...)))
}

// tabTo presses Tab (Shift+Tab when back is set) until the focus is on an
// element matching selector, at most limit times; every element the focus
// passes must show it. It returns how many presses it took.
func tabTo(t *testing.T, tab context.Context, selector string, back bool, limit int) int {
	t.Helper()
	for n := 1; n <= limit; n++ {
		press(t, tab, kb.Tab, back)
		if !eval[bool](t, tab, focusShows) {
			t.Fatalf("on the way to %s the focus on %s is not visible", selector, eval[string](t, tab, focusDescription))
		}
		if eval[bool](t, tab, `document.activeElement.matches(`+js(selector)+`)`) {
			return n
		}
	}
	t.Fatalf("%d presses of Tab did not reach %s (the focus is on %s)", limit, selector, eval[string](t, tab, focusDescription))
	return 0
}

// pressAndLoad presses key on the focused control and waits for the page
// it leads to, which must answer 200.
func pressAndLoad(t *testing.T, tab context.Context, key string) {
	t.Helper()
	resp, err := chromedp.RunResponse(tab, chromedp.KeyEvent(key))
	must(t, fmt.Sprintf("press %q", key), err)
	if resp == nil || resp.Status != 200 {
		t.Fatalf("pressing %q loaded %+v", key, resp)
	}
}

// wantFocus checks where the focus is.
func wantFocus(t *testing.T, tab context.Context, when, selector string) {
	t.Helper()
	waitFor(t, tab, `document.activeElement && document.activeElement.matches(`+js(selector)+`)`,
		fmt.Sprintf("%s the focus should be on %s", when, selector))
}

// TestSpeakersByKeyboard: the chair opens the list, the delegate of Brazil
// asks for a right of reply on behalf of a bloc, and the chair gives the
// floor and ends the speech, each with the keyboard alone (Tab, Shift+Tab,
// arrows, Enter, Space), the focus visible at every step. After each
// action the focus lands where the action's result is (the list's
// controls, the queue with Brazil in it, the speaker), and the room
// display, open in another tab, shows who speaks.
func TestSpeakersByKeyboard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := startSite(t, db)
		f := demoFloor(t, db, s)
		speakersLink := fmt.Sprintf(`main a[href="/sessions/%d/speakers"]`, f.session)

		chair := newBrowser(t, browserLanguage("en-US"))
		signInAs(t, chair, s, demo.ChairEmail)
		open(t, chair, s, fmt.Sprintf("/sessions/%d", f.session))
		tabTo(t, chair, speakersLink, false, 80)
		pressAndLoad(t, chair, kb.Enter)
		tabTo(t, chair, `#speakers-controls form[action$="/open"] button`, false, 80)
		pressAndLoad(t, chair, kb.Enter)
		wantFocus(t, chair, "after opening the list", "#speakers-head")
		if got := eval[string](t, chair, `document.getElementById("speakers-status").dataset.status`); got != "open" {
			t.Fatalf("after opening, the list is %q", got)
		}
		// The room display, in another tab of the chair's browser.
		display, cancelDisplay := chromedp.NewContext(chair)
		defer cancelDisplay()
		open(t, display, s, fmt.Sprintf("/sessions/%d/speakers/display", f.session))

		bra := newBrowser(t, browserLanguage("en-US"))
		signInAs(t, bra, s, "delegate.bra@roundtable.example")
		open(t, bra, s, fmt.Sprintf("/sessions/%d", f.session))
		tabTo(t, bra, speakersLink, false, 80)
		pressAndLoad(t, bra, kb.Enter)
		// Into the radio group, on the checked "to speak"; the arrow moves
		// to "right of reply" and checks it.
		tabTo(t, bra, `#request-form input[name=kind]`, false, 80)
		press(t, bra, kb.ArrowDown, false)
		if got := eval[string](t, bra, `document.querySelector("#request-form input[name=kind]:checked").value`); got != "right_of_reply" {
			t.Fatalf("the arrow key chose %q", got)
		}
		if n := tabTo(t, bra, `#request-form select[name=on_behalf_of]`, false, 3); n != 1 {
			t.Fatalf("the bloc is %d presses after the kind, want 1", n)
		}
		press(t, bra, kb.ArrowDown, false)
		bloc := eval[string](t, bra, `document.querySelector("#request-form select[name=on_behalf_of]").value`)
		if bloc == "" {
			t.Fatal("the arrow key chose no bloc")
		}
		tabTo(t, bra, requestSubmit, false, 2)
		// Back and forth: Shift+Tab returns to the bloc, which keeps it.
		tabTo(t, bra, `#request-form select[name=on_behalf_of]`, true, 1)
		if got := eval[string](t, bra, `document.querySelector("#request-form select[name=on_behalf_of]").value`); got != bloc {
			t.Fatalf("going back changed the bloc to %q", got)
		}
		tabTo(t, bra, requestSubmit, false, 1)
		pressAndLoad(t, bra, " ")
		wantFocus(t, bra, "after asking for the floor", "#speakers-waiting-section")
		wantWaiting(t, f, "BRA right_of_reply "+bloc)
		if n := count(t, bra, `#speakers-waiting-section tr[data-code=BRA]`); n != 1 {
			t.Fatal("the queue the focus landed on does not show Brazil")
		}
		// The next key press reaches Brazil's own request, to withdraw it.
		tabTo(t, bra, `tr[data-code=BRA] form[action$="/withdraw"] button`, false, 1)

		// The chair's page shows Brazil without a reload; the chair gives it
		// the floor.
		waitFor(t, chair, `document.querySelector("#speakers-waiting tr[data-code=BRA]") !== null`, "the chair's list shows Brazil")
		tabTo(t, chair, `#start-next`, false, 20)
		pressAndLoad(t, chair, kb.Enter)
		wantFocus(t, chair, "after giving the floor", "#speakers-now")
		if n := count(t, chair, `#speakers-now #speaking[data-code=BRA]`); n != 1 {
			t.Fatal("the part the focus landed on does not show Brazil speaking")
		}
		waitFor(t, display, `document.getElementById("now-name").dataset.code === "BRA" && !document.getElementById("now-clock").hidden`, "the room display shows Brazil speaking, with its clock")
		waitFor(t, bra, `document.querySelector("#speaking[data-code=BRA]") !== null`, "Brazil's page shows Brazil speaking")
		// From the speaker, one press reaches "end the speech" (nobody else
		// waits, so there is no "next").
		if n := tabTo(t, chair, `#stop-speaker`, false, 3); n != 1 {
			t.Fatalf("ending the speech is %d presses from the speaker, want 1", n)
		}
		pressAndLoad(t, chair, kb.Enter)
		wantFocus(t, chair, "after ending the speech", "#speakers-now")
		if n := count(t, chair, `#speakers-now #speaking-none`); n != 1 {
			t.Fatal("after ending the speech the page does not say nobody has the floor")
		}
		waitFor(t, display, `document.getElementById("now-name").dataset.code === "" && document.getElementById("now-clock").hidden`, "the room display shows nobody speaking")
	})
}
