package render_test

import (
	"bytes"
	"testing"

	"roundtable/internal/outcome/render"
)

// FuzzAKNRoundTrip: any title, label and texts go through Akoma Ntoso XML
// and come back with the same content hash; and ParseAKN never panics on
// what it is given.
func FuzzAKNRoundTrip(f *testing.F) {
	f.Add("Joint Declaration", "OP7bis", "Commit to <continue> the \"dialogue\" & more;", "人权\r\n发展")
	f.Add("", "", "", "")
	f.Add("\x00", "\ufffe", "]]>", "\xff")
	f.Fuzz(func(t *testing.T, title, label, pre, op string) {
		d := adoptedEN()
		d.Title = title
		label = "OP" + label // a paragraph without a label is refused
		d.Paragraphs = []render.Paragraph{
			{Label: label, Kind: render.Preambular, Text: pre},
			{Label: label + "bis", Kind: render.Operative, Text: op},
		}
		checkRoundTrip(t, d)
		// Whatever the bytes, an answer and no panic.
		_, _ = render.ParseAKN(bytes.NewReader([]byte(op)))
	})
}
