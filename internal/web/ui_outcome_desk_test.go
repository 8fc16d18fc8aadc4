package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The chair drafts a declaration from the status view: three paragraphs,
// the zero draft, OP1 bracketed, Rev.1, OP2 reworded, Rev.2 read out
// orally; the status view, the revisions and their markup show it.
//
// The words, counted by hand: PP1 "Recalling the Universal Declaration of
// Human Rights," 7; OP1 "Agree to cooperate on the right to development;"
// 8; OP2 "States shall respect [all] human rights." 6, one in brackets.
// 21 words: the zero draft has 1 in brackets (5%); Rev.1, with OP1
// bracketed whole, 9 (43%); Rev.2 the same.
func TestOutcomeDeskDraftsAndIssuesRevisions(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		o := setupOutcome(t, s, "en")
		for _, p := range []struct{ kind, text, fragment string }{
			{"preambular", "Recalling the Universal Declaration of Human Rights,", "para-PP1"},
			{"operative", "Agree to cooperate on the right to development;", "para-OP1"},
			{"operative", "States shall respect [all] human rights.", "para-OP2"},
		} {
			if got := o.add(t, p.kind, p.text); got != p.fragment {
				t.Errorf("added %q, landed on #%s, want #%s", p.text, got, p.fragment)
			}
		}
		if got := o.post(t, "/revisions", url.Values{"form": {"revision"}, "kind": {"written"}}); got != "" {
			t.Errorf("issued, landed on #%s", got)
		}

		// Brackets need a reason: refused, the status form drawn again
		// open, with the status chosen.
		res := o.chair.postForm(o.docPath("/paragraphs/OP1/status"), url.Values{"form": {"status-OP1"}, "status": {"bracketed"}})
		wantStatus(t, res, http.StatusBadRequest)
		d := doc(t, res)
		if !hasAttr(one(t, d, "details", "id", "desk-OP1"), "open") {
			t.Error("the refused status form is not shown open")
		}
		if !hasAttr(one(t, one(t, d, "select", "id", "status-OP1-status"), "option", "value", "bracketed"), "selected") {
			t.Error("the status chosen is not kept")
		}
		o.post(t, "/paragraphs/OP1/status", url.Values{"form": {"status-OP1"}, "status": {"bracketed"}, "reason": {"contentious"}})
		o.post(t, "/revisions", url.Values{"form": {"revision"}, "kind": {"written"}, "note": {"After the first reading."}})

		d = doc(t, o.chair.get(o.docPath("")))
		op1 := one(t, d, "article", "id", "para-OP1")
		if got := text(one(t, op1, "p", "id", "status-OP1")); !strings.Contains(got, "Bracketed") || !strings.Contains(got, "contentious") {
			t.Errorf("OP1's status line: %q", got)
		}
		// The bracketed words of OP2 are marked.
		if b := byClass(one(t, d, "p", "id", "text-OP2"), "span", "bracketed"); len(b) != 1 || text(b[0]) != "[all]" {
			t.Errorf("OP2's bracketed words: %d marked", len(b))
		}
		var shares []string
		for _, r := range rows(t, one(t, d, "table", "id", "share-table")) {
			shares = append(shares, strings.Join(cells(r), " "))
		}
		want := "Zero draft 21 1 5% | Rev.1 21 9 43% | Working text now 21 9 43%"
		if got := strings.Join(shares, " | "); got != want {
			t.Errorf("share by revision:\n%s\nwant\n%s", got, want)
		}
		if n := len(find(one(t, d, "svg", "class", "share-chart"), "rect")); n != 3 {
			t.Errorf("%d bars, want 3", n)
		}

		// An edit made against an older wording is refused with the text
		// as it is now, and what the chair typed kept.
		o.post(t, "/paragraphs/OP2", url.Values{"form": {"edit-OP2"}, "text": {"States should respect [all] human rights."}, "text_version": {"1"}})
		res = o.chair.postForm(o.docPath("/paragraphs/OP2"), url.Values{"form": {"edit-OP2"}, "text": {"States must respect all human rights."}, "text_version": {"1"}})
		wantStatus(t, res, http.StatusConflict)
		d = doc(t, res)
		if got := text(one(t, one(t, d, "div", "id", "current-OP2"), "blockquote")); got != "States should respect [all] human rights." {
			t.Errorf("the text now: %q", got)
		}
		if got := text(one(t, d, "textarea", "id", "edit-OP2-text")); got != "States must respect all human rights." {
			t.Errorf("the text typed: %q", got)
		}
		if got := attr(one(t, one(t, d, "form", "id", "edit-form-OP2"), "input", "name", "text_version"), "value"); got != "2" {
			t.Errorf("the form now edits text version %s, want 2", got)
		}
		o.post(t, "/revisions", url.Values{"form": {"revision"}, "kind": {"oral"}})

		// The revisions: labels, kinds (the oral one marked), shares.
		d = doc(t, o.chair.get(o.docPath("/revisions/2")))
		var list []string
		for _, r := range rows(t, one(t, d, "table", "id", "revisions-table")) {
			c := cells(r)
			list = append(list, c[0]+" "+c[1]+" "+c[4])
		}
		if got := strings.Join(list, " | "); got != "Zero draft Written 5% | Rev.1 Written 43% | Rev.2 (oral) Oral 43%" {
			t.Errorf("revisions: %s", got)
		}
		one(t, d, "span", "data-kind", "oral")
		if got := attr(one(t, d, "a", "data-format", "pdf"), "href"); got != o.docPath("/text.pdf?rev=2") {
			t.Errorf("PDF link %q", got)
		}
		// Every word is the chair's: the clean text names its source.
		for _, sp := range find(one(t, d, "div", "id", "para-OP2"), "span", "data-source", "0") {
			if attr(sp, "title") != "Chair’s draft" {
				t.Errorf("a word's source reads %q", attr(sp, "title"))
			}
		}

		// Rev.2 marked up against Rev.1: the word changed in OP2.
		d = doc(t, o.chair.get(o.docPath("/revisions/2?markup=1")))
		if got := marked(one(t, one(t, d, "div", "id", "para-OP2"), "p", "class", "para-text")); got != "States {-shall-}{+should+} respect [all] human rights." {
			t.Errorf("OP2 marked up: %q", got)
		}
		if got := attr(one(t, d, "div", "id", "para-PP1"), "data-change"); got != "same" {
			t.Errorf("PP1 marked %q", got)
		}
		// Rev.1 against the zero draft: OP1's status moved.
		d = doc(t, o.chair.get(o.docPath("/revisions/1?markup=1")))
		sc := one(t, one(t, d, "div", "id", "para-OP1"), "span", "class", "status-change")
		if attr(sc, "data-from") != "proposed" || attr(sc, "data-to") != "bracketed" || text(sc) != "Proposed → Bracketed" {
			t.Errorf("OP1's status change: %q", text(sc))
		}

		// Any two revisions: the zero draft against Rev.2.
		d = doc(t, o.chair.get(o.docPath("/diff?from=0&to=2")))
		if got := marked(one(t, one(t, d, "div", "id", "para-OP2"), "p", "class", "para-text")); got != "States {-shall-}{+should+} respect [all] human rights." {
			t.Errorf("OP2 from the zero draft to Rev.2: %q", got)
		}
		if !hasAttr(one(t, one(t, d, "select", "id", "diff-to"), "option", "value", "2"), "selected") {
			t.Error("the revision compared is not chosen in the form")
		}
	})
}

