package ingest

// SDMX-CSV 1.0 (first column DATAFLOW) and 2.0 (STRUCTURE, STRUCTURE_ID and
// an optional ACTION), also with labels=both headers and cells ("REF_AREA:
// Reference area", "CHL: Chile"), and the UN SDG Global Database API CSV
// (Goal,Target,Indicator,SeriesCode,SeriesDescription,GeoAreaCode,…,
// [dimension] columns). One row is at most one observation.
//
// SDMX-CSV
//   - area: REF_AREA, else GEO_AREA, else a BIS reporting-country dimension
//     (a column whose ID ends in REP_CTY); a file without one is refused.
//   - indicator: the SERIES (UN SDG) or INDICATOR (IMF, OECD) column, with
//     every other dimension that is not a total added in brackets, as
//     SI_POV_DAY1[SEX=F,AGE=Y15T24]. Without such a column the indicator is
//     the dataflow's ID and the series key of the remaining dimensions,
//     dot-separated in column order: BIS_DER:U.A.B.A.1E.A.HKD.TO1.A.A.3.C.
//     The dimensions are the columns after the structure columns and before
//     TIME_PERIOD or OBS_VALUE, whichever comes first (SDMX-CSV writes the
//     dimensions first); the area and FREQ are never part of the key.
//   - year: TIME_PERIOD, annual only ("2019"). "2019-Q1", "2019-03" or a FREQ
//     other than A is a "year" error: the evidence tables hold years.
//   - value: OBS_VALUE; empty, NaN and NA are no observation.
//   - source: "UN SDG Global Database" for the UNSD agency's SDG dataflows,
//     else empty (the person importing names it).
//
// UN SDG API CSV
//   - area: GeoAreaCode (UN M49, "4" for Afghanistan); indicator: SeriesCode;
//     year: TimePeriod; value: Value; note: FootNote; names from
//     SeriesDescription, unit from [Units].
//   - [dimension] columns: [Nature], [Observation Status] and [Units] are
//     attributes and left out; [Reporting Type] G (global data, the
//     database's default) is left out, any other value is kept; every other
//     bracketed column is a dimension and, unless its value is a total
//     (_T, ALLAGE, BOTHSEX, ALLAREA), goes into the indicator code as
//     AG_FOOD_WST[FOOD_WASTE_SECTOR=HHS]. Rows that differ by a dimension
//     are different series, never duplicates of one another.

import (
	"bufio"
	"io"
	"strings"
)

func init() {
	register(format{name: SDMXCSV, sniff: sniffSDMX, open: openSDMX, order: pubOrderSDMX})
}

func sniffSDMX(head []byte) bool {
	fs := pubHeadFields(head)
	if len(fs) < 2 {
		return false
	}
	a, b := sdmxID(fs[0]), sdmxID(fs[1])
	return a == "DATAFLOW" || a == "STRUCTURE" && b == "STRUCTURE_ID" || sdgAPIHeader(fs)
}

// sdmxID is a header's or a cell's ID: the part before ": " in a
// labels=both file.
func sdmxID(s string) string {
	if i := strings.Index(s, ": "); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// sdmxLabel is the label after ": ", or "".
func sdmxLabel(s string) string {
	if i := strings.Index(s, ": "); i >= 0 {
		return strings.TrimSpace(s[i+2:])
	}
	return ""
}

func sdgAPIHeader(fs []string) bool {
	need := map[string]bool{"SeriesCode": false, "GeoAreaCode": false, "TimePeriod": false, "Value": false}
	for _, f := range fs {
		if _, ok := need[f]; ok {
			need[f] = true
		}
	}
	for _, ok := range need {
		if !ok {
			return false
		}
	}
	return true
}

// sdgAttributes are the SDG API's bracketed columns that are not dimensions.
var sdgAttributes = map[string]bool{"Nature": true, "Observation Status": true, "Units": true}

// sdmxTotals are dimension values that mean "all": a total is the series
// itself, not a breakdown of it.
var sdmxTotals = map[string]bool{"": true, "_T": true, "_Z": true, "ALLAGE": true, "BOTHSEX": true, "ALLAREA": true}

type sdmxDim struct {
	col  int
	name string // as written into a code: SEX, FOOD_WASTE_SECTOR
	skip string // a value left out of the code besides the totals ("G" for Reporting Type)
}

type sdmxReader struct {
	rows   *pubRows
	meta   Meta
	width  int
	labels bool // labels=both: every cell is "ID: Label"
	sdg    bool // the UN SDG API layout

	area, time, value, series, freq, action, note, unit, desc, flow int // column indexes, -1 when absent
	dims                                                            []sdmxDim

	codes   map[string]string // built indicator code -> one shared string
	buf     []byte
	pending *Record // the first row's record, read to learn the source
	pendErr error
	done    bool
}

func openSDMX(r *bufio.Reader) (Reader, error) {
	s := &sdmxReader{rows: newPubRows(r), meta: Meta{Format: SDMXCSV, Indicators: map[string]IndicatorMeta{}},
		codes: map[string]string{}}
	hdr, err := s.rows.next()
	if err == io.EOF {
		return nil, &LineError{Line: 1, Code: ErrHeader, Detail: "the file is empty"}
	}
	if err != nil {
		return nil, err
	}
	if e := checkUTF8(s.rows.line, hdr); e != nil {
		return nil, e
	}
	if sdgAPIHeader(hdr) {
		err = s.sdgHeader(hdr)
	} else {
		err = s.sdmxHeader(hdr)
	}
	if err != nil {
		return nil, err
	}
	// The source is told by the first row's dataflow.
	rec, err := s.Next()
	if err == nil {
		s.pending = &rec
	} else {
		s.pendErr = err
	}
	return s, nil
}

func (s *sdmxReader) none() {
	s.area, s.time, s.value, s.series, s.freq, s.action, s.note, s.unit, s.desc, s.flow = -1, -1, -1, -1, -1, -1, -1, -1, -1, -1
}

func (s *sdmxReader) sdgHeader(hdr []string) error {
	s.none()
	s.sdg, s.width = true, len(hdr)
	s.meta.Source = "UN SDG Global Database"
	for i, h := range hdr {
		switch h {
		case "GeoAreaCode":
			s.area = i
		case "TimePeriod":
			s.time = i
		case "Value":
			s.value = i
		case "SeriesCode":
			s.series = i
		case "SeriesDescription":
			s.desc = i
		case "FootNote":
			s.note = i
		case "[Units]":
			s.unit = i
		}
		if len(h) > 2 && h[0] == '[' && h[len(h)-1] == ']' {
			name := h[1 : len(h)-1]
			if sdgAttributes[name] {
				continue
			}
			d := sdmxDim{col: i, name: strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(name), " ", "_"))}
			if name == "Reporting Type" {
				d.skip = "G"
			}
			s.dims = append(s.dims, d)
		}
	}
	return nil
}

