package i18n

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

//go:embed catalogs/*.json
var embedded embed.FS

// Catalog holds the translated messages of every working language. It is
// immutable once loaded and safe for concurrent use. A nil *Catalog is
// usable: every lookup then returns the key itself.
type Catalog struct {
	msgs map[Lang]map[string]string
}

// Load parses the embedded catalogs, catalogs/<lang>.json and
// catalogs/<area>.<lang>.json for every supported language. Each file must be a flat JSON object mapping message
// keys to strings; a missing or malformed file, a duplicate key, a non-string
// value or a file for an unsupported language is an error.
func Load() (*Catalog, error) {
	return load(embedded, "catalogs")
}

// MustLoad is like Load but panics on error. The catalogs are embedded in the
// binary and checked by the package's tests, so an error here is a build
// defect rather than a run-time condition.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

func load(fsys fs.FS, dir string) (*Catalog, error) {
	c := &Catalog{msgs: make(map[Lang]map[string]string, len(Supported))}
	files, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("i18n: listing catalogs: %w", err)
	}
	// Each area of the product may keep its messages in a file of its own,
	// <area>.<lang>.json, beside the shared <lang>.json; all of a language's
	// files merge into one catalog, and a key defined twice is an error.
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".json")
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
		l := Lang(name)
		if !l.Valid() {
			return nil, fmt.Errorf("i18n: catalog %s: %q is not a supported language", f, name)
		}
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("i18n: reading catalog: %w", err)
		}
		m, err := parseCatalog(data)
		if err != nil {
			return nil, fmt.Errorf("i18n: catalog %s: %w", f, err)
		}
		if c.msgs[l] == nil {
			c.msgs[l] = m
			continue
		}
		for k, v := range m {
			if _, dup := c.msgs[l][k]; dup {
				return nil, fmt.Errorf("i18n: catalog %s: key %q is defined in another %s file too", f, k, l)
			}
			c.msgs[l][k] = v
		}
	}
	for _, l := range Supported {
		if c.msgs[l] == nil {
			return nil, fmt.Errorf("i18n: no catalog for %s", l)
		}
	}
	return c, nil
}

// parseCatalog decodes a flat JSON object of string values, rejecting what
// encoding/json would silently accept in a map: duplicate keys (the last one
// would win) and trailing data.
func parseCatalog(data []byte) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("top level must be a JSON object")
	}
	m := make(map[string]string)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("unexpected %v where a key was expected", tok)
		}
		if key == "" {
			return nil, errors.New("empty key")
		}
		tok, err = dec.Token()
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", key, err)
		}
		val, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("key %q: value must be a string, not %v", key, tok)
		}
		if _, dup := m[key]; dup {
			return nil, fmt.Errorf("duplicate key %q", key)
		}
		m[key] = val
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON object")
	}
	return m, nil
}

// lookup returns the message for key in l, falling back to English. Empty
// strings count as missing.
func (c *Catalog) lookup(l Lang, key string) (string, bool) {
	if c == nil {
		return "", false
	}
	if s := c.msgs[l][key]; s != "" {
		return s, true
	}
	if s := c.msgs[En][key]; s != "" {
		return s, true
	}
	return "", false
}

// T returns the message for key in language l with its {name} placeholders
// replaced. args are name/value pairs, values formatted with fmt.Sprint:
//
//	c.T(i18n.Zh, "home.signed_in_as", "name", user.DisplayName)
//
// A key missing in l falls back to English; a key missing in English too
// returns the key itself, so that a gap is visible rather than blank.
// Placeholders without a matching argument are left as they are. The
// result is plain text: escaping it is the job of the HTML template.
func (c *Catalog) T(l Lang, key string, args ...any) string {
	s, ok := c.lookup(l, key)
	if !ok {
		return key
	}
	return substitute(s, args)
}

// N returns the plural form of key that CLDR's cardinal rules give for n in
// language l: it looks up key+".one", key+".other" (or another CLDR
// category) and falls back to key+".other", then to English as T does.
// English and Spanish use "one" for 1 only; French and Portuguese for 0
// and 1; Chinese has only "other". The {count} placeholder is set to n; a
// "count" pair in args overrides it (for instance with a formatted number).
func (c *Catalog) N(l Lang, key string, n int, args ...any) string {
	all := make([]any, 0, len(args)+2)
	all = append(all, "count", n)
	all = append(all, args...)
	for _, lang := range []Lang{l, En} {
		if c == nil {
			break
		}
		m := c.msgs[lang]
		if s := m[key+"."+pluralForm(lang, n)]; s != "" {
			return substitute(s, all)
		}
		if s := m[key+".other"]; s != "" {
			return substitute(s, all)
		}
	}
	return key
}

// Has reports whether key has a non-empty message in l itself, without
// falling back to English.
func (c *Catalog) Has(l Lang, key string) bool {
	if c == nil {
		return false
	}
	return c.msgs[l][key] != ""
}

// Keys returns the keys of l's catalog, sorted. The slice is a fresh copy.
func (c *Catalog) Keys(l Lang) []string {
	if c == nil {
		return nil
	}
	m := c.msgs[l]
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// pluralTags are the language tags whose CLDR plural rules apply.
var pluralTags = func() map[Lang]language.Tag {
	m := make(map[Lang]language.Tag, len(Supported))
	for _, l := range Supported {
		m[l] = language.MustParse(l.Tag())
	}
	return m
}()

// pluralForm returns the CLDR cardinal plural category ("zero", "one",
// "two", "few", "many" or "other") of the integer n in language l.
func pluralForm(l Lang, n int) string {
	if n < 0 {
		n = -n
		if n < 0 { // math.MinInt
			n = 0
		}
	}
	tag, ok := pluralTags[l]
	if !ok {
		return "other"
	}
	switch plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0) {
	case plural.Zero:
		return "zero"
	case plural.One:
		return "one"
	case plural.Two:
		return "two"
	case plural.Few:
		return "few"
	case plural.Many:
		return "many"
	}
	return "other"
}

// substitute replaces each {name} in s by the value paired with name in
// args, in a single pass (a value containing braces is not expanded again).
// Later pairs win over earlier ones.
func substitute(s string, args []any) string {
	if len(args) < 2 || !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i+1:], '}')
		if j < 0 {
			break
		}
		name := s[i+1 : i+1+j]
		if isPlaceholderName(name) {
			if v, ok := argValue(args, name); ok {
				b.WriteString(s[:i])
				b.WriteString(v)
				s = s[i+j+2:]
				continue
			}
		}
		b.WriteString(s[:i+1])
		s = s[i+1:]
	}
	b.WriteString(s)
	return b.String()
}

func argValue(args []any, name string) (string, bool) {
	for k := (len(args)/2 - 1) * 2; k >= 0; k -= 2 {
		if n, ok := args[k].(string); ok && n == name {
			return fmt.Sprint(args[k+1]), true
		}
	}
	return "", false
}

// isPlaceholderName reports whether s is a valid placeholder name: an ASCII
// letter or underscore followed by letters, digits or underscores.
func isPlaceholderName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
		case '0' <= r && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// placeholders returns the set of placeholder names used in s.
func placeholders(s string) map[string]bool {
	set := make(map[string]bool)
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return set
		}
		j := strings.IndexByte(s[i+1:], '}')
		if j < 0 {
			return set
		}
		if name := s[i+1 : i+1+j]; isPlaceholderName(name) {
			set[name] = true
			s = s[i+j+2:]
		} else {
			s = s[i+1:]
		}
	}
}
