package account

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"database/sql"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"net/url"
	"strings"
	"time"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// Two-factor sign-in uses time-based one-time passwords (TOTP, RFC 6238)
// with the parameters every authenticator app takes by default: HMAC-SHA1,
// 30-second steps, 6 digits. A code is accepted for the step before and
// after the current one (clocks drift), and never twice: the last step
// used is kept, and a code of that step or an earlier one is refused.
const (
	totpPeriod = 30
	totpDigits = 6
	// totpSkew is how many steps either side of now are accepted.
	totpSkew = 1
	// totpSecretLen is 160 bits, the HMAC-SHA1 key size RFC 4226 advises.
	totpSecretLen = 20
)

// hotp is RFC 4226's HOTP value of key at counter, with digits digits,
// over the hash h (RFC 6238 allows SHA-1, SHA-256 and SHA-512).
func hotp(h func() hash.Hash, key []byte, counter uint64, digits int) string {
	mac := hmac.New(h, key)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// totpStep is the RFC 6238 time step of t (T0 = 0).
func totpStep(t time.Time) int64 { return t.Unix() / totpPeriod }

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// matchTOTP returns the step, within totpSkew of now and after last, whose
// code is code; ok is false when there is none.
func matchTOTP(secret string, code string, now time.Time, last int64) (step int64, ok bool) {
	key, err := b32.DecodeString(secret)
	if err != nil || len(code) != totpDigits {
		return 0, false
	}
	cur := totpStep(now)
	for s := cur - totpSkew; s <= cur+totpSkew; s++ {
		if s <= last {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(hotp(sha1.New, key, uint64(s), totpDigits)), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// normalizeCode drops the spaces people type inside a code ("123 456").
func normalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(code))
}

// TwoFactorOffered reports whether accounts of role r may turn on
// two-factor sign-in: those who run the forum (the secretariat and the
// chairs), whose accounts can change the most.
func TwoFactorOffered(r Role) bool { return r == Administrator || r == Chair }

// Enrolment is a two-factor secret awaiting its first code: the key for
// typing into an authenticator app and the otpauth:// URI that apps open.
type Enrolment struct {
	Secret string
	URI    string
}

func enrolment(u User, secret string) Enrolment {
	label := url.PathEscape("Roundtable:" + u.Email)
	q := url.Values{"secret": {secret}, "issuer": {"Roundtable"}, "algorithm": {"SHA1"}, "digits": {fmt.Sprint(totpDigits)}, "period": {fmt.Sprint(totpPeriod)}}
	return Enrolment{Secret: secret, URI: "otpauth://totp/" + label + "?" + q.Encode()}
}

var (
	errTwoFactorNotOffered = errs.New(errs.Forbidden, "two_factor_not_offered", "acct.2fa_not_offered")
	errTwoFactorOn         = errs.New(errs.Conflict, "two_factor_enabled", "acct.2fa_already_on")
	errNoEnrolment         = errs.New(errs.Conflict, "two_factor_not_started", "acct.2fa_not_started")
	errWrongCode           = errs.Field("code_2fa", "wrong_code", "acct.2fa_wrong_code")
)

// BeginTwoFactor makes a new secret for u, kept beside the account but not
// in use until ConfirmTwoFactor sees a first code made from it (so a
// secret that never reached an app cannot lock anyone out). Beginning
// again replaces a secret not yet confirmed.
func (s *Service) BeginTwoFactor(ctx context.Context, u User) (Enrolment, error) {
	if !TwoFactorOffered(u.Role) {
		return Enrolment{}, errTwoFactorNotOffered
	}
	key := make([]byte, totpSecretLen)
	if _, err := rand.Read(key); err != nil {
		return Enrolment{}, err
	}
	secret := b32.EncodeToString(key)
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE users SET totp_secret = ? WHERE id = ? AND totp_enabled_at IS NULL", secret, u.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errTwoFactorOn
		}
		return nil
	})
	return enrolment(u, secret), err
}

// PendingTwoFactor returns u's secret awaiting its first code, if any.
func (s *Service) PendingTwoFactor(ctx context.Context, u User) (Enrolment, bool, error) {
	var secret sql.NullString
	err := s.DB.Reader().QueryRow(ctx, "SELECT totp_secret FROM users WHERE id = ? AND totp_enabled_at IS NULL", u.ID).Scan(&secret)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !secret.Valid) {
		return Enrolment{}, false, nil
	}
	if err != nil {
		return Enrolment{}, false, err
	}
	return enrolment(u, secret.String), true, nil
}

// ConfirmTwoFactor turns two-factor sign-in on once code matches the
// pending secret. The code is spent: it cannot then sign in.
func (s *Service) ConfirmTwoFactor(ctx context.Context, u User, code string) error {
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		var secret sql.NullString
		var enabled bool
		err := tx.QueryRow(ctx, "SELECT totp_secret, totp_enabled_at IS NOT NULL FROM users WHERE id = ?"+forUpdate(tx), u.ID).Scan(&secret, &enabled)
		if err != nil {
			return err
		}
		if enabled {
			return errTwoFactorOn
		}
		if !secret.Valid {
			return errNoEnrolment
		}
		now := store.Now()
		step, ok := matchTOTP(secret.String, normalizeCode(code), now, 0)
		if !ok {
			return errWrongCode
		}
		if _, err := tx.Exec(ctx, "UPDATE users SET totp_enabled_at = ?, totp_last_step = ?, updated_at = ? WHERE id = ?", now, step, now, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Actor: u.Actor(), Action: "user.two_factor_on", EntityType: "user", EntityID: itoa(u.ID), Change: nil})
	})
}

