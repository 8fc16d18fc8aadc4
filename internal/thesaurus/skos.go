package thesaurus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"

	"roundtable/internal/text"
)

// The exports follow SKOS Core (https://www.w3.org/TR/skos-reference/): a
// skos:ConceptScheme at base, each concept at base + id with its labels
// language-tagged (Chinese as zh-Hans), its links, its scope note in
// English. UDHR articles and SDG targets have no SKOS Core property and are
// left out.

const skosNS = "http://www.w3.org/2004/02/skos/core#"

// schemeTitle names the concept scheme in the exports.
var schemeTitle = map[string]string{
	"en": "Roundtable human rights thesaurus",
	"es": "Tesauro de derechos humanos de Roundtable",
	"pt": "Tesauro de direitos humanos do Roundtable",
	"zh": "Roundtable人权叙词表",
	"fr": "Thésaurus des droits de l'homme de Roundtable",
}

// iris checks base, an absolute IRI, and returns the scheme's IRI and a
// function giving each concept's: base + id, with a "/" between them unless
// base ends in "/" or "#".
func iris(base string) (string, func(id string) string, error) {
	u, err := url.Parse(base)
	if err != nil || !u.IsAbs() || strings.ContainsAny(base, "<>\"{}|^`\\ \t\r\n") {
		return "", nil, fmt.Errorf("thesaurus export: base %q is not an absolute IRI", base)
	}
	sep := "/"
	if strings.HasSuffix(base, "/") || strings.HasSuffix(base, "#") {
		sep = ""
	}
	return base, func(id string) string { return base + sep + id }, nil
}

// SKOSTurtle writes the thesaurus as SKOS in Turtle.
func (t *Thesaurus) SKOSTurtle(w io.Writer, base string) error {
	scheme, iri, err := iris(base)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "@prefix skos: <%s> .\n\n", skosNS)
	refs := func(ids []string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = "<" + iri(id) + ">"
		}
		return out
	}
	writeSubject(bw, "<"+scheme+">", "skos:ConceptScheme", []predicate{
		{"skos:prefLabel", langLiterals(schemeTitle)},
		{"skos:hasTopConcept", refs(t.topConcepts())},
	})
	for _, id := range t.ids {
		c := t.byID[id]
		var alt []string
		for _, l := range text.Langs {
			for _, a := range c.Alt[l] {
				alt = append(alt, turtleString(a)+"@"+langTags[l])
			}
		}
		ps := []predicate{{"skos:inScheme", []string{"<" + scheme + ">"}}}
		if len(c.Broader) == 0 {
			ps = append(ps, predicate{"skos:topConceptOf", []string{"<" + scheme + ">"}})
		}
		ps = append(ps,
			predicate{"skos:prefLabel", langLiterals(c.Pref)},
			predicate{"skos:altLabel", alt},
			predicate{"skos:broader", refs(c.Broader)},
			predicate{"skos:narrower", refs(c.Narrower)},
			predicate{"skos:related", refs(c.Related)},
		)
		if c.Scope != "" {
			ps = append(ps, predicate{"skos:scopeNote", []string{turtleString(c.Scope) + "@en"}})
		}
		writeSubject(bw, "<"+iri(id)+">", "skos:Concept", ps)
	}
	return bw.Flush()
}

type predicate struct {
	name    string
	objects []string
}

// writeSubject writes one subject with its type and predicates, one per
// line; predicates without objects are left out.
func writeSubject(w io.Writer, subject, typ string, ps []predicate) {
	fmt.Fprintf(w, "%s a %s", subject, typ)
	for _, p := range ps {
		if len(p.objects) == 0 {
			continue
		}
		fmt.Fprintf(w, " ;\n    %s %s", p.name, strings.Join(p.objects, ",\n        "))
	}
	io.WriteString(w, " .\n\n")
}

