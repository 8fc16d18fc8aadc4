package account

import (
	"context"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
)

// A password an administrator hands out (a new account, a reset, the
// command line) has been seen by someone other than its owner, so it works
// for one sign-in only: that session can do nothing but choose a new
// password (the web layer sends every other page to that form), and API
// tokens cannot be made with it.

// CreateWithOneTimePassword adds a user with a generated password, returned
// once, that must be changed at the first sign-in.
func (s *Service) CreateWithOneTimePassword(ctx context.Context, actor audit.Actor, in NewUser) (User, string, error) {
	in.Password = RandomPassword()
	u, err := s.create(ctx, actor, in, true)
	if err != nil {
		return u, "", err
	}
	return u, in.Password, nil
}

// IssuePassword resets a user's password to a generated one-time password,
// returned once, and ends their sessions.
func (s *Service) IssuePassword(ctx context.Context, actor audit.Actor, id int64) (string, error) {
	pw := RandomPassword()
	if err := s.setPassword(ctx, actor, id, pw, true); err != nil {
		return "", err
	}
	return pw, nil
}

// ReplaceOneTimePassword is the first sign-in's password change: the
// session already proved the one-time password, so only the new one is
// asked, and it must differ. Every session ends; the caller opens a fresh
// one with OpenSession.
func (s *Service) ReplaceOneTimePassword(ctx context.Context, u User, next string) error {
	if !u.MustChangePassword {
		return ErrNoOneTimePassword
	}
	hash, err := s.passwordHash(ctx, u.ID)
	if err != nil {
		return err
	}
	return s.choosePassword(ctx, u, hash, next)
}

// ErrNoOneTimePassword is the first sign-in's form sent by someone whose
// password is their own already (a second tab, say).
var ErrNoOneTimePassword = errs.New(errs.Conflict, "no_one_time_password", "acct.no_one_time_password")

// ErrPasswordChangeRequired refuses what a one-time password may not do.
var ErrPasswordChangeRequired = errs.New(errs.Forbidden, "password_change_required", "acct.password_change_required")