func (s *sdmxReader) sdmxHeader(hdr []string) error {
	s.none()
	s.width = len(hdr)
	ids := make([]string, len(hdr))
	for i, h := range hdr {
		ids[i] = strings.ToUpper(sdmxID(h))
		s.labels = s.labels || sdmxLabel(h) != ""
	}
	first := 1 // the first column after the structure columns
	s.flow = 0
	if ids[0] == "STRUCTURE" {
		s.flow, first = 1, 2
		if len(ids) > 2 && ids[2] == "ACTION" {
			s.action, first = 2, 3
		}
	}
	endDims := len(ids)
	for i := first; i < len(ids); i++ {
		switch ids[i] {
		case "TIME_PERIOD":
			s.time = i
		case "OBS_VALUE":
			s.value = i
		case "REF_AREA", "GEO_AREA":
			if s.area < 0 || ids[s.area] != "REF_AREA" {
				s.area = i
			}
		case "SERIES", "INDICATOR":
			if s.series < 0 {
				s.series = i
			}
		case "FREQ":
			s.freq = i
		case "UNIT_MEASURE":
			s.unit = i
		case "OBS_COMMENT", "COMMENT_OBS", "FOOTNOTE":
			if s.note < 0 {
				s.note = i
			}
		}
		if (ids[i] == "TIME_PERIOD" || ids[i] == "OBS_VALUE") && endDims == len(ids) {
			endDims = i
		}
	}
	if s.area < 0 {
		for i := first; i < endDims; i++ {
			if strings.HasSuffix(ids[i], "REP_CTY") {
				s.area = i
				break
			}
		}
	}
	line := s.rows.line
	switch {
	case s.area < 0:
		return &LineError{Line: line, Code: ErrHeader, Detail: "no area column (REF_AREA or GEO_AREA)"}
	case s.time < 0:
		return &LineError{Line: line, Code: ErrHeader, Detail: "no TIME_PERIOD column"}
	case s.value < 0:
		return &LineError{Line: line, Code: ErrHeader, Detail: "no OBS_VALUE column"}
	}
	for i := first; i < endDims; i++ {
		if i != s.area && i != s.freq && i != s.series {
			s.dims = append(s.dims, sdmxDim{col: i, name: ids[i]})
		}
	}
	return nil
}

func (s *sdmxReader) Meta() Meta { return s.meta }

func (s *sdmxReader) Next() (Record, error) {
	if s.pending != nil {
		r := *s.pending
		s.pending = nil
		return r, nil
	}
	if s.pendErr != nil {
		err := s.pendErr
		s.pendErr = nil
		return Record{}, err
	}
	if s.done {
		return Record{}, io.EOF
	}
	for {
		rec, err := s.rows.next()
		if err != nil {
			return s.fail(err)
		}
		if len(rec) != s.width {
			return s.fail(s.rows.short(rec, s.width))
		}
		if e := checkUTF8(s.rows.line, rec); e != nil {
			return s.fail(e)
		}
		r, ok, err := s.row(rec)
		if err != nil {
			return s.fail(err)
		}
		if ok {
			return r, nil
		}
	}
}

