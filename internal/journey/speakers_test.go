package journey

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"roundtable/internal/account"
	"roundtable/internal/dialogue"
	"roundtable/internal/speakers"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// The speakers list page, by CSS selector.
const (
	requestDelegation = `#request-form select[name=delegation_id]`
	requestBloc       = `#request-form select[name=on_behalf_of]`
	requestSubmit     = `#request-form button[type=submit]`
	waitingRows       = `#speakers-waiting tbody tr`
)

// countEvents counts, in window.liveEvents, the messages every EventSource
// of the page receives, so the test knows when the page's stream is
// connected (its first message is the list as it stands).
const countEvents = `(() => {
	const Native = window.EventSource;
	if (!Native) return;
	window.liveEvents = 0;
	window.EventSource = function (url, init) {
		const s = new Native(url, init);
		s.addEventListener("message", () => { window.liveEvents++; });
		return s;
	};
	window.EventSource.prototype = Native.prototype;
})()`

// floorOf is the demo's first session and the ids of the delegations the
// test uses, read through the services as the secretariat.
type floorOf struct {
	session            int64
	arg, bra, chn, mex int64
	bol                int64
	admin              *account.User
	speakers           *speakers.Service
	dialogue           *dialogue.Service
}

func demoFloor(t *testing.T, db *store.DB, s *site) floorOf {
	t.Helper()
	ctx := t.Context()
	admin, err := s.Accounts.GetByEmail(ctx, s.AdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	dlg := &dialogue.Service{DB: db}
	eds, err := dlg.Editions(ctx, &admin)
	if err != nil || len(eds) != 1 {
		t.Fatalf("demo editions: %d, %v", len(eds), err)
	}
	sess, err := dlg.Sessions(ctx, &admin, eds[0].ID)
	if err != nil || len(sess) == 0 {
		t.Fatalf("demo sessions: %d, %v", len(sess), err)
	}
	dels, err := dlg.Delegations(ctx, &admin, eds[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	f := floorOf{session: sess[0].ID, admin: &admin, speakers: &speakers.Service{DB: db, Dialogue: dlg}, dialogue: dlg}
	for _, d := range dels {
		switch d.Code {
		case "ARG":
			f.arg = d.ID
		case "BRA":
			f.bra = d.ID
		case "CHN":
			f.chn = d.ID
		case "MEX":
			f.mex = d.ID
		case "BOL":
			f.bol = d.ID
		}
	}
	if f.arg == 0 || f.bra == 0 || f.chn == 0 || f.mex == 0 || f.bol == 0 {
		t.Fatalf("the demo edition lacks Argentina, Bolivia, Brazil, China or Mexico: %+v", dels)
	}
	return f
}

// TestSpeakersChoiceSurvivesLiveUpdate: the secretariat chooses Brazil, a
// right of reply, on behalf of CELAC, and clicks elsewhere on the page;
// meanwhile China is put on the list from another client, and the page
// shows it without a reload. Asking for the floor then records exactly
// Brazil, right of reply, on behalf of CELAC — not the form's first
// delegation (Argentina), nor "the delegation itself". Then a refused
// request (China on behalf of CELAC, which it does not belong to) comes
// back with its choices; corrected to Mexico, they survive a live update
// that redraws the form (Bolivia is no longer accredited meanwhile).
func TestSpeakersChoiceSurvivesLiveUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := startSite(t, db)
		f := demoFloor(t, db, s)
		ctx := t.Context()
		if err := f.speakers.Open(ctx, f.admin, f.session); err != nil {
			t.Fatal(err)
		}
		tab := newBrowser(t, browserLanguage("en-US"))
		must(t, "count the live messages", chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: countEvents})
			return err
		})))

		open(t, tab, s, "/signin")
		signInAdmin(t, tab, s)
		open(t, tab, s, fmt.Sprintf("/sessions/%d", f.session))
		clickAndLoad(t, tab, fmt.Sprintf(`main a[href="/sessions/%d/speakers"]`, f.session), http.StatusOK)
		// The secretariat may ask for any accredited delegation, Argentina
		// first; none stands chosen before the secretariat chooses.
		options := eval[[]string](t, tab, `[...document.querySelectorAll(`+js(requestDelegation+" option")+`)].map(o => o.value)`)
		if len(options) < 3 || options[0] != "" || options[1] != fmt.Sprint(f.arg) || !slices.Contains(options, fmt.Sprint(f.bra)) {
			t.Fatalf("the delegation choice offers %q; want a blank first, then Argentina (%d), and Brazil (%d)", options, f.arg, f.bra)
		}

		choose(t, tab, f.bra, "right_of_reply", "CELAC")
		waitFor(t, tab, `window.liveEvents >= 1`, "the page's live stream connects")
		// Another person's change.
		if _, err := f.speakers.Request(ctx, f.admin, f.session, speakers.Request{DelegationID: f.chn}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, tab, `document.querySelector(`+js(waitingRows+`[data-code=CHN]`)+`) !== null`, "the list shows China without a reload")
		wantChosen(t, tab, "after the live update", f.bra, "right_of_reply", "CELAC")
		clickAndLoad(t, tab, requestSubmit, http.StatusOK)
		wantWaiting(t, f, "CHN floor ", "BRA right_of_reply CELAC")
		if got := text(t, tab, waitingRows+`[data-code=BRA] th`); got != "Brazil\nRight of reply · On behalf of CELAC" {
			t.Fatalf("Brazil's row reads %q", got)
		}

		// China does not belong to CELAC: refused, and drawn again as chosen.
		choose(t, tab, f.chn, "right_of_reply", "CELAC")
		clickAndLoad(t, tab, requestSubmit, http.StatusBadRequest)
		if n := count(t, tab, "#form-error"); n != 1 {
			t.Fatal("the refusal is not explained")
		}
		wantWaiting(t, f, "CHN floor ", "BRA right_of_reply CELAC")
		wantChosen(t, tab, "after the refusal", f.chn, "right_of_reply", "CELAC")
		// Corrected to Mexico, to speak. Meanwhile Bolivia's accreditation
		// is withdrawn and the chair gives China the floor: the live update
		// redraws the form without Bolivia.
		waitFor(t, tab, `window.liveEvents >= 1`, "the refused page's live stream connects")
		choose(t, tab, f.mex, "floor", "")
		if err := f.dialogue.Accredit(ctx, f.admin, f.bol, false); err != nil {
			t.Fatal(err)
		}
		if err := f.speakers.Start(ctx, f.admin, f.session, 0); err != nil {
			t.Fatal(err)
		}
		waitFor(t, tab, `document.querySelector("#speaking[data-code=CHN]") !== null`, "the page shows China speaking without a reload")
		waitFor(t, tab, `document.querySelector(`+js(fmt.Sprintf(`%s option[value="%d"]`, requestDelegation, f.bol))+`) === null`, "the form is redrawn without Bolivia")
		wantChosen(t, tab, "after the second live update", f.mex, "floor", "CELAC")
		clickAndLoad(t, tab, requestSubmit, http.StatusOK)
		wantWaiting(t, f, "BRA right_of_reply CELAC", "MEX floor CELAC")

		// Argentina is chosen, then loses its accreditation while the chair
		// gives Brazil the floor: no other delegation stands in for it in the
		// form, and the server, not the page, refuses it.
		waitFor(t, tab, `window.liveEvents >= 1`, "the list's live stream connects")
		choose(t, tab, f.arg, "", "")
		if err := f.dialogue.Accredit(ctx, f.admin, f.arg, false); err != nil {
			t.Fatal(err)
		}
		if err := f.speakers.Start(ctx, f.admin, f.session, 0); err != nil {
			t.Fatal(err)
		}
		waitFor(t, tab, `document.querySelector("#speaking[data-code=BRA]") !== null`, "the page shows Brazil speaking without a reload")
		wantChosen(t, tab, "after Argentina's accreditation is withdrawn", f.arg, "floor", "")
		clickAndLoad(t, tab, requestSubmit, http.StatusForbidden)
		wantWaiting(t, f, "MEX floor CELAC")
	})
}

