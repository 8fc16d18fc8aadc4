package render_test

import (
	"bytes"
	"strings"
	"testing"

	"roundtable/internal/outcome/render"
)

func TestMarkdownGolden(t *testing.T) {
	for name, d := range map[string]render.Document{
		"adopted-en.md": adoptedEN(), "adopted-zh.md": adoptedZH(), "draft-en.md": draftEN(),
	} {
		var b bytes.Buffer
		if err := render.Markdown(&b, d); err != nil {
			t.Fatal(err)
		}
		golden(t, name, b.Bytes())
	}
}

func TestMarkdownShowsNegotiationMarksAsTyped(t *testing.T) {
	d := draftEN()
	d.Illustrative = false
	d.Paragraphs = []render.Paragraph{
		{Label: "OP1", Kind: render.Operative, Text: "[Decide][Agree] to *continue* the_dialogue <b>now</b> & [later](x)"},
		{Label: "OP2", Kind: render.Operative, Text: "# not a heading\n1. not a list\n\n> not a quote"},
	}
	var b bytes.Buffer
	if err := render.Markdown(&b, d); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`**OP1** \[Decide\]\[Agree\] to \*continue\* the\_dialogue \<b\>now\</b\> \& \[later\](x)` + "\n",
		`**OP2** \# not a heading\` + "\n" + `1\. not a list\` + "\n" + `\> not a quote` + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Illustrative") {
		t.Error("a real text is called illustrative")
	}
}
