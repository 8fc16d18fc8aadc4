package cli

import (
	"context"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/store"
)

// A password given on the command line, generated or typed, has been seen
// by whoever ran the command: it signs in once, to choose the user's own.
func TestCommandLinePasswordsAreOneTime(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := run(t, "", "migrate", "--data", dir); code != 0 {
		t.Fatal(stderr)
	}
	code, out, _ := run(t, "", "user", "add", "--data", dir, "--email", "gen@example.org", "--name", "G", "--role", "observer")
	if code != 0 || !strings.Contains(out, "one-time password: ") || !strings.Contains(out, "must choose a new one") {
		t.Fatalf("add: %d %q", code, out)
	}
	run(t, "a typed password here\n", "user", "add", "--data", dir, "--email", "typed@example.org", "--name", "T", "--role", "observer", "--password-stdin")
	run(t, "", "user", "add", "--data", dir, "--email", "reset@example.org", "--name", "R", "--role", "observer")
	ctx := context.Background()
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	// A user who chose their password, then had it set from the command line.
	u, _ := svc.GetByEmail(ctx, "reset@example.org")
	if err := svc.ReplaceOneTimePassword(ctx, u, "the user's own choice"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if code, _, stderr := run(t, "another typed one\n", "user", "set-password", "--data", dir, "--email", "reset@example.org", "--password-stdin"); code != 0 {
		t.Fatal(stderr)
	}
	db, err = store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc.DB = db
	for _, email := range []string{"gen@example.org", "typed@example.org", "reset@example.org"} {
		if u, err := svc.GetByEmail(ctx, email); err != nil || !u.MustChangePassword {
			t.Errorf("%s: one-time %v (%v)", email, u.MustChangePassword, err)
		}
	}
}
