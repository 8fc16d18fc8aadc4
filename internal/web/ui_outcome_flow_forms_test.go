package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roundtable/internal/i18n"
	"roundtable/internal/outcome"
)

// Brazil drafts new wording of OP3 while the chair rewrites OP3: the
// amendment is refused with OP3 as it is now beside Brazil's draft, kept
// as typed, and sending it again goes through.
func TestFlowAmendmentOnAChangedTextKeepsTheDraft(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newFlowFixture(t, s, false)
		bra := f.as(f.delegate["BRA"])
		form := f.page(t, bra, f.path("/amendments/new?paragraph=OP3"))
		old := attr(one(t, form, "input", "name", "text_version"), "value")
		p, err := f.svc.EditParagraph(context.Background(), f.users[f.chair], f.doc, "OP3", outcome.EditInput{Text: "Decide to meet again in 2027."})
		flowMust(t, err)

		draft := url.Values{"kind": {"replace"}, "paragraph": {"OP3"}, "read_label": {"OP3"}, "text_version": {old},
			"text": {"Decide to meet again in Beijing."}, "rationale": {"The place matters."}, "sponsors": {"ARG"}}
		page := doc(t, f.send(t, bra, f.path("/amendments"), draft, http.StatusConflict))
		if got := text(one(t, page, "blockquote", "id", "current-text")); got != "Decide to meet again in 2027." {
			t.Errorf("the refusal shows %q, want OP3 as it is now", got)
		}
		if text(one(t, page, "textarea", "id", "a-text")) != "Decide to meet again in Beijing." || text(one(t, page, "textarea", "id", "a-rationale")) != "The place matters." ||
			!hasAttr(one(t, page, "input", "name", "sponsors", "value", "ARG"), "checked") {
			t.Error("Brazil's draft was not kept as typed")
		}
		now := attr(one(t, page, "input", "name", "text_version"), "value")
		if now != itoa(p.TextVersion) {
			t.Fatalf("the form is on version %s, want %d", now, p.TextVersion)
		}
		draft.Set("text_version", now)
		f.send(t, bra, f.path("/amendments"), draft, http.StatusSeeOther)
	})
}

// Rejecting and withdrawing ask for a confirmation; without it nothing
// changes. Only Brazil's own delegation is offered the withdrawal of
// Brazil's amendment.
func TestFlowRejectAndWithdrawAreConfirmed(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newFlowFixture(t, s, false)
		chair, bra, chn := f.as(f.chair), f.as(f.delegate["BRA"]), f.as(f.delegate["CHN"])
		var ids []string
		for _, text := range []string{"Decide to meet again in 2026.", "Decide to meet again in Lima."} {
			a, err := f.svc.ProposeAmendment(context.Background(), f.users[f.delegate["BRA"]], f.doc, outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP3", Text: text})
			flowMust(t, err)
			ids = append(ids, fmt.Sprint(a.ID))
		}
		status := func(id string) string {
			return attr(one(t, f.page(t, chair, "/amendments/"+id), "dd", "id", "amendment-status"), "data-status")
		}

		page := doc(t, f.send(t, chair, "/amendments/"+ids[0]+"/reject", url.Values{"note": {"Not now."}}, http.StatusBadRequest))
		if got := attr(one(t, page, "p", "id", "form-error"), "data-field"); got != "confirm" {
			t.Errorf("an unconfirmed rejection is refused on %q, want confirm", got)
		}
		if text(one(t, page, "textarea", "id", "reject-note")) != "Not now." {
			t.Error("the chair's note was lost")
		}
		if got := status(ids[0]); got != "pending" {
			t.Fatalf("after an unconfirmed rejection the amendment is %s", got)
		}
		f.send(t, chair, "/amendments/"+ids[0]+"/reject", url.Values{"note": {"Not now."}, "confirm": {"yes"}}, http.StatusSeeOther)
		if got := status(ids[0]); got != "rejected" {
			t.Errorf("after the rejection the amendment is %s", got)
		}

		if len(find(f.page(t, chn, "/amendments/"+ids[1]), "form", "id", "withdraw-form")) != 0 {
			t.Error("China is offered the withdrawal of Brazil's amendment")
		}
		f.send(t, chn, "/amendments/"+ids[1]+"/withdraw", url.Values{"confirm": {"yes"}}, http.StatusForbidden)
		one(t, f.page(t, bra, "/amendments/"+ids[1]), "form", "id", "withdraw-form")
		f.send(t, bra, "/amendments/"+ids[1]+"/withdraw", nil, http.StatusBadRequest)
		f.send(t, bra, "/amendments/"+ids[1]+"/withdraw", url.Values{"confirm": {"yes"}}, http.StatusSeeOther)
		if got := status(ids[1]); got != "withdrawn" {
			t.Errorf("after the withdrawal the amendment is %s", got)
		}
	})
}

