package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/account"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// A refused form says which field is wrong, by the name its label gives,
// and marks that field, and only that one, aria-invalid and described by
// the banner, so a screen reader lands on it with the reason.

// wantFieldRefusal checks a refused form's page: the banner (id
// form-error) says want, and the one element marked aria-invalid is the
// field with id field, described by the banner.
func wantFieldRefusal(t *testing.T, page *html.Node, want, field string) {
	t.Helper()
	if got := text(one(t, page, "p", "id", "form-error")); got != want {
		t.Errorf("the banner says %q, want %q", got, want)
	}
	var marked []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && hasAttr(n, "aria-invalid") {
			marked = append(marked, attr(n, "id"))
			if attr(n, "aria-invalid") != "true" || attr(n, "aria-describedby") != "form-error" {
				t.Errorf("#%s: aria-invalid=%q aria-describedby=%q, want true and form-error", attr(n, "id"), attr(n, "aria-invalid"), attr(n, "aria-describedby"))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(page)
	if len(marked) != 1 || marked[0] != field {
		t.Errorf("fields marked invalid: %q, want only %q", marked, field)
	}
}

func TestConceptFormNamesAndMarksTheFieldAtFault(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := searchSite(t, db)
		s.user("sec@example.org", account.Administrator)
		c := s.client().signIn("sec@example.org")
		for _, tc := range []struct {
			form        url.Values
			want, field string
		}{
			{url.Values{"pref_en": {"right to rest"}, "broader": {"no-such-concept"}},
				"Broader concepts: A linked concept does not exist.", "broader"},
			{url.Values{"pref_en": {"right to rest"}, "sdg": {"99.z"}},
				"Sustainable Development Goals and targets: Give a goal or target code such as 1, 3.8 or 17.a.", "sdg"},
			{url.Values{"pref_es": {"derecho al descanso"}},
				"Preferred name (English): A preferred name is required (at least in English).", "pref_en"},
		} {
			tc.form.Set("new", "1")
			tc.form.Set("id", "right-to-rest")
			res := c.postForm("/concepts", tc.form)
			wantStatus(t, res, http.StatusBadRequest)
			wantFieldRefusal(t, doc(t, res), tc.want, tc.field)
		}
	})
}

func TestPropositionFormNamesAndMarksTheFieldAtFault(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		g := setupGround(t, s)
		bra := s.client().signIn(g.delegate["BRA"])
		res := bra.postForm(g.path("/propositions"), url.Values{"language": {"es"}, "text": {"Toda persona tiene derecho a la paz."}, "sources": {"999999"}})
		wantStatus(t, res, http.StatusBadRequest)
		wantFieldRefusal(t, doc(t, res), "Source statements: Statement 999999 is not a statement of this edition that you can read.", "sources")

		res = bra.postForm(g.path("/propositions"), url.Values{"language": {"es"}, "text": {"  "}})
		wantStatus(t, res, http.StatusBadRequest)
		wantFieldRefusal(t, doc(t, res), "Text: This field is required.", "text")
	})
}

func TestAmendmentFormNamesAndMarksTheFieldAtFault(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newFlowFixture(t, s, false)
		bra := f.as(f.delegate["BRA"])
		form := url.Values{"kind": {"replace"}, "paragraph": {"OP3"}, "read_label": {"OP3"},
			"text": {"Decide to meet again in Beijing in 2026."}, "sponsors": {"XYZ"}}
		res := f.send(t, bra, f.path("/amendments"), form, http.StatusBadRequest)
		wantFieldRefusal(t, doc(t, res), "Co-sponsors: No delegation with the code XYZ takes part in this edition.", "sponsors")

		// In French, the label and the no-break space before the colon.
		bra.speak("fr")
		res = f.send(t, bra, f.path("/amendments"), form, http.StatusBadRequest)
		wantFieldRefusal(t, doc(t, res), "Coauteurs\u00a0: Aucune délégation ayant le code XYZ ne participe à cette édition.", "sponsors")
	})
}

func TestImportFormNamesAndMarksTheFieldAtFault(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newExchangeFixture(t, s)
		ui := s.client().signIn("sec@example.org")
		upload := func(format, body string) *html.Node {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			mw.WriteField("csrf", ui.csrf())
			mw.WriteField("format", format)
			fw, _ := mw.CreateFormFile("file", "record.csv")
			fw.Write([]byte(body))
			mw.Close()
			res := ui.do("POST", fmt.Sprintf("/editions/%d/import", f.ids.edition), &buf, http.Header{"Content-Type": {mw.FormDataContentType()}})
			wantStatus(t, res, http.StatusBadRequest)
			return doc(t, res)
		}
		// Lines that do not pass: the file is at fault, its lines listed.
		page := upload("csv", "delegation,language,text\nBRA,pt,Um\nBRA,xx,Dois\n")
		wantFieldRefusal(t, page, "File: Nothing was imported. Errors found: 1.", "file")
		one(t, one(t, page, "table", "id", "import-errors"), "tr", "data-line", "3")

		page = upload("xml", "<statements/>")
		wantFieldRefusal(t, page, "Format: Send a CSV file (text/csv) or a JSON array (application/json).", "format")
	})
}
