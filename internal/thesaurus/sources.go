package thesaurus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"sync"

	"roundtable/data"
	"roundtable/internal/text"
)

// Source is one entry of data/thesaurus/sources.json: a document or a
// kind of usage that labels are taken from, which a concept's From names
// by ID.
type Source struct {
	ID string `json:"id"`
	// Title is the source's name in English.
	Title string `json:"title"`
	// Ref is a document symbol ("A/RES/41/128") or a URL; empty for usage.
	Ref  string `json:"ref"`
	Note string `json:"note"`
}

const sourcesFile = "thesaurus/sources.json"

var shippedSources = sync.OnceValues(func() (map[string]Source, error) {
	b, err := fs.ReadFile(data.FS(), sourcesFile)
	if err != nil {
		return nil, fmt.Errorf("thesaurus: %w", err)
	}
	return parseSources(b)
})

func parseSources(b []byte) (map[string]Source, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var list []Source
	if err := dec.Decode(&list); err != nil {
		return nil, fmt.Errorf("thesaurus %s: %w", sourcesFile, err)
	}
	out := make(map[string]Source, len(list))
	for _, s := range list {
		if s.ID == "" || s.Title == "" {
			return nil, fmt.Errorf("thesaurus %s: a source without id or title (%q)", sourcesFile, s.ID)
		}
		if _, dup := out[s.ID]; dup {
			return nil, fmt.Errorf("thesaurus %s: source %q listed twice", sourcesFile, s.ID)
		}
		out[s.ID] = s
	}
	return out, nil
}

// Sources returns the registry of label sources that ships with
// Roundtable, sorted by id.
func Sources() ([]Source, error) {
	m, err := shippedSources()
	if err != nil {
		return nil, err
	}
	out := make([]Source, 0, len(m))
	for _, id := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[id])
	}
	return out, nil
}

// SourceOf returns the source of one label of the concept (as written in
// Pref or Alt) and whether the concept records one known to the registry.
func SourceOf(c Concept, lang, label string) (Source, bool) {
	id := c.From[lang][label]
	if id == "" {
		return Source{}, false
	}
	m, err := shippedSources()
	if err != nil {
		return Source{}, false
	}
	s, ok := m[id]
	return s, ok
}

// checkFrom checks a concept's From against its labels and the registry:
// every source named is known and every label named is one the concept
// has (in that language, as written). With complete, every label must also
// have a source, as the shipped thesaurus requires. Errors name the field
// "from.<lang>".
func checkFrom(c Concept, known map[string]Source, complete bool) error {
	for _, l := range slices.Sorted(maps.Keys(c.From)) {
		if !text.Supported(l) {
			return invalid(c.ID, "from."+l, "language_unknown", "%q is not one of %v", l, text.Langs)
		}
		labels := c.labels(l)
		for _, label := range slices.Sorted(maps.Keys(c.From[l])) {
			if !slices.Contains(labels, label) {
				return invalid(c.ID, "from."+l, "from_label", "names the source of %q, which is not a label of the concept in %s", label, l)
			}
			if _, ok := known[c.From[l][label]]; !ok {
				return invalid(c.ID, "from."+l, "from_source", "%q is not a source in %s", c.From[l][label], sourcesFile)
			}
		}
	}
	if !complete {
		return nil
	}
	for _, l := range text.Langs {
		for _, label := range c.labels(l) {
			if _, ok := c.From[l][label]; !ok {
				return invalid(c.ID, "from."+l, "from_missing", "no source for the label %q", label)
			}
		}
	}
	return nil
}

// fromRule is how much of From the shipped thesaurus must give.
type fromRule int

const (
	// fromOff checks nothing of From.
	fromOff fromRule = iota
	// fromWhereGiven checks, for concepts that have any From, that it is
	// complete and names known sources and existing labels.
	fromWhereGiven
	// fromEverywhere requires every label of every concept to have a known
	// source.
	fromEverywhere
)

// shippedFrom is the rule Shipped applies: every shipped label has a
// known source. fromWhereGiven is the fallback for data written before
// sources were recorded.
var shippedFrom = fromEverywhere

// checkShippedLabels applies to the shipped concepts the rules an import
// must pass (checkScript, checkPrefUnique over every pair) and the
// sources rule shippedFrom.
func checkShippedLabels(cs []Concept) error {
	return checkShippedLabelsWith(cs, shippedFrom)
}

func checkShippedLabelsWith(cs []Concept, rule fromRule) error {
	known, err := shippedSources()
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := checkScript(c); err != nil {
			return err
		}
	}
	if err := checkPrefUnique(cs, nil); err != nil {
		return err
	}
	for _, c := range cs {
		if rule == fromEverywhere || (rule == fromWhereGiven && len(c.From) > 0) {
			if err := checkFrom(c, known, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// keptFrom is c.From without the labels c does not have.
func keptFrom(c Concept) map[string]map[string]string {
	var out map[string]map[string]string
	for l, m := range c.From {
		labels := c.labels(l)
		for label, src := range m {
			if !slices.Contains(labels, label) {
				continue
			}
			if out == nil {
				out = map[string]map[string]string{}
			}
			if out[l] == nil {
				out[l] = map[string]string{}
			}
			out[l][label] = src
		}
	}
	return out
}
