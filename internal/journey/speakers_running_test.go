package journey

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"roundtable/internal/demo"
	"roundtable/internal/speakers"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// TestSpeakersChairRunsWhileDelegateChooses: while the delegate of Brazil
// fills the request form (a right of reply, on behalf of a bloc), the
// chair, in another browser, opens the list, sets the speaking time,
// gives China the floor and moves on to Mexico. Brazil's page follows
// every change without a reload — the form appears when the list opens,
// the speaker changes — and nothing Brazil chose is reset, whether the
// focus was in the form when an update came or elsewhere on the page, nor
// when the chair closes the list for a moment and reopens it.
// Brazil then sends the form, and the list holds exactly what was chosen.
func TestSpeakersChairRunsWhileDelegateChooses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := startSite(t, db)
		f := demoFloor(t, db, s)
		ctx := t.Context()
		list := fmt.Sprintf("/sessions/%d/speakers", f.session)
		kindInput := func(kind string) string { return `#request-form input[name=kind][value=` + kind + `]` }

		chair := newBrowser(t, browserLanguage("en-US"))
		signInAs(t, chair, s, demo.ChairEmail)
		open(t, chair, s, list)

		bra := newBrowser(t, browserLanguage("en-US"))
		countLive(t, bra)
		signInAs(t, bra, s, "delegate.bra@roundtable.example")
		open(t, bra, s, list)
		if n := count(t, bra, "#request-form"); n != 0 {
			t.Fatal("the list is closed, yet Brazil is offered the request form")
		}
		waitFor(t, bra, `window.liveEvents >= 1`, "Brazil's page connects to the live stream")

		// The chair opens the list: Brazil's page offers the form.
		clickAndLoad(t, chair, `#speakers-controls form[action$="/open"] button`, http.StatusOK)
		waitFor(t, bra, `document.querySelector("#request-form") !== null`, "the form appears on Brazil's page when the list opens")
		for _, code := range []string{"CHN", "MEX"} {
			id := map[string]int64{"CHN": f.chn, "MEX": f.mex}[code]
			if _, err := f.speakers.Request(ctx, f.admin, f.session, speakers.Request{DelegationID: id}); err != nil {
				t.Fatal(err)
			}
		}
		waitFor(t, chair, `document.querySelectorAll("#speakers-waiting tbody tr").length === 2`, "the chair's list shows China and Mexico")
		// Brazil sees them too before choosing: the two rows drawn above its
		// form while it clicks would move the form under the pointer (a
		// click aimed at "right of reply" then lands on another field),
		// which is the page settling, not a live update changing a choice.
		waitFor(t, bra, `document.querySelectorAll("#speakers-waiting tbody tr").length === 2`, "Brazil's list shows China and Mexico")

		// Brazil chooses a right of reply and a bloc, and stays on the bloc.
		must(t, "choose", chromedp.Do(bra,
			chromedp.Click(chromedp.CSS(kindInput("right_of_reply"))),
			chromedp.Focus(chromedp.CSS(requestBloc)),
		))
		bloc := eval[string](t, bra, `(() => {
			const s = document.querySelector(`+js(requestBloc)+`);
			s.value = s.options[s.options.length - 1].value;
			s.dispatchEvent(new Event("change", {bubbles: true}));
			return s.value;
		})()`)
		if bloc == "" {
			t.Fatal("Brazil's form offers no bloc")
		}
		formSends := func(when string) {
			t.Helper()
			got := eval[[]string](t, bra, `[(document.querySelector("#request-form input[name=kind]:checked") || {}).value || "",
				document.querySelector(`+js(requestBloc)+`).value]`)
			if got[0] != "right_of_reply" || got[1] != bloc {
				t.Fatalf("%s Brazil's form holds %q, want right_of_reply and %s (what Brazil chose)", when, got, bloc)
			}
		}

		// With the focus in the form, the chair sets three minutes and gives
		// China the floor.
		must(t, "type the limit", chromedp.Do(chair, chromedp.SetValue(chromedp.CSS("#time_limit"), "3")))
		clickAndLoad(t, chair, `#time-limit-form button[type=submit]`, http.StatusOK)
		clickAndLoad(t, chair, `#start-next`, http.StatusOK)
		waitFor(t, chair, `document.querySelector("#speaking[data-code=CHN]") !== null`, "the chair's page shows China speaking")
		waitFor(t, bra, `window.liveEvents >= 3`, "Brazil's page hears of the changes")
		if !eval[bool](t, bra, `document.activeElement === document.querySelector(`+js(requestBloc)+`)`) {
			t.Fatal("the updates took the focus off the bloc")
		}
		formSends("with the focus in the form, after the chair's changes,")
		// Brazil looks away from the form (clicks the heading): the waiting
		// updates are drawn, and the choices stay.
		must(t, "click the heading", chromedp.Do(bra, chromedp.Click(chromedp.CSS(heading))))
		if eval[bool](t, bra, `document.querySelector("#request-form").contains(document.activeElement)`) {
			t.Fatal("clicking the heading left the focus in the form")
		}
		waitFor(t, bra, `document.querySelector("#speaking[data-code=CHN]") !== null`, "Brazil's page shows China speaking once the focus leaves the form")
		waitFor(t, bra, `document.getElementById("speakers-limit").dataset.limit === "180"`, "Brazil's page shows the three minutes")
		formSends("after the updates were drawn")

		// The chair moves on to Mexico while the focus is outside the form.
		clickAndLoad(t, chair, `#start-next`, http.StatusOK)
		waitFor(t, bra, `document.querySelector("#speaking[data-code=MEX]") !== null`, "Brazil's page shows Mexico speaking")
		formSends("after the chair moved on")

		// The chair closes the list for a moment: the form gives way to the
		// notice; reopened, it comes back as Brazil left it.
		clickAndLoad(t, chair, `#speakers-controls form[action$="/close"] button`, http.StatusOK)
		waitFor(t, bra, `document.querySelector("#request-form") === null`, "Brazil's page says the list is closed")
		clickAndLoad(t, chair, `#speakers-controls form[action$="/open"] button`, http.StatusOK)
		waitFor(t, bra, `document.querySelector("#request-form") !== null`, "Brazil's page offers the form again")
		formSends("after the list closed and reopened")

		clickAndLoad(t, bra, requestSubmit, http.StatusOK)
		wantWaiting(t, f, "BRA right_of_reply "+bloc)
		waitFor(t, chair, `document.querySelector("#speakers-waiting tr[data-code=BRA]") !== null`, "the chair's list shows Brazil's request")
	})
}
