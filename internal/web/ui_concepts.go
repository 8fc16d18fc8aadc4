package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"roundtable/internal/discovery"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/search"
	"roundtable/internal/text"
	"roundtable/internal/thesaurus"
)

// The thesaurus in the interface: a list of concepts, a page per concept
// (labels in every language, hierarchy, links to the Declaration and the
// SDGs, and what is tagged with it), SKOS exports, and the secretariat's
// editor.

func (s *Server) thesaurusNow(r *http.Request) (*thesaurus.Thesaurus, error) {
	if s.search == nil {
		return nil, errSearchUnavailable
	}
	th := s.search.Thesaurus(r.Context())
	if th == nil {
		return nil, errSearchUnavailable
	}
	return th, nil
}

// pathConcept is the concept named by the {id} of the path, with the
// thesaurus it was read from.
func (s *Server) pathConcept(r *http.Request) (*thesaurus.Thesaurus, thesaurus.Concept, error) {
	th, err := s.thesaurusNow(r)
	if err != nil {
		return nil, thesaurus.Concept{}, err
	}
	c, ok := th.Concept(r.PathValue("id"))
	if !ok {
		return nil, thesaurus.Concept{}, errs.ErrNotFound
	}
	return th, c, nil
}

type conceptsPage struct {
	layout
	// Q is the filter as typed; View is "az" (by name in the reader's
	// language, the default), "group" (under top concepts) or "id".
	Q, View      string
	Shown, Total int
	Groups       []conceptGroup
	Concepts     []conceptRow // the az and id views
}

// conceptGroup is a top concept and the concepts below it that pass the
// filter (a concept under two top concepts shows in both groups).
type conceptGroup struct {
	Top      conceptRow
	Concepts []conceptRow
}

type conceptRow struct {
	ID, Label string
	Labels    map[string]string
	Depth     int
}

// conceptMatches says whether the folded filter q is part of one of the
// concept's names in any language, or of its id.
func conceptMatches(c thesaurus.Concept, q string) bool {
	if q == "" || strings.Contains(c.ID, q) {
		return true
	}
	for l, p := range c.Pref {
		if strings.Contains(text.Fold(p), q) {
			return true
		}
		for _, a := range c.Alt[l] {
			if strings.Contains(text.Fold(a), q) {
				return true
			}
		}
	}
	return false
}

func (s *Server) conceptsPage(w http.ResponseWriter, r *http.Request) error {
	th, err := s.thesaurusNow(r)
	if err != nil {
		return err
	}
	p := conceptsPage{layout: s.layout(w, r, "concepts.title", "concepts"), Q: strings.TrimSpace(r.URL.Query().Get("q")), View: r.URL.Query().Get("view")}
	if p.View != "group" && p.View != "id" {
		p.View = "az"
	}
	q := text.Fold(p.Q)
	all := th.All()
	p.Total = len(all)
	row := func(c thesaurus.Concept) conceptRow {
		return conceptRow{ID: c.ID, Label: th.Label(c.ID, string(p.Lang)), Labels: c.Pref}
	}
	// As a dictionary of the reader's language sorts: "éducation" between
	// "droits" and "santé", "South-South" among the s, not before the a.
	cmp := i18n.Compare(p.Lang)
	byLabel := func(a, b conceptRow) int { return cmp(a.Label, b.Label) }
	shown := map[string]bool{}
	for _, c := range all {
		if conceptMatches(c, q) {
			shown[c.ID] = true
		}
	}
	p.Shown = len(shown)
	if p.View != "group" {
		for _, c := range all {
			if shown[c.ID] {
				p.Concepts = append(p.Concepts, row(c))
			}
		}
		if p.View == "az" {
			slices.SortStableFunc(p.Concepts, byLabel)
		}
		return s.render(w, http.StatusOK, "concepts.html", p)
	}
	// Each top concept with every concept below it, at any depth.
	var tops []conceptRow
	for _, c := range all {
		if len(c.Broader) == 0 {
			tops = append(tops, row(c))
		}
	}
	slices.SortStableFunc(tops, byLabel)
	for _, top := range tops {
		g := conceptGroup{Top: top}
		seen := map[string]bool{top.ID: true}
		next := []string{top.ID}
		for len(next) > 0 {
			var later []string
			for _, id := range next {
				c, _ := th.Concept(id)
				for _, n := range c.Narrower {
					if !seen[n] {
						seen[n] = true
						later = append(later, n)
						if nc, _ := th.Concept(n); shown[n] {
							g.Concepts = append(g.Concepts, row(nc))
						}
					}
				}
			}
			next = later
		}
		if !shown[top.ID] && len(g.Concepts) == 0 {
			continue
		}
		slices.SortStableFunc(g.Concepts, byLabel)
		p.Groups = append(p.Groups, g)
	}
	return s.render(w, http.StatusOK, "concepts.html", p)
}

