package account_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// totpCode is an authenticator app: the six-digit TOTP code of a base32
// secret at t (RFC 6238 with SHA-1), written apart from the service's.
func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		t.Fatal(err)
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(at.Unix()/30))
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	o := sum[19] & 15
	return fmt.Sprintf("%06d", (binary.BigEndian.Uint32(sum[o:])&0x7fffffff)%1_000_000)
}

func TestTheAuthenticatorOfTheseTestsAgreesWithTheRFC(t *testing.T) {
	// RFC 6238 appendix B, SHA-1 at 59 s: 94287082, of which six digits.
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	if got := totpCode(t, secret, time.Unix(59, 0)); got != "287082" {
		t.Fatalf("test authenticator says %s", got)
	}
}

// wrongCode is a code no step near now has.
func wrongCode(t *testing.T, secret string) string {
	now := time.Now()
	near := map[string]bool{}
	for _, d := range []time.Duration{-60, -30, 0, 30, 60} {
		near[totpCode(t, secret, now.Add(d*time.Second))] = true
	}
	for n := 0; ; n++ {
		c := fmt.Sprintf("%06d", n)
		if !near[c] {
			return c
		}
	}
}

func TestAnAdministratorsPasswordIsOneTime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(t, db)
		ctx := context.Background()
		u, pw, err := s.CreateWithOneTimePassword(ctx, sys, account.NewUser{Email: "new@example.org", DisplayName: "New", Role: account.Observer})
		if err != nil {
			t.Fatal(err)
		}
		if len(pw) != 16 || !u.MustChangePassword {
			t.Fatalf("password %q, must change %v", pw, u.MustChangePassword)
		}
		u, _, err = s.SignIn(ctx, "new@example.org", pw, "192.0.2.1")
		if err != nil || !u.MustChangePassword {
			t.Fatalf("first sign-in: %v, must change %v", err, u.MustChangePassword)
		}
		if _, _, err := s.CreateToken(ctx, u, "before"); errs.As(err).Code != "password_change_required" {
			t.Fatalf("token with a one-time password: %v", err)
		}
		if err := s.ReplaceOneTimePassword(ctx, u, pw); errs.As(err).Code != "same_password" {
			t.Fatalf("the same password again: %v", err)
		}
		if err := s.ReplaceOneTimePassword(ctx, u, "my very own password"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SignIn(ctx, "new@example.org", pw, "192.0.2.1"); errs.As(err).Code != "invalid_credentials" {
			t.Fatalf("the one-time password still signs in: %v", err)
		}
		u, _, err = s.SignIn(ctx, "new@example.org", "my very own password", "192.0.2.1")
		if err != nil || u.MustChangePassword {
			t.Fatalf("own password: %v, must change %v", err, u.MustChangePassword)
		}
		if _, _, err := s.CreateToken(ctx, u, "after"); err != nil {
			t.Fatal(err)
		}
		if err := s.ReplaceOneTimePassword(ctx, u, "yet another password"); errs.As(err).Code != "no_one_time_password" {
			t.Fatalf("a second 'first' change: %v", err)
		}
		// A reset by the secretariat is one-time again, and ends sessions.
		pw2, err := s.IssuePassword(ctx, sys, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if u, _ := s.Get(ctx, u.ID); !u.MustChangePassword || pw2 == pw {
			t.Fatalf("after a reset: must change %v", u.MustChangePassword)
		}
	})
}

func TestPasswordResetTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(t, db)
		ctx := context.Background()
		owner, err := s.Create(ctx, sys, account.NewUser{Email: "r@example.org", DisplayName: "R", Role: account.Observer, Password: "the forgotten one"})
		if err != nil {
			t.Fatal(err)
		}
		if u, tok, err := s.RequestPasswordReset(ctx, "nobody@example.org", "192.0.2.1"); err != nil || tok != "" || u.ID != 0 {
			t.Fatalf("unknown address: %v %q", err, tok)
		}
		_, session, err := s.SignIn(ctx, "r@example.org", "the forgotten one", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		u, tok, err := s.RequestPasswordReset(ctx, "R@Example.org", "192.0.2.1")
		if err != nil || tok == "" || u.ID != owner.ID {
			t.Fatalf("known address: %v %q %d", err, tok, u.ID)
		}
		var stored int
		if err := db.Reader().QueryRow(ctx, "SELECT count(*) FROM password_resets WHERE token_hash = ?", tok).Scan(&stored); err != nil || stored != 0 {
			t.Fatalf("the token is stored as it is (%d, %v)", stored, err)
		}
		var ttl float64
		var created, expires time.Time
		if err := db.Reader().QueryRow(ctx, "SELECT created_at, expires_at FROM password_resets WHERE user_id = ?", u.ID).Scan(&created, &expires); err != nil {
			t.Fatal(err)
		}
		if ttl = expires.Sub(created).Minutes(); ttl != 60 {
			t.Fatalf("a link lasts %v minutes", ttl)
		}
		if err := s.CheckResetToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ResetPassword(ctx, tok, "short"); errs.As(err).Code != "password_too_short" {
			t.Fatalf("short: %v", err)
		}
		if _, err := s.ResetPassword(ctx, tok, "a remembered password"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionUser(ctx, session); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("the old session survived the reset: %v", err)
		}
		if _, err := s.ResetPassword(ctx, tok, "a third password!"); errs.As(err).Code != "reset_link_invalid" {
			t.Fatalf("the link worked twice: %v", err)
		}
		if _, _, err := s.SignIn(ctx, "r@example.org", "a remembered password", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		// Three links an hour at most; a fourth request sends nothing.
		for i := range 3 {
			_, tok, err := s.RequestPasswordReset(ctx, "r@example.org", "192.0.2.1")
			if want := i < 2; err != nil || (tok != "") != want {
				t.Fatalf("request %d: %v, token %v", i+2, err, tok != "")
			}
		}
	})
}

func TestTwoFactorSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(t, db)
		ctx := context.Background()
		const pw = "the chair's password"
		chair, err := s.Create(ctx, sys, account.NewUser{Email: "chair@example.org", DisplayName: "C", Role: account.Chair, Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		obs, err := s.Create(ctx, sys, account.NewUser{Email: "obs@example.org", DisplayName: "O", Role: account.Observer, Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.BeginTwoFactor(ctx, obs); errs.As(err).Code != "two_factor_not_offered" {
			t.Fatalf("an observer is offered two-factor: %v", err)
		}
		en, err := s.BeginTwoFactor(ctx, chair)
		if err != nil {
			t.Fatal(err)
		}
		if len(en.Secret) != 32 || !strings.HasPrefix(en.URI, "otpauth://totp/Roundtable:chair@example.org?") || !strings.Contains(en.URI, "secret="+en.Secret) {
			t.Fatalf("enrolment %+v", en)
		}
		// Not on until a first code confirms it.
		if _, _, err := s.SignIn(ctx, "chair@example.org", pw, "192.0.2.1"); err != nil {
			t.Fatalf("sign-in before confirming: %v", err)
		}
		if err := s.ConfirmTwoFactor(ctx, chair, wrongCode(t, en.Secret)); errs.As(err).Code != "wrong_code" {
			t.Fatalf("confirmed by a wrong code: %v", err)
		}
		first := totpCode(t, en.Secret, time.Now())
		if err := s.ConfirmTwoFactor(ctx, chair, first[:3]+" "+first[3:]); err != nil {
			t.Fatal(err)
		}
		u, ticket, err := s.Authenticate(ctx, "chair@example.org", pw, "192.0.2.1")
		if err != nil || ticket.Session != "" || ticket.Challenge == "" || !u.TwoFactor {
			t.Fatalf("password alone: %v %+v", err, ticket)
		}
		if _, _, err := s.SignIn(ctx, "chair@example.org", pw, "192.0.2.1"); errs.As(err).Code != "second_factor_required" {
			t.Fatalf("SignIn past the second factor: %v", err)
		}
		// The code that confirmed the enrolment is spent.
		if _, _, err := s.AnswerChallenge(ctx, ticket.Challenge, first, "192.0.2.1"); errs.As(err).Code != "wrong_code" {
			t.Fatalf("a code accepted twice: %v", err)
		}
		// Five wrong codes (the replay above was one) end the challenge.
		bad := wrongCode(t, en.Secret)
		for i := 2; i <= 5; i++ {
			_, _, err := s.AnswerChallenge(ctx, ticket.Challenge, bad, "192.0.2.1")
			want := "wrong_code"
			if i == 5 {
				want = "too_many_codes"
			}
			if errs.As(err).Code != want {
				t.Fatalf("wrong code %d: %v, want %s", i, err, want)
			}
		}
		if _, _, err := s.AnswerChallenge(ctx, ticket.Challenge, totpCode(t, en.Secret, time.Now().Add(30*time.Second)), "192.0.2.1"); errs.As(err).Code != "challenge_expired" {
			t.Fatalf("a sixth try: %v", err)
		}
		// Signing in afresh with the next step's code works, once.
		_, ticket, err = s.Authenticate(ctx, "chair@example.org", pw, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		next := totpCode(t, en.Secret, time.Now().Add(30*time.Second))
		u, session, err := s.AnswerChallenge(ctx, ticket.Challenge, next, "192.0.2.1")
		if err != nil || session == "" || u.ID != chair.ID {
			t.Fatalf("right code: %v", err)
		}
		if _, err := s.SessionUser(ctx, session); err != nil {
			t.Fatal(err)
		}
		_, ticket, _ = s.Authenticate(ctx, "chair@example.org", pw, "192.0.2.1")
		if _, _, err := s.AnswerChallenge(ctx, ticket.Challenge, next, "192.0.2.1"); errs.As(err).Code != "wrong_code" {
			t.Fatalf("the same code twice: %v", err)
		}
		// Turning it off takes the password; the secretariat can too.
		if err := s.DisableTwoFactor(ctx, u, "not the password"); errs.As(err).Code != "wrong_password" {
			t.Fatalf("off without the password: %v", err)
		}
		if err := s.ResetTwoFactor(ctx, sys, chair.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SignIn(ctx, "chair@example.org", pw, "192.0.2.1"); err != nil {
			t.Fatalf("after the secretariat turned it off: %v", err)
		}
		if _, _, err := s.AnswerChallenge(ctx, ticket.Challenge, totpCode(t, en.Secret, time.Now()), "192.0.2.1"); errs.As(err).Code != "challenge_expired" {
			t.Fatalf("a challenge outlived two-factor: %v", err)
		}
	})
}
