package web

import (
	"errors"
	"net/http"

	"roundtable/internal/errs"
	"roundtable/internal/evidence/ingest"
	"roundtable/internal/i18n"
)

// apiIndicatorImport imports an indicator file sent as the request's body
// (any format the import recognises; ?format= forces one). Source and
// release come from the file when it names them, else from ?source= and
// ?vintage=. All or nothing: an error names its line and stores nothing.
// A file imported before, byte for byte, answers 200 and changes nothing;
// a new one 201.
func (s *Server) apiIndicatorImport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	form := indicatorImportForm{Source: q.Get("source"), Vintage: q.Get("vintage"), Licence: q.Get("licence"),
		SourceURL: q.Get("source_url"), Indicator: q.Get("indicator"), Format: q.Get("format")}
	o := form.options(q.Get("name"))
	if o.FileName == "" {
		o.FileName = "upload"
	}
	o.Actor = stateOf(r).user.Actor()
	o.Size = r.ContentLength
	res, err := s.evidence.Import(r.Context(), http.MaxBytesReader(w, r.Body, maxIndicatorFileBytes), o)
	if err != nil {
		return uploadError(err)
	}
	status := http.StatusCreated
	if res.Repeated {
		status = http.StatusOK
	}
	return writeJSON(w, status, res)
}

// indicatorLine is the one line an indicator import failed at, as an
// error detail; nil when err is not about a line of a file.
func indicatorLine(cat *i18n.Catalog, lang i18n.Lang, err error) []apiErrorDetail {
	var le *ingest.LineError
	if !errors.As(err, &le) {
		return nil
	}
	msg := le.Detail
	if e := errs.As(err); e.Key != "" && e.Kind == errs.Invalid {
		msg = cat.T(lang, e.Key, e.Args...)
	}
	return []apiErrorDetail{{Line: le.Line, Field: "file", Code: le.Code, Message: msg}}
}
