package web

import (
	"fmt"
	"html/template"
	"net/http"

	"roundtable/internal/account"
)

// twoFactorBegin makes a new secret and shows it on the account page,
// where the first code confirms it.
func (s *Server) twoFactorBegin(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.accounts.BeginTwoFactor(r.Context(), *stateOf(r).user); err != nil {
		return err
	}
	http.Redirect(w, r, "/account#two-factor", http.StatusSeeOther)
	return nil
}

func (s *Server) twoFactorConfirm(w http.ResponseWriter, r *http.Request) error {
	err := s.accounts.ConfirmTwoFactor(r.Context(), *stateOf(r).user, r.PostForm.Get("code_2fa"))
	if err != nil {
		return s.formError(w, r, err, accountPage{})
	}
	s.flash(w, "acct.2fa_on")
	http.Redirect(w, r, "/account#two-factor", http.StatusSeeOther)
	return nil
}

func (s *Server) twoFactorDisable(w http.ResponseWriter, r *http.Request) error {
	err := s.accounts.DisableTwoFactor(r.Context(), *stateOf(r).user, r.PostForm.Get("password"))
	if err != nil {
		return s.formError(w, r, asField(err, "password", "tf_password"), accountPage{})
	}
	s.flash(w, "acct.2fa_off")
	http.Redirect(w, r, "/account#two-factor", http.StatusSeeOther)
	return nil
}

// usersTwoFactorOff is the secretariat turning off someone's two-factor
// sign-in (their phone is lost): after a confirmation, since it weakens
// the account.
func (s *Server) usersTwoFactorOff(w http.ResponseWriter, r *http.Request) error {
	u, err := s.pathUser(r)
	if err != nil {
		return err
	}
	id := u.ID
	if !isConfirmed(r) {
		return s.confirmUsers(w, r, u, "acct.confirm_2fa_off", "acct.confirm_2fa_off_detail", "acct.2fa_off_button",
			fmt.Sprintf("/admin/users/%d/two-factor/disable", u.ID), nil)
	}
	if err := s.accounts.ResetTwoFactor(r.Context(), stateOf(r).user.Actor(), id); err != nil {
		return err
	}
	s.flash(w, "acct.2fa_off_done")
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}

// confirmUsers asks the secretariat to confirm an action on u's account.
func (s *Server) confirmUsers(w http.ResponseWriter, r *http.Request, u account.User, question, detail, button, action string, fields []confirmField) error {
	lang := stateOf(r).lang
	return s.confirm(w, r, "users.title", "users", confirmPage{
		Question: s.catalog.T(lang, question, "email", u.Email), Detail: s.catalog.T(lang, detail),
		Action: action, Fields: fields, Button: s.catalog.T(lang, button), Back: "/admin/users", Danger: true,
	})
}

// twoFactorState is what the account page shows of two-factor sign-in.
type twoFactorState struct {
	Offered bool
	On      bool
	Pending *pendingTwoFactor // a secret awaiting its first code
}

type pendingTwoFactor struct {
	Secret string
	// URI is an otpauth:// link, which html/template would refuse as an
	// unknown scheme; the service built it from a base32 secret and an
	// escaped label, so it is safe to show as it is.
	URI template.URL
}

func (s *Server) twoFactorOf(r *http.Request, u *account.User) (twoFactorState, error) {
	st := twoFactorState{Offered: account.TwoFactorOffered(u.Role) || u.TwoFactor, On: u.TwoFactor}
	if !st.Offered || st.On {
		return st, nil
	}
	en, ok, err := s.accounts.PendingTwoFactor(r.Context(), *u)
	if err != nil || !ok {
		return st, err
	}
	st.Pending = &pendingTwoFactor{Secret: en.Secret, URI: template.URL(en.URI)}
	return st, nil
}