// Brazil and China each reword OP3; the chair, on OP3's list, folds both
// into one compromise, which replaces OP3 at once.
func TestFlowCompromiseFoldsPendingAmendments(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newFlowFixture(t, s, false)
		chair := f.as(f.chair)
		var ids []string
		for _, p := range []struct{ code, text string }{{"BRA", "Decide to meet again in 2026."}, {"CHN", "Decide to meet again in Beijing."}} {
			a, err := f.svc.ProposeAmendment(context.Background(), f.users[f.delegate[p.code]], f.doc, outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP3", Text: p.text})
			flowMust(t, err)
			ids = append(ids, fmt.Sprint(a.ID))
		}
		list := f.page(t, chair, f.path("/amendments?paragraph=OP3"))
		form := one(t, list, "form", "id", "compromise-form")
		if attr(one(t, form, "input", "name", "paragraph"), "value") != "OP3" || text(one(t, form, "textarea", "id", "c-text")) != "Decide to meet again." {
			t.Fatal("the compromise form on OP3's list does not start from OP3")
		}
		// Nothing ticked: refused, the wording kept.
		page := doc(t, f.send(t, chair, f.path("/compromise?paragraph=OP3"), url.Values{"paragraph": {"OP3"},
			"text": {"Decide to meet again in Beijing in 2026."}, "text_version": {attr(one(t, form, "input", "name", "text_version"), "value")}}, http.StatusBadRequest))
		if attr(one(t, page, "p", "id", "flow-error"), "data-field") != "folds" || text(one(t, page, "textarea", "id", "c-text")) != "Decide to meet again in Beijing in 2026." {
			t.Error("a compromise folding nothing: not refused on folds, or the wording lost")
		}

		res := f.send(t, chair, f.path("/compromise?paragraph=OP3"), url.Values{"paragraph": {"OP3"}, "folds": ids,
			"text": {"Decide to meet again in Beijing in 2026."}, "text_version": {attr(one(t, form, "input", "name", "text_version"), "value")}}, http.StatusSeeOther)
		c := f.page(t, chair, res.Header.Get("Location"))
		if got := attr(one(t, c, "dd", "id", "amendment-status"), "data-status"); got != "accepted" {
			t.Errorf("the compromise is %s, want accepted", got)
		}
		var folds []string
		for _, a := range find(one(t, c, "dd", "id", "folds"), "a") {
			folds = append(folds, strings.TrimPrefix(attr(a, "href"), "/amendments/"))
		}
		if strings.Join(folds, " ") != strings.Join(ids, " ") {
			t.Errorf("the compromise folds %v, want %v", folds, ids)
		}
		for _, id := range ids {
			if got := attr(one(t, f.page(t, chair, "/amendments/"+id), "dd", "id", "amendment-status"), "data-status"); got != "folded" {
				t.Errorf("amendment %s is %s, want folded", id, got)
			}
		}
		if got := text(one(t, f.page(t, chair, f.path("/paragraphs/OP3")), "blockquote", "id", "paragraph-text")); got != "Decide to meet again in Beijing in 2026." {
			t.Errorf("OP3 reads %q after the compromise", got)
		}
	})
}

// Where the forum's rules allow a vote, the chair records one per
// accredited delegation: two yes against one no adopts the text.
func TestFlowAdoptionByRecordedVote(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newFlowFixture(t, s, false)
		chair := f.as(f.chair)
		if len(find(f.page(t, chair, f.path("/adoption")), "table", "id", "votes-table")) != 0 {
			t.Error("a vote is offered where the forum adopts by consensus only")
		}
		_, err := f.svc.SetRules(context.Background(), f.users[f.admin], f.edition.ForumID, outcome.Rules{Adoption: outcome.RuleConsensusOrVote})
		flowMust(t, err)
		table := one(t, f.page(t, chair, f.path("/adoption")), "table", "id", "votes-table")
		var voters []string
		for _, r := range find(table, "tr") {
			if c := attr(r, "data-delegation"); c != "" {
				voters = append(voters, c)
			}
		}
		if strings.Join(voters, " ") != "ARG BRA CHN" {
			t.Errorf("voters %v, want ARG BRA CHN", voters)
		}
		f.send(t, chair, f.path("/adoption"), url.Values{"method": {"vote"}, "vote_BRA": {"yes"}, "vote_CHN": {"no"}, "vote_ARG": {"yes"}}, http.StatusSeeOther)
		page := f.page(t, f.as(f.delegate["CHN"]), f.path("/adoption"))
		if got := attr(one(t, page, "dd", "id", "method"), "data-method"); got != "vote" {
			t.Errorf("adopted by %q, want vote", got)
		}
	})
}

// Each page of the flow is drawn in the reader's language.
func TestFlowPagesInEveryLanguage(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	f := newFlowFixture(t, s, false)
	a, err := f.svc.ProposeAmendment(context.Background(), f.users[f.delegate["BRA"]], f.doc, outcome.AmendmentInput{Kind: outcome.Delete, Paragraph: "OP2"})
	flowMust(t, err)
	cat := i18n.MustLoad()
	bra := f.as(f.delegate["BRA"])
	pages := []struct{ path, id, key string }{
		{f.path("/amendments"), "amendments-h", "outcome_flow.amendments_title"},
		{f.path("/amendments/new?paragraph=OP1"), "propose-h", "outcome_flow.propose_title"},
		{fmt.Sprintf("/amendments/%d", a.ID), "diff-h", "outcome_flow.diff"},
		{f.path("/paragraphs/OP1"), "positions-h", "outcome_flow.positions"},
		{f.path("/silence"), "silence-h", "outcome_flow.silence_title"},
		{f.path("/adoption"), "adoption-h", "outcome_flow.adoption_title"},
	}
	for _, lang := range i18n.Supported {
		bra.speak(string(lang))
		for _, p := range pages {
			d := f.page(t, bra, p.path)
			if got, want := text(one(t, d, "", "id", p.id)), cat.T(lang, p.key); got != want {
				t.Errorf("%s in %s: %q, want %q", p.path, lang, got, want)
			}
			if attr(one(t, d, "html"), "lang") != lang.Tag() {
				t.Errorf("%s in %s: the page's lang is %q", p.path, lang, attr(one(t, d, "html"), "lang"))
			}
		}
	}
}
