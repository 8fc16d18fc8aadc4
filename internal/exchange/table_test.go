package exchange

import (
	"bytes"
	"testing"
)

// A common-ground export opens in a spreadsheet: the file starts with the
// byte order mark, rows end in CRLF, a text that starts like a formula
// is defused and a negative number stays a number.
func TestTableWriter(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewTableWriter(&buf, []string{"delegation", "x", "reason"})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range [][]string{
		{"BRA", "-0.75", "=HYPERLINK(\"http://example.org\")"},
		{"CHN", "1e-05", "-Inf"},
		{"ARG", "0.5", "+ not a number"},
	} {
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFdelegation,x,reason\r\n" +
		"BRA,-0.75,\"'=HYPERLINK(\"\"http://example.org\"\")\"\r\n" +
		"CHN,1e-05,'-Inf\r\n" +
		"ARG,0.5,'+ not a number\r\n"
	if got := buf.String(); got != want {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
}
