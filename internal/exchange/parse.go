package exchange

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

// The import parsers turn a file into rows for dialogue.ImportStatements.
// What is wrong with the file itself (its shape, a number that is not one)
// comes back as dialogue.ImportErrors, by line, as the service's own
// checks do; the service then checks what the rows say.

// ignored are columns the export writes for readers and the import skips.
var ignored = map[string]bool{"edition": true, "session_title": true, "delegation_name": true, "concepts": true}

// required are the columns without which no row can be a statement.
var required = []string{"delegation", "language", "text"}

func rowError(line int, field, code, key string, args ...any) dialogue.ImportError {
	return dialogue.ImportError{Line: line, Field: field, Code: code, Key: key, Args: args}
}

// ParseCSV reads a CSV file with a header row, with or without a byte order
// mark, with CRLF or LF line ends. Line numbers are the file's: the header
// is line 1, and a statement whose text spans lines is numbered by its first.
func ParseCSV(data []byte) ([]dialogue.ImportRow, error) { return dropOnError(parseCSV(data)) }

// parseCSV is ParseCSV that also returns, beside the errors, the rows it
// could read (for ParseReadable).
func parseCSV(data []byte) ([]dialogue.ImportRow, error) {
	data = bytes.TrimPrefix(data, []byte(bom))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delimiter(data)
	r.FieldsPerRecord = -1 // checked below, with the line in the message
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, dialogue.ErrImportEmpty
	}
	if err != nil {
		return nil, dialogue.ImportErrors{csvError(err, 1)}
	}
	cols, bad := readHeader(header)
	if len(bad) > 0 {
		return nil, bad
	}
	var rows []dialogue.ImportRow
	for n := 0; ; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// The reader resumes at the next line, so the other lines'
			// errors are reported too; a quote left open runs to the end
			// of the file, which then ends here.
			bad = append(bad, csvError(err, 0))
			continue
		}
		if err != nil {
			return nil, append(bad, csvError(err, 0))
		}
		if n == dialogue.MaxImportRows {
			return nil, dialogue.ErrImportTooManyRows
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			bad = append(bad, rowError(line, "", "wrong_field_count", "exchange.field_count", "got", len(rec), "want", len(header)))
			continue
		}
		row, rowErrs := csvRow(line, cols, rec)
		bad = append(bad, rowErrs...)
		if len(rowErrs) == 0 {
			rows = append(rows, row)
		}
	}
	if len(bad) > 0 {
		return rows, bad
	}
	if len(rows) == 0 {
		return nil, dialogue.ErrImportEmpty
	}
	return rows, nil
}

// delimiter is the header line's separator: a comma, or the semicolon that
// spreadsheets use where the comma is the decimal sign (French, Spanish and
// Portuguese settings).
func delimiter(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		return ';'
	}
	return ','
}

func csvError(err error, line int) dialogue.ImportError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line = pe.StartLine
	}
	return rowError(line, "", "malformed_csv", "exchange.malformed_csv")
}

// readHeader maps column names (any case, trimmed) to their index.
func readHeader(header []string) (map[string]int, dialogue.ImportErrors) {
	known := map[string]bool{"session_id": true}
	for _, c := range Columns() {
		known[c] = true
	}
	cols := map[string]int{}
	var bad dialogue.ImportErrors
	for i, h := range header {
		if e := cellText(1, "", h); e != nil {
			bad = append(bad, *e)
			continue
		}
		h = strings.ToLower(strings.TrimSpace(h))
		switch _, dup := cols[h]; {
		case !known[h]:
			bad = append(bad, rowError(1, h, "unknown_column", "exchange.unknown_column", "column", h))
		case dup:
			bad = append(bad, rowError(1, h, "duplicate_column", "exchange.duplicate_column", "column", h))
		}
		cols[h] = i
	}
	for _, c := range required {
		if _, ok := cols[c]; !ok {
			bad = append(bad, rowError(1, c, "missing_column", "exchange.missing_column", "column", c))
		}
	}
	return cols, bad
}

