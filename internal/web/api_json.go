package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"roundtable/internal/errs"
)

// maxJSONBytes bounds an API request body.
const maxJSONBytes = 256 << 10

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc.Encode(v)
}

// decodeJSON reads exactly one JSON object into v, refusing unknown fields,
// trailing data and oversize bodies, each with its own stable code.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return errs.New(errs.Invalid, "unsupported_content_type", "error.bad_json")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return errs.New(errs.Invalid, "bad_json", "error.bad_json")
	}
	return nil
}

func jsonError(err error) error {
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return errs.ErrTooLarge
	case errors.As(err, &typeErr):
		return errs.Field(typeErr.Field, "wrong_type", "error.invalid")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		e := errs.Field(f, "unknown_field", "error.unknown_field", "field", f)
		return e
	default:
		return errs.New(errs.Invalid, "bad_json", "error.bad_json")
	}
}

// page is the paging of a list request and the envelope of its answer.
type page struct {
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
	Total  int `json:"total"`
}

type list[T any] struct {
	Items []T `json:"items"`
	page
}

const (
	defaultLimit = 50
	maxLimit     = 200
)

// paging reads ?limit= and ?offset=, refusing values out of range.
func paging(r *http.Request) (page, error) {
	p := page{Limit: defaultLimit}
	q := r.URL.Query()
	bad := func(field string) error {
		return errs.Field(field, "bad_pagination", "error.bad_pagination", "max", maxLimit)
	}
	if v := q.Get("limit"); v != "" || q.Has("limit") {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return p, bad("limit")
		}
		p.Limit = n
	}
	if v := q.Get("offset"); v != "" || q.Has("offset") {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, bad("offset")
		}
		p.Offset = n
	}
	return p, nil
}

// window returns the part of items that p asks for.
func window[T any](items []T, p page) list[T] {
	p.Total = len(items)
	lo := min(p.Offset, len(items))
	hi := min(lo+p.Limit, len(items))
	out := items[lo:hi]
	if out == nil {
		out = []T{}
	}
	return list[T]{Items: out, page: p}
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.ErrNotFound
	}
	return id, nil
}
