package web

import (
	"encoding/json"
	"net/http"

	"roundtable/internal/errs"
)

// fail is the one adapter from an error to a response: a JSON error body for
// the API, an error page for the UI. Unknown errors are logged in full and
// shown as a bare 500.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
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
		writeJSONError(w, status, e.Code, msg, e.Field, s.errorDetails(st.lang, err)...)
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
}

func writeJSONError(w http.ResponseWriter, status int, code, msg, field string, details ...apiErrorDetail) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(apiError{apiErrorBody{Code: code, Message: msg, Field: field, Details: details}})
}
