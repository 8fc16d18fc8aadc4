package account

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// "Forgot password": a link sent by e-mail carries a random token; only
// its hash is stored, it lasts an hour and it works once.
const (
	ResetLifetime = time.Hour
	// maxResetsPerHour bounds the e-mails one address can be sent: past
	// it, requests are answered as usual and nothing is sent.
	maxResetsPerHour = 3
)

// ErrResetLinkInvalid is a reset link that is unknown, used or expired.
var ErrResetLinkInvalid = errs.New(errs.Invalid, "reset_link_invalid", "acct.reset_invalid")

// RequestPasswordReset makes a reset token for the account with this
// e-mail address and returns it with the account, for the caller to send.
// For an unknown or disabled address, or one sent enough links this hour,
// it returns no token and no error: the answer must not tell whether an
// address has an account. Requests are throttled like failed sign-ins,
// per address and per client.
func (s *Service) RequestPasswordReset(ctx context.Context, email, client string) (User, string, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return User{}, "", err
	}
	subjects := []string{"reset:" + email, "reset-client:" + client}
	if err := s.throttle(ctx, subjects); err != nil {
		return User{}, "", err
	}
	if err := s.recordFailure(ctx, subjects); err != nil {
		return User{}, "", err
	}
	u, err := s.GetByEmail(ctx, email)
	if errs.Is(err, errs.NotFound) || (err == nil && u.Disabled) {
		return User{}, "", nil
	}
	if err != nil {
		return User{}, "", err
	}
	token := randomToken(32)
	now := store.Now()
	sent := true
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		var recent int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM password_resets WHERE user_id = ? AND created_at > ?", u.ID, now.Add(-time.Hour)).Scan(&recent); err != nil {
			return err
		}
		if recent >= maxResetsPerHour {
			sent = false
			return nil
		}
		if _, err := tx.Exec(ctx, "DELETE FROM password_resets WHERE user_id = ? AND expires_at < ?", u.ID, now.Add(-24*time.Hour)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
			hashToken(token), u.ID, now, now.Add(ResetLifetime)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Actor: audit.System("anonymous"), Action: "user.password_reset_requested", EntityType: "user", EntityID: itoa(u.ID),
			Change: map[string]string{"reset": hashToken(token)[:16]}})
	})
	if err != nil || !sent {
		return User{}, "", err
	}
	return u, token, nil
}

// CheckResetToken reports whether a reset link still works, so its page
// can say so before anyone types a password. It changes nothing: mail
// scanners open links too.
func (s *Service) CheckResetToken(ctx context.Context, token string) error {
	_, err := resetUser(ctx, s.DB.Reader(), token, "")
	return err
}

func resetUser(ctx context.Context, q store.Querier, token, lock string) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, "SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?"+lock,
		hashToken(token), store.Now()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && token == "") {
		return 0, ErrResetLinkInvalid
	}
	return id, err
}

// ResetPassword sets the password chosen through a reset link, spends the
// link (and any other the account was sent), and ends every session.
func (s *Service) ResetPassword(ctx context.Context, token, password string) (User, error) {
	if err := checkPassword(password); err != nil {
		return User{}, err
	}
	hash, err := s.Passwords.Hash(password)
	if err != nil {
		return User{}, err
	}
	var u User
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		id, err := resetUser(ctx, tx, token, forUpdate(tx))
		if err != nil {
			return err
		}
		if u, err = scanUser(tx.QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id)); err != nil {
			return err
		}
		if u.Disabled {
			return ErrResetLinkInvalid
		}
		if _, err := tx.Exec(ctx, "UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL", store.Now(), id); err != nil {
			return err
		}
		u.MustChangePassword = false
		return s.replacePassword(ctx, tx, u.Actor(), id, hash, false)
	})
	return u, err
}