// DisableTwoFactor is a user turning their own two-factor sign-in off,
// which takes their password.
func (s *Service) DisableTwoFactor(ctx context.Context, u User, password string) error {
	hash, err := s.passwordHash(ctx, u.ID)
	if err != nil {
		return err
	}
	if ok, _ := s.Passwords.Verify(hash, password); !ok {
		return errs.Field("password", "wrong_password", "validation.password_wrong")
	}
	return s.clearTwoFactor(ctx, u.Actor(), u.ID)
}

// ResetTwoFactor is the secretariat turning someone's two-factor sign-in
// off: the way back in for a person who lost their phone.
func (s *Service) ResetTwoFactor(ctx context.Context, actor audit.Actor, id int64) error {
	return s.clearTwoFactor(ctx, actor, id)
}

func (s *Service) clearTwoFactor(ctx context.Context, actor audit.Actor, id int64) error {
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = 0, updated_at = ? WHERE id = ?", store.Now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.ErrNotFound
		}
		if _, err := tx.Exec(ctx, "DELETE FROM signin_challenges WHERE user_id = ?", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Actor: actor, Action: "user.two_factor_off", EntityType: "user", EntityID: itoa(id), Change: nil})
	})
}

// A challenge is a sign-in whose password was right, waiting for a code:
// it lasts five minutes and takes five wrong codes, then the password must
// be given again (itself throttled).
const (
	challengeLifetime = 5 * time.Minute
	maxCodeAttempts   = 5
)

var (
	// ErrChallengeExpired sends the person back to the password.
	ErrChallengeExpired = errs.New(errs.Unauthenticated, "challenge_expired", "acct.2fa_expired")
	errTooManyCodes     = errs.New(errs.Unauthenticated, "too_many_codes", "acct.2fa_too_many")
)

func (s *Service) openChallenge(ctx context.Context, u User) (string, error) {
	token := randomToken(32)
	now := store.Now()
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM signin_challenges WHERE expires_at < ?", now); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO signin_challenges (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
			hashToken(token), u.ID, now, now.Add(challengeLifetime))
		return err
	})
	return token, err
}

// AnswerChallenge checks the code of a sign-in's second step and opens the
// session. A wrong code counts against the challenge and, like a wrong
// password, against the e-mail and the client's address.
func (s *Service) AnswerChallenge(ctx context.Context, challenge, code, client string) (User, string, error) {
	if challenge == "" {
		return User{}, "", ErrChallengeExpired
	}
	u, err := scanUser(s.DB.Reader().QueryRow(ctx, "SELECT "+userColumnsU+" FROM signin_challenges c JOIN users u ON u.id = c.user_id WHERE c.token_hash = ? AND c.expires_at > ?",
		hashToken(challenge), store.Now()))
	if errs.Is(err, errs.NotFound) || (err == nil && (u.Disabled || !u.TwoFactor)) {
		return User{}, "", ErrChallengeExpired
	}
	if err != nil {
		return User{}, "", err
	}
	subjects := []string{"email:" + u.Email, "client:" + client}
	if err := s.throttle(ctx, subjects); err != nil {
		return User{}, "", err
	}
	code = normalizeCode(code)
	var refused error
	token := randomToken(32)
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		var attempts int
		err := tx.QueryRow(ctx, "SELECT attempts FROM signin_challenges WHERE token_hash = ? AND expires_at > ?"+forUpdate(tx), hashToken(challenge), now).Scan(&attempts)
		if errors.Is(err, sql.ErrNoRows) {
			refused = ErrChallengeExpired
			return nil
		}
		if err != nil {
			return err
		}
		var secret string
		var last int64
		if err := tx.QueryRow(ctx, "SELECT totp_secret, totp_last_step FROM users WHERE id = ?"+forUpdate(tx), u.ID).Scan(&secret, &last); err != nil {
			return err
		}
		step, ok := matchTOTP(secret, code, now, last)
		if !ok {
			return s.refuseCode(ctx, tx, challenge, attempts, subjects, &refused)
		}
		if _, err := tx.Exec(ctx, "UPDATE users SET totp_last_step = ? WHERE id = ?", step, u.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM signin_challenges WHERE token_hash = ?", hashToken(challenge)); err != nil {
			return err
		}
		return insertSession(ctx, tx, u, token, subjects[0], now)
	})
	if err != nil {
		return User{}, "", err
	}
	if refused != nil {
		return User{}, "", refused
	}
	return u, token, nil
}

// refuseCode counts a wrong code (committed, so the count survives the
// refusal): the fifth ends the challenge.
func (s *Service) refuseCode(ctx context.Context, tx *store.Tx, challenge string, attempts int, subjects []string, refused *error) error {
	now := store.Now()
	for _, sub := range subjects {
		if _, err := tx.Exec(ctx, "INSERT INTO login_failures (subject, at) VALUES (?, ?)", sub, now); err != nil {
			return err
		}
	}
	if attempts+1 >= maxCodeAttempts {
		*refused = errTooManyCodes
		_, err := tx.Exec(ctx, "DELETE FROM signin_challenges WHERE token_hash = ?", hashToken(challenge))
		return err
	}
	*refused = errWrongCode
	_, err := tx.Exec(ctx, "UPDATE signin_challenges SET attempts = attempts + 1 WHERE token_hash = ?", hashToken(challenge))
	return err
}
