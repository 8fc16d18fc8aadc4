package exchange

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"
)

// sheetXML is a worksheet as encoding/xml reads it back.
type sheetXML struct {
	Views []struct {
		Pane struct {
			YSplit string `xml:"ySplit,attr"`
			State  string `xml:"state,attr"`
		} `xml:"sheetView>pane"`
	} `xml:"sheetViews"`
	Rows []struct {
		R     string `xml:"r,attr"`
		Cells []struct {
			R      string  `xml:"r,attr"`
			T      string  `xml:"t,attr"`
			S      string  `xml:"s,attr"`
			V      *string `xml:"v"`
			Inline *struct {
				T string `xml:"t"`
			} `xml:"is"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
}

type stylesXML struct {
	Fonts []struct {
		Bold *struct{} `xml:"b"`
	} `xml:"fonts>font"`
	Xfs []struct {
		FontID string `xml:"fontId,attr"`
	} `xml:"cellXfs>xf"`
}

// openXLSX unzips a workbook and returns its parts by name; a file that is
// not a zip fails the test.
func openXLSX(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = b
	}
	return parts
}

func writeTestWorkbook(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	x, err := NewXLSXWriter(&buf, "Commitments: 2026/27 [draft]", []string{"id", "title", "due", "share"})
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]XLSXCell{
		{XLSXNumber(12), XLSXText(`Reduce <child> mortality & "stunting"`), XLSXText("2030-12-31"), XLSXNumber(0.25)},
		{XLSXNumber(7), XLSXText("=HYPERLINK(\"http://x\")"), XLSXText(""), XLSXNumber(-3.5)},
		{XLSXNumber(8), XLSXText("降低儿童死亡率\u0007 línea\nsegunda")},
	}
	for _, r := range rows {
		if err := x.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSXReadsBack(t *testing.T) {
	data := writeTestWorkbook(t)
	parts := openXLSX(t, data)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("part %s missing", name)
		}
		var any struct{}
		if err := xml.Unmarshal(parts[name], &any); err != nil {
			t.Errorf("part %s is not well-formed XML: %v", name, err)
		}
	}
	var sh sheetXML
	if err := xml.Unmarshal(parts["xl/worksheets/sheet1.xml"], &sh); err != nil {
		t.Fatal(err)
	}
	if len(sh.Rows) != 4 {
		t.Fatalf("%d rows, want the header and three", len(sh.Rows))
	}
	// What a spreadsheet would show in each cell, with "#" before a number.
	var got [][]string
	for _, r := range sh.Rows {
		var row []string
		for _, c := range r.Cells {
			switch {
			case c.T == "inlineStr" && c.Inline != nil:
				row = append(row, c.R+" "+c.Inline.T)
			case c.T == "" && c.V != nil:
				row = append(row, c.R+" #"+*c.V)
			case c.T == "" && c.V == nil && c.Inline == nil:
				row = append(row, c.R+" (empty)")
			default:
				t.Errorf("cell %s: type %q", c.R, c.T)
			}
		}
		got = append(got, row)
	}
	want := [][]string{
		{"A1 id", "B1 title", "C1 due", "D1 share"},
		{"A2 #12", `B2 Reduce <child> mortality & "stunting"`, "C2 2030-12-31", "D2 #0.25"},
		{"A3 #7", `B3 =HYPERLINK("http://x")`, "C3 (empty)", "D3 #-3.5"},
		{"A4 #8", "B4 降低儿童死亡率\uFFFD línea\nsegunda"},
	}
	for i := range want {
		if i >= len(got) || !slices.Equal(got[i], want[i]) {
			t.Errorf("row %d\n got %q\nwant %q", i+1, got[i], want[i])
		}
	}
	// The header, and only the header, is bold.
	var st stylesXML
	if err := xml.Unmarshal(parts["xl/styles.xml"], &st); err != nil {
		t.Fatal(err)
	}
	bold := func(s string) bool {
		i := 0
		if s != "" {
			i = int(s[0] - '0')
		}
		if i >= len(st.Xfs) {
			t.Fatalf("style %s not in cellXfs", s)
		}
		f := int(st.Xfs[i].FontID[0] - '0')
		return st.Fonts[f].Bold != nil
	}
	for i, r := range sh.Rows {
		for _, c := range r.Cells {
			if bold(c.S) != (i == 0) {
				t.Errorf("cell %s bold %v", c.R, bold(c.S))
			}
		}
	}
	if len(sh.Views) != 1 || sh.Views[0].Pane.YSplit != "1" || sh.Views[0].Pane.State != "frozen" {
		t.Error("the header row is not frozen")
	}
	wb := string(parts["xl/workbook.xml"])
	if !strings.Contains(wb, `name="Commitments_ 2026_27 _draft_"`) {
		t.Errorf("sheet name not made valid: %s", wb)
	}
	// The same rows make the same bytes.
	if !bytes.Equal(data, writeTestWorkbook(t)) {
		t.Error("two writes of the same rows differ")
	}
}

func TestXLSXRefusesARowLongerThanTheHeader(t *testing.T) {
	x, err := NewXLSXWriter(io.Discard, "s", []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Write([]XLSXCell{XLSXText("1"), XLSXText("2")}); err == nil {
		t.Error("a row of two cells under a header of one was written")
	}
	if _, err := NewXLSXWriter(io.Discard, "s", nil); err == nil {
		t.Error("a sheet without a header was started")
	}
}

func TestXLSXColumnNames(t *testing.T) {
	for i, want := range map[int]string{0: "A", 11: "L", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := columnName(i); got != want {
			t.Errorf("column %d: %s, want %s", i, got, want)
		}
	}
	if got := sheetName(strings.Repeat("é", 40)); got != strings.Repeat("é", 31) {
		t.Errorf("long sheet name: %q", got)
	}
	if got := sheetName(" "); got != "Sheet1" {
		t.Errorf("empty sheet name: %q", got)
	}
}

func TestXLSXCutsATextPastTheCellLimit(t *testing.T) {
	var buf bytes.Buffer
	x, _ := NewXLSXWriter(&buf, "s", []string{"a"})
	x.Write([]XLSXCell{XLSXText(strings.Repeat("ñ", 40000))})
	x.Close()
	var sh sheetXML
	xml.Unmarshal(openXLSX(t, buf.Bytes())["xl/worksheets/sheet1.xml"], &sh)
	got := []rune(sh.Rows[1].Cells[0].Inline.T)
	if len(got) != 32767 || got[len(got)-1] != '…' {
		t.Errorf("a 40,000-character text became %d characters", len(got))
	}
}
