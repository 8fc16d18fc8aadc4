package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roundtable/internal/i18n"
	"roundtable/internal/outcome"
)

// Brazil proposes new wording for OP3, co-sponsored by China, from the
// form the paragraph's text fills; the list shows it with its word diff;
// the chair accepts it; Rev.1's marked-up text then shows the new words
// inserted, each naming the amendment and its sponsors.
func TestFlowReplaceAmendmentAcceptedShowsInTheNextRevision(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newFlowFixture(t, s, false)
		bra, chair := f.as(f.delegate["BRA"]), f.as(f.chair)

		form := f.page(t, bra, f.path("/amendments/new?paragraph=OP3"))
		if got := text(one(t, form, "textarea", "id", "a-text")); got != "Decide to meet again." {
			t.Fatalf("the form starts from %q, want OP3's text", got)
		}
		if !hasAttr(one(t, form, "input", "name", "kind", "value", "replace"), "checked") {
			t.Error("a form opened on a paragraph does not propose new wording")
		}
		version := attr(one(t, form, "input", "name", "text_version"), "value")
		one(t, form, "input", "name", "sponsors", "value", "CHN")
		if len(find(form, "input", "name", "sponsors", "value", "BRA")) != 0 {
			t.Error("Brazil is offered as its own co-sponsor")
		}

		res := f.send(t, bra, f.path("/amendments"), url.Values{"kind": {"replace"}, "paragraph": {"OP3"}, "read_label": {"OP3"},
			"text_version": {version}, "text": {"Decide to meet again in Beijing in 2026."}, "sponsors": {"CHN"},
			"rationale": {"A date and a place."}}, http.StatusSeeOther)
		amendment := res.Header.Get("Location")
		if !strings.HasPrefix(amendment, "/amendments/") {
			t.Fatalf("proposing went to %q, want the amendment's page", amendment)
		}
		id := strings.TrimPrefix(amendment, "/amendments/")

		list := f.page(t, chair, f.path("/amendments?status=pending"))
		item := one(t, list, "li", "id", "amendment-"+id)
		if attr(item, "data-kind") != "replace" || attr(item, "data-target") != "OP3" || attr(item, "data-status") != "pending" {
			t.Errorf("listed as %s on %s, %s", attr(item, "data-kind"), attr(item, "data-target"), attr(item, "data-status"))
		}
		if got := strings.Join(flowTexts(find(item, "ins")), "|"); got != "in Beijing in 2026" {
			t.Errorf("inserted words %q, want \"in Beijing in 2026\"", got)
		}
		if dels := find(item, "del"); len(dels) != 0 {
			t.Errorf("words deleted: %q", flowTexts(dels))
		}
		if got := text(one(t, item, "dd", "data-field", "cosponsors")); got != "China" {
			t.Errorf("co-sponsors %q, want China", got)
		}
		one(t, item, "form", "id", "accept-"+id)

		res = f.send(t, chair, amendment+"/accept", url.Values{"note": {"Agreed in the room."}}, http.StatusSeeOther)
		if res.Header.Get("Location") != amendment {
			t.Errorf("accepting went to %q", res.Header.Get("Location"))
		}
		page := f.page(t, chair, amendment)
		if got := attr(one(t, page, "dd", "id", "amendment-status"), "data-status"); got != "accepted" {
			t.Fatalf("after accepting, the amendment is %s", got)
		}
		if text(one(t, page, "dd", "id", "amendment-result")) != "OP3" {
			t.Error("the accepted amendment does not name the paragraph it changed")
		}

		if _, err := f.svc.IssueRevision(t.Context(), f.users[f.chair], f.doc, outcome.RevisionInput{}); err != nil {
			t.Fatal(err)
		}
		markup := f.page(t, bra, f.path("/revisions/1?markup=1"))
		var inserted []string
		for _, n := range find(markup, "ins", "data-source", id) {
			inserted = append(inserted, text(n))
			if title := attr(n, "title"); !strings.Contains(title, "Brazil") || !strings.Contains(title, "China") {
				t.Errorf("the inserted words name %q, want the amendment by Brazil and China", title)
			}
		}
		if strings.Join(inserted, "|") != "in Beijing in 2026" {
			t.Errorf("Rev.1 marks %q as amendment %s's, want \"in Beijing in 2026\"", inserted, id)
		}
	})
}

// In single-text mode only the chair changes the text: a delegate is not
// offered the form, and the page and a sent form both say why.
func TestFlowSingleTextRefusesADelegationsAmendment(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newFlowFixture(t, s, true)
		bra := f.as(f.delegate["BRA"])
		want := i18n.MustLoad().T(i18n.En, "outcome.error.single_text")

		form := f.page(t, bra, f.path("/amendments/new?paragraph=OP3"))
		if got := text(one(t, form, "p", "id", "amend-refused")); got != want {
			t.Errorf("the form page says %q, want %q", got, want)
		}
		if len(find(form, "form", "id", "amendment-form")) != 0 {
			t.Error("the form is offered in single-text mode")
		}
		list := f.page(t, bra, f.path("/amendments"))
		if got := text(one(t, list, "p", "id", "amend-refused")); got != want {
			t.Errorf("the list says %q, want %q", got, want)
		}

		res := f.send(t, bra, f.path("/amendments"), url.Values{"kind": {"replace"}, "paragraph": {"OP3"},
			"text": {"Decide to meet again in 2026."}}, http.StatusConflict)
		page := doc(t, res)
		if got := text(one(t, page, "p", "id", "form-error")); got != want {
			t.Errorf("the refusal says %q, want %q", got, want)
		}
		// The chair still amends.
		f.page(t, f.as(f.chair), f.path("/amendments/new?paragraph=OP3"))
	})
}
