package ingest

// Gapminder DDF datapoints (ddf--datapoints--<concept>--by--geo--time.csv):
// the header geo,time,<concept>[,<concept>…]; area = geo (lower-case ISO3
// such as "chl", or a Gapminder region), year = time, indicator = each
// concept column's name, one record per non-empty cell. The concepts file
// (ddf--concepts.csv) holding the names is not read: its names are given
// with the catalogue, and a datapoints file alone leaves them empty.

import (
	"bufio"
	"io"
	"strings"
)

func init() {
	register(format{name: DDF, sniff: sniffDDF, open: openDDF, order: pubOrderDDF})
}

func sniffDDF(head []byte) bool {
	return ddfHeader(pubHeadFields(head))
}

func ddfHeader(fs []string) bool {
	if len(fs) < 3 || fs[0] != "geo" || fs[1] != "time" {
		return false
	}
	for _, c := range fs[2:] {
		if !ddfConcept(c) {
			return false
		}
	}
	return true
}

// ddfConcept tells a DDF concept ID: lower-case letters, digits, underscores.
func ddfConcept(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

type ddfReader struct {
	rows     *pubRows
	meta     Meta
	concepts []string
	rec      []string
	line     int
	year     int
	col      int // next concept column of rec
	done     bool
}

func openDDF(r *bufio.Reader) (Reader, error) {
	d := &ddfReader{rows: newPubRows(r), meta: Meta{Format: DDF, Source: "Gapminder", Indicators: map[string]IndicatorMeta{}}}
	hdr, err := d.rows.next()
	if err == io.EOF {
		return nil, &LineError{Line: 1, Code: ErrHeader, Detail: "the file is empty"}
	}
	if err != nil {
		return nil, err
	}
	if e := checkUTF8(d.rows.line, hdr); e != nil {
		return nil, e
	}
	if !ddfHeader(hdr) {
		return nil, &LineError{Line: d.rows.line, Code: ErrHeader, Value: strings.Join(hdr, ","),
			Detail: "DDF datapoints start geo,time,<concept>"}
	}
	for _, c := range hdr[2:] {
		d.concepts = append(d.concepts, c)
		d.meta.Indicators[c] = IndicatorMeta{Code: c}
	}
	d.col = len(d.concepts)
	return d, nil
}

func (d *ddfReader) Meta() Meta { return d.meta }

func (d *ddfReader) Next() (Record, error) {
	if d.done {
		return Record{}, io.EOF
	}
	for {
		for d.col < len(d.concepts) {
			c := d.col
			d.col++
			s := d.rec[2+c]
			if s == "" {
				continue
			}
			v, err := pubFloat(s)
			if err != nil {
				return d.fail(pubValueError(d.line, s, err))
			}
			return Record{Line: d.line, Area: d.rec[0], Indicator: d.concepts[c], Year: d.year, Value: v}, nil
		}
		rec, err := d.rows.next()
		if err != nil {
			return d.fail(err)
		}
		if len(rec) != 2+len(d.concepts) {
			return d.fail(d.rows.short(rec, 2+len(d.concepts)))
		}
		if e := checkUTF8(d.rows.line, rec); e != nil {
			return d.fail(e)
		}
		y, ok := parseYear(rec[1])
		if !ok {
			return d.fail(&LineError{Line: d.rows.line, Code: ErrYear, Value: rec[1], Detail: "time must be a year such as 2019"})
		}
		d.rec, d.line, d.year, d.col = rec, d.rows.line, y, 0
	}
}

func (d *ddfReader) fail(err error) (Record, error) {
	d.done = true
	return Record{}, err
}