type conceptPage struct {
	layout
	Concept                    thesaurus.Concept
	Label                      string
	Broader, Narrower, Related []conceptLink
	Tagged                     []search.Hit
	Total                      uint64
	// Sources lists every name with where it comes from (sources.json).
	Sources []labelSource
}

// labelSource is one name of a concept and its source; Title is empty
// when the concept records none.
type labelSource struct {
	Lang         i18n.Lang
	Label, Title string
	Ref          string
	RefIsURL     bool
}

func labelSources(c thesaurus.Concept) []labelSource {
	var out []labelSource
	for _, l := range i18n.Supported {
		names := append([]string{c.Pref[string(l)]}, c.Alt[string(l)]...)
		for _, name := range names {
			if name == "" {
				continue
			}
			ls := labelSource{Lang: l, Label: name}
			if src, ok := thesaurus.SourceOf(c, string(l), name); ok {
				ls.Title, ls.Ref = src.Title, src.Ref
				ls.RefIsURL = strings.HasPrefix(src.Ref, "https://")
			}
			out = append(out, ls)
		}
	}
	return out
}

func (s *Server) conceptPage(w http.ResponseWriter, r *http.Request) error {
	th, c, err := s.pathConcept(r)
	if err != nil {
		return err
	}
	p := conceptPage{layout: s.layout(w, r, "concepts.title", "concepts"), Concept: c}
	p.Label = th.Label(c.ID, string(p.Lang))
	links := func(ids []string) []conceptLink {
		var out []conceptLink
		for _, id := range ids {
			out = append(out, conceptLink{id, th.Label(id, string(p.Lang))})
		}
		return out
	}
	p.Broader, p.Narrower, p.Related = links(c.Broader), links(c.Narrower), links(c.Related)
	p.Sources = labelSources(c)
	res, err := s.search.Search(r.Context(), stateOf(r).user, discovery.Request{Filters: search.Filters{Concept: c.ID}, Limit: 50})
	if err != nil {
		return err
	}
	p.Tagged, p.Total = res.Hits, res.Total
	return s.render(w, http.StatusOK, "concept.html", p)
}

// thesaurusExport serves the thesaurus as SKOS, in Turtle or JSON-LD.
func (s *Server) thesaurusExport(w http.ResponseWriter, r *http.Request) error {
	th, err := s.thesaurusNow(r)
	if err != nil {
		return err
	}
	site, _ := s.siteURL(r)
	base := site + "/concepts/"
	if strings.HasSuffix(r.URL.Path, ".jsonld") {
		w.Header().Set("Content-Type", "application/ld+json; charset=utf-8")
		return th.SKOSJSONLD(w, base)
	}
	w.Header().Set("Content-Type", "text/turtle; charset=utf-8")
	return th.SKOSTurtle(w, base)
}

type conceptFormPage struct {
	layout
	Concept thesaurus.Concept
	New     bool
	Alt     map[string]string // one label a line
	// Links are the broader, narrower and related inputs: one input per
	// linked concept and two blank ones, each suggesting ids by name from
	// Choices, so a thesaurus of hundreds stays usable without a script.
	Links   []linkField
	Choices []conceptLink
	UDHR    string
	SDG     string
	formFailure
}

// linkField is one kind of link on the concept form.
type linkField struct {
	Name, LabelKey string
	Inputs         []linkInput
}

// linkInput is one input of a linkField, numbered from 1 for its label.
type linkInput struct {
	N     int
	Value string
}

// blankLinks is how many empty inputs follow a kind of link's current
// ones; a form saved full gets more on the next edit.
const blankLinks = 2

func (s *Server) conceptForm(w http.ResponseWriter, r *http.Request, status int, c thesaurus.Concept, isNew bool, formErr error) error {
	p := conceptFormPage{layout: s.layout(w, r, "concepts.edit", "concepts"), Concept: c, New: isNew, Alt: map[string]string{},
		SDG: strings.Join(c.SDG, ", ")}
	for _, l := range []struct {
		name, key string
		ids       []string
	}{{"broader", "concepts.broader", c.Broader}, {"narrower", "concepts.narrower", c.Narrower}, {"related", "concepts.related", c.Related}} {
		f := linkField{Name: l.name, LabelKey: l.key}
		for i, v := range append(slices.Clone(l.ids), make([]string, blankLinks)...) {
			f.Inputs = append(f.Inputs, linkInput{i + 1, v})
		}
		p.Links = append(p.Links, f)
	}
	if th, err := s.thesaurusNow(r); err == nil {
		for _, o := range th.All() {
			if o.ID != c.ID {
				p.Choices = append(p.Choices, conceptLink{o.ID, th.Label(o.ID, string(p.Lang))})
			}
		}
		cmp := i18n.Compare(p.Lang)
		slices.SortStableFunc(p.Choices, func(a, b conceptLink) int { return cmp(a.Label, b.Label) })
	}
	for l, alts := range c.Alt {
		p.Alt[l] = strings.Join(alts, "\n")
	}
	var nums []string
	for _, n := range c.UDHR {
		nums = append(nums, strconv.Itoa(n))
	}
	p.UDHR = strings.Join(nums, ", ")
	var err error
	if p.formFailure, err = s.explain(p.Lang, formErr, errs.Invalid, errs.Conflict); err != nil {
		return err
	}
	return s.render(w, status, "concept_form.html", p)
}

