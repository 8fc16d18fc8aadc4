package account

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// SessionLifetime is how long a sign-in lasts.
const SessionLifetime = 14 * 24 * time.Hour

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

// Ticket is what the right password earns: a session, or, for an account
// with two-factor sign-in, a challenge to answer with a code
// (AnswerChallenge).
type Ticket struct {
	Session   string
	Challenge string
}

// Authenticate checks an e-mail and password. A wrong password and an
// unknown e-mail give the same error, after the same work, and repeated
// failures slow further tries down. The right password opens a session,
// unless the account asks for a second factor: then it opens a challenge,
// and the failures counted against the e-mail stay until it is answered.
func (s *Service) Authenticate(ctx context.Context, email, password, client string) (User, Ticket, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	subjects := []string{"email:" + email, "client:" + client}
	if err := s.throttle(ctx, subjects); err != nil {
		return User{}, Ticket{}, err
	}
	var hash string
	var id int64
	err := s.DB.Reader().QueryRow(ctx, "SELECT id, password_hash FROM users WHERE email = ?", email).Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		// Spend the same time as a real check so timing tells nothing.
		hash = s.dummyHash
	} else if err != nil {
		return User{}, Ticket{}, err
	}
	ok, _ := s.Passwords.Verify(hash, password)
	if !ok || id == 0 {
		if err := s.recordFailure(ctx, subjects); err != nil {
			return User{}, Ticket{}, err
		}
		return User{}, Ticket{}, errs.New(errs.Unauthenticated, "invalid_credentials", "signin.failed")
	}
	u, err := s.Get(ctx, id)
	if err != nil {
		return u, Ticket{}, err
	}
	if u.Disabled {
		// Said only to whoever knows the password.
		return User{}, Ticket{}, ErrAccountDisabled
	}
	if u.TwoFactor {
		c, err := s.openChallenge(ctx, u)
		return u, Ticket{Challenge: c}, err
	}
	token, err := s.openSession(ctx, u, subjects[0])
	return u, Ticket{Session: token}, err
}

// SignIn is Authenticate for accounts without a second factor; for one
// with it, it refuses with ErrSecondFactorRequired.
func (s *Service) SignIn(ctx context.Context, email, password, client string) (User, string, error) {
	u, t, err := s.Authenticate(ctx, email, password, client)
	if err != nil {
		return User{}, "", err
	}
	if t.Session == "" {
		return User{}, "", ErrSecondFactorRequired
	}
	return u, t.Session, nil
}

// ErrSecondFactorRequired is a right password for an account that also
// asks for a code.
var ErrSecondFactorRequired = errs.New(errs.Unauthenticated, "second_factor_required", "acct.second_factor_required")

// OpenSession opens a session for u, who has just proved who they are
// (by changing their password, say), and returns its cookie value.
func (s *Service) OpenSession(ctx context.Context, u User) (string, error) {
	return s.openSession(ctx, u, "")
}

// openSession opens a session; failures recorded against subject (the
// e-mail of a completed sign-in) are forgotten.
func (s *Service) openSession(ctx context.Context, u User, subject string) (string, error) {
	token := randomToken(32)
	now := store.Now()
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		return insertSession(ctx, tx, u, token, subject, now)
	})
	return token, err
}

func insertSession(ctx context.Context, tx *store.Tx, u User, token, subject string, now time.Time) error {
	if _, err := tx.Exec(ctx, "INSERT INTO login_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
		hashToken(token), u.ID, now, now.Add(SessionLifetime)); err != nil {
		return err
	}
	if subject != "" {
		if _, err := tx.Exec(ctx, "DELETE FROM login_failures WHERE subject = ?", subject); err != nil {
			return err
		}
	}
	return audit.Record(ctx, tx, audit.Event{Actor: u.Actor(), Action: "session.create", EntityType: "user", EntityID: itoa(u.ID),
		Change: map[string]string{"session": hashToken(token)[:16]}})
}

// SessionUser returns the user of a live session.
func (s *Service) SessionUser(ctx context.Context, token string) (User, error) {
	if token == "" {
		return User{}, errs.ErrUnauthenticated
	}
	u, err := scanUser(s.DB.Reader().QueryRow(ctx, "SELECT "+userColumnsU+" FROM login_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?", hashToken(token), store.Now()))
	if errs.Is(err, errs.NotFound) || (err == nil && u.Disabled) {
		return User{}, errs.ErrUnauthenticated
	}
	return u, err
}

// ErrAccountDisabled is a sign-in to a disabled account with its right
// password.
var ErrAccountDisabled = errs.New(errs.Unauthenticated, "account_disabled", "signin.disabled")

// SignOut ends one session.
func (s *Service) SignOut(ctx context.Context, u User, token string) error {
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM login_sessions WHERE token_hash = ?", hashToken(token)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Actor: u.Actor(), Action: "session.delete", EntityType: "user", EntityID: itoa(u.ID),
			Change: map[string]string{"session": hashToken(token)[:16]}})
	})
}

// SignOutEverywhere ends every session of the user and revokes nothing else
// (API tokens are managed separately).
func (s *Service) SignOutEverywhere(ctx context.Context, u User) error {
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM login_sessions WHERE user_id = ?", u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Actor: u.Actor(), Action: "session.delete_all", EntityType: "user", EntityID: itoa(u.ID), Change: nil})
	})
}

// Throttling: after freeFailures failures for one e-mail within the
// window, each attempt waits twice as long as the one before (up to
// maxDelay); past lockFailures attempts are refused outright until the
// window passes. One client address is allowed clientFactor times more,
// since a delegation's office may sign in from behind one address.
const (
	failureWindow = 15 * time.Minute
	freeFailures  = 5
	lockFailures  = 50
	clientFactor  = 4
	baseDelay     = 250 * time.Millisecond
	maxDelay      = 8 * time.Second
)

// throttle waits or refuses according to recent failures. subjects[0] is
// the e-mail, subjects[1] the client address.
func (s *Service) throttle(ctx context.Context, subjects []string) error {
	worst := 0
	for i, sub := range subjects {
		var n int
		if err := s.DB.Reader().QueryRow(ctx, "SELECT count(*) FROM login_failures WHERE subject = ? AND at > ?", sub, store.Now().Add(-failureWindow)).Scan(&n); err != nil {
			return err
		}
		if i > 0 {
			n /= clientFactor
		}
		worst = max(worst, n)
	}
	if worst >= lockFailures {
		return errs.New(errs.TooMany, "too_many_attempts", "signin.throttled")
	}
	if d := ThrottleDelay(worst); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// ThrottleDelay is the wait before a sign-in attempt after n recent failures.
func ThrottleDelay(n int) time.Duration {
	if n < freeFailures {
		return 0
	}
	d := baseDelay << min(n-freeFailures, 10)
	return min(d, maxDelay)
}

func (s *Service) recordFailure(ctx context.Context, subjects []string) error {
	now := store.Now()
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		for _, sub := range subjects {
			if _, err := tx.Exec(ctx, "DELETE FROM login_failures WHERE subject = ? AND at < ?", sub, now.Add(-failureWindow)); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO login_failures (subject, at) VALUES (?, ?)", sub, now); err != nil {
				return err
			}
		}
		return nil
	})
}
