package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/i18n"
)

// outcomeDesk is common ground's edition (four accredited delegations,
// the chair, the secretariat, an observer; languages en, es, zh) with one
// outcome document opened by the chair through its form.
type outcomeDesk struct {
	commonGround
	doc   int64
	chair *client
}

// setupOutcome opens a declaration negotiated in lang.
func setupOutcome(t *testing.T, s *site, lang string) outcomeDesk {
	t.Helper()
	o := outcomeDesk{commonGround: setupGround(t, s)}
	o.chair = s.client().signIn(o.commonGround.chair)
	res := o.chair.postForm(o.path("/outcomes"), url.Values{"title": {"Brasília Declaration"}, "kind": {"declaration"},
		"language": {lang}, "facilitators": {"Ambassador Silva\nAmbassador Wang"}})
	wantStatus(t, res, http.StatusSeeOther)
	if _, err := fmt.Sscanf(res.Header.Get("Location"), "/outcomes/%d", &o.doc); err != nil {
		t.Fatalf("created document at %q", res.Header.Get("Location"))
	}
	return o
}

// docPath is an address below the document.
func (o outcomeDesk) docPath(suffix string) string {
	return fmt.Sprintf("/outcomes/%d%s", o.doc, suffix)
}

// post sends a chair's form and wants a redirect back to the status view;
// it returns the redirect's fragment.
func (o outcomeDesk) post(t *testing.T, suffix string, form url.Values) string {
	t.Helper()
	res := o.chair.postForm(o.docPath(suffix), form)
	if res.StatusCode != http.StatusSeeOther {
		d := doc(t, res)
		msg := ""
		if e := find(d, "p", "id", "form-error"); len(e) > 0 {
			msg = text(e[0])
		}
		t.Fatalf("POST %s: status %d (%s)", suffix, res.StatusCode, msg)
	}
	loc := res.Header.Get("Location")
	path, fragment, _ := strings.Cut(loc, "#")
	if path != o.docPath("") {
		t.Fatalf("POST %s went to %q", suffix, loc)
	}
	return fragment
}

// add appends a paragraph at the end of its part.
func (o outcomeDesk) add(t *testing.T, kind, text string) string {
	t.Helper()
	return o.post(t, "/paragraphs", url.Values{"form": {"add"}, "where": {"end"}, "kind": {kind}, "text": {text}})
}

// cells are the texts of a row's cells, header cell first.
func cells(row *html.Node) []string {
	var out []string
	for c := row.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
			out = append(out, text(c))
		}
	}
	return out
}

// rows are the body rows of a table.
func rows(t *testing.T, table *html.Node) []*html.Node {
	t.Helper()
	return find(one(t, table, "tbody"), "tr")
}

// marked is what a paragraph's marks read, spaces and all: each <ins> as
// {+…+}, each <del> as {-…-}, the rest as it is.
func marked(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Data == "ins":
				b.WriteString("{+")
				walk(c)
				b.WriteString("+}")
			case c.Data == "del":
				b.WriteString("{-")
				walk(c)
				b.WriteString("-}")
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

var cat = i18n.MustLoad()

func TestOutcomeCreateListAndRefusedForm(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		o := setupOutcome(t, s, "en")
		// The edition's page leads to its documents.
		if href := attr(one(t, doc(t, o.chair.get(o.path(""))), "a", "id", "outcomes-link"), "href"); href != o.path("/outcomes") {
			t.Errorf("edition's link to its documents: %q", href)
		}
		d := doc(t, o.chair.get(o.path("/outcomes")))
		row := one(t, one(t, d, "table", "id", "outcome-documents"), "tr", "data-document", fmt.Sprint(o.doc))
		want := []string{"Brasília Declaration", "Declaration", "Drafting", "English", "No revision issued yet", "0% (0 of 0 words)"}
		if got := cells(row); strings.Join(got, " | ") != strings.Join(want, " | ") {
			t.Errorf("the document's row: %q, want %q", got, want)
		}
		one(t, d, "form", "id", "create-form")

		// A title left empty is refused, the form drawn again with what
		// was typed.
		res := o.chair.postForm(o.path("/outcomes"), url.Values{"title": {" "}, "kind": {"communique"}, "language": {"zh"}, "facilitators": {"Ambassador Silva"}})
		wantStatus(t, res, http.StatusBadRequest)
		d = doc(t, res)
		one(t, d, "p", "id", "form-error")
		if !hasAttr(one(t, d, "option", "value", "communique"), "selected") {
			t.Error("the kind chosen is not kept")
		}
		if got := text(one(t, d, "textarea", "id", "create-facilitators")); got != "Ambassador Silva" {
			t.Errorf("facilitators kept: %q", got)
		}

		// A delegate, an observer and the public read the list (empty for
		// them while the text is negotiated in the room), without the form.
		for _, c := range []*client{s.client().signIn(o.delegate["BRA"]), s.client().signIn(o.obs), s.client()} {
			d := doc(t, c.get(o.path("/outcomes")))
			if len(find(d, "form", "id", "create-form")) != 0 {
				t.Error("the create form is offered to someone who does not preside")
			}
		}
		if len(find(doc(t, s.client().signIn(o.delegate["BRA"]).get(o.path("/outcomes"))), "tr", "data-document", fmt.Sprint(o.doc))) != 1 {
			t.Error("a delegation does not see the document in negotiation")
		}
		if len(find(doc(t, s.client().get(o.path("/outcomes"))), "tr", "data-document", fmt.Sprint(o.doc))) != 0 {
			t.Error("the public sees a document in negotiation")
		}
	})
}