func langLiterals(m map[string]string) []string {
	var out []string
	for _, l := range text.Langs {
		if s := m[l]; s != "" {
			out = append(out, turtleString(s)+"@"+langTags[l])
		}
	}
	return out
}

// turtleString quotes s as a Turtle STRING_LITERAL_QUOTE: quote, backslash
// and line breaks escaped, other control characters as \uXXXX.
func turtleString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// jsonldContext maps the short keys of the JSON-LD export to SKOS.
var jsonldContext = map[string]any{
	"skos":          skosNS,
	"prefLabel":     map[string]string{"@id": "skos:prefLabel", "@container": "@language"},
	"altLabel":      map[string]string{"@id": "skos:altLabel", "@container": "@language"},
	"scopeNote":     map[string]string{"@id": "skos:scopeNote", "@container": "@language"},
	"broader":       map[string]string{"@id": "skos:broader", "@type": "@id"},
	"narrower":      map[string]string{"@id": "skos:narrower", "@type": "@id"},
	"related":       map[string]string{"@id": "skos:related", "@type": "@id"},
	"inScheme":      map[string]string{"@id": "skos:inScheme", "@type": "@id"},
	"topConceptOf":  map[string]string{"@id": "skos:topConceptOf", "@type": "@id"},
	"hasTopConcept": map[string]string{"@id": "skos:hasTopConcept", "@type": "@id"},
}

type jsonldScheme struct {
	ID            string            `json:"@id"`
	Type          string            `json:"@type"`
	PrefLabel     map[string]string `json:"prefLabel"`
	HasTopConcept []string          `json:"hasTopConcept,omitempty"`
}

type jsonldConcept struct {
	ID           string              `json:"@id"`
	Type         string              `json:"@type"`
	InScheme     string              `json:"inScheme"`
	TopConceptOf string              `json:"topConceptOf,omitempty"`
	PrefLabel    map[string]string   `json:"prefLabel"`
	AltLabel     map[string][]string `json:"altLabel,omitempty"`
	Broader      []string            `json:"broader,omitempty"`
	Narrower     []string            `json:"narrower,omitempty"`
	Related      []string            `json:"related,omitempty"`
	ScopeNote    map[string]string   `json:"scopeNote,omitempty"`
}

// SKOSJSONLD writes the thesaurus as SKOS in JSON-LD: the same statements
// as SKOSTurtle, under an @context that maps short keys to SKOS.
func (t *Thesaurus) SKOSJSONLD(w io.Writer, base string) error {
	scheme, iri, err := iris(base)
	if err != nil {
		return err
	}
	refs := func(ids []string) []string {
		var out []string
		for _, id := range ids {
			out = append(out, iri(id))
		}
		return out
	}
	graph := []any{jsonldScheme{
		ID: scheme, Type: "skos:ConceptScheme",
		PrefLabel: tagged(schemeTitle), HasTopConcept: refs(t.topConcepts()),
	}}
	for _, id := range t.ids {
		c := t.byID[id]
		jc := jsonldConcept{
			ID: iri(id), Type: "skos:Concept", InScheme: scheme,
			PrefLabel: tagged(c.Pref),
			Broader:   refs(c.Broader), Narrower: refs(c.Narrower), Related: refs(c.Related),
		}
		if len(c.Broader) == 0 {
			jc.TopConceptOf = scheme
		}
		for l, alts := range c.Alt {
			if jc.AltLabel == nil {
				jc.AltLabel = map[string][]string{}
			}
			jc.AltLabel[langTags[l]] = alts
		}
		if c.Scope != "" {
			jc.ScopeNote = map[string]string{"en": c.Scope}
		}
		graph = append(graph, jc)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Context map[string]any `json:"@context"`
		Graph   []any          `json:"@graph"`
	}{jsonldContext, graph})
}

// tagged rekeys a map by language from thesaurus keys to BCP 47 tags.
func tagged(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for l, s := range m {
		out[langTags[l]] = s
	}
	return out
}
