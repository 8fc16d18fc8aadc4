package ingest

// What the published formats (World Bank wide, SDMX-CSV and the UN SDG API
// CSV, Gapminder DDF datapoints) share: recognising a header from the first
// bytes, and reading CSV rows with the line each starts on and a precise
// error for a file cut short. The identifiers carry "pub" so they never
// meet the long reader's.

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sniffing order: the most specific signature first. The long reader,
// registered separately, comes after these; none of them claims a long CSV
// (iso3,indicator_code,year,value; the seven-column layout; the datasets
// layout Country Name,Country Code,Year,Value).
const (
	pubOrderWide = 10 // "Data Source" preamble or the Country Name,Country Code,Indicator Name,Indicator Code header
	pubOrderSDMX = 20 // DATAFLOW / STRUCTURE,STRUCTURE_ID first, or the SDG API's SeriesCode,GeoAreaCode,TimePeriod
	pubOrderDDF  = 30 // geo,time,<concept>
)

var pubBOM = []byte{0xEF, 0xBB, 0xBF}

// pubHeadFields returns the fields of the first non-blank line of head,
// with a UTF-8 BOM and quotes removed. It is for sniffing only: a quoted
// comma inside a header name is not expected in any of these formats.
func pubHeadFields(head []byte) []string {
	head = bytes.TrimPrefix(head, pubBOM)
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		fs := strings.Split(string(line), ",")
		for i, f := range fs {
			fs[i] = strings.TrimSpace(strings.Trim(f, `"`))
		}
		return fs
	}
	return nil
}

// pubSkipBOM drops a UTF-8 byte order mark (Excel writes one).
func pubSkipBOM(r *bufio.Reader) {
	if b, err := r.Peek(3); err == nil && bytes.Equal(b, pubBOM) {
		r.Discard(3)
	}
}

// pubTail remembers the last byte read, to tell a file cut mid-row (no
// final newline) from a short row.
type pubTail struct {
	r    io.Reader
	last byte
}

func (t *pubTail) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.last = p[n-1]
	}
	return n, err
}

// pubRows reads CSV rows. The slice next returns is reused by the next
// call; the strings in it are not (each row's fields share one string).
type pubRows struct {
	cr   *csv.Reader
	tail *pubTail
	line int // the line the current row starts on
}

func newPubRows(r *bufio.Reader) *pubRows {
	pubSkipBOM(r)
	t := &pubTail{r: r}
	cr := csv.NewReader(t)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	return &pubRows{cr: cr, tail: t}
}

// next returns the next row; blank lines are skipped. Errors are
// *LineError (truncated, fields, encoding) or io.EOF.
func (p *pubRows) next() ([]string, error) {
	rec, err := p.cr.Read()
	if err == nil {
		p.line, _ = p.cr.FieldPos(0)
		return rec, nil
	}
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		// An unclosed quote runs to the end of the file: the file was cut
		// inside a quoted field.
		if errors.Is(pe.Err, csv.ErrQuote) && p.atEnd() {
			return nil, &LineError{Line: pe.StartLine, Code: ErrTruncated, Detail: "the file ends inside a quoted field"}
		}
		return nil, &LineError{Line: pe.Line, Code: ErrFields, Detail: "a quote out of place: " + pe.Err.Error()}
	}
	return nil, err
}

// atEnd reports whether nothing follows the row just read.
func (p *pubRows) atEnd() bool {
	_, err := p.cr.Read()
	return errors.Is(err, io.EOF)
}

// short explains a row with n fields where want were expected: the file
// cut mid-row when it is the last row and has no final newline. It
// consumes the rest of the file's next row, so the reader is done after.
func (p *pubRows) short(rec []string, want int) *LineError {
	line, n := p.line, len(rec)
	if enc := checkUTF8(line, rec); enc != nil {
		return enc
	}
	if n < want && p.tail.last != '\n' && p.atEnd() {
		return &LineError{Line: line, Code: ErrTruncated, Detail: "the file ends in the middle of a row"}
	}
	return &LineError{Line: line, Code: ErrFields, Value: strconv.Itoa(n),
		Detail: "this row has " + strconv.Itoa(n) + " fields; the header has " + strconv.Itoa(want)}
}

// checkUTF8 returns an encoding error when a field is not UTF-8 or holds
// a NUL byte (the mark of UTF-16 read as bytes).
func checkUTF8(line int, rec []string) *LineError {
	for _, f := range rec {
		if !utf8.ValidString(f) || strings.IndexByte(f, 0) >= 0 {
			return &LineError{Line: line, Code: ErrEncoding, Value: strings.ToValidUTF8(strings.ReplaceAll(f, "\x00", ""), "\uFFFD"),
				Detail: "not UTF-8 (Latin-1, Windows-1252 or UTF-16?); save the file as UTF-8"}
		}
	}
	return nil
}

// parseYear parses a four-digit calendar year without allocating.
func parseYear(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y := 0
	for i := 0; i < 4; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		y = y*10 + int(c-'0')
	}
	return y, y >= 1000
}
