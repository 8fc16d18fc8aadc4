// Package ingest reads indicator files in the formats development data is
// published in — the World Bank's "wide" CSV, long CSV, SDMX-CSV as the UN
// SDG database exports it, Gapminder DDF datapoints — and turns each into
// one stream of records. It knows formats only: which areas exist, which
// series a record belongs to and what is stored are the evidence package's.
//
// Readers stream: a file of any size is read once, line by line, and a
// record carries the line it came from, so every error names its line.
package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
)

// Record is one observation as a file states it.
type Record struct {
	Line      int     // 1-based line of the file the value is on
	Area      string  // the area code as the file writes it: ISO3 (any case), ISO2, M49 numeric, or an aggregate code
	Indicator string  // the indicator code as the file writes it
	Year      int     // a calendar year
	Value     float64 // never NaN or infinite
	Note      string  // a footnote or status the file attaches, if any
}

// IndicatorMeta is what a file says about an indicator it holds.
type IndicatorMeta struct {
	Code string
	Name string // in English unless the file says otherwise
	Unit string
}

// Meta is what a file says about itself, known once its header is read.
// Fields a format does not carry are empty; the importer then takes them
// from the person importing (source, vintage) or refuses the file.
type Meta struct {
	Format     string                   // one of the Format constants
	Source     string                   // e.g. "World Bank WDI", "UN SDG Global Database"
	Vintage    string                   // e.g. "2020-07-01" (the World Bank's "Last Updated Date")
	Indicators map[string]IndicatorMeta // by code, as far as the header tells
}

// Formats.
const (
	WorldBankWide = "worldbank-wide" // BOM, four-line preamble, one column per year, trailing comma
	Long          = "long"           // iso3,indicator,year,value (and the datasets and seven-column layouts)
	SDMXCSV       = "sdmx-csv"       // SDMX-CSV 1.0 / 2.0 and the UN SDG API CSV
	DDF           = "ddf"            // Gapminder DDF datapoints: geo,time,<concept>
)

// Reader yields a file's records in file order. Next returns io.EOF after
// the last record and a *LineError for anything wrong in the file; after an
// error the reader is done.
type Reader interface {
	Meta() Meta
	Next() (Record, error)
}

// LineError is a problem at one line of a file. Code is stable (API
// clients and tests match on it); Detail is a short English explanation
// for logs; Value is the offending text, shown to the person importing.
type LineError struct {
	Line   int
	Code   string
	Value  string
	Detail string
}

func (e *LineError) Error() string {
	if e.Value != "" {
		return fmt.Sprintf("line %d: %s (%q): %s", e.Line, e.Code, e.Value, e.Detail)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Code, e.Detail)
}

// Line error codes.
const (
	ErrEncoding  = "encoding"       // not UTF-8 (a UTF-16 BOM, Latin-1 bytes, ...)
	ErrTruncated = "truncated"      // the file ends inside a row or a quoted field
	ErrHeader    = "header"         // the header is not one of the format's layouts
	ErrYear      = "year"           // a year column or cell that is not a year
	ErrValue     = "value"          // a value that is not a finite number
	ErrFields    = "fields"         // a row with the wrong number of fields
	ErrFormat    = "unknown_format" // no format recognises the file
	// The importer adds: "area" (unknown area code), "duplicate" (the same
	// area, indicator and year twice with different values).
)

// A format recognises its files from their first bytes and opens a reader.
type format struct {
	name  string
	sniff func(head []byte) bool
	open  func(r *bufio.Reader) (Reader, error)
	order int // formats are tried in this order; the most specific first
}

var formats []format

// register adds a format; each format's file calls it from init.
func register(f format) {
	formats = append(formats, f)
	sort.SliceStable(formats, func(i, j int) bool { return formats[i].order < formats[j].order })
}

// sniffSize is how much of a file the formats see to recognise it.
const sniffSize = 64 << 10

// Open recognises a file's format from its first bytes and returns a reader
// over it. A file no format recognises is a LineError at line 1.
func Open(r io.Reader) (Reader, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	if e := checkEncoding(head); e != nil {
		return nil, e
	}
	for _, f := range formats {
		if f.sniff(head) {
			return f.open(br)
		}
	}
	return nil, &LineError{Line: 1, Code: ErrFormat, Detail: "not a World Bank wide CSV, long CSV, SDMX-CSV or DDF datapoints file"}
}

// OpenAs opens a file as the named format, skipping recognition.
func OpenAs(name string, r io.Reader) (Reader, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, _ := br.Peek(sniffSize)
	if e := checkEncoding(head); e != nil {
		return nil, e
	}
	for _, f := range formats {
		if f.name == name {
			return f.open(br)
		}
	}
	return nil, fmt.Errorf("ingest: no format %q", name)
}

// checkEncoding refuses the encodings files arrive in by mistake before any
// format sees them: UTF-16 (Excel's "Unicode text") and UTF-32. Invalid
// UTF-8 further in is the format reader's to report, with its line.
func checkEncoding(head []byte) *LineError {
	switch {
	case len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF):
		return &LineError{Line: 1, Code: ErrEncoding, Detail: "the file is UTF-16; save it as UTF-8"}
	case len(head) >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF:
		return &LineError{Line: 1, Code: ErrEncoding, Detail: "the file is UTF-32; save it as UTF-8"}
	}
	return nil
}
