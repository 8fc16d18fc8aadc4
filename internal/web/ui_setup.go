package web

import (
	"crypto/subtle"
	"net/http"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/authz"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

// First run: a database without any account has nobody to sign in as.
// `roundtable serve` then prints a link to /setup carrying a secret of its
// own start (like a notebook server's token), and whoever holds the
// console creates the secretariat's first account in the browser. Once an
// account exists, /setup is a page that does not exist.

func (s *Server) setupRoutes() []route {
	return []route{
		{"GET", "/setup", authz.SignIn, s.setupForm},
		{"POST", "/setup", authz.SignIn, s.setupCreate},
	}
}

type setupPage struct {
	layout
	Token string
	Form  account.NewUser
	formFailure
}

// setupOpen reports whether first-run setup may proceed: a token was given
// at start, it matches, and no account exists yet.
func (s *Server) setupOpen(r *http.Request, token string) (bool, error) {
	if s.setupToken == "" || subtle.ConstantTimeCompare([]byte(token), []byte(s.setupToken)) != 1 {
		return false, nil
	}
	_, n, err := s.accounts.List(r.Context(), 1, 0)
	return n == 0, err
}

func (s *Server) setupForm(w http.ResponseWriter, r *http.Request) error {
	tok := r.URL.Query().Get("token")
	if ok, err := s.setupOpen(r, tok); err != nil || !ok {
		return orNotFound(err)
	}
	p := setupPage{layout: s.layout(w, r, "setup.title", ""), Token: tok}
	p.Form.Language = p.Lang
	return s.render(w, http.StatusOK, "setup.html", p)
}

func (s *Server) setupCreate(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	tok := f.Get("token")
	if ok, err := s.setupOpen(r, tok); err != nil || !ok {
		return orNotFound(err)
	}
	lang, _ := i18n.Parse(f.Get("language"))
	in := account.NewUser{Email: f.Get("email"), DisplayName: f.Get("display_name"), Language: lang, Role: account.Administrator, Password: f.Get("password")}
	var err error
	if f.Get("password") != f.Get("password_again") {
		err = errs.Field("password_again", "passwords_differ", "setup.passwords_differ")
	} else {
		_, err = s.accounts.Create(r.Context(), audit.System("setup"), in)
	}
	if err != nil {
		in.Password = ""
		p := setupPage{layout: s.layout(w, r, "setup.title", ""), Token: tok, Form: in}
		status := errs.As(err).Kind.Status()
		if p.formFailure, err = s.explain(p.Lang, err, errs.Invalid, errs.Conflict); err != nil {
			return err
		}
		return s.render(w, status, "setup.html", p)
	}
	_, session, err := s.accounts.SignIn(r.Context(), in.Email, in.Password, s.clientAddr(r))
	if err != nil {
		return err
	}
	s.setSession(w, session)
	s.flash(w, "setup.done")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func orNotFound(err error) error {
	if err != nil {
		return err
	}
	return errs.ErrNotFound
}
