// Package refdata loads the country and group reference data embedded by
// package data and checks it, so the rest of the program can rely on every
// country having a name in each UI language and valid codes.
package refdata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"roundtable/data"
)

// Langs are the UI languages every name must exist in.
var Langs = []string{"en", "es", "pt", "zh", "fr"}

// Country is one state. Maps and slices are shared within a Set: treat them
// as read-only.
type Country struct {
	ISO3          string            `json:"iso3"`
	ISO2          string            `json:"iso2"`
	Numeric       string            `json:"numeric"`
	Names         map[string]string `json:"names"`
	OfficialNames map[string]string `json:"official_names,omitempty"`
	Groups        []string          `json:"groups"`
}

// Name returns the country's name in lang, falling back to English.
func (c Country) Name(lang string) string {
	if n := c.Names[lang]; n != "" {
		return n
	}
	return c.Names["en"]
}

// Group is a bloc (CELAC) or a World Bank region or income group. Membership
// is recorded on each Country, not here.
type Group struct {
	Code       string            `json:"code"`
	Kind       string            `json:"kind"`
	Names      map[string]string `json:"names"`
	ShortNames map[string]string `json:"short_names"`
	Source     string            `json:"source"`
}

// Name returns the group's short name in lang, else its full name, else its
// code.
func (g Group) Name(lang string) string {
	for _, m := range []map[string]string{g.ShortNames, g.Names} {
		if n := m[lang]; n != "" {
			return n
		}
	}
	return g.Code
}

// Set is the loaded reference data; Countries are sorted by ISO3.
type Set struct {
	Countries []Country
	Groups    []Group
}

// Load parses and validates the embedded files. Each call returns a new Set.
func Load() (*Set, error) {
	c, err := fs.ReadFile(data.FS(), "countries/countries.json")
	if err != nil {
		return nil, err
	}
	g, err := fs.ReadFile(data.FS(), "countries/groups.json")
	if err != nil {
		return nil, err
	}
	return parse(c, g)
}

// Country returns the country with the given ISO 3166-1 alpha-3 code.
func (s *Set) Country(iso3 string) (Country, bool) {
	for _, c := range s.Countries {
		if c.ISO3 == iso3 {
			return c, true
		}
	}
	return Country{}, false
}

// Group returns the group with the given code, e.g. "CELAC" or "WB-UMC".
func (s *Set) Group(code string) (Group, bool) {
	for _, g := range s.Groups {
		if g.Code == code {
			return g, true
		}
	}
	return Group{}, false
}

// Members returns the countries in the group, in ISO3 order (nil if none).
func (s *Set) Members(groupCode string) []Country {
	var out []Country
	for _, c := range s.Countries {
		if slices.Contains(c.Groups, groupCode) {
			out = append(out, c)
		}
	}
	return out
}

func parse(countriesJSON, groupsJSON []byte) (*Set, error) {
	s := &Set{}
	if err := decode(countriesJSON, &s.Countries); err != nil {
		return nil, fmt.Errorf("refdata: countries.json: %w", err)
	}
	if err := decode(groupsJSON, &s.Groups); err != nil {
		return nil, fmt.Errorf("refdata: groups.json: %w", err)
	}
	if err := s.validate(); err != nil {
		return nil, fmt.Errorf("refdata: %w", err)
	}
	slices.SortFunc(s.Countries, func(a, b Country) int { return strings.Compare(a.ISO3, b.ISO3) })
	return s, nil
}

// decode rejects unknown fields so a misspelt key fails loudly.
func decode(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

var kinds = []string{"bloc", "wb_region", "wb_income"}

func (s *Set) validate() error {
	groups := map[string]bool{}
	for i, g := range s.Groups {
		if g.Code == "" {
			return fmt.Errorf("group #%d: empty code", i)
		}
		if groups[g.Code] {
			return fmt.Errorf("group %s: duplicate code", g.Code)
		}
		groups[g.Code] = true
		if !slices.Contains(kinds, g.Kind) {
			return fmt.Errorf("group %s: kind %q is not one of %v", g.Code, g.Kind, kinds)
		}
		if err := checkNames(g.Names, true); err != nil {
			return fmt.Errorf("group %s: names: %w", g.Code, err)
		}
		if err := checkNames(g.ShortNames, false); err != nil {
			return fmt.Errorf("group %s: short_names: %w", g.Code, err)
		}
		if strings.TrimSpace(g.Source) == "" {
			return fmt.Errorf("group %s: empty source", g.Code)
		}
	}

	seen := map[string]string{} // "field=value" -> iso3 that has it
	for i, c := range s.Countries {
		id := c.ISO3
		if id == "" {
			id = fmt.Sprintf("#%d", i)
		}
		codes := []struct {
			field, value, want string
			ok                 bool
		}{
			{"iso3", c.ISO3, "3 upper-case letters", isCode(c.ISO3, 3, 'A', 'Z')},
			{"iso2", c.ISO2, "2 upper-case letters", isCode(c.ISO2, 2, 'A', 'Z')},
			{"numeric", c.Numeric, "3 digits", isCode(c.Numeric, 3, '0', '9')},
		}
		for _, f := range codes {
			if !f.ok {
				return fmt.Errorf("country %s: %s %q is not %s", id, f.field, f.value, f.want)
			}
			key := f.field + "=" + f.value
			if other, dup := seen[key]; dup {
				return fmt.Errorf("country %s: %s %q already used by %s", id, f.field, f.value, other)
			}
			seen[key] = id
		}
		if err := checkNames(c.Names, true); err != nil {
			return fmt.Errorf("country %s: names: %w", id, err)
		}
		if err := checkNames(c.OfficialNames, false); err != nil {
			return fmt.Errorf("country %s: official_names: %w", id, err)
		}
		for j, g := range c.Groups {
			if !groups[g] {
				return fmt.Errorf("country %s: groups: unknown group %q", id, g)
			}
			if slices.Contains(c.Groups[:j], g) {
				return fmt.Errorf("country %s: groups: %q listed twice", id, g)
			}
		}
	}
	return nil
}

// checkNames requires known language keys with non-blank values and, when
// all is set, every language in Langs.
func checkNames(m map[string]string, all bool) error {
	for k, v := range m {
		if !slices.Contains(Langs, k) {
			return fmt.Errorf("unknown language %q", k)
		}
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("%s is blank", k)
		}
	}
	if all {
		for _, l := range Langs {
			if _, ok := m[l]; !ok {
				return fmt.Errorf("%s is missing", l)
			}
		}
	}
	return nil
}

// isCode reports whether s is n characters, each in lo..hi.
func isCode(s string, n int, lo, hi rune) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < lo || r > hi {
			return false
		}
	}
	return true
}
