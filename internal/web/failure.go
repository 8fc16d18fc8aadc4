package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"roundtable/internal/errs"
)

// fail is the one adapter from an error to a response: a JSON error body for
// the API, an error page for the UI. Unknown errors are logged in full and
// shown as a bare 500.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && errors.Is(err, context.Canceled) {
		// The client went away (a page left while its script refetched
		// it): nobody reads the answer, and nothing went wrong here.
		s.log.Debug("request abandoned", "method", r.Method, "path", r.URL.Path)
		return
	}
	e := errs.As(err)
	status := e.Kind.Status()
	switch e.Kind {
	case errs.Internal:
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	case errs.Unavailable:
		s.log.Warn("unavailable", "method", r.Method, "path", r.URL.Path, "code", e.Code)
	}
	st := stateOf(r)
	msg := s.catalog.T(st.lang, e.Key, e.Args...)
	if isAPI(r) {
		body := apiErrorBody{Code: e.Code, Message: msg, Field: e.Field, Details: s.errorDetails(st.lang, err)}
		var cur currentReporter
		if errors.As(err, &cur) {
			body.Current = cur.Current()
		}
		writeJSONError(w, status, body)
		return
	}
	s.renderError(w, r, status, msg)
}

type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Details lists per-line errors (of an import); absent for the others.
	Details []apiErrorDetail `json:"details,omitempty"`
	// Current is what a write conflicted with, as it is now (a
	// paragraph's text and text_version), so the client need not read it
	// again; absent for the others.
	Current any `json:"current,omitempty"`
}

// currentReporter is an error that carries the state a write conflicted
// with, for the body's "current".
type currentReporter interface {
	error
	Current() any
}

func writeJSONError(w http.ResponseWriter, status int, body apiErrorBody) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(apiError{body})
}
