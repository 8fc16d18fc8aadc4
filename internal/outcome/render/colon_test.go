package render

import (
	"bytes"
	"strings"
	"testing"
)

// TestHeadingsJoinWithTheLanguagesColon: a Chinese export writes its
// revision and hash headings with the full-width colon, a French one with
// a narrow no-break space before the colon, not ": " in every language.
func TestHeadingsJoinWithTheLanguagesColon(t *testing.T) {
	for _, c := range []struct {
		lang, colon, revision, hash, want string
	}{
		{"zh", "：", "修订稿", "内容哈希", "修订稿：Rev.1"},
		{"fr", "\u202f: ", "Révision", "Empreinte", "Révision\u202f: Rev.1"},
	} {
		d := Document{Title: "T", Kind: KindDeclaration, Lang: c.lang, Revision: "Rev.1", Hash: "abc",
			Paragraphs: []Paragraph{{Label: "OP1", Kind: Operative, Text: "x"}},
			Words:      Labels{Revision: c.revision, Hash: c.hash, Colon: c.colon}}
		var b bytes.Buffer
		if err := Markdown(&b, d); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), c.want) {
			t.Errorf("%s: the Markdown has no %q:\n%s", c.lang, c.want, b.String())
		}
		if !strings.Contains(b.String(), c.hash+c.colon+"`abc`") {
			t.Errorf("%s: the hash line does not read %q", c.lang, c.hash+c.colon+"`abc`")
		}
	}
}
