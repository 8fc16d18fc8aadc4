package web

import (
	"net/http"
	"net/url"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

// accountSecurityRoutes lists the account security pages (first sign-in password change, forgot password, two-factor sign-in).
func (s *Server) accountSecurityRoutes() []route {
	return []route{
		{"GET", passwordChangePath, authz.EditOwnAccount, s.passwordChangeForm},
		{"POST", passwordChangePath, authz.EditOwnAccount, s.passwordChange},
		{"GET", "/signin/code", authz.SignIn, s.signInCodeForm},
		{"POST", "/signin/code", authz.SignIn, s.signInCode},
		{"GET", "/password/forgot", authz.SignIn, s.passwordForgotForm},
		{"POST", "/password/forgot", authz.SignIn, s.passwordForgot},
		{"GET", "/password/reset", authz.SignIn, s.passwordResetForm},
		{"POST", "/password/reset", authz.SignIn, s.passwordReset},
		{"GET", "/account/language", authz.ViewOwnAccount, s.languageOffer},
		{"POST", "/account/language", authz.EditOwnAccount, s.languageKeep},
		{"POST", "/account/two-factor", authz.EditOwnAccount, s.twoFactorBegin},
		{"POST", "/account/two-factor/confirm", authz.EditOwnAccount, s.twoFactorConfirm},
		{"POST", "/account/two-factor/disable", authz.EditOwnAccount, s.twoFactorDisable},
		{"POST", "/admin/users/{id}/two-factor/disable", authz.ManageUsers, s.usersTwoFactorOff},
		{"POST", "/admin/users/{id}/reset-link", authz.ManageUsers, s.usersResetLink},
	}
}

const (
	passwordChangePath = "/password/change"
	// challengeCookie carries a two-factor sign-in between the password
	// and the code; it lives as long as the challenge.
	challengeCookie     = "rt_challenge"
	challengeCookieLife = 5 * time.Minute
)

// beforePasswordChange reports whether a session signed in with a one-time
// password may use route rt: only to choose a new password, switch the
// language or sign out (static files do not go through pages at all).
func beforePasswordChange(rt route) bool {
	switch rt.path {
	case passwordChangePath, "/signout", "/language":
		return true
	}
	return false
}

// mustChangePassword sends a session signed in with a one-time password to
// the form that replaces it, coming back afterwards to the page it asked
// for (when that was a page, not a form's post).
func mustChangePassword(w http.ResponseWriter, r *http.Request) {
	to := passwordChangePath
	if r.Method == http.MethodGet {
		to += "?next=" + url.QueryEscape(safeNext(r.URL.RequestURI()))
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

type passwordChangePage struct {
	layout
	formFailure
	Next string
}

func (s *Server) passwordChangeForm(w http.ResponseWriter, r *http.Request) error {
	if !stateOf(r).user.MustChangePassword {
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return nil
	}
	return s.renderPasswordChange(w, r, http.StatusOK, passwordChangePage{Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) renderPasswordChange(w http.ResponseWriter, r *http.Request, status int, p passwordChangePage) error {
	p.layout = s.layout(w, r, "acct.choose_title", "account")
	return s.render(w, status, "password_change.html", p)
}

func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user
	next := safeNext(r.PostForm.Get("next"))
	err := s.accounts.ReplaceOneTimePassword(r.Context(), *u, r.PostForm.Get("new_password"))
	if errs.Is(err, errs.Conflict) { // already chosen, in another tab
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	if err != nil {
		f, err := s.explain(stateOf(r).lang, asField(err, "password", "new_password"))
		if err != nil {
			return err
		}
		return s.renderPasswordChange(w, r, http.StatusBadRequest, passwordChangePage{formFailure: f, Next: next})
	}
	// Every session ended with the one-time password; this one starts anew.
	token, err := s.accounts.OpenSession(r.Context(), *u)
	if err != nil {
		return err
	}
	s.setSession(w, token)
	s.flash(w, "acct.password_chosen")
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// asField moves a validation error from one field to another (the
// service checks "password"; the form's field is "new_password").
func asField(err error, from, to string) error {
	if e := errs.As(err); e.Field == from {
		e2 := *e
		e2.Field = to
		return &e2
	}
	return err
}

type signInCodePage struct {
	layout
	formFailure
	Next string
}

func (s *Server) signInCodeForm(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if strictCookie(r, challengeCookie) == "" {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(next), http.StatusSeeOther)
		return nil
	}
	return s.renderSignInCode(w, r, http.StatusOK, signInCodePage{Next: next})
}

func (s *Server) renderSignInCode(w http.ResponseWriter, r *http.Request, status int, p signInCodePage) error {
	p.layout = s.layout(w, r, "acct.code_title", "signin")
	return s.render(w, status, "account_signin_code.html", p)
}

func (s *Server) signInCode(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.PostForm.Get("next"))
	u, session, err := s.accounts.AnswerChallenge(r.Context(), strictCookie(r, challengeCookie), r.PostForm.Get("code_2fa"), s.clientAddr(r))
	if err != nil {
		e := errs.As(err)
		switch e.Kind {
		case errs.Invalid: // a wrong code: try again
			f, _ := s.explain(stateOf(r).lang, err)
			return s.renderSignInCode(w, r, http.StatusBadRequest, signInCodePage{formFailure: f, Next: next})
		case errs.Unauthenticated, errs.TooMany: // expired, or too many: the password again
			s.clearStrictCookie(w, challengeCookie, "/signin")
			return s.renderSignIn(w, r, e.Kind.Status(), signInPage{Next: next, Error: e.Key})
		}
		return err
	}
	s.clearStrictCookie(w, challengeCookie, "/signin")
	s.setSession(w, session)
	http.Redirect(w, r, s.afterSignIn(r, u, next), http.StatusSeeOther)
	return nil
}

type languageOfferPage struct {
	layout
	Chosen, Preferred i18n.Lang
	Next              string
}

// languageOffer is the page after a sign-in whose browser chose another
// language than the account's preference: it says so, and offers to make
// the chosen one the preference in one click.
func (s *Server) languageOffer(w http.ResponseWriter, r *http.Request) error {
	u, next := stateOf(r).user, safeNext(r.URL.Query().Get("next"))
	chosen, ok := cookieLang(r)
	if !ok || chosen == u.Language {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	return s.render(w, http.StatusOK, "account_language.html", languageOfferPage{
		layout: s.layout(w, r, "acct.lang_title", "account"), Chosen: chosen, Preferred: u.Language, Next: next})
}

// languageKeep makes the language this browser chose the preference.
func (s *Server) languageKeep(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user
	l, ok := i18n.Parse(r.PostForm.Get("lang"))
	if !ok {
		return errLanguage
	}
	if _, err := s.accounts.Update(r.Context(), u.Actor(), u.ID, account.Patch{Language: &l}); err != nil {
		return err
	}
	s.setCookie(w, langCookie, string(l), oneYear)
	s.flash(w, "acct.lang_kept")
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
	return nil
}
