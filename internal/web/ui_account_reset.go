package web

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/errs"
	"roundtable/internal/mail"
)

// canMail reports whether the site can send e-mail with links back to
// itself: an SMTP server is configured, and so is --public-url (a link is
// never built from a request's Host header, which whoever asks for the
// reset chooses).
func (s *Server) canMail() bool { return s.mailer != nil && s.publicURL != nil }

var errNoMail = errs.New(errs.NotFound, "not_found", "error.not_found")

type passwordForgotPage struct {
	layout
	formFailure
	Email string
}

func (s *Server) passwordForgotForm(w http.ResponseWriter, r *http.Request) error {
	if !s.canMail() {
		return errNoMail
	}
	return s.renderPasswordForgot(w, r, http.StatusOK, passwordForgotPage{})
}

func (s *Server) renderPasswordForgot(w http.ResponseWriter, r *http.Request, status int, p passwordForgotPage) error {
	p.layout = s.layout(w, r, "acct.forgot_title", "signin")
	return s.render(w, status, "password_forgot.html", p)
}

// passwordForgot answers every well-formed address the same way, whether
// an account uses it or not.
func (s *Server) passwordForgot(w http.ResponseWriter, r *http.Request) error {
	if !s.canMail() {
		return errNoMail
	}
	email := r.PostForm.Get("email")
	u, token, err := s.accounts.RequestPasswordReset(r.Context(), email, s.clientAddr(r))
	if err != nil {
		kind := errs.As(err).Kind
		f, err := s.explain(stateOf(r).lang, err, errs.Invalid, errs.TooMany)
		if err != nil {
			return err
		}
		return s.renderPasswordForgot(w, r, kind.Status(), passwordForgotPage{formFailure: f, Email: email})
	}
	if token != "" {
		s.sendResetLink(u, token)
	}
	s.flash(w, "acct.forgot_sent")
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
	return nil
}

// resetSendTimeout bounds one reset e-mail's delivery.
const resetSendTimeout = 30 * time.Second

// sendResetLink e-mails the link, in the account's language, from a
// goroutine: the answer must not take longer for an address that has an
// account (that would tell who has one). It is sent straight away, not
// through the outbox, which would keep the secret link in the database in
// clear for as long as the job waits; a delivery that fails is logged, and
// the person asks again.
func (s *Server) sendResetLink(u account.User, token string) {
	link := s.publicURL.JoinPath("/password/reset")
	link.RawQuery = url.Values{"token": {token}}.Encode()
	lang := u.Language
	msg := mail.Message{
		To:      u.Email,
		Subject: s.catalog.T(lang, "acct.mail_subject"),
		Body:    s.catalog.T(lang, "acct.mail_body", "name", u.DisplayName, "link", link.String()),
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), resetSendTimeout)
		defer cancel()
		if err := s.mailer.Send(ctx, msg); err != nil {
			s.log.Error("password reset e-mail not sent", "user", u.ID, "err", err)
		}
	}()
}

type passwordResetPage struct {
	layout
	formFailure
	Token string
	// Invalid: the link is unknown, used or expired; no form is shown.
	Invalid bool
	Forgot  bool
}

func (s *Server) passwordResetForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	err := s.accounts.CheckResetToken(r.Context(), token)
	if err != nil && errs.As(err).Code != "reset_link_invalid" {
		return err
	}
	status := http.StatusOK
	if err != nil {
		status = http.StatusBadRequest
	}
	return s.renderPasswordReset(w, r, status, passwordResetPage{Token: token, Invalid: err != nil})
}

func (s *Server) renderPasswordReset(w http.ResponseWriter, r *http.Request, status int, p passwordResetPage) error {
	p.layout = s.layout(w, r, "acct.reset_title", "signin")
	p.Forgot = s.canMail()
	return s.render(w, status, "password_reset.html", p)
}

func (s *Server) passwordReset(w http.ResponseWriter, r *http.Request) error {
	token := r.PostForm.Get("token")
	_, err := s.accounts.ResetPassword(r.Context(), token, r.PostForm.Get("password"))
	if errs.As(err).Code == "reset_link_invalid" {
		return s.renderPasswordReset(w, r, http.StatusBadRequest, passwordResetPage{Invalid: true})
	}
	if err != nil {
		f, err := s.explain(stateOf(r).lang, err)
		if err != nil {
			return err
		}
		return s.renderPasswordReset(w, r, http.StatusBadRequest, passwordResetPage{formFailure: f, Token: token})
	}
	// Every session of the account ended, this browser's too if it had one.
	s.clearCookie(w, sessionCookie)
	s.flash(w, "acct.reset_done")
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
	return nil
}

// usersResetLink is the secretariat sending someone a reset link instead
// of a one-time password: the password is never seen by anyone else.
func (s *Server) usersResetLink(w http.ResponseWriter, r *http.Request) error {
	if !s.canMail() {
		return errNoMail
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	target, err := s.accounts.Get(r.Context(), id)
	if err != nil {
		return err
	}
	u, token, err := s.accounts.RequestPasswordReset(r.Context(), target.Email, s.clientAddr(r))
	if err != nil {
		return err
	}
	if token == "" {
		s.flash(w, "acct.reset_link_not_sent")
	} else {
		s.sendResetLink(u, token)
		s.flash(w, "acct.reset_link_sent")
	}
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}