func csvRow(line int, cols map[string]int, rec []string) (dialogue.ImportRow, []dialogue.ImportError) {
	get := func(c string) string {
		if i, ok := cols[c]; ok {
			return restore(rec[i])
		}
		return ""
	}
	var bad []dialogue.ImportError
	for c, i := range cols {
		if e := cellText(line, c, rec[i]); e != nil {
			bad = append(bad, *e)
		}
	}
	slices.SortFunc(bad, func(a, b dialogue.ImportError) int { return cols[a.Field] - cols[b.Field] })
	row := dialogue.ImportRow{Line: line, Delegation: get("delegation"), Speaker: get("speaker"), OnBehalfOf: get("on_behalf_of"),
		Language: get("language"), Title: get("title"), Text: get("text"), DeliveredOn: get("delivered_on"),
		Source: get("source"), Visibility: get("visibility")}
	if v := strings.TrimSpace(get("session")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			bad = append(bad, rowError(line, "session", "invalid_number", "exchange.invalid_number"))
		}
		row.Session = n
	}
	if v := strings.TrimSpace(get("session_id")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			bad = append(bad, rowError(line, "session_id", "invalid_number", "exchange.invalid_number"))
		}
		row.SessionID = n
	}
	if v := strings.TrimSpace(get("embargo_until")); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			bad = append(bad, rowError(line, "embargo_until", "invalid_date", "exchange.invalid_time"))
		}
		row.EmbargoUntil = &t
	}
	for _, l := range i18n.Supported {
		text := get("text_" + string(l))
		origin, review := strings.TrimSpace(get("origin_"+string(l))), strings.TrimSpace(get("review_"+string(l)))
		switch {
		case strings.TrimSpace(text) != "":
			row.Translations = append(row.Translations, dialogue.Translation{Language: string(l), Body: text, Origin: origin, Review: review})
		case origin != "" || review != "":
			bad = append(bad, rowError(line, "text_"+string(l), "status_without_text", "exchange.status_without_text"))
		}
	}
	return row, bad
}

// ParseJSON reads a JSON array of items. An item is numbered by its place
// in the array, from 1; a field the format does not know is an error, so a
// misspelt column does not go silently missing.
func ParseJSON(data []byte) ([]dialogue.ImportRow, error) { return dropOnError(parseJSON(data)) }

// parseJSON is ParseJSON that also returns, beside the errors, the items it
// could read (for ParseReadable).
func parseJSON(data []byte) ([]dialogue.ImportRow, error) {
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte(bom))))
	tok, err := dec.Token()
	if errors.Is(err, io.EOF) {
		return nil, dialogue.ErrImportEmpty
	}
	if d, ok := tok.(json.Delim); err != nil || !ok || d != '[' {
		return nil, dialogue.ImportErrors{rowError(1, "", "not_an_array", "exchange.not_an_array")}
	}
	var rows []dialogue.ImportRow
	var bad dialogue.ImportErrors
	n := 1 // the item being read
	for ; dec.More(); n++ {
		if n > dialogue.MaxImportRows {
			return nil, dialogue.ErrImportTooManyRows
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, append(bad, rowError(n, "", "bad_json", "exchange.bad_json"))
		}
		row, rowErrs := jsonRow(n, raw)
		if len(rowErrs) > 0 {
			bad = append(bad, rowErrs...)
			continue
		}
		rows = append(rows, row)
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return nil, append(bad, rowError(n, "", "bad_json", "exchange.bad_json"))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, append(bad, rowError(n, "", "bad_json", "exchange.bad_json"))
	}
	if len(bad) > 0 {
		return rows, bad
	}
	if len(rows) == 0 {
		return nil, dialogue.ErrImportEmpty
	}
	return rows, nil
}

// jsonRow reads item n. Every fault of the item is reported, not only the
// first: each key must name a field exactly (encoding/json alone would take
// "Text" for "text"), each value must have its field's type, and no string
// may hold a NUL or bytes that are not UTF-8.
func jsonRow(n int, raw json.RawMessage) (dialogue.ImportRow, []dialogue.ImportError) {
	if !utf8.Valid(raw) {
		return dialogue.ImportRow{}, []dialogue.ImportError{rowError(n, "", "invalid_utf8", "input.invalid_utf8")}
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return dialogue.ImportRow{}, []dialogue.ImportError{rowError(n, "", "bad_json", "exchange.bad_json")}
	}
	var it Item
	var bad []dialogue.ImportError
	v := reflect.ValueOf(&it).Elem()
	fields := itemFields()
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if _, ok := fields[k]; !ok {
			bad = append(bad, rowError(n, k, "unknown_field", "exchange.unknown_column", "column", k))
		}
	}
	for i := range v.NumField() {
		name := jsonName(v.Type().Field(i))
		val, ok := obj[name]
		if !ok {
			continue
		}
		if e := jsonText(n, name, val); e != nil {
			bad = append(bad, *e)
			continue
		}
		if e := jsonValue(n, name, val, v.Field(i).Addr().Interface()); e != nil {
			bad = append(bad, *e)
			v.Field(i).SetZero() // what a failed decoding left is no value
		}
	}
	row := dialogue.ImportRow{Line: n, Delegation: it.Delegation, Speaker: it.Speaker, OnBehalfOf: it.OnBehalfOf,
		Language: it.Language, Title: it.Title, Text: it.Text, DeliveredOn: it.DeliveredOn, Source: it.Source,
		EmbargoUntil: it.EmbargoUntil, Visibility: it.Visibility, Translations: it.Translations}
	if it.Session != nil {
		if *it.Session < 1 {
			bad = append(bad, rowError(n, "session", "invalid_number", "exchange.invalid_number"))
		}
		row.Session = *it.Session
	}
	if it.SessionID != nil {
		row.SessionID = *it.SessionID
	}
	return row, bad
}

