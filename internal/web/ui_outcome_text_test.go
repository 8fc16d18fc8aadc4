package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"roundtable/internal/outcome"
)

// A text negotiated in Chinese is compared character by character: one
// character changed is one character marked, not the whole sentence.
func TestOutcomeDiffInChinese(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		o := setupOutcome(t, s, "zh")
		o.add(t, "operative", "各国人民享有发展权。")
		o.post(t, "/revisions", url.Values{"kind": {"written"}})
		o.post(t, "/paragraphs/OP1", url.Values{"text": {"各国人民拥有发展权。"}, "text_version": {"1"}})
		o.post(t, "/revisions", url.Values{"kind": {"written"}})
		d := doc(t, o.chair.get(o.docPath("/diff?from=0&to=1")))
		p := one(t, one(t, d, "div", "id", "para-OP1"), "p", "class", "para-text")
		if got := marked(p); got != "各国人民{-享-}{+拥+}有发展权。" {
			t.Errorf("OP1 compared: %q", got)
		}
		if attr(p, "lang") != "zh-Hans" && attr(p, "lang") != "zh" {
			t.Errorf("the text's language is given as %q", attr(p, "lang"))
		}
	})
}

// The languages page sets two languages side by side, each version with
// its status; the chair writes a version in place, and it reads outdated
// once the negotiating text moves on.
func TestOutcomeLanguagesSideBySide(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		o := setupOutcome(t, s, "en")
		o.add(t, "operative", "Agree to cooperate;")
		page := o.docPath("/languages?a=en&b=zh")
		badge := func(lang string) string {
			t.Helper()
			d := doc(t, o.chair.get(page))
			cell := one(t, one(t, d, "tr", "id", "row-OP1"), "td", "data-lang", lang)
			return attr(one(t, cell, "span", "class", "outcome-badge text-status"), "data-text-status")
		}
		if got := badge("en") + " " + badge("zh"); got != "negotiating missing" {
			t.Fatalf("before any translation: %s", got)
		}
		// The negotiating text is not edited here; Chinese is.
		d := doc(t, o.chair.get(page))
		if len(find(d, "form", "id", "translation-OP1-en")) != 0 {
			t.Error("the negotiating text is offered for editing on the languages page")
		}
		res := o.chair.postForm(o.docPath("/paragraphs/OP1/translations/zh"), url.Values{"text": {"同意合作；"}, "status": {"reviewed"}, "a": {"en"}, "b": {"zh"}})
		wantStatus(t, res, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); loc != o.docPath("/languages?a=en&b=zh#row-OP1") {
			t.Errorf("back to %q", loc)
		}
		if got := badge("zh"); got != "reviewed" {
			t.Errorf("after the translation: %s", got)
		}
		// A status that does not exist is refused, what was typed kept.
		res = o.chair.postForm(o.docPath("/paragraphs/OP1/translations/zh"), url.Values{"text": {"同意开展合作；"}, "status": {"final"}, "a": {"en"}, "b": {"zh"}})
		wantStatus(t, res, http.StatusBadRequest)
		if got := text(one(t, doc(t, res), "textarea", "id", "tr-OP1-zh-text")); got != "同意开展合作；" {
			t.Errorf("the text typed: %q", got)
		}
		o.post(t, "/paragraphs/OP1", url.Values{"text": {"Agree to cooperate closely;"}, "text_version": {"1"}})
		if got := badge("zh"); got != "outdated" {
			t.Errorf("after the English text changed: %s", got)
		}
		// A delegate reads the versions without the forms.
		d = doc(t, s.client().signIn(o.delegate["CHN"]).get(page))
		if len(find(d, "details", "id", "edit-OP1-zh")) != 0 {
			t.Error("a delegate is offered to edit a version")
		}
	})
}

// The public, an observer and a validator do not find a document while it
// is negotiated; once adopted, they read it (the adopted revision, its
// languages), without the room's record (positions, provenance).
func TestOutcomeReadersOutsideTheRoom(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		o := setupOutcome(t, s, "en")
		o.add(t, "operative", "Agree to cooperate on the right to development.")
		o.post(t, "/revisions", url.Values{"kind": {"written"}})
		outside := []*client{s.client(), s.client().signIn(o.obs)}
		for _, c := range outside {
			for _, p := range []string{"", "/revisions/0", "/diff", "/languages", "/events"} {
				wantStatus(t, c.get(o.docPath(p)), http.StatusNotFound)
			}
		}
		chair := o.users[o.commonGround.chair]
		svc := &outcome.Service{DB: s.db, Dialogue: o.svc.Dialogue, Ground: o.svc}
		if _, err := svc.Adopt(context.Background(), &chair, o.doc, outcome.AdoptInput{Method: outcome.MethodConsensus}); err != nil {
			t.Fatal(err)
		}
		for _, c := range outside {
			d := doc(t, c.get(o.docPath("")))
			if got := attr(one(t, d, "span", "id", "doc-status"), "data-doc-status"); got != "adopted" {
				t.Errorf("status %q", got)
			}
			one(t, d, "article", "id", "para-OP1")
			if len(find(d, "div", "id", "counts-OP1")) != 0 || len(find(d, "div", "id", "provenance-legend")) != 0 {
				t.Error("the room's record is shown outside the room")
			}
			d = doc(t, c.get(o.docPath("/revisions/0")))
			if n := len(rows(t, one(t, d, "table", "id", "revisions-table"))); n != 1 {
				t.Errorf("%d revisions listed", n)
			}
			if len(find(d, "span", "data-source", "0")) != 0 {
				t.Error("provenance is shown outside the room")
			}
			wantStatus(t, c.get(o.docPath("/languages")), http.StatusOK)
			one(t, doc(t, c.get(o.docPath("/languages"))), "p", "id", "adopted-text-note")
			// The adopted document is listed for the public too.
			one(t, doc(t, c.get(o.path("/outcomes"))), "tr", "data-document", fmt.Sprint(o.doc))
		}
	})
}
