package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"roundtable/internal/i18n"
	"roundtable/internal/outcome"
)

// China cannot accept OP3 and says so on the paragraph's page: adoption by
// consensus is refused naming China and OP3. China comes round; the text
// is adopted, and its page shows the hash verified against the frozen
// text, the downloads, and then Brazil's explanation in the annex.
func TestFlowAdoptionByConsensusWaitsForTheObjection(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newFlowFixture(t, s, false)
		chair, chn, bra := f.as(f.chair), f.as(f.delegate["CHN"]), f.as(f.delegate["BRA"])
		cat := i18n.MustLoad()

		par := f.page(t, chn, f.path("/paragraphs/OP3"))
		version := attr(one(t, par, "input", "name", "text_version"), "value")
		f.send(t, chn, f.path("/paragraphs/OP3/position"), url.Values{"stance": {"cannot_accept"},
			"reason": {"A date is needed."}, "text_version": {version}}, http.StatusSeeOther)
		row := one(t, one(t, f.page(t, bra, f.path("/paragraphs/OP3")), "table", "id", "positions-table"), "tr", "data-delegation", "CHN")
		if attr(row, "data-stance") != "cannot_accept" || attr(row, "data-current") != "true" {
			t.Errorf("China's position on OP3 reads %s (current %s)", attr(row, "data-stance"), attr(row, "data-current"))
		}

		res := f.send(t, chair, f.path("/adoption"), url.Values{"method": {"consensus"}}, http.StatusConflict)
		want := cat.T(i18n.En, "outcome.error.objections_remain", "delegations", "CHN", "labels", "OP3")
		if got := text(one(t, doc(t, res), "p", "id", "form-error")); got != want {
			t.Errorf("consensus refused with %q, want %q", got, want)
		}

		f.send(t, chn, f.path("/paragraphs/OP3/position"), url.Values{"stance": {"can_live_with"}, "text_version": {version}}, http.StatusSeeOther)
		res = f.send(t, chair, f.path("/adoption"), url.Values{"method": {"consensus"}}, http.StatusSeeOther)
		if res.Header.Get("Location") != f.path("/adoption") {
			t.Errorf("adopting went to %q", res.Header.Get("Location"))
		}

		zero, err := f.svc.Revision(context.Background(), f.users[f.chair], f.doc, 0)
		flowMust(t, err)
		page := f.page(t, bra, f.path("/adoption"))
		if got := attr(one(t, page, "dd", "id", "method"), "data-method"); got != "consensus" {
			t.Errorf("adopted by %q, want consensus", got)
		}
		if got := attr(one(t, page, "dd", "id", "adopted-revision"), "data-number"); got != "0" {
			t.Errorf("revision adopted %q, want the zero draft", got)
		}
		hash := text(one(t, page, "code", "id", "hash"))
		if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(hash) || hash != zero.Hash {
			t.Errorf("hash shown %q, want the zero draft's %q", hash, zero.Hash)
		}
		check := one(t, page, "dd", "id", "verification")
		if attr(check, "data-verified") != "true" || text(check) != cat.T(i18n.En, "outcome_flow.verified") {
			t.Errorf("the check reads %q (%s)", text(check), attr(check, "data-verified"))
		}
		var links []string
		for _, a := range find(one(t, page, "ul", "id", "downloads"), "a") {
			links = append(links, attr(a, "href"))
		}
		wantLinks := []string{f.path("/text.pdf"), f.path("/text.akn.xml"), f.path("/text.md"), f.path("/text.html"), f.path("/annex.html")}
		if len(links) != len(wantLinks) {
			t.Fatalf("downloads %v", links)
		}
		for i := range links {
			if links[i] != wantLinks[i] {
				t.Errorf("download %d is %q, want %q", i, links[i], wantLinks[i])
			}
		}

		// After adoption, Brazil explains its position; only the kinds
		// that come after adoption are offered.
		if len(find(page, "input", "name", "kind", "value", outcome.ExplanationBefore)) != 0 {
			t.Error("an explanation before adoption is offered after it")
		}
		f.send(t, bra, f.path("/annex"), url.Values{"kind": {outcome.Dissociation}, "paragraphs": {"OP2"}, "language": {"en"},
			"text": {"Brazil joins consensus but dissociates itself from OP2."}}, http.StatusSeeOther)
		entry := one(t, one(t, f.page(t, chair, f.path("/adoption")), "ul", "data-kind", outcome.Dissociation), "li", "data-delegation", "BRA")
		if got := text(one(t, entry, "span", "data-field", "paragraphs")); got != "on OP2" {
			t.Errorf("the dissociation names %q, want OP2", got)
		}
	})
}

// China reads OP3, the chair rewrites it, China's position then arrives
// on the old wording: refused, with OP3 as it is now, China's choice and
// reason kept, and the form set to the new wording so that sending again
// records it.
func TestFlowPositionOnAChangedTextKeepsTheDraft(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newFlowFixture(t, s, false)
		chn := f.as(f.delegate["CHN"])
		par := f.page(t, chn, f.path("/paragraphs/OP3"))
		old := attr(one(t, par, "input", "name", "text_version"), "value")
		p, err := f.svc.EditParagraph(context.Background(), f.users[f.chair], f.doc, "OP3", outcome.EditInput{Text: "Decide to meet again in 2026."})
		flowMust(t, err)

		res := f.send(t, chn, f.path("/paragraphs/OP3/position"), url.Values{"stance": {"cannot_accept"}, "reason": {"Not in 2026."},
			"text_version": {old}}, http.StatusConflict)
		page := doc(t, res)
		if got := text(one(t, page, "p", "id", "form-error")); got != i18n.MustLoad().T(i18n.En, "outcome.error.text_changed", "label", "OP3") {
			t.Errorf("refused with %q", got)
		}
		if got := text(one(t, page, "blockquote", "id", "paragraph-text")); got != "Decide to meet again in 2026." {
			t.Errorf("the page shows %q, want OP3 as it is now", got)
		}
		if !hasAttr(one(t, page, "input", "name", "stance", "value", "cannot_accept"), "checked") || text(one(t, page, "textarea", "id", "p-reason")) != "Not in 2026." {
			t.Error("China's choice was lost")
		}
		now := attr(one(t, page, "input", "name", "text_version"), "value")
		if now == old || now != itoa(p.TextVersion) {
			t.Fatalf("the form is on version %s, want %d", now, p.TextVersion)
		}
		f.send(t, chn, f.path("/paragraphs/OP3/position"), url.Values{"stance": {"cannot_accept"}, "reason": {"Not in 2026."},
			"text_version": {now}}, http.StatusSeeOther)
	})
}
