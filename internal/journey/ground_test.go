package journey

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// journeyPassword is what the test sets for the demo accounts it signs in
// with (their demo passwords are random and never shown).
const journeyPassword = "a journey through common ground"

// journeyChosen is the password each of those accounts then chooses.
const journeyChosen = "the password its owner chose"

// signInAs sets a demo account's password and signs it in on a tab.
func signInAs(t *testing.T, tab context.Context, s *site, email string) {
	t.Helper()
	ctx := t.Context()
	u, err := s.Accounts.GetByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	// The secretariat hands out a password and its owner replaces it at
	// the first sign-in; the journeys start after that.
	if err := s.Accounts.SetPassword(ctx, audit.System("journey"), u.ID, journeyPassword); err != nil {
		t.Fatal(err)
	}
	if u, err = s.Accounts.GetByEmail(ctx, email); err != nil {
		t.Fatal(err)
	}
	if err := s.Accounts.ChangePassword(ctx, u, journeyPassword, journeyChosen); err != nil {
		t.Fatal(err)
	}
	open(t, tab, s, "/signin")
	signIn(t, tab, email, journeyChosen, http.StatusOK)
}

// countLive counts, in window.liveEvents, the messages the page's live
// stream receives, and marks the document so a reload shows.
func countLive(t *testing.T, tab context.Context) {
	t.Helper()
	must(t, "count the live messages", chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: countEvents})
		return err
	})))
}