// choose fills the request form as a person does, then clicks elsewhere
// on the page, so the form no longer has the focus. An empty kind or bloc
// is left as it stands.
func choose(t *testing.T, tab context.Context, delegation int64, kind, bloc string) {
	t.Helper()
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Focus(chromedp.CSS(requestDelegation)),
		chromedp.SetValue(chromedp.CSS(requestDelegation), fmt.Sprint(delegation)),
	}
	if kind != "" {
		steps = append(steps, chromedp.Click(chromedp.CSS(`#request-form input[name=kind][value=`+kind+`]`)))
	}
	if bloc != "" {
		steps = append(steps, chromedp.Focus(chromedp.CSS(requestBloc)), chromedp.SetValue(chromedp.CSS(requestBloc), bloc))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(heading)))
	must(t, fmt.Sprintf("choose %d, %s, %s", delegation, kind, bloc), chromedp.Do(tab, steps...))
	if eval[bool](t, tab, `document.querySelector("#request-form").contains(document.activeElement)`) {
		t.Fatal("clicking the heading left the focus in the form")
	}
}

// wantChosen checks what the request form would send.
func wantChosen(t *testing.T, tab context.Context, when string, delegation int64, kind, bloc string) {
	t.Helper()
	got := eval[[]string](t, tab, `[document.querySelector(`+js(requestDelegation)+`).value,
		(document.querySelector("#request-form input[name=kind]:checked") || {}).value || "",
		document.querySelector(`+js(requestBloc)+`).value]`)
	// Fatal: a form that lost its choice may not be sendable at all.
	if want := []string{fmt.Sprint(delegation), kind, bloc}; !slices.Equal(got, want) {
		t.Fatalf("%s the form shows %q, want %q (what was chosen)", when, got, want)
	}
}

// wantWaiting checks what the list holds, read from the service, not the
// page: "CODE kind bloc" per waiting entry, in order.
func wantWaiting(t *testing.T, f floorOf, want ...string) {
	t.Helper()
	b, err := f.speakers.State(t.Context(), f.admin, f.session)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range b.Waiting {
		got = append(got, fmt.Sprintf("%s %s %s", e.Code, e.Kind, e.OnBehalfOf))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("the list holds %q, want %q", got, want)
	}
}

// waitFor polls the page until expr is true, failing after 10 s.
func waitFor(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	wait, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Run(wait, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
