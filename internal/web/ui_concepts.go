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
	Concepts []conceptRow
}

type conceptRow struct {
	ID, Label string
	Labels    map[string]string
	Depth     int
}

func (s *Server) conceptsPage(w http.ResponseWriter, r *http.Request) error {
	th, err := s.thesaurusNow(r)
	if err != nil {
		return err
	}
	p := conceptsPage{layout: s.layout(w, r, "concepts.title", "concepts")}
	for _, c := range th.All() {
		p.Concepts = append(p.Concepts, conceptRow{ID: c.ID, Label: th.Label(c.ID, string(p.Lang)), Labels: c.Pref})
	}
	// As a dictionary of the reader's language sorts: "éducation" between
	// "droits" and "santé", "South-South" among the s, not before the a.
	cmp := i18n.Compare(p.Lang)
	slices.SortStableFunc(p.Concepts, func(a, b conceptRow) int { return cmp(a.Label, b.Label) })
	return s.render(w, http.StatusOK, "concepts.html", p)
}

type conceptPage struct {
	layout
	Concept                    thesaurus.Concept
	Label                      string
	Broader, Narrower, Related []conceptLink
	Tagged                     []search.Hit
	Total                      uint64
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
	Broader string
	Related string
	UDHR    string
	SDG     string
	formFailure
}

func (s *Server) conceptForm(w http.ResponseWriter, r *http.Request, status int, c thesaurus.Concept, isNew bool, formErr error) error {
	p := conceptFormPage{layout: s.layout(w, r, "concepts.edit", "concepts"), Concept: c, New: isNew, Alt: map[string]string{},
		Broader: strings.Join(c.Broader, ", "), Related: strings.Join(c.Related, ", "), SDG: strings.Join(c.SDG, ", ")}
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
		Broader: splitList(f.Get("broader")), Related: splitList(f.Get("related")), SDG: splitList(f.Get("sdg")), Scope: f.Get("scope")}
	isNew := f.Get("new") == "1"
	if old, ok := th.Concept(c.ID); ok {
		if isNew {
			return s.conceptForm(w, r, http.StatusBadRequest, c, true, errs.Field("id", "concept_exists", "concepts.exists"))
		}
		c.Narrower = old.Narrower // narrower links are kept on the other side
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
	c.From = keptSources(old, c)
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

// keptSources is the old concept's record of its labels' sources, for the
// labels the form kept (the form does not edit sources; a new or reworded
// label has none until a thesaurus file gives it one).
func keptSources(old, c thesaurus.Concept) map[string]map[string]string {
	var out map[string]map[string]string
	for l, m := range old.From {
		for label, src := range m {
			if c.Pref[l] != label && !slices.Contains(c.Alt[l], label) {
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