func TestOutcomeDeskAddsDeletesAndPackages(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		o := setupOutcome(t, s, "en")
		o.add(t, "operative", "Agree to cooperate;")
		o.add(t, "operative", "Decide to meet again.")
		if got := o.post(t, "/paragraphs", url.Values{"form": {"add"}, "where": {"after"}, "anchor": {"OP1"}, "text": {"Welcome the report;"}}); got != "para-OP1bis" {
			t.Errorf("inserted after OP1 as #%s", got)
		}
		if got := o.post(t, "/paragraphs", url.Values{"form": {"add"}, "where": {"alternative"}, "anchor": {"OP2"}, "text": {"Decide to meet in 2026."}}); got != "para-OP2alt" {
			t.Errorf("alternative to OP2 as #%s", got)
		}
		o.post(t, "/paragraphs/OP1/package", url.Values{"form": {"package-OP1"}, "linked": {"OP2"}})
		d := doc(t, o.chair.get(o.docPath("")))
		var order []string
		for _, a := range find(one(t, d, "section", "id", "paragraphs"), "article") {
			order = append(order, attr(a, "data-label"))
		}
		if got := strings.Join(order, " "); got != "OP1 OP1bis OP2 OP2alt" {
			t.Errorf("paragraphs in order: %s", got)
		}
		if got := attr(one(t, one(t, d, "p", "id", "status-OP2"), "a", "data-package", "OP1"), "href"); got != "#para-OP1" {
			t.Errorf("OP2's package link: %q", got)
		}

		// Deleting asks first.
		d = doc(t, o.chair.get(o.docPath("?delete=OP1bis")))
		f := one(t, d, "form", "id", "delete-form")
		if attr(f, "action") != o.docPath("/paragraphs/OP1bis/delete") {
			t.Errorf("delete form posts to %q", attr(f, "action"))
		}
		wantStatus(t, o.chair.postForm(o.docPath("/paragraphs/OP1bis/delete"), url.Values{"form": {"delete-OP1bis"}}), http.StatusBadRequest)
		o.post(t, "/paragraphs/OP1bis/delete", url.Values{"form": {"delete-OP1bis"}, "confirm": {"yes"}})
		d = doc(t, o.chair.get(o.docPath("")))
		if len(find(d, "article", "id", "para-OP1bis")) != 0 {
			t.Error("OP1bis is still in the text")
		}
		// Its label is never given again.
		if got := o.post(t, "/paragraphs", url.Values{"form": {"add"}, "where": {"after"}, "anchor": {"OP1"}, "text": {"Note the report;"}}); got != "para-OP1ter" {
			t.Errorf("inserted after OP1 again as #%s, want #para-OP1ter", got)
		}
		// A delegate reads the desk without the chair's forms.
		d = doc(t, s.client().signIn(o.delegate["BRA"]).get(o.docPath("")))
		if n := len(find(one(t, d, "div", "id", "outcome-desk"), "form")); n != 0 {
			t.Errorf("a delegate is offered %d forms", n)
		}
		if got := attr(one(t, one(t, d, "div", "id", "counts-OP2"), "a", "data-amendments", "0"), "href"); got != o.docPath("/amendments?paragraph=OP2") {
			t.Errorf("OP2's amendments link: %q", got)
		}
	})
}