// cell is a column's ID value ("" for an absent column).
func (s *sdmxReader) cell(rec []string, i int) string {
	if i < 0 {
		return ""
	}
	if s.labels {
		return sdmxID(rec[i])
	}
	return strings.TrimSpace(rec[i])
}

// row turns one row into a record; ok is false for a row without a value.
func (s *sdmxReader) row(rec []string) (Record, bool, error) {
	line := s.rows.line
	if s.meta.Source == "" && s.flow >= 0 && sdmxIsSDG(s.cell(rec, s.flow)) {
		s.meta.Source = "UN SDG Global Database"
	}
	if a := s.cell(rec, s.action); a == "D" {
		return Record{}, false, &LineError{Line: line, Code: ErrValue, Value: a, Detail: "ACTION D (delete) rows are not imported"}
	}
	v := s.cell(rec, s.value)
	if v == "" || v == "NaN" || v == "NA" {
		return Record{}, false, nil
	}
	if f := s.cell(rec, s.freq); f != "" && f != "A" {
		return Record{}, false, &LineError{Line: line, Code: ErrYear, Value: f,
			Detail: "only annual data (FREQ A) is imported"}
	}
	t := s.cell(rec, s.time)
	year, ok := parseYear(t)
	if !ok {
		return Record{}, false, &LineError{Line: line, Code: ErrYear, Value: t,
			Detail: "only annual data is imported: the period must be a year such as 2019"}
	}
	f, err := pubFloat(v)
	if err != nil {
		return Record{}, false, pubValueError(line, v, err)
	}
	code := s.code(rec)
	if code == "" {
		return Record{}, false, &LineError{Line: line, Code: ErrFields, Detail: "no indicator (series code) in this row"}
	}
	return Record{Line: line, Area: s.cell(rec, s.area), Indicator: code, Year: year, Value: f,
		Note: strings.TrimSpace(pubCol(rec, s.note))}, true, nil
}

func pubCol(rec []string, i int) string {
	if i < 0 {
		return ""
	}
	return rec[i]
}

// sdmxIsSDG tells the UN SDG database's dataflows: UNSD:DF_SDG_GLH(1.x).
func sdmxIsSDG(flow string) bool {
	return strings.HasPrefix(flow, "UNSD:") && strings.Contains(flow, "SDG")
}

// sdmxFlowID is a dataflow reference's ID: BIS:BIS_DER(1.0) -> BIS_DER.
func sdmxFlowID(ref string) string {
	if i := strings.IndexByte(ref, ':'); i >= 0 {
		ref = ref[i+1:]
	}
	if i := strings.IndexByte(ref, '('); i >= 0 {
		ref = ref[:i]
	}
	return ref
}

// code builds the row's indicator code (see the package comment above) and
// records what the file says about it the first time it is seen.
func (s *sdmxReader) code(rec []string) string {
	b := s.buf[:0]
	if s.series >= 0 {
		b = append(b, s.cell(rec, s.series)...)
		if len(b) == 0 {
			return ""
		}
		open := false
		for _, d := range s.dims {
			v := s.cell(rec, d.col)
			if sdmxTotals[v] || v == d.skip {
				continue
			}
			if open {
				b = append(b, ',')
			} else {
				b = append(b, '[')
				open = true
			}
			b = append(b, d.name...)
			b = append(b, '=')
			b = append(b, v...)
		}
		if open {
			b = append(b, ']')
		}
	} else {
		b = append(b, sdmxFlowID(s.cell(rec, s.flow))...)
		b = append(b, ':')
		for i, d := range s.dims {
			if i > 0 {
				b = append(b, '.')
			}
			b = append(b, s.cell(rec, d.col)...)
		}
	}
	s.buf = b
	if c, ok := s.codes[string(b)]; ok {
		return c
	}
	c := string(b)
	s.codes[c] = c
	s.meta.Indicators[c] = IndicatorMeta{Code: c, Name: s.name(rec), Unit: s.unitOf(rec)}
	return c
}

// name is the series' name where the file gives one: the SDG API's
// SeriesDescription, or the labels of a labels=both file.
func (s *sdmxReader) name(rec []string) string {
	var parts []string
	switch {
	case s.sdg:
		parts = append(parts, strings.TrimSpace(pubCol(rec, s.desc)))
	case s.labels && s.series >= 0:
		parts = append(parts, sdmxLabel(rec[s.series]))
	default:
		return ""
	}
	for _, d := range s.dims {
		v := s.cell(rec, d.col)
		if sdmxTotals[v] || v == d.skip {
			continue
		}
		if s.labels && sdmxLabel(rec[d.col]) != "" {
			v = sdmxLabel(rec[d.col])
		}
		parts = append(parts, d.name+": "+v)
	}
	return strings.Join(parts, ", ")
}

func (s *sdmxReader) unitOf(rec []string) string {
	if s.unit < 0 {
		return ""
	}
	if s.labels && sdmxLabel(rec[s.unit]) != "" {
		return sdmxLabel(rec[s.unit])
	}
	return strings.TrimSpace(rec[s.unit])
}

func (s *sdmxReader) fail(err error) (Record, error) {
	s.done = true
	return Record{}, err
}
