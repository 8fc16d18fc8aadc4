package account_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/errs"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// fastHasher keeps tests quick; the format and code path are the same.
var fastHasher = account.Hasher{Memory: 64, Time: 1, Threads: 1}

func newService(t *testing.T, db *store.DB) *account.Service {
	t.Helper()
	set, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := country.Sync(context.Background(), db, set); err != nil {
		t.Fatal(err)
	}
	s, err := account.NewService(db, fastHasher)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var sys = audit.System("test")

func TestCreateValidates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(t, db)
		ctx := context.Background()
		good := account.NewUser{Email: "Ana@Example.org", DisplayName: "Ana", Role: account.Delegate, Delegation: "bra", Password: "correct horse battery"}
		u, err := s.Create(ctx, sys, good)
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "ana@example.org" || u.Delegation != "BRA" {
			t.Fatalf("stored as %q / %q", u.Email, u.Delegation)
		}
		cases := []struct {
			name  string
			edit  func(n *account.NewUser)
			code  string
			field string
		}{
			{"duplicate e-mail", func(n *account.NewUser) {}, "email_taken", "email"},
			{"bad e-mail", func(n *account.NewUser) { n.Email = "not an address" }, "invalid_email", "email"},
			{"short password", func(n *account.NewUser) { n.Email = "b@example.org"; n.Password = "short" }, "password_too_short", "password"},
			{"unknown role", func(n *account.NewUser) { n.Email = "b@example.org"; n.Role = "king" }, "invalid_role", "role"},
			{"delegate without delegation", func(n *account.NewUser) { n.Email = "b@example.org"; n.Delegation = "" }, "invalid_delegation", "delegation"},
			{"observer with delegation", func(n *account.NewUser) { n.Email = "b@example.org"; n.Role = account.Observer }, "invalid_delegation", "delegation"},
			{"unknown country", func(n *account.NewUser) { n.Email = "b@example.org"; n.Delegation = "XYZ" }, "invalid_delegation", "delegation"},
			{"unknown language", func(n *account.NewUser) { n.Email = "b@example.org"; n.Language = "de" }, "invalid_language", "language"},
		}
		for _, c := range cases {
			n := good
			c.edit(&n)
			_, err := s.Create(ctx, sys, n)
			e := errs.As(err)
			if e.Code != c.code || e.Field != c.field {
				t.Errorf("%s: got %v, want %s on %s", c.name, err, c.code, c.field)
			}
		}
		_, total, err := s.List(ctx, 10, 0)
		if err != nil || total != 1 {
			t.Fatalf("after failed creates: %d users, %v", total, err)
		}
	})
}

func TestSignInSessionsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(t, db)
		ctx := context.Background()
		u, err := s.Create(ctx, sys, account.NewUser{Email: "chair@example.org", DisplayName: "Chair", Role: account.Chair, Password: "a long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		_, _, errWrong := s.SignIn(ctx, "chair@example.org", "wrong password!!", "1.2.3.4")
		_, _, errUnknown := s.SignIn(ctx, "nobody@example.org", "wrong password!!", "1.2.3.4")
		if errs.As(errWrong).Code != "invalid_credentials" || errs.As(errUnknown).Code != errs.As(errWrong).Code {
			t.Fatalf("wrong password %v and unknown user %v must look the same", errWrong, errUnknown)
		}
		_, tok, err := s.SignIn(ctx, "CHAIR@example.org", "a long enough password", "1.2.3.4")
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.SessionUser(ctx, tok)
		if err != nil || got.ID != u.ID {
			t.Fatalf("SessionUser = %v, %v", got, err)
		}
		_, tok2, _ := s.SignIn(ctx, "chair@example.org", "a long enough password", "5.6.7.8")
		if err := s.SignOutEverywhere(ctx, u); err != nil {
			t.Fatal(err)
		}
		for _, tk := range []string{tok, tok2} {
			if _, err := s.SessionUser(ctx, tk); !errs.Is(err, errs.Unauthenticated) {
				t.Fatalf("session survived sign-out everywhere: %v", err)
			}
		}
		tkn, secret, err := s.CreateToken(ctx, u, "ci")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.TokenUser(ctx, secret); err != nil || got.ID != u.ID {
			t.Fatalf("TokenUser = %v, %v", got, err)
		}
		var stored int
		db.Reader().QueryRow(ctx, "SELECT count(*) FROM api_tokens WHERE token_hash = ?", secret).Scan(&stored)
		if stored != 0 {
			t.Fatal("token stored in clear")
		}
		list, _ := s.Tokens(ctx, u)
		if len(list) != 1 || list[0].LastUsedAt == nil {
			t.Fatalf("tokens listed: %+v", list)
		}
		if err := s.RevokeToken(ctx, u, tkn.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, secret); !errs.Is(err, errs.Unauthenticated) {
			t.Fatal("revoked token still works")
		}
		rep, err := audit.Verify(ctx, db.Reader())
		if err != nil || rep.Broken != nil || rep.Entries < 6 {
			t.Fatalf("audit after account actions: %+v %v", rep, err)
		}
	})
}

