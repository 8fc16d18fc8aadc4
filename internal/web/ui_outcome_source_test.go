package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"roundtable/internal/ground"
	"roundtable/internal/outcome"
)

// Words carry where they came from: the chair's draft, or the amendment
// of Brazil co-sponsored by Argentina that the chair accepted. The status
// view, the clean revision and its markup say so word by word.
func TestOutcomeWordsNameTheirSource(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		o := setupOutcome(t, s, "en")
		o.add(t, "operative", "States shall respect human rights.")
		o.post(t, "/revisions", url.Values{"kind": {"written"}})
		ctx := context.Background()
		svc := &outcome.Service{DB: s.db, Dialogue: o.svc.Dialogue, Ground: o.svc}
		bra, chair := o.users[o.delegate["BRA"]], o.users[o.commonGround.chair]
		a, err := svc.ProposeAmendment(ctx, &bra, o.doc, outcome.AmendmentInput{Kind: "replace", Paragraph: "OP1",
			Text: "States shall respect and protect human rights.", Sponsors: []string{"ARG"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AcceptAmendment(ctx, &chair, a.ID, ""); err != nil {
			t.Fatal(err)
		}
		o.post(t, "/revisions", url.Values{"kind": {"written"}})
		// Delegations are named as the edition names them.
		names := map[string]string{}
		for _, code := range []string{"BRA", "ARG"} {
			d := doc(t, o.chair.get(fmt.Sprintf("/delegations/%d", o.dels[code])))
			names[code] = text(one(t, d, "h1"))
		}
		want := fmt.Sprintf("From amendment %d (%s, %s)", a.ID, names["BRA"], names["ARG"])

		d := doc(t, o.chair.get(o.docPath("/revisions/1?markup=1")))
		p := one(t, one(t, d, "div", "id", "para-OP1"), "p", "class", "para-text")
		if got := marked(p); got != "States shall respect {+and protect +}human rights." {
			t.Errorf("OP1 marked up: %q", got)
		}
		ins := one(t, p, "ins")
		if attr(ins, "title") != want || attr(ins, "data-source") != fmt.Sprint(a.ID) {
			t.Errorf("the inserted words name %q (source %s), want %q", attr(ins, "title"), attr(ins, "data-source"), want)
		}
		var legend []string
		for _, li := range find(one(t, d, "div", "id", "provenance-legend"), "li") {
			legend = append(legend, text(li))
		}
		if got := strings.Join(legend, " | "); got != "Chair’s draft | "+want {
			t.Errorf("legend: %s", got)
		}
		// The status view draws the working text the same way.
		d = doc(t, o.chair.get(o.docPath("")))
		var src []string
		for _, sp := range find(one(t, d, "p", "id", "text-OP1"), "span") {
			src = append(src, attr(sp, "data-source")+":"+text(sp))
		}
		if got := strings.Join(src, " "); got != fmt.Sprintf("0:States shall respect %d:and protect 0:human rights.", a.ID) {
			t.Errorf("OP1's words by source: %s", got)
		}
	})
}

// Before the zero draft, the chair may start the text from the
// propositions of common ground that reached consensus: uni (every
// delegation supports or can live with it) is offered, div (China
// objects) is not.
func TestOutcomeStartsFromCommonGround(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		o := setupOutcome(t, s, "en")
		d := doc(t, o.chair.get(o.docPath("")))
		f := one(t, d, "form", "id", "ground-form")
		one(t, f, "input", "name", "proposition", "value", fmt.Sprint(o.uni))
		if len(find(f, "input", "value", fmt.Sprint(o.div))) != 0 {
			t.Error("a proposition China objects to is offered")
		}
		if got := o.post(t, "/zero-draft", url.Values{"form": {"zero-draft"}, "proposition": {fmt.Sprint(o.uni)}}); got != "paragraphs" {
			t.Errorf("landed on #%s", got)
		}
		d = doc(t, o.chair.get(o.docPath("")))
		if got := text(one(t, d, "p", "id", "text-OP1")); got != "Every people has the right to development." {
			t.Errorf("OP1 reads %q", got)
		}
		// Once the zero draft is issued, the text moves by amendments.
		o.post(t, "/revisions", url.Values{"kind": {"written"}})
		if len(find(doc(t, o.chair.get(o.docPath(""))), "section", "id", "ground-section")) != 0 {
			t.Error("common ground is still offered after the zero draft")
		}
	})
}

