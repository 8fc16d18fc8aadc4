package cli

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// run runs the command line and returns its exit code, stdout and stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// oneLineError checks a failure is one line naming the problem.
func oneLineError(t *testing.T, code int, stderr, want string) {
	t.Helper()
	if code == 0 {
		t.Fatalf("exit code 0, want a failure mentioning %q", want)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "roundtable: ") || !strings.Contains(last, want) {
		t.Fatalf("stderr %q, want one line with %q", stderr, want)
	}
}

func TestMigrateUserAndAuditVerify(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := run(t, "", "migrate", "--data", dir)
	if code != 0 || !strings.Contains(out, "schema at version") {
		t.Fatalf("migrate: %d %q %q", code, out, stderr)
	}
	code, out, _ = run(t, "", "user", "add", "--data", dir, "--email", "sec@example.org", "--name", "Secretariat", "--role", "administrator")
	if code != 0 || !strings.Contains(out, "one-time password: ") {
		t.Fatalf("user add: %d %q", code, out)
	}
	code, _, stderr = run(t, "", "user", "add", "--data", dir, "--email", "d@example.org", "--name", "D", "--role", "delegate")
	oneLineError(t, code, stderr, "--delegation")
	code, _, _ = run(t, "my own password\n", "user", "set-password", "--data", dir, "--email", "SEC@example.org", "--password-stdin")
	if code != 0 {
		t.Fatal("set-password failed")
	}
	// The last administrator cannot step down; a second one lets the first.
	if code, _, stderr := run(t, "", "user", "set-role", "--data", dir, "--email", "sec@example.org", "--role", "chair"); code == 0 || !strings.Contains(stderr, "administrator") {
		t.Fatalf("the only administrator stepped down: %d %q", code, stderr)
	}
	run(t, "", "user", "add", "--data", dir, "--email", "sec2@example.org", "--name", "Second", "--role", "administrator")
	code, out, _ = run(t, "", "user", "set-role", "--data", dir, "--email", "sec@example.org", "--role", "chair")
	if code != 0 || !strings.Contains(out, "now chair") {
		t.Fatalf("set-role: %q", out)
	}
	code, out, _ = run(t, "", "user", "list", "--data", dir)
	if code != 0 || !strings.Contains(out, "sec@example.org") || !strings.Contains(out, "chair") {
		t.Fatalf("list: %q", out)
	}
	code, out, _ = run(t, "", "audit", "verify", "--data", dir)
	if code != 0 || !strings.Contains(out, "intact") {
		t.Fatalf("verify: %d %q", code, out)
	}

	// Someone edits the trail by hand, past the triggers.
	db, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET actor = 'someone else' WHERE seq = 2"} {
		if _, err := db.Reader().Exec(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	code, _, stderr = run(t, "", "audit", "verify", "--data", dir)
	oneLineError(t, code, stderr, "broken at entry 2")
}

func TestAuditVerifyOnPostgres(t *testing.T) {
	u := storetest.PostgresURL(t)
	if code, _, stderr := run(t, "", "migrate", "--database", u); code != 0 {
		t.Fatal(stderr)
	}
	run(t, "", "user", "add", "--database", u, "--email", "a@example.org", "--name", "A", "--role", "observer")
	db, err := store.Open(context.Background(), u, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"DROP TRIGGER audit_log_no_change ON audit_log", "UPDATE audit_log SET entity_id = '99' WHERE seq = 2"} {
		if _, err := db.Reader().Exec(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := run(t, "", "audit", "verify", "--database", u)
	oneLineError(t, code, stderr, "broken at entry 2")
}

func TestBadStartupInput(t *testing.T) {
	t.Run("wrong database URL", func(t *testing.T) {
		code, _, stderr := run(t, "", "serve", "--addr", "127.0.0.1:0", "--database", "postgres://u:hunter2@127.0.0.1:1/x?connect_timeout=2")
		oneLineError(t, code, stderr, "cannot connect")
		if strings.Contains(stderr, "hunter2") {
			t.Fatal("the password was printed")
		}
	})
	t.Run("not a database URL", func(t *testing.T) {
		code, _, stderr := run(t, "", "migrate", "--database", "mysql://x")
		oneLineError(t, code, stderr, "must be empty")
	})
	t.Run("data folder is a file", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "file")
		os.WriteFile(f, []byte("x"), 0o600)
		code, _, stderr := run(t, "", "serve", "--addr", "127.0.0.1:0", "--data", f)
		oneLineError(t, code, stderr, "is a file, not a folder")
	})
	t.Run("corrupt SQLite file", func(t *testing.T) {
		dir := t.TempDir()
		junk := bytes.Repeat([]byte("garbage!"), 1000)
		os.WriteFile(filepath.Join(dir, store.SQLiteFile), junk, 0o600)
		code, _, stderr := run(t, "", "serve", "--addr", "127.0.0.1:0", "--data", dir, "--demo")
		oneLineError(t, code, stderr, "not a valid SQLite database")
		if after, _ := os.ReadFile(filepath.Join(dir, store.SQLiteFile)); !bytes.Equal(after, junk) {
			t.Fatal("the corrupt file was overwritten")
		}
	})
	t.Run("port in use", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		dir := t.TempDir()
		code, _, stderr := run(t, "", "serve", "--addr", ln.Addr().String(), "--data", dir, "--demo")
		oneLineError(t, code, stderr, "already in use")
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Fatalf("a failed start wrote %d files", len(entries))
		}
	})
	t.Run("schema behind", func(t *testing.T) {
		// A database whose schema lags the binary is someone's data: serve
		// migrates it only when told to. (A new, empty one it sets up.)
		dir := t.TempDir()
		if code, _, stderr := run(t, "", "migrate", "--data", dir); code != 0 {
			t.Fatalf("migrate: %s", stderr)
		}
		db, err := store.Open(context.Background(), "", dir)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Write(context.Background(), func(tx *store.Tx) error {
			_, err := tx.Exec(context.Background(), "DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)")
			return err
		})
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		code, _, stderr := run(t, "", "serve", "--addr", "127.0.0.1:0", "--data", dir)
		oneLineError(t, code, stderr, "roundtable migrate")
	})
	t.Run("unknown command", func(t *testing.T) {
		if code, _, _ := run(t, "", "frobnicate"); code != 2 {
			t.Fatalf("exit %d", code)
		}
	})
	t.Run("bad flag value", func(t *testing.T) {
		code, _, stderr := run(t, "", "config", "--log-format", "xml")
		oneLineError(t, code, stderr, "--log-format")
	})
}

