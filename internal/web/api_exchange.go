package web

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/exchange"
	"roundtable/internal/i18n"
)

// Bulk import of statements through the API: the body is a CSV file
// (text/csv) or a JSON array (application/json), imported all or nothing.
// A file with errors is answered 400 import_failed with one detail per
// faulty line.

// apiErrorDetail is one entry of an API error's details: what is wrong at
// one line of an imported file (one item of a JSON array).
type apiErrorDetail struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// importFailure is an import's errors together with how its file counts:
// by line (CSV) or by item (a JSON array), which the messages say.
type importFailure struct {
	list  dialogue.ImportErrors
	items bool
}

func (f importFailure) Error() string { return f.list.Error() }
func (f importFailure) Unwrap() error { return f.list }

// withFormat marks the import errors in err, if any, as counted by line or
// by item; other errors pass unchanged.
func withFormat(err error, format exchange.Format) error {
	var list dialogue.ImportErrors
	if errors.As(err, &list) {
		return importFailure{list: list, items: format == exchange.JSON}
	}
	return err
}

// errorDetails lists the per-line errors carried by err in lang, each
// message saying its line (or item): those of an import; nil for any other
// error, whose body then has no details.
func (s *Server) errorDetails(lang i18n.Lang, err error) []apiErrorDetail {
	if line := indicatorLine(s.catalog, lang, err); line != nil {
		return line // its message names the line already
	}
	lines, items := s.importLines(lang, err)
	key := "exchange.at_line"
	if items {
		key = "exchange.at_item"
	}
	for i, l := range lines {
		lines[i].Message = s.catalog.T(lang, key, "line", l.Line, "message", l.Message)
	}
	return lines
}

// importLines lists the import errors in err in lang, and whether they
// count items of a JSON array rather than lines.
func (s *Server) importLines(lang i18n.Lang, err error) (lines []apiErrorDetail, items bool) {
	var f importFailure
	if !errors.As(err, &f) {
		var list dialogue.ImportErrors
		if !errors.As(err, &list) {
			return nil, false
		}
		f.list = list
	}
	lines = make([]apiErrorDetail, len(f.list))
	for i, e := range f.list {
		lines[i] = apiErrorDetail{Line: e.Line, Field: e.Field, Code: e.Code, Message: s.catalog.T(lang, e.Key, e.Args...)}
	}
	return lines, f.items
}

// readImport reads an import file of at most exchange.MaxImportBytes and
// parses it.
func readImport(body io.Reader, format exchange.Format) ([]dialogue.ImportRow, error) {
	data, err := io.ReadAll(io.LimitReader(body, exchange.MaxImportBytes+1))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || len(data) > exchange.MaxImportBytes:
		return nil, exchange.ErrTooLarge
	case err != nil:
		return nil, err
	}
	// Readable rows come back beside the errors of the unreadable lines,
	// for withRecordChecks.
	return exchange.ParseReadable(format, data)
}

// withRecordChecks: when some lines of an import file cannot be read, the
// record's checks of the lines that can add their errors, so one answer
// lists every faulty line; format then says how lines are counted.
func (s *Server) withRecordChecks(r *http.Request, editionID int64, format exchange.Format, rows []dialogue.ImportRow, err error) error {
	var read dialogue.ImportErrors
	if errors.As(err, &read) {
		err = s.dialogue.CheckImport(r.Context(), stateOf(r).user, editionID, rows, read)
	}
	return withFormat(err, format)
}

// importFormat is the format a request body declares by its type.
func importFormat(r *http.Request) (exchange.Format, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "text/csv":
		return exchange.CSV, nil
	case "application/json":
		return exchange.JSON, nil
	}
	return "", errs.New(errs.Invalid, "unsupported_content_type", "exchange.unsupported_format")
}

type importResult struct {
	EditionID int64 `json:"edition_id"`
	Imported  int   `json:"imported"`
}

func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v := stateOf(r).user
	if _, err := s.dialogue.Edition(r.Context(), v, id); err != nil {
		return err
	}
	format, err := importFormat(r)
	if err != nil {
		return err
	}
	rows, err := readImport(http.MaxBytesReader(w, r.Body, exchange.MaxImportBytes), format)
	if err != nil {
		return s.withRecordChecks(r, id, format, rows, err)
	}
	n, err := s.dialogue.ImportStatements(r.Context(), v, id, rows)
	if err != nil {
		return withFormat(err, format)
	}
	return writeJSON(w, http.StatusCreated, importResult{EditionID: id, Imported: n})
}
