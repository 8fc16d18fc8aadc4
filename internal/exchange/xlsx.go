package exchange

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// XLSXWriter writes a workbook of one sheet in the Office Open XML format
// (ECMA-376, what spreadsheets call .xlsx), one row at a time, so an
// export of any size streams with flat memory: the parts that do not
// depend on the rows go into the zip first, the sheet last, its rows as
// they come. Only the standard library: a table needs a few fixed parts
// and one sheet of inline strings (no shared-string table, which would
// need every row in memory before the first byte could be written).
//
// The header row is bold and frozen; a number cell is a number the
// spreadsheet sums; everything else (dates included, as ISO text) is text,
// which a spreadsheet never evaluates, so a cell starting with "=" is no
// formula and needs no defusing, unlike CSV's.
type XLSXWriter struct {
	zw    *zip.Writer
	sheet io.Writer
	cols  int
	row   int
	buf   []byte
}

// XLSXCell is one cell: a text, or a number when IsNumber.
type XLSXCell struct {
	Text     string
	Number   float64
	IsNumber bool
}

// XLSXText is a text cell.
func XLSXText(s string) XLSXCell { return XLSXCell{Text: s} }

// XLSXNumber is a number cell.
func XLSXNumber(f float64) XLSXCell { return XLSXCell{Number: f, IsNumber: true} }

// xlsxMaxText is the most characters a cell holds in Excel; a longer text
// is cut (with an ellipsis) rather than making the file unreadable there.
const xlsxMaxText = 32767

// xlsxStamp is the modification time written on every part, so the same
// rows make the same bytes.
var xlsxStamp = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// NewXLSXWriter starts a workbook on w whose one sheet is named sheet (cut
// to the 31 characters a sheet name may have, its forbidden characters
// replaced) with the header row in bold.
func NewXLSXWriter(w io.Writer, sheet string, header []string) (*XLSXWriter, error) {
	if len(header) == 0 {
		return nil, errors.New("xlsx: a sheet needs a header")
	}
	x := &XLSXWriter{zw: zip.NewWriter(w), cols: len(header)}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", xlsxContentTypes},
		{"_rels/.rels", xlsxRootRels},
		{"xl/workbook.xml", xlsxWorkbook(sheetName(sheet))},
		{"xl/_rels/workbook.xml.rels", xlsxWorkbookRels},
		{"xl/styles.xml", xlsxStyles},
	}
	for _, p := range parts {
		f, err := x.create(p.name)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(f, xml.Header+p.body); err != nil {
			return nil, err
		}
	}
	f, err := x.create("xl/worksheets/sheet1.xml")
	if err != nil {
		return nil, err
	}
	x.sheet = f
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	b.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`)
	b.WriteString(`<cols>`)
	for i, h := range header {
		width := min(max(utf8.RuneCountInString(h)+4, 12), 60)
		n := strconv.Itoa(i + 1)
		b.WriteString(`<col min="` + n + `" max="` + n + `" width="` + strconv.Itoa(width) + `" customWidth="1"/>`)
	}
	b.WriteString(`</cols><sheetData>`)
	if _, err := io.WriteString(f, b.String()); err != nil {
		return nil, err
	}
	cells := make([]XLSXCell, len(header))
	for i, h := range header {
		cells[i] = XLSXText(h)
	}
	return x, x.write(cells, 1)
}

func (x *XLSXWriter) create(name string) (io.Writer, error) {
	return x.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: xlsxStamp})
}

// Write adds one row; a row shorter than the header leaves the rest empty,
// a longer one is an error.
func (x *XLSXWriter) Write(cells []XLSXCell) error {
	if len(cells) > x.cols {
		return errors.New("xlsx: a row has more cells than the header")
	}
	return x.write(cells, 0)
}

// write writes one row with style s (1: bold) on every cell.
func (x *XLSXWriter) write(cells []XLSXCell, style int) error {
	x.row++
	r := strconv.Itoa(x.row)
	b := x.buf[:0]
	b = append(b, `<row r="`...)
	b = append(b, r...)
	b = append(b, `">`...)
	for i, c := range cells {
		ref := columnName(i) + r
		b = append(b, `<c r="`...)
		b = append(b, ref...)
		b = append(b, '"')
		if style != 0 {
			b = append(b, ` s="`...)
			b = strconv.AppendInt(b, int64(style), 10)
			b = append(b, '"')
		}
		if c.IsNumber && finiteNumber(c.Number) {
			b = append(b, `><v>`...)
			b = strconv.AppendFloat(b, c.Number, 'g', -1, 64)
			b = append(b, `</v></c>`...)
			continue
		}
		if c.IsNumber || c.Text == "" {
			b = append(b, `/>`...) // no value: an empty cell
			continue
		}
		b = append(b, ` t="inlineStr"><is><t xml:space="preserve">`...)
		b = appendEscaped(b, cutText(c.Text))
		b = append(b, `</t></is></c>`...)
	}
	b = append(b, `</row>`...)
	x.buf = b
	_, err := x.sheet.Write(b)
	return err
}

// Close finishes the sheet and the zip. It does not close the writer
// under it.
func (x *XLSXWriter) Close() error {
	if _, err := io.WriteString(x.sheet, `</sheetData></worksheet>`); err != nil {
		return err
	}
	return x.zw.Close()
}

// columnName is a column's letters: 0 → A, 25 → Z, 26 → AA.
func columnName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

func finiteNumber(f float64) bool { return f == f && f-f == 0 }

// cutText keeps a text within a cell's limit.
func cutText(s string) string {
	if utf8.RuneCountInString(s) <= xlsxMaxText {
		return s
	}
	r := []rune(s)
	return string(r[:xlsxMaxText-1]) + "…"
}

// appendEscaped appends s escaped for XML element content; characters XML
// 1.0 cannot hold (most control characters) become U+FFFD, as
// encoding/xml does, so no text can make the sheet unreadable.
func appendEscaped(b []byte, s string) []byte {
	var sb strings.Builder
	xml.EscapeText(&sb, []byte(s)) // writes to a strings.Builder never fail
	return append(b, sb.String()...)
}

// sheetName is a valid sheet name: at most 31 characters, none of
// []:*?/\, not empty.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	s = strings.Trim(s, "'")
	if s == "" {
		s = "Sheet1"
	}
	return s
}

const xlsxContentTypes = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
	`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
	`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
	`</Types>`

const xlsxRootRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
	`</Relationships>`

func xlsxWorkbook(sheet string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(sheet))
	return `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheets><sheet name="` + b.String() + `" sheetId="1" r:id="rId1"/></sheets></workbook>`
}

const xlsxWorkbookRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`</Relationships>`

// xlsxStyles has the two cell formats the sheet uses: 0 plain, 1 bold (the
// header). The two fills are the ones every workbook must begin with.
const xlsxStyles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`
