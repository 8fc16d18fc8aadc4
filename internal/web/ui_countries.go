package web

import (
	"net/http"
	"slices"

	"roundtable/internal/country"
	"roundtable/internal/i18n"
)

type countriesPage struct {
	layout
	Countries []country.Country
	Groups    []country.Group
	byCode    map[string]country.Group
	Group     string
}

// GroupName is a group's short name in the page's language.
func (p countriesPage) GroupName(code string) string {
	if g, ok := p.byCode[code]; ok {
		return g.Name(string(p.Lang))
	}
	return code
}

// sortGroups sorts groups by their full name as shown (Name of Names) in
// the reader's language, as a dictionary of it sorts.
func sortGroups(gs []country.Group, lang i18n.Lang) []country.Group {
	cmp := i18n.Compare(lang)
	name := func(g country.Group) string { return dialogueTexts(g.Names).In(string(lang)) }
	out := slices.Clone(gs)
	slices.SortStableFunc(out, func(a, b country.Group) int { return cmp(name(a), name(b)) })
	return out
}

func groupIndex(gs []country.Group) map[string]country.Group {
	m := make(map[string]country.Group, len(gs))
	for _, g := range gs {
		m[g.Code] = g
	}
	return m
}

func (s *Server) countriesPage(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	groups, err := country.Groups(r.Context(), s.db.Reader())
	if err != nil {
		return err
	}
	p := countriesPage{layout: s.layout(w, r, "countries.title", "countries"), byCode: groupIndex(groups)}
	p.Groups = sortGroups(groups, p.Lang)
	if g := r.URL.Query().Get("group"); g != "" {
		if _, ok := p.byCode[g]; !ok {
			return errUnknownGroup
		}
		p.Group = g
	}
	p.Countries, err = country.List(r.Context(), s.db.Reader(), country.Filter{Group: p.Group}, string(st.lang))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "countries.html", p)
}

type countryPage struct {
	layout
	Country country.Country
	Groups  []country.Group // the groups it belongs to
}

func (s *Server) countryPage(w http.ResponseWriter, r *http.Request) error {
	c, err := country.Get(r.Context(), s.db.Reader(), r.PathValue("iso3"))
	if err != nil {
		return err
	}
	all, err := country.Groups(r.Context(), s.db.Reader())
	if err != nil {
		return err
	}
	idx := groupIndex(all)
	p := countryPage{layout: s.layout(w, r, "countries.title", "countries"), Country: c}
	for _, code := range c.Groups {
		p.Groups = append(p.Groups, idx[code])
	}
	p.Groups = sortGroups(p.Groups, p.Lang)
	return s.render(w, http.StatusOK, "country.html", p)
}
