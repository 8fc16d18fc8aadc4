package thesaurus

import (
	"slices"
	"strings"
)

// Thesaurus is an immutable, validated set of concepts with a matcher built
// over their labels. It is safe for concurrent use; to change it, build a
// new one.
type Thesaurus struct {
	byID    map[string]Concept
	ids     []string // sorted
	matcher matcher
}

// New validates cs and builds a Thesaurus: ids unique, every link naming a
// concept of the set, no concept linked to itself, no cycle of broader
// links, and no pair both related and in one line of the hierarchy. Links
// written on one side only get their inverse filled in (A broader B makes B
// narrower A; related goes both ways). Errors are errs.Invalid naming the
// concept and the field.
func New(cs []Concept) (*Thesaurus, error) {
	t := &Thesaurus{byID: make(map[string]Concept, len(cs))}
	for _, c := range cs {
		n, err := normalise(c)
		if err != nil {
			return nil, err
		}
		if _, dup := t.byID[n.ID]; dup {
			return nil, invalid(n.ID, "id", "concept_duplicate", "two concepts have this id")
		}
		t.byID[n.ID] = n
		t.ids = append(t.ids, n.ID)
	}
	slices.Sort(t.ids)
	if err := t.link(); err != nil {
		return nil, err
	}
	if err := t.checkHierarchy(); err != nil {
		return nil, err
	}
	t.matcher = buildMatcher(t)
	return t, nil
}

// link checks that every link resolves and fills in the inverses.
func (t *Thesaurus) link() error {
	add := func(id string, field func(*Concept) *[]string, target string) {
		c := t.byID[id]
		p := field(&c)
		if !slices.Contains(*p, target) {
			*p = append(*p, target)
			slices.Sort(*p)
		}
		t.byID[id] = c
	}
	broader := func(c *Concept) *[]string { return &c.Broader }
	narrower := func(c *Concept) *[]string { return &c.Narrower }
	related := func(c *Concept) *[]string { return &c.Related }
	for _, id := range t.ids {
		c := t.byID[id]
		for _, l := range []struct {
			name          string
			targets       []string
			inverse       func(*Concept) *[]string
			inverseOfName string
		}{
			{"broader", c.Broader, narrower, "narrower"},
			{"narrower", c.Narrower, broader, "broader"},
			{"related", c.Related, related, "related"},
		} {
			for _, target := range l.targets {
				if target == id {
					return invalid(id, l.name, "link_self", "a concept cannot be %s to itself", l.name)
				}
				if _, ok := t.byID[target]; !ok {
					return invalid(id, l.name, "link_unknown", "%s %q is not a concept", l.name, target)
				}
				add(target, l.inverse, id)
			}
		}
	}
	return nil
}

// checkHierarchy refuses cycles of broader links (a tree view would never
// end) and a related link between a concept and one of its ancestors,
// which SKOS declares disjoint from the hierarchy.
func (t *Thesaurus) checkHierarchy() error {
	ancestors := make(map[string]map[string]bool, len(t.ids))
	var visit func(id string, path []string) error
	visit = func(id string, path []string) error {
		if ancestors[id] != nil {
			return nil
		}
		if slices.Contains(path, id) {
			cycle := append(path[slices.Index(path, id):], id)
			return invalid(id, "broader", "link_cycle", "broader links go round in a circle: %s", strings.Join(cycle, " → "))
		}
		set := map[string]bool{}
		for _, b := range t.byID[id].Broader {
			if err := visit(b, append(path, id)); err != nil {
				return err
			}
			set[b] = true
			for a := range ancestors[b] {
				set[a] = true
			}
		}
		ancestors[id] = set
		return nil
	}
	for _, id := range t.ids {
		if err := visit(id, nil); err != nil {
			return err
		}
	}
	for _, id := range t.ids {
		for _, r := range t.byID[id].Related {
			if ancestors[id][r] || ancestors[r][id] {
				return invalid(id, "related", "link_clash", "%q is both related and broader or narrower", r)
			}
		}
	}
	return nil
}

// Concept returns the concept with the given id.
func (t *Thesaurus) Concept(id string) (Concept, bool) {
	c, ok := t.byID[id]
	if !ok {
		return Concept{}, false
	}
	return c.clone(), true
}

// All returns every concept, sorted by id.
func (t *Thesaurus) All() []Concept {
	out := make([]Concept, len(t.ids))
	for i, id := range t.ids {
		out[i] = t.byID[id].clone()
	}
	return out
}

// Len is the number of concepts.
func (t *Thesaurus) Len() int { return len(t.ids) }

// Label returns the concept's preferred label in lang ("pt-BR" and
// "zh-Hans" count as "pt" and "zh"), falling back to English. An unknown id
// gives the id itself, so a tag whose concept was since deleted still shows
// something.
func (t *Thesaurus) Label(id, lang string) string {
	c, ok := t.byID[id]
	if !ok {
		return id
	}
	if l := c.Pref[baseLang(lang)]; l != "" {
		return l
	}
	return c.Pref["en"]
}

// baseLang maps a language tag to the thesaurus's language keys:
// "zh-Hans" -> "zh", "PT_br" -> "pt". Anything else is returned lower-cased.
func baseLang(lang string) string {
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return lang
}

// topConcepts are the concepts without a broader one, sorted.
func (t *Thesaurus) topConcepts() []string {
	var out []string
	for _, id := range t.ids {
		if len(t.byID[id].Broader) == 0 {
			out = append(out, id)
		}
	}
	return out
}
