package exchange

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

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
func ParseCSV(data []byte) ([]dialogue.ImportRow, error) {
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
		if err != nil {
			// After a broken quote the reader cannot tell where the next
			// record starts, so the first such error ends the file.
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
		rows = append(rows, row)
	}
	if len(bad) > 0 {
		return nil, bad
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
	row := dialogue.ImportRow{Line: line, Delegation: get("delegation"), Speaker: get("speaker"), OnBehalfOf: get("on_behalf_of"),
		Language: get("language"), Title: get("title"), Text: get("text"), DeliveredOn: get("delivered_on"),
		Source: get("source"), Visibility: get("visibility")}
	var bad []dialogue.ImportError
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
func ParseJSON(data []byte) ([]dialogue.ImportRow, error) {
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
	for n := 1; dec.More(); n++ {
		if len(rows)+len(bad) == dialogue.MaxImportRows {
			return nil, dialogue.ErrImportTooManyRows
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, append(bad, rowError(n, "", "bad_json", "exchange.bad_json"))
		}
		row, err := jsonRow(n, raw)
		if err != nil {
			bad = append(bad, *err)
			continue
		}
		rows = append(rows, row)
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return nil, append(bad, rowError(len(rows)+len(bad)+1, "", "bad_json", "exchange.bad_json"))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, append(bad, rowError(len(rows)+len(bad)+1, "", "bad_json", "exchange.bad_json"))
	}
	if len(bad) > 0 {
		return nil, bad
	}
	if len(rows) == 0 {
		return nil, dialogue.ErrImportEmpty
	}
	return rows, nil
}

func jsonRow(n int, raw json.RawMessage) (dialogue.ImportRow, *dialogue.ImportError) {
	var it Item
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&it); err != nil {
		var typeErr *json.UnmarshalTypeError
		var timeErr *time.ParseError
		e := rowError(n, "", "bad_json", "exchange.bad_json")
		switch {
		case errors.As(err, &typeErr):
			e = rowError(n, typeErr.Field, "wrong_type", "exchange.wrong_type")
		case errors.As(err, &timeErr):
			e = rowError(n, "embargo_until", "invalid_date", "exchange.invalid_time")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			e = rowError(n, f, "unknown_field", "exchange.unknown_column", "column", f)
		}
		return dialogue.ImportRow{}, &e
	}
	row := dialogue.ImportRow{Line: n, Delegation: it.Delegation, Speaker: it.Speaker, OnBehalfOf: it.OnBehalfOf,
		Language: it.Language, Title: it.Title, Text: it.Text, DeliveredOn: it.DeliveredOn, Source: it.Source,
		EmbargoUntil: it.EmbargoUntil, Visibility: it.Visibility, Translations: it.Translations}
	if it.Session != nil {
		if *it.Session < 1 {
			e := rowError(n, "session", "invalid_number", "exchange.invalid_number")
			return row, &e
		}
		row.Session = *it.Session
	}
	if it.SessionID != nil {
		row.SessionID = *it.SessionID
	}
	return row, nil
}

// ErrTooLarge is an import file over MaxImportBytes.
var ErrTooLarge = errs.New(errs.TooLarge, "import_too_large", "exchange.too_large")

// Format is an import file's format.
type Format string

const (
	CSV  Format = "csv"
	JSON Format = "json"
)

// Parse reads data in format f.
func Parse(f Format, data []byte) ([]dialogue.ImportRow, error) {
	switch f {
	case CSV:
		return ParseCSV(data)
	case JSON:
		return ParseJSON(data)
	}
	return nil, errs.Field("format", "unsupported_format", "exchange.unsupported_format")
}
