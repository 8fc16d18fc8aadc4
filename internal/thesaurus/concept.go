// Package thesaurus is Roundtable's multilingual human-rights thesaurus:
// concepts such as the right to development or South–South cooperation,
// each with the wording the United Nations uses for it in en, es, pt, zh and
// fr, its synonyms, its place in a hierarchy, and the UDHR articles and SDG
// targets it relates to.
//
// The thesaurus tags text with concepts and turns a query in one language
// into concepts that find text in another. It normalises labels with
// package text, the same analysis the search index applies, so a label
// matches exactly where a search for it would. It ships as data
// (data/thesaurus/concepts.json), is synchronised into the database at
// start-up, and the secretariat may edit it there; it exports as SKOS.
package thesaurus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"

	"roundtable/data"
	"roundtable/internal/errs"
	"roundtable/internal/text"
)

// Concept is one entry of the thesaurus. Languages are keyed "en", "es",
// "pt", "zh" (Simplified Chinese) and "fr".
type Concept struct {
	// ID is a stable slug (e.g. "right-to-development"): lower-case ASCII
	// letters and digits in hyphen-separated words. Statements and sessions
	// store it, so it never changes once published.
	ID string `json:"id"`
	// Pref is the preferred label per language; English is required.
	Pref map[string]string `json:"pref"`
	// Alt are synonyms and variants in real use, per language.
	Alt map[string][]string `json:"alt,omitempty"`
	// Broader and Narrower are the hierarchy (ids); each link is kept on
	// both sides.
	Broader  []string `json:"broader,omitempty"`
	Narrower []string `json:"narrower,omitempty"`
	// Related links associated concepts outside the hierarchy, e.g. a right
	// and the policy area that realises it (SKOS related); symmetric too.
	Related []string `json:"related,omitempty"`
	// UDHR are the numbers (1-30) of the Universal Declaration's articles
	// the concept relates to.
	UDHR []int `json:"udhr,omitempty"`
	// SDG are Sustainable Development Goal or target codes, e.g. "1", "3.8",
	// "17.a".
	SDG []string `json:"sdg,omitempty"`
	// Scope is a short note in English on what the concept covers.
	Scope string `json:"scope,omitempty"`
	// From records where labels come from: per language, a label (as
	// written in Pref or Alt) and the id of its source, one of the sources
	// listed in data/thesaurus/SOURCES.md (e.g. "udhr", "iccpr", "sdg",
	// "usage-pt-PT" for a European Portuguese variant in common use).
	From map[string]map[string]string `json:"from,omitempty"`
}

// langTags are the BCP 47 tags written in exports for each language key.
var langTags = map[string]string{"en": "en", "es": "es", "pt": "pt", "zh": "zh-Hans", "fr": "fr"}

// shippedFile is the first file of the thesaurus inside data.FS; the
// others are the rest of shippedFiles, one per part of the field, read in
// name order and validated together (links cross files).
const shippedFile = "thesaurus/concepts.json"

// shippedFiles matches every file of the shipped thesaurus.
const shippedFiles = "thesaurus/concepts*.json"

// Shipped parses and validates the thesaurus that ships with Roundtable.
// Beyond what New requires, every shipped concept must have a preferred
// label in all five languages and list each link on both sides, so the file
// reads true to a person without the inverse being filled in; pass the
// label rules an import passes (checkScript, checkPrefUnique); and record
// a source of sources.json for every label (From). Errors name the concept
// and the field.
func Shipped() ([]Concept, error) {
	names, err := fs.Glob(data.FS(), shippedFiles)
	if err != nil {
		return nil, fmt.Errorf("thesaurus: %w", err)
	}
	var cs []Concept
	for _, name := range names {
		b, err := fs.ReadFile(data.FS(), name)
		if err != nil {
			return nil, fmt.Errorf("thesaurus: %w", err)
		}
		part, err := decodeShipped(name, b)
		if err != nil {
			return nil, err
		}
		cs = append(cs, part...)
	}
	return validateShipped(shippedFiles, cs)
}

// decodeShipped reads one file of concepts, refusing fields the Concept
// type does not have (a misspelt "narower" must not vanish quietly).
func decodeShipped(name string, b []byte) ([]Concept, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var cs []Concept
	if err := dec.Decode(&cs); err != nil {
		return nil, fmt.Errorf("thesaurus %s: %w", name, err)
	}
	return cs, nil
}

func parseShipped(b []byte) ([]Concept, error) {
	cs, err := decodeShipped(shippedFile, b)
	if err != nil {
		return nil, err
	}
	return validateShipped(shippedFile, cs)
}

func validateShipped(name string, cs []Concept) ([]Concept, error) {
	for _, c := range cs {
		for _, l := range text.Langs {
			if strings.TrimSpace(c.Pref[l]) == "" {
				return nil, invalid(c.ID, "pref."+l, "label_missing", "no preferred label in %s", l)
			}
		}
	}
	t, err := New(cs)
	if err != nil {
		return nil, fmt.Errorf("thesaurus %s: %w", name, err)
	}
	for _, c := range cs {
		n := t.byID[c.ID]
		for _, l := range []struct {
			field     string
			got, want []string
		}{{"narrower", c.Narrower, n.Narrower}, {"broader", c.Broader, n.Broader}, {"related", c.Related, n.Related}} {
			if len(l.got) != len(l.want) {
				return nil, invalid(c.ID, l.field, "link_one_sided",
					"lists %q but the concepts linking to it give %q: write each link on both sides", l.got, l.want)
			}
		}
	}
	if err := checkShippedLabels(t.All()); err != nil {
		return nil, fmt.Errorf("thesaurus %s: %w", name, err)
	}
	return t.All(), nil
}

