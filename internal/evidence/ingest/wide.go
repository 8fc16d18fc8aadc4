package ingest

// The World Bank's "wide" CSV as its bulk download (API_<ISO3>_DS2_en_csv_v2_*.csv)
// gives it: a UTF-8 BOM, CRLF, a preamble
//
//	"Data Source","World Development Indicators",
//
//	"Last Updated Date","2020-07-01",
//
// then the header "Country Name","Country Code","Indicator Name","Indicator
// Code","1960",…,"2019", with a trailing comma (an empty last column) on
// every line. The same layout without the preamble (the "Data" sheet of the
// download saved as CSV) is read too; its source and vintage then come from
// the person importing.

import (
	"bufio"
	"errors"
	"io"
	"strconv"
	"strings"
)

func init() {
	register(format{name: WorldBankWide, sniff: sniffWide, open: openWide, order: pubOrderWide})
}

func sniffWide(head []byte) bool {
	fs := pubHeadFields(head)
	return len(fs) >= 2 && fs[0] == "Data Source" || pubIsWideHeader(fs)
}

func pubIsWideHeader(fs []string) bool {
	return len(fs) >= 5 && fs[0] == "Country Name" && fs[1] == "Country Code" &&
		fs[2] == "Indicator Name" && fs[3] == "Indicator Code"
}

// wideReader yields a row's non-empty cells one by one. Names of the
// indicators are in the rows, not the header: Meta().Indicators grows as
// rows are read and is complete once Next has returned io.EOF.
type wideReader struct {
	rows  *pubRows
	meta  Meta
	years []int // the header's years, column 4 on
	width int   // fields per row, the trailing empty column included
	rec   []string
	line  int
	col   int // next year column of rec to look at
	done  bool
}

// widePreambleRows bounds the rows read before the header.
const widePreambleRows = 8

func openWide(r *bufio.Reader) (Reader, error) {
	w := &wideReader{rows: newPubRows(r), meta: Meta{Format: WorldBankWide, Indicators: map[string]IndicatorMeta{}}}
	for i := 0; ; i++ {
		rec, err := w.rows.next()
		if err == io.EOF {
			return nil, &LineError{Line: max(w.rows.line, 1), Code: ErrHeader,
				Detail: "no header row (Country Name,Country Code,Indicator Name,Indicator Code,1960,…)"}
		}
		if err != nil {
			return nil, err
		}
		if e := checkUTF8(w.rows.line, rec); e != nil {
			return nil, e
		}
		if pubIsWideHeader(rec) {
			return w, w.header(rec)
		}
		if i >= widePreambleRows {
			break
		}
		switch {
		case len(rec) >= 2 && rec[0] == "Data Source":
			w.meta.Source = wideSource(rec[1])
		case len(rec) >= 2 && rec[0] == "Last Updated Date":
			w.meta.Vintage = strings.TrimSpace(rec[1])
		}
	}
	return nil, &LineError{Line: w.rows.line, Code: ErrHeader,
		Detail: "no header row (Country Name,Country Code,Indicator Name,Indicator Code,1960,…) after the preamble"}
}

// wideSource names the dataset the preamble's "Data Source" gives.
func wideSource(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "World Development Indicators":
		return "World Bank WDI"
	case s == "" || strings.HasPrefix(s, "World Bank"):
		return s
	}
	return "World Bank " + s
}

// header reads the year columns; an empty last column (the trailing comma)
// is allowed and holds nothing.
func (w *wideReader) header(rec []string) error {
	w.width = len(rec)
	cols := rec[4:]
	if cols[len(cols)-1] == "" {
		cols = cols[:len(cols)-1]
	}
	for i, c := range cols {
		y, ok := parseYear(strings.TrimSpace(c))
		if !ok {
			return &LineError{Line: w.rows.line, Code: ErrYear, Value: c,
				Detail: "column " + strconv.Itoa(i+5) + " of the header is not a year"}
		}
		w.years = append(w.years, y)
	}
	if len(w.years) == 0 {
		return &LineError{Line: w.rows.line, Code: ErrHeader, Detail: "the header has no year column"}
	}
	w.col = len(w.years) // no row yet
	return nil
}

func (w *wideReader) Meta() Meta { return w.meta }

func (w *wideReader) Next() (Record, error) {
	if w.done {
		return Record{}, io.EOF
	}
	for {
		for w.col < len(w.years) {
			c := w.col
			w.col++
			s := w.rec[4+c]
			if s == "" {
				continue
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || v-v != 0 { // v-v != 0: NaN or infinite
				if s == ".." { // the World Bank's DataBank writes ".." for no data
					continue
				}
				return w.fail(w.valueError(s, err))
			}
			return Record{Line: w.line, Area: w.rec[1], Indicator: w.rec[3], Year: w.years[c], Value: v}, nil
		}
		rec, err := w.rows.next()
		if err != nil {
			return w.fail(err)
		}
		if len(rec) != w.width {
			return w.fail(w.rows.short(rec, w.width))
		}
		if e := checkUTF8(w.rows.line, rec[:4]); e != nil {
			return w.fail(e)
		}
		if w.width > 4+len(w.years) && rec[w.width-1] != "" {
			return w.fail(&LineError{Line: w.rows.line, Code: ErrFields, Value: rec[w.width-1],
				Detail: "a value in the last column, which has no year"})
		}
		w.rec, w.line, w.col = rec, w.rows.line, 0
		if _, ok := w.meta.Indicators[rec[3]]; !ok {
			w.meta.Indicators[rec[3]] = IndicatorMeta{Code: rec[3], Name: rec[2]}
		}
	}
}

func (w *wideReader) valueError(s string, err error) *LineError {
	if e := checkUTF8(w.line, []string{s}); e != nil {
		return e
	}
	return pubValueError(w.line, s, err)
}

func (w *wideReader) fail(err error) (Record, error) {
	w.done = true
	return Record{}, err
}

// pubFloat parses a value; NaN and infinities are errors.
func pubFloat(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err == nil && v-v != 0 {
		return 0, errPubNotFinite
	}
	return v, err
}

var errPubNotFinite = errors.New("not a finite number")

// pubValueError explains a value that is not a finite number.
func pubValueError(line int, s string, err error) *LineError {
	if errors.Is(err, errPubNotFinite) || err == nil {
		return &LineError{Line: line, Code: ErrValue, Value: s, Detail: "not a finite number"}
	}
	return &LineError{Line: line, Code: ErrValue, Value: s, Detail: "not a number"}
}
