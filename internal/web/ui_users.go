package web

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

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
	// CanMail offers sending a reset link instead of a one-time password.
	CanMail bool
}

const usersPerPage = 50

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, usersPage{Notice: s.takeOneTimePassword(w, r)})
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
	p.CanMail = s.canMail()
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
		Role: account.Role(f.Get("role")), Delegation: f.Get("delegation"),
	}
	u, pw, err := s.accounts.CreateWithOneTimePassword(r.Context(), actor, in)
	if err != nil {
		return s.usersError(w, r, err, usersPage{Form: in})
	}
	s.showOneTimePassword(w, u, pw, "users.created")
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
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
// revoking its API tokens), after a confirmation, or enables it again.
func (s *Server) usersSetDisabled(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	disabled := r.PostForm.Get("disabled") == "true"
	if disabled && !isConfirmed(r) {
		u, err := s.accounts.Get(r.Context(), id)
		if err != nil {
			return err
		}
		return s.confirmUsers(w, r, u, "acct.confirm_disable", "acct.confirm_disable_detail", "users.disable",
			fmt.Sprintf("/admin/users/%d/disabled", id), []confirmField{{"disabled", "true"}})
	}
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

// usersResetPassword gives the account a new one-time password, after a
// confirmation, and shows it on the users page it redirects to.
func (s *Server) usersResetPassword(w http.ResponseWriter, r *http.Request) error {
	u, err := s.pathUser(r)
	if err != nil {
		return err
	}
	id := u.ID
	if !isConfirmed(r) {
		return s.confirmUsers(w, r, u, "acct.confirm_reset", "acct.confirm_reset_detail", "users.reset_password",
			fmt.Sprintf("/admin/users/%d/password", id), nil)
	}
	pw, err := s.accounts.IssuePassword(r.Context(), stateOf(r).user.Actor(), id)
	if err != nil {
		return err
	}
	s.showOneTimePassword(w, u, pw, "users.password_reset")
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}

// A one-time password is shown once, on the users page after the redirect
// (post/redirect/get, so reloading resets nothing). It travels there in a
// cookie rather than in the database: HttpOnly, SameSite=Strict, sent only
// to /admin/users, for a minute at most, and cleared by the page that shows
// it. The password reaches only the browser of the administrator who is
// meant to read it, is never stored on the server, and is gone after one
// look; a server-side store would keep a live password in a table for as
// long as nobody looked. The cookie names a message key of the catalog and
// a user id, so a forged one can only show a user's own e-mail address
// beside a made-up password.
const (
	oneTimeCookie     = "rt_onetime"
	oneTimeCookiePath = "/admin/users"
	oneTimeCookieLife = time.Minute
)

func (s *Server) showOneTimePassword(w http.ResponseWriter, u account.User, pw, key string) {
	v := url.Values{"k": {key}, "u": {strconv.FormatInt(u.ID, 10)}, "p": {pw}}
	s.setStrictCookie(w, oneTimeCookie, base64.RawURLEncoding.EncodeToString([]byte(v.Encode())), oneTimeCookiePath, oneTimeCookieLife)
}

// takeOneTimePassword returns the notice of a password just issued, and
// clears it.
func (s *Server) takeOneTimePassword(w http.ResponseWriter, r *http.Request) string {
	raw := strictCookie(r, oneTimeCookie)
	if raw == "" {
		return ""
	}
	s.clearStrictCookie(w, oneTimeCookie, oneTimeCookiePath)
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return ""
	}
	v, err := url.ParseQuery(string(b))
	key := v.Get("k")
	id, perr := strconv.ParseInt(v.Get("u"), 10, 64)
	if err != nil || perr != nil || (key != "users.created" && key != "users.password_reset") {
		return ""
	}
	u, err := s.accounts.Get(r.Context(), id)
	if err != nil {
		return ""
	}
	return s.catalog.T(stateOf(r).lang, key, "email", u.Email, "password", v.Get("p"))
}

// pathUser is the account the path's {id} names (404 when there is none).
func (s *Server) pathUser(r *http.Request) (account.User, error) {
	id, err := pathID(r)
	if err != nil {
		return account.User{}, err
	}
	return s.accounts.Get(r.Context(), id)
}
