package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

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

// decodeJSON reads exactly one JSON object into v, strictly, for every API
// route at once: the body must be UTF-8 (a declared charset too), one
// object (not null, not an array) with nothing after it, at most
// maxJSONBytes, with no NUL in any string; every key must be a field of v
// spelt exactly (encoding/json alone would take "Accredited" for
// "accredited" and drop unknown keys), of the right type; and a field
// tagged required:"true" must be present and not null. Each fault has its
// own stable code.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if err := checkJSONContentType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBytes))
	if err != nil {
		return jsonError(err)
	}
	if !utf8.Valid(body) {
		return errs.New(errs.Invalid, "invalid_utf8", "input.invalid_utf8")
	}
	// The generic decoding sees what the typed one would, before any field
	// is matched loosely or any string handed on.
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errBadJSON
	}
	obj, ok := tree.(map[string]any)
	if !ok {
		return errBadJSON
	}
	if err := checkJSONText(obj, ""); err != nil {
		return err
	}
	if err := checkFields(obj, reflect.TypeOf(v), ""); err != nil {
		return err
	}
	dec = json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	return nil
}

var errBadJSON = errs.New(errs.Invalid, "bad_json", "error.bad_json")

// checkJSONContentType accepts no Content-Type, or application/json with
// no charset or a UTF-8 one (JSON is UTF-8: RFC 8259).
func checkJSONContentType(ct string) error {
	if ct == "" {
		return nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return errs.New(errs.Invalid, "unsupported_content_type", "error.bad_json")
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return errs.Field("charset", "unsupported_charset", "input.unsupported_charset")
	}
	return nil
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// checkFields matches the keys of obj against the fields of t (a struct or
// a map, through pointers) exactly, and checks required fields, going into
// nested objects and arrays; prefix is the dotted path of obj.
func checkFields(obj map[string]any, t reflect.Type, prefix string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil // a type that reads its own JSON
	}
	switch t.Kind() {
	case reflect.Map:
		for k, x := range obj {
			if err := checkNested(x, t.Elem(), joinField(prefix, k)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		fields := jsonFields(t)
		for k, x := range obj {
			f, ok := fields[k]
			if !ok {
				name := joinField(prefix, k)
				return errs.Field(name, "unknown_field", "error.unknown_field", "field", name)
			}
			if err := checkNested(x, f.Type, joinField(prefix, k)); err != nil {
				return err
			}
		}
		for name, f := range fields {
			if f.Tag.Get("required") == "true" && obj[name] == nil {
				return errs.Field(joinField(prefix, name), "required", "validation.required")
			}
		}
	}
	return nil
}

func checkNested(x any, t reflect.Type, field string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch x := x.(type) {
	case map[string]any:
		if t.Kind() == reflect.Struct || t.Kind() == reflect.Map {
			return checkFields(x, t, field)
		}
	case []any:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			for _, e := range x {
				if err := checkNested(e, t.Elem(), field); err != nil {
					return err
				}
			}
		}
	}
	return nil // a type mismatch is the typed decoding's to report
}

// jsonFields maps the JSON names of t's fields, those of embedded structs
// included, to the fields, as encoding/json names them.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				for n, ef := range jsonFields(et) {
					if _, ok := out[n]; !ok {
						out[n] = ef
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f
	}
	return out
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
		return errBadJSON
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

// cursorLimit reads the page size of a list paged by a cursor: ?limit=
// from 1 to most, def when absent. Such a list has no offset, so ?offset=
// is refused rather than ignored.
func cursorLimit(q url.Values, def, most int) (int, error) {
	bad := func(field string) error {
		return errs.Field(field, "bad_pagination", "error.bad_pagination", "max", most)
	}
	if q.Has("offset") {
		return 0, bad("offset")
	}
	if !q.Has("limit") {
		return def, nil
	}
	n, err := strconv.Atoi(q.Get("limit"))
	if err != nil || n < 1 || n > most {
		return 0, bad("limit")
	}
	return n, nil
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

// afterID reads ?after=, the last id of the page before, for lists paged
// in the database after an id: absent is 0 (the first page); anything but
// a positive number is a damaged link.
func afterID(q url.Values) (int64, error) {
	if !q.Has("after") {
		return 0, nil
	}
	n, err := strconv.ParseInt(q.Get("after"), 10, 64)
	if err != nil || n < 1 {
		return 0, errs.Field("after", "invalid_cursor", "error.invalid_cursor")
	}
	return n, nil
}
