package render_test

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"roundtable/internal/outcome/render"
)

// pieces of text a negotiated paragraph may carry, and some it should not
// but will (pasted control characters, broken UTF-8, CRLF).
var textPieces = []string{
	"human rights", "derechos humanos", "direitos humanos", "droits de l'homme", "人权", "发展权利",
	"，", "。", "《世界人权宣言》", "[shall/should]", "&", "<", ">", `"`, "'", "&amp;", "]]>", "<!--", "<![CDATA[",
	" ", "  ", "\t", "\n", "\r\n", "\r", "\v", "\f", "\x00", "\x1b", "\x7f", "\u0085", "\u2028",
	"e\u0301", "\u00e9", "\ufeff", "\ufffe", "\uffff", "\U0001F30D", "\xff", "\xed\xa0\x80", "\xe4\xba",
	"OP7bis", "1.", "#", "*", "_", "\\",
}

func randomText(r *rand.Rand, max int) string {
	var b strings.Builder
	for n := r.IntN(max); n > 0; n-- {
		b.WriteString(textPieces[r.IntN(len(textPieces))])
	}
	return b.String()
}

func randomDocument(r *rand.Rand) render.Document {
	kinds := []string{render.KindDeclaration, render.KindJointStatement, render.KindCommunique}
	langs := []string{"en", "es", "pt", "fr", "zh"}
	d := render.Document{
		Title: randomText(r, 8), Kind: kinds[r.IntN(3)], Lang: langs[r.IntN(5)],
		Forum: randomText(r, 4), Edition: randomText(r, 3), Place: randomText(r, 3),
		Date: revDate, Revision: randomText(r, 2), WorkURI: "/akn/un/statement/declaration/2025-07-25/x",
		Illustrative: r.IntN(2) == 0,
	}
	pp, op := r.IntN(5), r.IntN(8)
	for i := 0; i < pp+op; i++ {
		kind := render.Preambular
		if i >= pp {
			kind = render.Operative
		}
		d.Paragraphs = append(d.Paragraphs, render.Paragraph{Label: randomText(r, 2) + "P" + strings.Repeat("bis", r.IntN(2)), Kind: kind, Text: randomText(r, 30)})
	}
	return d
}

// checkRoundTrip is the property: what AKN writes, ParseAKN reads back
// with the same content hash, and with each text as Clean makes it.
func checkRoundTrip(t *testing.T, d render.Document) {
	t.Helper()
	var b bytes.Buffer
	if err := render.AKN(&b, d); err != nil {
		t.Fatalf("AKN: %v\n%#v", err, d)
	}
	got, err := render.ParseAKN(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("ParseAKN: %v\n%s", err, b.String())
	}
	if render.Hash(got) != render.Hash(d) {
		t.Fatalf("hash changed on the way through XML:\nwrote %q\nread  %q", render.Canonical(d), render.Canonical(got))
	}
	if got.Title != render.Clean(d.Title) || got.Forum != render.Clean(d.Forum) || got.Place != render.Clean(d.Place) {
		t.Fatalf("title %q forum %q place %q, want %q %q %q", got.Title, got.Forum, got.Place,
			render.Clean(d.Title), render.Clean(d.Forum), render.Clean(d.Place))
	}
	for i, p := range got.Paragraphs {
		if p.Text != render.Clean(d.Paragraphs[i].Text) {
			t.Fatalf("paragraph %d: %q, want %q", i, p.Text, render.Clean(d.Paragraphs[i].Text))
		}
	}
}

func TestAKNRoundTripKeepsTheHash(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 2025))
	for i := 0; i < 2000; i++ {
		checkRoundTrip(t, randomDocument(r))
	}
}

func TestCleanIsWhatXMLCarries(t *testing.T) {
	for in, want := range map[string]string{
		"  a\r\nb\rc  ":          "a\nb\nc",
		"e\u0301":                "\u00e9",
		"a\x00b\x1bc\vd":         "a b c d",
		"\ufffe\uffff":           "",
		"bad \xff byte":          "bad \ufffd byte",
		"\xed\xa0\x80 surrogate": "\ufffd surrogate",
		"人权\t& <>":               "人权\t& <>",
		"\u2028trimmed\u0085":    "trimmed",
		"a\u2028b\u0085c":        "a\u2028b\u0085c",
	} {
		if got := render.Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}
