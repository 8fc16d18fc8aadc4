package render_test

import (
	"testing"

	"roundtable/internal/outcome/render"
)

// The canonical form and its hash, worked out by hand: the input has a
// decomposed é, a CRLF, a vertical tab pasted from a word processor and
// surrounding spaces; the expected hash is `printf '…' | sha256sum` of the
// canonical text below.
func TestHashOfAHandWorkedText(t *testing.T) {
	d := render.Document{
		Title: "De\u0301claration ",
		Kind:  "declaration",
		Lang:  " fr",
		Paragraphs: []render.Paragraph{
			{Label: "PP1", Kind: "preambular", Text: "  Rappelant\r\nla Charte  "},
			{Label: "OP1", Kind: "operative", Text: "D\u00e9cident\vde « coope\u0301rer »\n"},
		},
		// Neither the words, the forum nor the annex are part of the hash.
		Forum: "Roundtable", Annex: []render.AnnexEntry{{Delegation: "Chile", Text: "x"}},
	}
	wantCanonical := "Déclaration\ndeclaration\nfr\n" +
		"PP1\tpreambular\tRappelant\nla Charte\n" +
		"OP1\toperative\tDécident de « coopérer »\n"
	if got := render.Canonical(d); got != wantCanonical {
		t.Errorf("canonical form\n got %q\nwant %q", got, wantCanonical)
	}
	const want = "09d8b15c656fe5b60cf7e7f28f0fc721fc1e50514021d7ae9257c4c3149efe5a"
	if got := render.Hash(d); got != want {
		t.Errorf("hash %s, want %s", got, want)
	}
}

func TestHashChangesWithTheText(t *testing.T) {
	d := adoptedEN()
	base := render.Hash(d)
	changes := map[string]func(*render.Document){
		"a word":       func(d *render.Document) { d.Paragraphs[3].Text += " again" },
		"a label":      func(d *render.Document) { d.Paragraphs[5].Label = "OP2ter" },
		"the order":    func(d *render.Document) { d.Paragraphs[3], d.Paragraphs[4] = d.Paragraphs[4], d.Paragraphs[3] },
		"the title":    func(d *render.Document) { d.Title += "." },
		"the kind":     func(d *render.Document) { d.Kind = render.KindCommunique },
		"the language": func(d *render.Document) { d.Lang = "es" },
		"a line break": func(d *render.Document) {
			d.Paragraphs[5].Text = "Agree that the Roundtable will hold its third session in 2026; the venue to be decided by consultation."
		},
		"a paragraph's kind": func(d *render.Document) { d.Paragraphs[2].Kind = render.Operative },
	}
	for name, change := range changes {
		c := adoptedEN()
		c.Paragraphs = append([]render.Paragraph(nil), d.Paragraphs...)
		change(&c)
		if render.Hash(c) == base {
			t.Errorf("changing %s leaves the hash as it was", name)
		}
	}
	same := adoptedEN()
	same.Words = render.Labels{}
	same.Annex = nil
	same.Hash = ""
	same.Paragraphs[0].Status = "agreed"
	if render.Hash(same) != base {
		t.Error("labels, annex, status or the stated hash change the content hash")
	}
}