func (s *Server) conceptNew(w http.ResponseWriter, r *http.Request) error {
	return s.conceptForm(w, r, http.StatusOK, thesaurus.Concept{Pref: map[string]string{}}, true, nil)
}

func (s *Server) conceptEdit(w http.ResponseWriter, r *http.Request) error {
	_, c, err := s.pathConcept(r)
	if err != nil {
		return err
	}
	return s.conceptForm(w, r, http.StatusOK, c, false, nil)
}

// linkValues are the ids of a kind of link: one per input, or several
// in one separated by commas or spaces.
func linkValues(inputs []string) []string {
	var out []string
	for _, v := range inputs {
		out = append(out, splitList(v)...)
	}
	return out
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' || r == ' ' })
}

// conceptSave creates or updates a concept from the form, then asks search
// to re-index the Declaration's articles whose tags it may change.
func (s *Server) conceptSave(w http.ResponseWriter, r *http.Request) error {
	th, err := s.thesaurusNow(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	c := thesaurus.Concept{ID: strings.TrimSpace(f.Get("id")), Pref: map[string]string{}, Alt: map[string][]string{},
		Broader: linkValues(f["broader"]), Narrower: linkValues(f["narrower"]), Related: linkValues(f["related"]),
		SDG: splitList(f.Get("sdg")), Scope: f.Get("scope")}
	isNew := f.Get("new") == "1"
	if old, ok := th.Concept(c.ID); ok {
		if isNew {
			return s.conceptForm(w, r, http.StatusBadRequest, c, true, errs.Field("id", "concept_exists", "concepts.exists"))
		}
		if _, given := f["narrower"]; !given {
			c.Narrower = old.Narrower // a client without the narrower inputs keeps them
		}
	}
	for _, l := range []string{"en", "es", "pt", "zh", "fr"} {
		if v := strings.TrimSpace(f.Get("pref_" + l)); v != "" {
			c.Pref[l] = v
		}
		for _, a := range strings.Split(f.Get("alt_"+l), "\n") {
			if a = strings.TrimSpace(a); a != "" {
				c.Alt[l] = append(c.Alt[l], a)
			}
		}
	}
	for _, n := range splitList(f.Get("udhr")) {
		v, err := strconv.Atoi(n)
		if err != nil {
			return s.conceptForm(w, r, http.StatusBadRequest, c, isNew, errs.Field("udhr", "udhr_article", "concepts.bad_udhr"))
		}
		c.UDHR = append(c.UDHR, v)
	}
	old, _ := th.Concept(c.ID)
	c.From = old.From // the form does not edit sources; Save drops those of labels gone
	if err := thesaurus.Save(r.Context(), s.db, stateOf(r).user.Actor(), c); err != nil {
		return s.conceptForm(w, r, errs.As(err).Kind.Status(), c, isNew, err)
	}
	if err := s.search.ConceptChanged(r.Context(), old, c); err != nil {
		return err
	}
	if err := s.retagAfterEdit(w, r); err != nil {
		return err
	}
	http.Redirect(w, r, "/concepts/"+c.ID, http.StatusSeeOther)
	return nil
}

func (s *Server) conceptDelete(w http.ResponseWriter, r *http.Request) error {
	_, c, err := s.pathConcept(r)
	if err != nil {
		return err
	}
	if err := thesaurus.Delete(r.Context(), s.db, stateOf(r).user.Actor(), c.ID); err != nil {
		if errs.Is(err, errs.Conflict) || errs.Is(err, errs.Invalid) {
			return s.conceptForm(w, r, http.StatusConflict, c, false, err)
		}
		return err
	}
	if err := s.search.ConceptChanged(r.Context(), c, thesaurus.Concept{}); err != nil {
		return err
	}
	if err := s.retagAfterEdit(w, r); err != nil {
		return err
	}
	http.Redirect(w, r, "/concepts", http.StatusSeeOther)
	return nil
}

// retagAfterEdit brings the statements' automatic tags up to date with the
// edited thesaurus (ConceptChanged has made the tagger read it afresh) and
// says so.
func (s *Server) retagAfterEdit(w http.ResponseWriter, r *http.Request) error {
	n, err := s.dialogue.RetagAll(r.Context(), stateOf(r).user)
	if err != nil {
		return err
	}
	if n == 0 {
		s.flash(w, "record.saved")
		return nil
	}
	s.log.Info("thesaurus edit retagged statements", "statements", n)
	s.flash(w, "concepts.saved_retagged")
	return nil
}
