package web

import (
	"net/http"

	"roundtable/internal/account"
	"roundtable/internal/country"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

var errLanguage = errs.Field("lang", "invalid_language", "validation.language")

func accountPatchLanguage(l i18n.Lang) account.Patch { return account.Patch{Language: &l} }

type accountPage struct {
	layout
	Delegation  string // the delegation's name in the reader's language
	Tokens      []account.Token
	NewToken    string // shown once, right after creation
	Errors      map[string]string
	DisplayName string
	TwoFactor   twoFactorState
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, accountPage{})
}

// renderAccount shows the account page, with p's notices and errors.
func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, p accountPage) error {
	u := stateOf(r).user
	p.layout = s.layout(w, r, "account.title", "account")
	if p.DisplayName == "" {
		p.DisplayName = u.DisplayName
	}
	if u.Delegation != "" {
		c, err := country.Get(r.Context(), s.db.Reader(), u.Delegation)
		if err != nil {
			return err
		}
		p.Delegation = c.Name(string(p.Lang))
	}
	toks, err := s.accounts.Tokens(r.Context(), *u)
	if err != nil {
		return err
	}
	p.Tokens = toks
	if p.TwoFactor, err = s.twoFactorOf(r, u); err != nil {
		return err
	}
	return s.render(w, status, "account.html", p)
}

// formError shows a validation error beside its field, re-rendering the
// page; any other error goes to the error adapter.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, err error, p accountPage) error {
	e := errs.As(err)
	if e.Kind != errs.Invalid {
		return err
	}
	p.Errors = map[string]string{e.Field: s.catalog.T(stateOf(r).lang, e.Key, e.Args...)}
	return s.renderAccount(w, r, http.StatusBadRequest, p)
}

func (s *Server) accountSave(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user
	name := r.PostForm.Get("display_name")
	lang := i18n.Lang(r.PostForm.Get("language"))
	updated, err := s.accounts.Update(r.Context(), u.Actor(), u.ID, account.Patch{DisplayName: &name, Language: &lang})
	if err != nil {
		return s.formError(w, r, err, accountPage{DisplayName: name})
	}
	s.setCookie(w, langCookie, string(updated.Language), oneYear)
	s.flash(w, "account.saved")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user
	if err := s.accounts.ChangePassword(r.Context(), *u, r.PostForm.Get("current_password"), r.PostForm.Get("new_password")); err != nil {
		return s.formError(w, r, asField(err, "password", "new_password"), accountPage{})
	}
	// Changing the password ended every session; start a fresh one here.
	token, err := s.accounts.OpenSession(r.Context(), *u)
	if err != nil {
		return err
	}
	s.setSession(w, token)
	s.flash(w, "account.password_changed")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

func (s *Server) accountTokenCreate(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user
	_, secret, err := s.accounts.CreateToken(r.Context(), *u, r.PostForm.Get("name"))
	if err != nil {
		return s.formError(w, r, err, accountPage{})
	}
	// The secret is shown in this response only; it is never stored.
	return s.renderAccount(w, r, http.StatusOK, accountPage{NewToken: secret})
}

func (s *Server) accountTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.accounts.RevokeToken(r.Context(), *stateOf(r).user, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request) error {
	if err := s.accounts.SignOutEverywhere(r.Context(), *stateOf(r).user); err != nil {
		return err
	}
	s.clearCookie(w, sessionCookie)
	s.flash(w, "signout.done")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
