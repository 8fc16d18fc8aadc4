package web

import (
	"net/http"

	"roundtable/internal/country"
)

func (s *Server) apiCountries(w http.ResponseWriter, r *http.Request) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	f := country.Filter{Group: r.URL.Query().Get("group")}
	if f.Group != "" {
		gs, err := country.Groups(r.Context(), s.db.Reader())
		if err != nil {
			return err
		}
		if _, ok := groupIndex(gs)[f.Group]; !ok {
			return errUnknownGroup
		}
	}
	// Sorted by alpha-3 code: an API list must not reorder with the
	// reader's language.
	cs, err := country.List(r.Context(), s.db.Reader(), f, "en")
	if err != nil {
		return err
	}
	sortByISO3(cs)
	return writeJSON(w, http.StatusOK, window(cs, p))
}

func (s *Server) apiCountry(w http.ResponseWriter, r *http.Request) error {
	c, err := country.Get(r.Context(), s.db.Reader(), r.PathValue("iso3"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiGroups(w http.ResponseWriter, r *http.Request) error {
	gs, err := country.Groups(r.Context(), s.db.Reader())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[country.Group]{Items: gs, page: page{Limit: len(gs), Total: len(gs)}})
}

func sortByISO3(cs []country.Country) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].ISO3 < cs[j-1].ISO3; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}