// jsonValue decodes one field's value into dst, strictly.
func jsonValue(n int, name string, val json.RawMessage, dst any) *dialogue.ImportError {
	dec := json.NewDecoder(bytes.NewReader(val))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		// Nested objects (translations) must spell their keys exactly too.
		err = exactKeys(val, reflect.TypeOf(dst).Elem())
	}
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	var timeErr *time.ParseError
	var keyErr unknownKey
	e := rowError(n, name, "bad_json", "exchange.bad_json")
	switch {
	case errors.As(err, &typeErr):
		e = rowError(n, name, "wrong_type", "exchange.wrong_type")
	case errors.As(err, &timeErr):
		e = rowError(n, name, "invalid_date", "exchange.invalid_time")
	case errors.As(err, &keyErr):
		f := name + "." + string(keyErr)
		e = rowError(n, f, "unknown_field", "exchange.unknown_column", "column", f)
	}
	return &e
}

type unknownKey string

func (k unknownKey) Error() string { return "unknown key " + string(k) }

// exactKeys checks that the objects in val (an array of objects, for the
// translations) use only t's JSON names, spelt exactly.
func exactKeys(val json.RawMessage, t reflect.Type) error {
	if t.Kind() != reflect.Slice || t.Elem().Kind() != reflect.Struct {
		return nil
	}
	var objs []map[string]json.RawMessage
	if err := json.Unmarshal(val, &objs); err != nil {
		return nil // null, or a type error already reported
	}
	names := map[string]bool{}
	for i := range t.Elem().NumField() {
		names[jsonName(t.Elem().Field(i))] = true
	}
	for _, o := range objs {
		for _, k := range slices.Sorted(maps.Keys(o)) {
			if !names[k] {
				return unknownKey(k)
			}
		}
	}
	return nil
}

// jsonText refuses a NUL in any string of val (a field's value).
func jsonText(n int, name string, val json.RawMessage) *dialogue.ImportError {
	var x any
	if json.Unmarshal(val, &x) != nil {
		return nil
	}
	var walk func(any) bool
	walk = func(x any) bool {
		switch x := x.(type) {
		case string:
			return strings.IndexByte(x, 0) >= 0
		case []any:
			return slices.ContainsFunc(x, walk)
		case map[string]any:
			for k, y := range x {
				if strings.IndexByte(k, 0) >= 0 || walk(y) {
					return true
				}
			}
		}
		return false
	}
	if walk(x) {
		e := rowError(n, name, "invalid_text", "input.nul_character")
		return &e
	}
	return nil
}

// cellText refuses a CSV cell with a NUL or bytes that are not UTF-8,
// which PostgreSQL cannot store (SQLite would).
func cellText(line int, column, cell string) *dialogue.ImportError {
	var e dialogue.ImportError
	switch {
	case !utf8.ValidString(cell):
		e = rowError(line, column, "invalid_utf8", "input.invalid_utf8")
	case strings.IndexByte(cell, 0) >= 0:
		e = rowError(line, column, "invalid_text", "input.nul_character")
	default:
		return nil
	}
	return &e
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		name = f.Name
	}
	return name
}

// itemFields are the JSON names of Item's fields.
func itemFields() map[string]bool {
	t := reflect.TypeFor[Item]()
	out := map[string]bool{}
	for i := range t.NumField() {
		out[jsonName(t.Field(i))] = true
	}
	return out
}

// ErrTooLarge is an import file over MaxImportBytes.
var ErrTooLarge = errs.New(errs.TooLarge, "import_too_large", "exchange.too_large")

// Format is an import file's format.
type Format string

const (
	CSV  Format = "csv"
	JSON Format = "json"
)

// Parse reads data in format f: its rows, or the errors of every line.
func Parse(f Format, data []byte) ([]dialogue.ImportRow, error) {
	return dropOnError(ParseReadable(f, data))
}

// ParseReadable is Parse that, when some lines cannot be read, also returns
// the rows of the lines that could, so the record's checks can report
// their faults in the same answer (dialogue.Service.CheckImport).
func ParseReadable(f Format, data []byte) ([]dialogue.ImportRow, error) {
	switch f {
	case CSV:
		return parseCSV(data)
	case JSON:
		return parseJSON(data)
	}
	return nil, errs.Field("format", "unsupported_format", "exchange.unsupported_format")
}

func dropOnError(rows []dialogue.ImportRow, err error) ([]dialogue.ImportRow, error) {
	if err != nil {
		return nil, err
	}
	return rows, nil
}
