package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"roundtable/internal/errs"
)

// Text that no route accepts, refused at the edge before any handler or
// service runs: U+0000, which PostgreSQL cannot store in text (it answered
// 500 where SQLite stored it), and bytes that are not UTF-8, which
// PostgreSQL refuses and the JSON decoder would silently replace. Both
// engines then answer alike, 400 with a stable code.

// checkText refuses a NUL or invalid UTF-8 in s, naming field.
func checkText(field, s string) error {
	if !utf8.ValidString(s) {
		return errs.Field(field, "invalid_utf8", "input.invalid_utf8")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return errs.Field(field, "invalid_text", "input.nul_character")
	}
	return nil
}

// checkURL checks the request's path values, its whole path and its query.
func checkURL(r *http.Request) error {
	for _, name := range patternWildcards(r.Pattern) {
		if err := checkText(name, r.PathValue(name)); err != nil {
			return err
		}
	}
	if err := checkText("", r.URL.Path); err != nil {
		return err
	}
	return checkValues(r.URL.Query())
}

// checkValues checks the names and values of a query or form.
func checkValues(v url.Values) error {
	for k, vs := range v {
		if err := checkText(k, k); err != nil {
			return err
		}
		for _, s := range vs {
			if err := checkText(k, s); err != nil {
				return err
			}
		}
	}
	return nil
}

// patternWildcards lists the {name} and {name...} wildcards of a ServeMux
// pattern such as "GET /countries/{iso3}".
func patternWildcards(pattern string) []string {
	var names []string
	for {
		i := strings.IndexByte(pattern, '{')
		if i < 0 {
			return names
		}
		j := strings.IndexByte(pattern[i:], '}')
		if j < 0 {
			return names
		}
		if name := strings.TrimSuffix(pattern[i+1:i+j], "..."); name != "$" {
			names = append(names, name)
		}
		pattern = pattern[i+j+1:]
	}
}

// checkJSONText checks every string of a decoded JSON value, object keys
// included; field is the dotted path of the value, for the error.
func checkJSONText(v any, field string) error {
	switch v := v.(type) {
	case string:
		return checkText(field, v)
	case map[string]any:
		for k, x := range v {
			f := joinField(field, k)
			if err := checkText(f, k); err != nil {
				return err
			}
			if err := checkJSONText(x, f); err != nil {
				return err
			}
		}
	case []any:
		for _, x := range v {
			if err := checkJSONText(x, field); err != nil {
				return err
			}
		}
	}
	return nil
}

func joinField(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}
