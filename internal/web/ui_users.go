package web

import (
	"net/http"
	"strconv"

	"roundtable/internal/account"
	"roundtable/internal/country"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

var errUnknownGroup = errs.Field("group", "unknown_group", "error.invalid")

type usersPage struct {
	layout
	Users      []account.User
	Total      int
	Roles      []account.Role
	Countries  []country.Country
	Notice     string // a translated notice, e.g. a one-time password
	Error      string
	ErrorField string
	Form       account.NewUser
	Prev, Next string
}

const usersPerPage = 50

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, usersPage{})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, p usersPage) error {
	p.layout = s.layout(w, r, "users.title", "users")
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	offset = max(offset, 0)
	var err error
	if p.Users, p.Total, err = s.accounts.List(r.Context(), usersPerPage, offset); err != nil {
		return err
	}
	if offset > 0 {
		p.Prev = "/admin/users?offset=" + strconv.Itoa(max(offset-usersPerPage, 0))
	}
	if offset+usersPerPage < p.Total {
		p.Next = "/admin/users?offset=" + strconv.Itoa(offset+usersPerPage)
	}
	p.Roles = account.Roles
	if p.Countries, err = country.List(r.Context(), s.db.Reader(), country.Filter{}, string(p.Lang)); err != nil {
		return err
	}
	if p.Form.Role == "" {
		p.Form.Role = account.Observer
	}
	return s.render(w, status, "users.html", p)
}

func (s *Server) usersError(w http.ResponseWriter, r *http.Request, err error, p usersPage) error {
	e := errs.As(err)
	if e.Kind != errs.Invalid && e.Kind != errs.NotFound && e.Kind != errs.Conflict {
		return err
	}
	p.Error, p.ErrorField = s.catalog.T(stateOf(r).lang, e.Key, e.Args...), e.Field
	return s.renderUsers(w, r, e.Kind.Status(), p)
}

func (s *Server) usersCreate(w http.ResponseWriter, r *http.Request) error {
	actor := stateOf(r).user.Actor()
	f := r.PostForm
	in := account.NewUser{
		Email: f.Get("email"), DisplayName: f.Get("display_name"), Language: i18n.Lang(f.Get("language")),
		Role: account.Role(f.Get("role")), Delegation: f.Get("delegation"), Password: account.RandomPassword(),
	}
	u, err := s.accounts.Create(r.Context(), actor, in)
	if err != nil {
		in.Password = ""
		return s.usersError(w, r, err, usersPage{Form: in})
	}
	// The one-time password is shown in this response only.
	msg := s.catalog.T(stateOf(r).lang, "users.created", "email", u.Email, "password", in.Password)
	return s.renderUsers(w, r, http.StatusOK, usersPage{Notice: msg})
}

func (s *Server) usersUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	role := account.Role(r.PostForm.Get("role"))
	delegation := r.PostForm.Get("delegation")
	if _, err := s.accounts.Update(r.Context(), stateOf(r).user.Actor(), id, account.Patch{Role: &role, Delegation: &delegation}); err != nil {
		return s.usersError(w, r, err, usersPage{})
	}
	s.flash(w, "users.updated")
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}

// usersSetDisabled disables an account (signing it out everywhere and
// revoking its API tokens) or enables it again.
func (s *Server) usersSetDisabled(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	disabled := r.PostForm.Get("disabled") == "true"
	if _, err := s.accounts.Update(r.Context(), stateOf(r).user.Actor(), id, account.Patch{Disabled: &disabled}); err != nil {
		return s.usersError(w, r, err, usersPage{})
	}
	if disabled {
		s.flash(w, "users.disabled_done")
	} else {
		s.flash(w, "users.enabled_done")
	}
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}

func (s *Server) usersResetPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.accounts.Get(r.Context(), id)
	if err != nil {
		return err
	}
	pw := account.RandomPassword()
	if err := s.accounts.SetPassword(r.Context(), stateOf(r).user.Actor(), id, pw); err != nil {
		return err
	}
	msg := s.catalog.T(stateOf(r).lang, "users.password_reset", "email", u.Email, "password", pw)
	return s.renderUsers(w, r, http.StatusOK, usersPage{Notice: msg})
}
