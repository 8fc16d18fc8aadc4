package ingest

// The long CSV: one observation per row. Three layouts are published:
//
//	iso3,indicator_code,year,value                                 (the compact WDI extract)
//	iso3,country,indicator_code,indicator_name,year,value,source   (Gapminder and WDI extracts)
//	Country Name,Country Code,Year,Value                           (datasets/world-development-indicators)
//
// The reader recognises a header by its column names (any case, any
// order), so a file with the same columns in another order reads too. The
// datasets layout names no indicator: its records have an empty Indicator
// and the importer asks the person importing which indicator it is.

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
)

func init() {
	register(format{name: Long, sniff: longSniff, open: longOpen, order: 40})
}

// Column roles of a long file.
const (
	longArea = iota
	longIndicator
	longName
	longYear
	longValue
	longIgnored
)

// longColumns maps a header name (lower case) to its role.
var longColumns = map[string]int{
	"iso3": longArea, "country code": longArea, "country_code": longArea, "area": longArea,
	"indicator_code": longIndicator, "indicator code": longIndicator, "indicator": longIndicator,
	"indicator_name": longName, "indicator name": longName,
	"year": longYear, "value": longValue,
	"country": longIgnored, "country name": longIgnored, "country_name": longIgnored, "source": longIgnored,
}

// longLayout is where each role's column is (-1: absent).
type longLayout struct {
	col    [longIgnored]int
	fields int
}

// longHeader reads a header; ok is false unless every column is known and
// the area, year and value columns are there, once each.
func longHeader(fields []string) (longLayout, bool) {
	var l longLayout
	for i := range l.col {
		l.col[i] = -1
	}
	l.fields = len(fields)
	for i, f := range fields {
		role, ok := longColumns[strings.ToLower(strings.TrimSpace(f))]
		if !ok {
			return l, false
		}
		if role == longIgnored {
			continue
		}
		if l.col[role] >= 0 {
			return l, false
		}
		l.col[role] = i
	}
	return l, l.col[longArea] >= 0 && l.col[longYear] >= 0 && l.col[longValue] >= 0
}

var longBOM = []byte{0xEF, 0xBB, 0xBF}

func longSniff(head []byte) bool {
	head = bytes.TrimPrefix(head, longBOM)
	line := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line = head[:i]
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimRight(line, "\r")))
	fields, err := cr.Read()
	if err != nil {
		return false
	}
	_, ok := longHeader(fields)
	return ok
}

// longTail remembers the last byte read: a file whose last row is short and
// has no final newline was cut in the middle of that row.
type longTail struct {
	r    io.Reader
	last byte
}

func (t *longTail) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.last = p[n-1]
	}
	return n, err
}

type longReader struct {
	cr     *csv.Reader
	tail   *longTail
	layout longLayout
	meta   Meta
	done   bool
}

func longOpen(br *bufio.Reader) (Reader, error) {
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, longBOM) {
		br.Discard(3)
	}
	t := &longTail{r: br}
	cr := csv.NewReader(t)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &LineError{Line: 1, Code: ErrHeader, Detail: "the file is empty"}
	}
	if err != nil {
		return nil, &LineError{Line: 1, Code: ErrHeader, Detail: err.Error()}
	}
	if e := checkUTF8(1, header); e != nil {
		return nil, e
	}
	l, ok := longHeader(header)
	if !ok {
		return nil, &LineError{Line: 1, Code: ErrHeader, Value: strings.Join(header, ","),
			Detail: "a long CSV has the columns iso3,indicator_code,year,value (or iso3,country,indicator_code,indicator_name,year,value,source, or Country Name,Country Code,Year,Value)"}
	}
	cr.FieldsPerRecord = l.fields
	return &longReader{cr: cr, tail: t, layout: l, meta: Meta{Format: Long, Indicators: map[string]IndicatorMeta{}}}, nil
}

// Meta says what the file told so far: the seven-column layout names each
// indicator on its rows, so Indicators is complete once Next returned io.EOF.
func (r *longReader) Meta() Meta { return r.meta }

func (r *longReader) Next() (Record, error) {
	if r.done {
		return Record{}, io.EOF
	}
	for {
		rec, err := r.cr.Read()
		if err != nil {
			r.done = true
			return Record{}, r.explain(rec, err)
		}
		line, _ := r.cr.FieldPos(0)
		if e := checkUTF8(line, rec); e != nil {
			r.done = true
			return Record{}, e
		}
		out, e := r.record(line, rec)
		if e != nil {
			r.done = true
			return Record{}, e
		}
		if out.Line == 0 { // no value in this row: a missing observation
			continue
		}
		return out, nil
	}
}

func (r *longReader) record(line int, rec []string) (Record, *LineError) {
	c := &r.layout.col
	value := strings.TrimSpace(rec[c[longValue]])
	if value == "" || value == ".." { // missing, as the World Bank writes it
		return Record{}, nil
	}
	out := Record{Line: line, Area: strings.TrimSpace(rec[c[longArea]])}
	y, ok := parseYear(strings.TrimSpace(rec[c[longYear]]))
	if !ok {
		return out, &LineError{Line: line, Code: ErrYear, Value: rec[c[longYear]], Detail: "the year is not a four-digit calendar year"}
	}
	out.Year = y
	v, err := strconv.ParseFloat(value, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return out, &LineError{Line: line, Code: ErrValue, Value: value, Detail: "the value is not a finite number"}
	}
	out.Value = v
	if c[longIndicator] >= 0 {
		code := strings.TrimSpace(rec[c[longIndicator]])
		if code == "" {
			return out, &LineError{Line: line, Code: ErrFields, Detail: "the indicator code is empty"}
		}
		if _, seen := r.meta.Indicators[code]; !seen {
			// The row's strings are reused by the next Read: copy.
			m := IndicatorMeta{Code: strings.Clone(code)}
			if c[longName] >= 0 {
				m.Name = strings.Clone(strings.TrimSpace(rec[c[longName]]))
			}
			r.meta.Indicators[m.Code] = m
			code = m.Code
		}
		out.Indicator = code
	}
	return out, nil
}

// explain turns a csv error into a LineError; io.EOF passes through.
func (r *longReader) explain(rec []string, err error) error {
	if errors.Is(err, io.EOF) {
		return io.EOF
	}
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount):
		if e := checkUTF8(pe.StartLine, rec); e != nil {
			return e
		}
		n := len(rec)
		if n < r.layout.fields && r.atEnd() {
			return &LineError{Line: pe.StartLine, Code: ErrTruncated, Detail: "the file ends in the middle of a row"}
		}
		return &LineError{Line: pe.StartLine, Code: ErrFields, Value: strconv.Itoa(n),
			Detail: "this row has " + strconv.Itoa(n) + " fields; the header has " + strconv.Itoa(r.layout.fields)}
	case errors.Is(pe.Err, csv.ErrQuote):
		// An unclosed quote runs to the end of the file: the file was cut
		// inside a quoted field.
		if (pe.Line > pe.StartLine || r.tail.last != '\n') && r.atEnd() {
			return &LineError{Line: pe.StartLine, Code: ErrTruncated, Detail: "the file ends inside a quoted field"}
		}
		return &LineError{Line: pe.Line, Code: ErrFields, Detail: "a quote out of place: " + pe.Err.Error()}
	}
	return &LineError{Line: pe.Line, Code: ErrFields, Detail: pe.Err.Error()}
}

// atEnd reports whether nothing follows the row just read.
func (r *longReader) atEnd() bool {
	_, err := r.cr.Read()
	return errors.Is(err, io.EOF)
}