func TestConfigRedactsSecrets(t *testing.T) {
	t.Setenv("ROUNDTABLE_DATABASE", "postgres://app:s3cret@db.internal:5432/rt")
	code, out, _ := run(t, "", "config")
	if code != 0 || strings.Contains(out, "s3cret") || !strings.Contains(out, "db.internal") {
		t.Fatalf("config: %q", out)
	}
	f := filepath.Join(t.TempDir(), "addr")
	os.WriteFile(f, []byte("127.0.0.1:9999\n"), 0o600)
	t.Setenv("ROUNDTABLE_ADDR_FILE", f)
	_, out, _ = run(t, "", "config")
	if !strings.Contains(out, "127.0.0.1:9999") {
		t.Fatalf("_FILE variable ignored: %q", out)
	}
	_, out, _ = run(t, "", "config", "--addr", "127.0.0.1:7777")
	if !strings.Contains(out, "127.0.0.1:7777") {
		t.Fatalf("flag does not win over environment: %q", out)
	}
}

func TestSearchRebuild(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := run(t, "", "migrate", "--data", dir); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := run(t, "", "search", "rebuild", "--data", dir)
	// The Declaration: 30 articles, each one document with its five
	// languages.
	if code != 0 || !strings.Contains(out, "30 documents") {
		t.Fatalf("search rebuild: %d %q %q", code, out, stderr)
	}
}

func TestBackupAndVersion(t *testing.T) {
	dir := t.TempDir()
	run(t, "", "migrate", "--data", dir)
	dest := filepath.Join(t.TempDir(), "copy.db")
	code, out, stderr := run(t, "", "backup", "--data", dir, "--out", dest)
	if code != 0 || !strings.Contains(out, dest) {
		t.Fatalf("backup: %d %q %q", code, out, stderr)
	}
	code, _, stderr = run(t, "", "backup", "--data", dir, "--out", dest)
	oneLineError(t, code, stderr, "already exists")
	ms, _ := store.Migrations(store.SQLite)
	code, out, _ = run(t, "", "version")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("schema version %d", len(ms))) {
		t.Fatalf("version: %q", out)
	}
}
