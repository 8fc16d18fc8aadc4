package web

import (
	"net/http"

	"roundtable/internal/errs"
)

type signInPage struct {
	layout
	Email string
	Next  string
	Error string // a catalog key
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) error {
	if stateOf(r).user != nil {
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return nil
	}
	return s.render(w, http.StatusOK, "signin.html", signInPage{
		layout: s.layout(w, r, "signin.title", "signin"), Next: safeNext(r.URL.Query().Get("next")),
	})
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	email, next := r.PostForm.Get("email"), safeNext(r.PostForm.Get("next"))
	_, token, err := s.accounts.SignIn(r.Context(), email, r.PostForm.Get("password"), s.clientAddr(r))
	if err != nil {
		e := errs.As(err)
		if e.Kind != errs.Unauthenticated && e.Kind != errs.TooMany {
			return err
		}
		return s.render(w, e.Kind.Status(), "signin.html", signInPage{
			layout: s.layout(w, r, "signin.title", "signin"), Email: email, Next: next, Error: e.Key,
		})
	}
	s.setSession(w, token)
	// The user's stored language now applies; drop the visitor's cookie so
	// it cannot contradict the preference.
	s.clearCookie(w, langCookie)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	if st.session != "" {
		if err := s.accounts.SignOut(r.Context(), *st.user, st.session); err != nil {
			return err
		}
	}
	s.clearCookie(w, sessionCookie)
	s.flash(w, "signout.done")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