func TestThrottleGrowsThenLocks(t *testing.T) {
	if account.ThrottleDelay(4) != 0 || account.ThrottleDelay(5) == 0 {
		t.Fatal("the first failures must be free and the fifth slowed")
	}
	if account.ThrottleDelay(7) <= account.ThrottleDelay(6) || account.ThrottleDelay(40) > 8*time.Second {
		t.Fatal("delay must grow and stay bounded")
	}
}

func TestPasswordChange(t *testing.T) {
	db := storetest.SQLite(t)
	s := newService(t, db)
	ctx := context.Background()
	u, _ := s.Create(ctx, sys, account.NewUser{Email: "o@example.org", DisplayName: "O", Role: account.Observer, Password: "first password!"})
	if err := s.ChangePassword(ctx, u, "not the password", "second password!"); errs.As(err).Code != "wrong_password" {
		t.Fatalf("wrong current password: %v", err)
	}
	if err := s.ChangePassword(ctx, u, "first password!", "second password!"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SignIn(ctx, "o@example.org", "second password!", "x"); err != nil {
		t.Fatal(err)
	}
}

// A disabled account is signed out everywhere, loses its API tokens, and
// cannot sign in again until enabled; nobody can disable their own.
func TestDisabledAccountsCannotSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(t, db)
		admin, err := s.Create(ctx, sys, account.NewUser{Email: "sec@example.org", DisplayName: "Sec", Role: account.Administrator, Password: "a password long enough"})
		if err != nil {
			t.Fatal(err)
		}
		u, err := s.Create(ctx, sys, account.NewUser{Email: "obs@example.org", DisplayName: "Obs", Role: account.Observer, Password: "a password long enough"})
		if err != nil {
			t.Fatal(err)
		}
		_, session, err := s.SignIn(ctx, "obs@example.org", "a password long enough", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		_, secret, err := s.CreateToken(ctx, u, "script")
		if err != nil {
			t.Fatal(err)
		}

		yes, no := true, false
		if _, err := s.Update(ctx, admin.Actor(), admin.ID, account.Patch{Disabled: &yes}); errs.As(err).Code != "cannot_disable_self" {
			t.Fatalf("disabling oneself: %v", err)
		}
		got, err := s.Update(ctx, admin.Actor(), u.ID, account.Patch{Disabled: &yes})
		if err != nil || !got.Disabled {
			t.Fatalf("disable: %+v, %v", got, err)
		}
		if again, _ := s.Get(ctx, u.ID); !again.Disabled {
			t.Fatal("Get does not say disabled")
		}
		if _, err := s.SessionUser(ctx, session); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("session of a disabled account: %v", err)
		}
		if _, err := s.TokenUser(ctx, secret); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("token of a disabled account: %v", err)
		}
		if _, _, err := s.SignIn(ctx, "obs@example.org", "a password long enough", "192.0.2.1"); errs.As(err).Code != "account_disabled" {
			t.Errorf("sign-in with the right password: %v", err)
		}
		if _, _, err := s.SignIn(ctx, "obs@example.org", "a wrong password here", "192.0.2.1"); errs.As(err).Code != "invalid_credentials" {
			t.Errorf("sign-in with a wrong password: %v", err)
		}
		var audited int
		db.Reader().QueryRow(ctx, "SELECT count(*) FROM audit_log WHERE action = 'user.update' AND entity_id = ?", strconv.FormatInt(u.ID, 10)).Scan(&audited)
		if audited != 1 {
			t.Errorf("%d audit entries for disabling", audited)
		}

		if got, err := s.Update(ctx, admin.Actor(), u.ID, account.Patch{Disabled: &no}); err != nil || got.Disabled {
			t.Fatalf("enable: %+v, %v", got, err)
		}
		if _, _, err := s.SignIn(ctx, "obs@example.org", "a password long enough", "192.0.2.1"); err != nil {
			t.Errorf("sign-in after enabling: %v", err)
		}
		if _, err := s.TokenUser(ctx, secret); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("a token revoked by disabling works again after enabling")
		}
	})
}