// The chair's settings: the facilitators and the single-text procedure
// show in the document's head.
func TestOutcomeSettings(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		o := setupOutcome(t, s, "en")
		d := doc(t, o.chair.get(o.docPath("")))
		if got := text(one(t, d, "dd", "id", "doc-facilitators")); got != "Ambassador Silva, Ambassador Wang" {
			t.Errorf("facilitators %q", got)
		}
		if len(find(d, "span", "id", "single-text-badge")) != 0 {
			t.Error("single text shown before it is chosen")
		}
		o.post(t, "/settings", url.Values{"form": {"settings"}, "title": {"Brasília Joint Statement"}, "kind": {"joint_statement"},
			"facilitators": {"Ambassador Silva"}, "single_text": {"on"}, "opens_on": {"2024-11-19"}, "closes_on": {"2024-11-20"}})
		d = doc(t, o.chair.get(o.docPath("")))
		one(t, d, "span", "id", "single-text-badge")
		if got := text(one(t, d, "h1", "id", "doc-title")); got != "Brasília Joint Statement" {
			t.Errorf("title %q", got)
		}
		if got := text(one(t, d, "dd", "id", "doc-timeline")); got != "2024-11-19 – 2024-11-20" {
			t.Errorf("timeline %q", got)
		}
		// A timeline that ends before it starts is refused, the form kept.
		res := o.chair.postForm(o.docPath("/settings"), url.Values{"form": {"settings"}, "title": {"Brasília Joint Statement"}, "kind": {"joint_statement"},
			"opens_on": {"2024-11-20"}, "closes_on": {"2024-11-19"}})
		wantStatus(t, res, 400)
		d = doc(t, res)
		if got := attr(one(t, d, "input", "id", "settings-closes"), "value"); got != "2024-11-19" {
			t.Errorf("the date typed: %q", got)
		}
		if got := attr(one(t, d, "input", "name", "next"), "value"); got != o.docPath("") {
			t.Errorf("switching language goes to %q", got)
		}
	})
}

// Beside each paragraph the room reads the positions on its current
// wording by stance, the delegations that cannot accept it, by name, and
// how many positions were taken on an earlier wording.
func TestOutcomeDeskCountsPositions(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		o := setupOutcome(t, s, "en")
		o.add(t, "operative", "States shall respect human rights.")
		o.post(t, "/revisions", url.Values{"kind": {"written"}})
		ctx := context.Background()
		svc := &outcome.Service{DB: s.db, Dialogue: o.svc.Dialogue, Ground: o.svc}
		for _, p := range []struct {
			code, stance, reason string
		}{{"BRA", "support", ""}, {"ARG", "cannot_accept", "Too weak."}, {"CHN", "cannot_accept", "Not as worded."}, {"MEX", "pending", ""}} {
			u := o.users[o.delegate[p.code]]
			if _, err := svc.SetPosition(ctx, &u, o.doc, "OP1", outcome.PositionInput{Stance: ground.Stance(p.stance), Reason: p.reason, TextVersion: 1}); err != nil {
				t.Fatal(err)
			}
		}
		// Mexico's position was taken on the wording before this edit.
		o.post(t, "/paragraphs/OP1", url.Values{"text": {"States shall respect and protect human rights."}, "text_version": {"1"}})
		for _, p := range []struct{ code, stance string }{{"BRA", "support"}, {"ARG", "cannot_accept"}, {"CHN", "cannot_accept"}} {
			u := o.users[o.delegate[p.code]]
			reason := ""
			if p.stance == "cannot_accept" {
				reason = "Still not."
			}
			if _, err := svc.SetPosition(ctx, &u, o.doc, "OP1", outcome.PositionInput{Stance: ground.Stance(p.stance), Reason: reason, TextVersion: 2}); err != nil {
				t.Fatal(err)
			}
		}
		names := map[string]string{}
		for _, code := range []string{"ARG", "CHN"} {
			names[code] = text(one(t, doc(t, o.chair.get(fmt.Sprintf("/delegations/%d", o.dels[code]))), "h1"))
		}
		d := doc(t, s.client().signIn(o.delegate["BRA"]).get(o.docPath("")))
		counts := one(t, d, "div", "id", "counts-OP1")
		var by []string
		for _, li := range find(counts, "li") {
			by = append(by, attr(li, "data-stance")+"="+text(one(t, li, "strong")))
		}
		if got := strings.Join(by, " "); got != "support=1 can_live_with=0 cannot_accept=2 pending=0" {
			t.Errorf("positions on the current wording: %s", got)
		}
		var objecting []string
		for _, sp := range find(one(t, counts, "p", "class", "objectors"), "span") {
			objecting = append(objecting, text(sp))
		}
		if got, want := strings.Join(objecting, ", "), names["ARG"]+", "+names["CHN"]; got != want {
			t.Errorf("objecting: %q, want %q", got, want)
		}
		if got := attr(one(t, counts, "p", "data-stale", "1"), "class"); got != "muted" {
			t.Errorf("stale positions line: class %q", got)
		}
	})
}
