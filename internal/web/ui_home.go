package web

import (
	"net/http"

	"roundtable/internal/country"
	"roundtable/internal/i18n"
)

type homePage struct {
	layout
	Countries int
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	cs, err := country.List(r.Context(), s.db.Reader(), country.Filter{}, "en")
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "home.html", homePage{layout: s.layout(w, r, "home.title", "home"), Countries: len(cs)})
}

// switchLanguage sets the reader's language: a cookie for everyone, and the
// stored preference of a signed-in user (which wins on every device).
func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) error {
	l, ok := i18n.Parse(r.PostForm.Get("lang"))
	if !ok {
		return errLanguage
	}
	s.setCookie(w, langCookie, string(l), oneYear)
	if st := stateOf(r); st.user != nil && st.user.Language != l {
		if _, err := s.accounts.Update(r.Context(), st.user.Actor(), st.user.ID, accountPatchLanguage(l)); err != nil {
			return err
		}
	}
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
	return nil
}
