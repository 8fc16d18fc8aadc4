package render_test

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/outcome/render"
)

func TestHTMLGolden(t *testing.T) {
	for _, c := range []struct {
		name   string
		d      render.Document
		markup bool
	}{
		{"adopted-en.html", adoptedEN(), false},
		{"adopted-zh.html", adoptedZH(), false},
		{"draft-en-markup.html", draftEN(), true},
	} {
		var b bytes.Buffer
		if err := render.HTML(&b, c.d, c.markup); err != nil {
			t.Fatal(err)
		}
		golden(t, c.name, b.Bytes())
	}
}

func page(t *testing.T, d render.Document, markup bool) *html.Node {
	t.Helper()
	var b bytes.Buffer
	if err := render.HTML(&b, d, markup); err != nil {
		t.Fatal(err)
	}
	n, err := html.Parse(&b)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// find returns the elements with the tag whose class list holds class
// (any class when empty), in document order.
func find(n *html.Node, tag, class string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag && (class == "" || hasClass(n, class)) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func texts(ns []*html.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = text(n)
	}
	return out
}

func TestHTMLMarkupShowsChangesAndStatuses(t *testing.T) {
	doc := page(t, draftEN(), true)
	main := find(doc, "main", "outcome")[0]
	if got, want := strings.Join(texts(find(main, "ins", "")), "|"),
		"inserted|[with concern] |poverty reduction, |Agree to meet again in 2026;"; got != want {
		t.Errorf("inserted: %q, want %q", got, want)
	}
	if got, want := strings.Join(texts(find(main, "del", "")), "|"), "deleted|closer "; got != want {
		t.Errorf("deleted: %q, want %q", got, want)
	}
	paras := find(main, "div", "para")
	if len(paras) != 4 {
		t.Fatalf("%d paragraphs, want 4", len(paras))
	}
	op2 := paras[2]
	if attr(op2, "id") != "para_OP2" || text(find(op2, "span", "label")[0]) != "OP2" ||
		text(find(op2, "span", "status")[0]) != "Agreed ad ref" || !hasClass(op2, "status-agreed_ad_ref") {
		t.Errorf("OP2 shows %q", text(op2))
	}
	if got := text(find(op2, "p", "text")[0]); got != "Encourage closer cooperation in poverty reduction, education and public health;" {
		t.Errorf("OP2 reads %q", got)
	}
	if got := texts(find(paras[3], "p", "outdated")); len(got) != 1 || got[0] != "translation outdated" {
		t.Errorf("OP2bis outdated note: %q", got)
	}
}

func TestHTMLCleanShowsTheTextOnly(t *testing.T) {
	doc := page(t, adoptedEN(), false)
	if n := len(find(doc, "ins", "")) + len(find(doc, "del", "")) + len(find(doc, "span", "status")); n != 0 {
		t.Errorf("the clean text has %d marks or statuses", n)
	}
	d := draftEN()
	if n := len(find(page(t, d, false), "ins", "")); n != 0 {
		t.Errorf("a draft's clean text shows %d insertions", n)
	}
	if got := text(find(doc, "html", "")[0]); !strings.Contains(got, `Request the secretariat to publish this text, its translations and the "record" of positions <online>;`) {
		t.Error("OP3 is not shown as typed")
	}
	if got := texts(find(doc, "p", "illustrative")); len(got) != 1 || got[0] != "Illustrative: invented for the demonstration" {
		t.Errorf("illustrative notice: %q", got)
	}
	if got := texts(find(doc, "code", "")); len(got) != 1 || got[0] != adoptedEN().Hash {
		t.Errorf("hash shown: %q", got)
	}
	statements := find(doc, "article", "statement")
	if len(statements) != 2 || attr(statements[1], "lang") != "pt" || text(find(statements[1], "h3", "")[0]) != "Brazil — Dissociation" {
		t.Errorf("annex: %q", texts(statements))
	}
	if got := text(find(statements[0], "p", "meta")[0]); got != "Paragraphs: OP2bis · 2025-07-25" {
		t.Errorf("annex meta %q", got)
	}
	// A multi-line paragraph keeps its line break.
	op2bis := find(doc, "div", "para")[5]
	if len(find(op2bis, "br", "")) != 1 {
		t.Errorf("OP2bis: %q has no line break", text(op2bis))
	}
}

func TestHTMLIsInTheReadersLanguage(t *testing.T) {
	doc := page(t, adoptedZH(), false)
	if got := attr(find(doc, "html", "")[0], "lang"); got != "zh" {
		t.Errorf("lang %q", got)
	}
	if got := texts(find(doc, "h2", "")); strings.Join(got, "|") != "序言|执行部分|附件：立场声明" {
		t.Errorf("headings %q", got)
	}
	// The page footer is CSS, in the reader's words.
	style := text(find(doc, "style", "")[0])
	if !strings.Contains(style, `@bottom-right { content: "页" " " counter(page) " / " counter(pages); }`) ||
		!strings.Contains(style, `@top-center { content: "示例\ff1a 为演示而虚构"; color: #a3261f; font-weight: bold; }`) ||
		!strings.Contains(style, "size: A4;") {
		t.Errorf("print rules lack page numbers, notice or A4")
	}
	for _, l := range find(doc, "link", "") {
		t.Errorf("the page fetches %s", attr(l, "href"))
	}
}

func TestHTMLEscapesWhatItIsGiven(t *testing.T) {
	d := adoptedEN()
	d.Title = `</title><script>alert(1)</script>`
	d.Words.Page = `"; } body { display: none } x { content: "`
	d.Paragraphs = []render.Paragraph{{Label: `"><b>OP1`, Kind: render.Operative, Text: "<img src=x onerror=alert(1)>"}}
	var b bytes.Buffer
	if err := render.HTML(&b, d, false); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&b)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(find(doc, "script", "")) + len(find(doc, "img", "")) + len(find(doc, "b", "")); n != 0 {
		t.Errorf("%d elements injected", n)
	}
	if got := text(find(doc, "h1", "")[0]); got != d.Title {
		t.Errorf("title shows %q", got)
	}
	if strings.Contains(text(find(doc, "style", "")[0]), "display: none") {
		t.Error("a label broke out of its CSS string")
	}
}

func TestHTMLRefusesMarksThatAreNotTheText(t *testing.T) {
	d := draftEN()
	d.Paragraphs[2].Marks[1] = render.Mark{Kind: "insert", Text: "closer "} // was deleted
	if err := render.HTML(&bytes.Buffer{}, d, true); err == nil || !strings.Contains(err.Error(), "OP2") {
		t.Errorf("marks that do not add up: %v", err)
	}
	d = draftEN()
	d.Paragraphs[1].Marks[0].Kind = "moved"
	if err := render.HTML(&bytes.Buffer{}, d, true); err == nil {
		t.Error("an unknown mark kind is shown")
	}
}