// invalid is a validation error that names the concept and the field, with
// a stable code and its translation key "thesaurus.error.<code>".
func invalid(id, field, code, format string, args ...any) error {
	e := errs.Field(field, code, "thesaurus.error."+code, id)
	e.Err = fmt.Errorf("concept %q: %s", id, fmt.Sprintf(format, args...))
	return e
}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// maxLabel and maxScope bound what an edit may store; the longest shipped
// label is about 70 characters.
const (
	maxLabel = 200
	maxScope = 1000
)

// normalise checks one concept on its own and returns a clean copy: labels
// trimmed, duplicate synonyms and links dropped, lists sorted. Links are
// checked against the other concepts by New.
func normalise(c Concept) (Concept, error) {
	out := Concept{ID: c.ID, Pref: map[string]string{}, Alt: map[string][]string{}, Scope: strings.TrimSpace(c.Scope), From: cleanFrom(c.From)}
	if !idPattern.MatchString(c.ID) || len(c.ID) > 100 {
		return out, invalid(c.ID, "id", "concept_id", "id must be lower-case words of a-z and 0-9 joined by hyphens")
	}
	for l, s := range c.Pref {
		if !text.Supported(l) {
			return out, invalid(c.ID, "pref."+l, "language_unknown", "%q is not one of %v", l, text.Langs)
		}
		s, err := cleanLabel(c.ID, "pref."+l, s)
		if err != nil {
			return out, err
		}
		if s != "" {
			out.Pref[l] = s
		}
	}
	if out.Pref["en"] == "" {
		return out, invalid(c.ID, "pref.en", "label_missing", "no preferred label in en")
	}
	for l, alts := range c.Alt {
		if !text.Supported(l) {
			return out, invalid(c.ID, "alt."+l, "language_unknown", "%q is not one of %v", l, text.Langs)
		}
		seen := map[string]bool{text.Fold(out.Pref[l]): true}
		for _, s := range alts {
			s, err := cleanLabel(c.ID, "alt."+l, s)
			if err != nil {
				return out, err
			}
			if s == "" || seen[text.Fold(s)] {
				continue
			}
			seen[text.Fold(s)] = true
			out.Alt[l] = append(out.Alt[l], s)
		}
	}
	if len(out.Scope) > maxScope {
		return out, invalid(c.ID, "scope", "scope_too_long", "scope note longer than %d bytes", maxScope)
	}
	for _, a := range c.UDHR {
		if a < 1 || a > 30 {
			return out, invalid(c.ID, "udhr", "udhr_article", "%d is not an article of the Universal Declaration (1-30)", a)
		}
	}
	out.UDHR = sortedSet(c.UDHR, func(a, b int) int { return a - b })
	for _, s := range c.SDG {
		if !validSDG(s) {
			return out, invalid(c.ID, "sdg", "sdg_code", "%q is not an SDG goal or target code", s)
		}
	}
	out.SDG = sortedSet(c.SDG, compareSDG)
	out.Broader = sortedSet(c.Broader, strings.Compare)
	out.Narrower = sortedSet(c.Narrower, strings.Compare)
	out.Related = sortedSet(c.Related, strings.Compare)
	return out, nil
}

func cleanLabel(id, field, s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxLabel {
		return "", invalid(id, field, "label_too_long", "label longer than %d bytes", maxLabel)
	}
	return s, nil
}

// cleanFrom copies from with its labels cleaned as cleanLabel cleans
// labels, so they still name the labels they were written for; empty maps
// are dropped.
func cleanFrom(from map[string]map[string]string) map[string]map[string]string {
	var out map[string]map[string]string
	for l, m := range from {
		for label, src := range m {
			label = strings.Join(strings.Fields(label), " ")
			if label == "" {
				continue
			}
			if out == nil {
				out = map[string]map[string]string{}
			}
			if out[l] == nil {
				out[l] = map[string]string{}
			}
			out[l][label] = strings.TrimSpace(src)
		}
	}
	return out
}

func sortedSet[T comparable](xs []T, cmp func(a, b T) int) []T {
	if len(xs) == 0 {
		return nil
	}
	out := slices.Clone(xs)
	slices.SortFunc(out, cmp)
	return slices.Compact(out)
}

// clone returns a deep copy, so callers cannot change a Thesaurus through
// the maps and slices of a Concept it handed out.
func (c Concept) clone() Concept {
	out := c
	out.Pref = make(map[string]string, len(c.Pref))
	for k, v := range c.Pref {
		out.Pref[k] = v
	}
	out.Alt = make(map[string][]string, len(c.Alt))
	for k, v := range c.Alt {
		out.Alt[k] = slices.Clone(v)
	}
	out.Broader = slices.Clone(c.Broader)
	out.Narrower = slices.Clone(c.Narrower)
	out.Related = slices.Clone(c.Related)
	out.UDHR = slices.Clone(c.UDHR)
	out.SDG = slices.Clone(c.SDG)
	out.From = nil
	for l, m := range c.From {
		if out.From == nil {
			out.From = make(map[string]map[string]string, len(c.From))
		}
		out.From[l] = maps.Clone(m)
	}
	return out
}

// labels returns the concept's labels in lang, preferred first.
func (c Concept) labels(lang string) []string {
	var out []string
	if p := c.Pref[lang]; p != "" {
		out = append(out, p)
	}
	return append(out, c.Alt[lang]...)
}