// TestGroundFromProposalToPosition walks common ground as the room does:
// the delegate of Brazil proposes; the chair, on the map, publishes it
// from the queue; Brazil records "cannot accept" — refused first without
// a reason, in Portuguese, with the choice kept — then with one; the
// chair's open map shows Brazil's objection without a reload. An observer
// meanwhile sees the proposition but no position, on the map or on the
// proposition's page, while the edition keeps positions to delegations.
func TestGroundFromProposalToPosition(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := startSite(t, db)
		admin, err := s.Accounts.GetByEmail(t.Context(), s.AdminEmail)
		if err != nil {
			t.Fatal(err)
		}
		eds, err := (&dialogue.Service{DB: db}).Editions(t.Context(), &admin)
		if err != nil || len(eds) != 1 {
			t.Fatalf("demo editions: %d, %v", len(eds), err)
		}
		edition := eds[0].ID
		mapPath := fmt.Sprintf("/editions/%d/ground", edition)

		// Brazil proposes, in Portuguese.
		bra := newBrowser(t, browserLanguage("pt-BR"))
		signInAs(t, bra, s, "delegate.bra@roundtable.example")
		open(t, bra, s, fmt.Sprintf("/editions/%d/propositions/new", edition))
		const proposal = "Intercâmbio de experiências sobre defensorias públicas entre os países da região."
		must(t, "fill the proposal", chromedp.Do(bra,
			chromedp.SetValue(chromedp.CSS(`#proposition-form select[name=language]`), "pt"),
			chromedp.SendKeys(chromedp.CSS(`#proposition-form textarea[name=text]`), proposal)))
		clickAndLoad(t, bra, `#proposition-form button[type=submit]`, http.StatusOK)
		path := pagePath(t, bra)
		id, err := strconv.ParseInt(strings.TrimPrefix(path, "/propositions/"), 10, 64)
		if err != nil {
			t.Fatalf("after proposing, the page is %s, not the proposition's", path)
		}
		if got := eval[string](t, bra, `document.querySelector("#status").dataset.status`); got != "submitted" {
			t.Fatalf("the new proposition's status is %q, want submitted (waiting for the chair)", got)
		}

		// The chair publishes it from the queue on the map.
		chair := newBrowser(t, browserLanguage("es"))
		countLive(t, chair)
		signInAs(t, chair, s, "chair@roundtable.example")
		open(t, chair, s, mapPath)
		if n := count(t, chair, fmt.Sprintf(`#queue-table tr[data-proposition="%d"]`, id)); n != 1 {
			t.Fatalf("the chair's queue shows the proposal %d times, want once", n)
		}
		clickAndLoad(t, chair, fmt.Sprintf(`#publish-%d button[type=submit]`, id), http.StatusOK)
		if p := pagePath(t, chair); p != mapPath {
			t.Fatalf("after publishing, the chair is on %s, want the map", p)
		}
		if n := count(t, chair, fmt.Sprintf(`#row-%d`, id)); n != 1 {
			t.Fatal("the published proposition is not on the chair's map")
		}
		if n := count(t, chair, fmt.Sprintf(`#row-%d li[data-delegation=BRA]`, id)); n != 0 {
			t.Fatal("the map shows an objection from Brazil before Brazil took a position")
		}
		waitFor(t, chair, `window.liveEvents >= 1`, "the chair's map connects to its live stream")
		eval[bool](t, chair, `window.notReloaded = true`)

		// Brazil objects: first without a reason (refused, in Portuguese,
		// the choice kept), then with one.
		open(t, bra, s, fmt.Sprintf("/propositions/%d", id))
		must(t, "choose cannot accept", chromedp.Do(bra, chromedp.Click(chromedp.CSS(`#position-form input[name=stance][value=cannot_accept]`))))
		clickAndLoad(t, bra, `#position-form button[type=submit]`, http.StatusBadRequest)
		if got, want := text(t, bra, "#proposition-error"), s.Catalog.T("pt", "ground.error.reason_required"); got != want {
			t.Fatalf("the refusal reads %q, want %q", got, want)
		}
		if !eval[bool](t, bra, `document.querySelector("#position-form input[name=stance][value=cannot_accept]").checked`) {
			t.Fatal("the refused form lost the stance chosen")
		}
		const reason = "A matéria é de competência exclusiva de cada Estado."
		must(t, "give a reason", chromedp.Do(bra, chromedp.SendKeys(chromedp.CSS(`#position-form textarea[name=reason]`), reason)))
		sent := time.Now()
		clickAndLoad(t, bra, `#position-form button[type=submit]`, http.StatusOK)

		// The chair's open map shows it, without a reload.
		waitFor(t, chair, fmt.Sprintf(`document.querySelector("#row-%d li[data-delegation=BRA]") !== null`, id),
			"the chair's map shows Brazil's objection without a reload")
		t.Logf("Brazil's objection reached the chair's open map %v after it was sent", time.Since(sent).Round(time.Millisecond))
		if !eval[bool](t, chair, `window.notReloaded === true`) {
			t.Fatal("the chair's page reloaded instead of updating")
		}
		if got := text(t, chair, fmt.Sprintf(`#row-%d li[data-delegation=BRA]`, id)); !strings.Contains(got, reason) {
			t.Fatalf("the objection on the map reads %q, without Brazil's reason", got)
		}

		// An observer sees the proposition, and no position.
		obs := newBrowser(t, browserLanguage("en-US"))
		signInAs(t, obs, s, "observer@roundtable.example")
		open(t, obs, s, mapPath)
		if count(t, obs, "#positions-restricted") != 1 || count(t, obs, "#ground-ranking, #heatmap, #ground-heatmap") != 0 {
			t.Fatal("the observer's map shows positions, or does not say they are kept to delegations")
		}
		if n := count(t, obs, fmt.Sprintf(`#published-list a[href="/propositions/%d"]`, id)); n != 1 {
			t.Fatal("the observer's map does not list the published proposition")
		}
		open(t, obs, s, fmt.Sprintf("/propositions/%d", id))
		if count(t, obs, "#positions-restricted") != 1 || count(t, obs, "#positions-table, #history-table, #proposition-map") != 0 {
			t.Fatal("the observer's proposition page shows positions")
		}
		if body := text(t, obs, "main"); strings.Contains(body, reason) {
			t.Fatal("the observer reads Brazil's reason")
		}
	})
}
