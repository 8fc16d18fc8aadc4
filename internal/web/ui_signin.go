package web

import (
	"net/http"
	"net/url"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

type signInPage struct {
	layout
	Email string
	Next  string
	Error string // a catalog key
	// Forgot offers "forgot your password?" (the site can send e-mail).
	Forgot bool
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) error {
	if stateOf(r).user != nil {
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return nil
	}
	return s.renderSignIn(w, r, http.StatusOK, signInPage{Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) renderSignIn(w http.ResponseWriter, r *http.Request, status int, p signInPage) error {
	p.layout = s.layout(w, r, "signin.title", "signin")
	p.Forgot = s.canMail()
	return s.render(w, status, "signin.html", p)
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	email, next := r.PostForm.Get("email"), safeNext(r.PostForm.Get("next"))
	u, ticket, err := s.accounts.Authenticate(r.Context(), email, r.PostForm.Get("password"), s.clientAddr(r))
	if err != nil {
		e := errs.As(err)
		if e.Kind != errs.Unauthenticated && e.Kind != errs.TooMany {
			return err
		}
		return s.renderSignIn(w, r, e.Kind.Status(), signInPage{Email: email, Next: next, Error: e.Key})
	}
	if ticket.Challenge != "" {
		// The password was right; the code comes next, on a page that
		// knows the sign-in only by this short-lived cookie.
		s.setStrictCookie(w, challengeCookie, ticket.Challenge, "/signin", challengeCookieLife)
		http.Redirect(w, r, "/signin/code?next="+url.QueryEscape(next), http.StatusSeeOther)
		return nil
	}
	s.setSession(w, ticket.Session)
	http.Redirect(w, r, s.afterSignIn(r, u, next), http.StatusSeeOther)
	return nil
}

// afterSignIn is where a fresh sign-in leads: to next, unless the language
// this browser chose before signing in differs from the account's
// preference, in which case a page first offers to keep it as the
// preference. (The language chosen is kept either way: the rt_lang cookie
// outranks the preference, see chooseLang. A one-time password's sign-in
// is sent on to choosing a new password by the page wrapper.)
func (s *Server) afterSignIn(r *http.Request, u account.User, next string) string {
	if l, ok := cookieLang(r); ok && l != u.Language {
		return "/account/language?next=" + url.QueryEscape(next)
	}
	return next
}

// cookieLang is the language this browser chose with the switcher.
func cookieLang(r *http.Request) (i18n.Lang, bool) {
	c, err := r.Cookie(langCookie)
	if err != nil {
		return "", false
	}
	return i18n.Parse(c.Value)
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

// setStrictCookie sets a short-lived cookie that only this site's own
// pages send back (SameSite=Strict), only under path: the two-factor
// challenge, the one-time password on its way to the users page.
func (s *Server) setStrictCookie(w http.ResponseWriter, name, value, path string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteStrictMode})
}

func (s *Server) clearStrictCookie(w http.ResponseWriter, name, path string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1,
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteStrictMode})
}

// strictCookie reads such a cookie.
func strictCookie(r *http.Request, name string) string {
	if c, err := r.Cookie(name); err == nil {
		return c.Value
	}
	return ""
}
