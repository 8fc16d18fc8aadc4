package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// TestAuditCheckpointCatchesACutTail is the operator's journey: make a key,
// take a signed checkpoint, and later find that the newest entries were
// removed and the head moved back — which `audit verify` alone cannot see.
func TestAuditCheckpointCatchesACutTail(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		checkCutTail(t, []string{"--data", dir}, func() (*store.DB, error) { return store.Open(context.Background(), "", dir) })
	})
	t.Run("postgres", func(t *testing.T) {
		u := storetest.PostgresURL(t)
		checkCutTail(t, []string{"--database", u}, func() (*store.DB, error) { return store.Open(context.Background(), u, "") })
	})
}

func checkCutTail(t *testing.T, where []string, open func() (*store.DB, error)) {
	args := func(a ...string) []string { return append(a, where...) }
	if code, _, stderr := run(t, "", args("migrate")...); code != 0 {
		t.Fatal(stderr)
	}
	keys := t.TempDir()
	key := filepath.Join(keys, "audit.pem")
	if code, out, stderr := run(t, "", "audit", "keygen", "--key", key); code != 0 || !strings.Contains(out, key+".pub") {
		t.Fatalf("keygen: %d %q %q", code, out, stderr)
	}
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("private key file: %v %v", fi, err)
	}
	code, _, stderr := run(t, "", "audit", "keygen", "--key", key)
	oneLineError(t, code, stderr, "already exists")

	for _, who := range []string{"a@example.org", "b@example.org"} {
		if code, _, stderr := run(t, "", args("user", "add", "--email", who, "--name", "X", "--role", "observer")...); code != 0 {
			t.Fatal(stderr)
		}
	}
	code, line, stderr := run(t, "", args("audit", "checkpoint", "--key", key)...)
	if code != 0 || !strings.HasPrefix(line, "roundtable-audit-checkpoint v1 seq=") || !strings.Contains(line, " sig=") {
		t.Fatalf("checkpoint: %d %q %q", code, line, stderr)
	}
	line = strings.TrimSpace(line)
	file := filepath.Join(keys, "checkpoints")
	os.WriteFile(file, []byte("# hourly\n"+line+"\n"), 0o600)

	for _, cp := range []string{line, file} {
		code, out, stderr := run(t, "", args("audit", "verify", "--checkpoint", cp, "--pubkey", key+".pub")...)
		if code != 0 || !strings.Contains(out, "1 checkpoint(s) hold") {
			t.Fatalf("verify with %q: %d %q %q", cp, code, out, stderr)
		}
	}
	// A checkpoint edited to an earlier entry no longer carries the key's
	// signature.
	forged := strings.Replace(line, "seq=", "seq=1", 1)
	code, _, stderr = run(t, "", args("audit", "verify", "--checkpoint", forged, "--pubkey", key+".pub")...)
	oneLineError(t, code, stderr, "signature does not match")

	// Remove the second user's entries past the triggers, move the head back.
	db, err := open()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	guards := []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"}
	if db.Dialect() == store.Postgres {
		guards = []string{"DROP TRIGGER audit_log_no_change ON audit_log"}
	}
	for _, q := range append(guards,
		"DELETE FROM audit_log WHERE seq >= (SELECT MIN(seq) FROM audit_log WHERE entity_id IN (SELECT CAST(id AS TEXT) FROM users WHERE email = 'b@example.org'))",
		"UPDATE audit_head SET seq = (SELECT MAX(seq) FROM audit_log), hash = (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) WHERE id = 1",
	) {
		if _, err := db.Reader().Exec(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()

	if code, out, stderr := run(t, "", args("audit", "verify")...); code != 0 {
		t.Fatalf("precondition: the cut trail holds by itself: %q %q", out, stderr)
	}
	code, _, stderr = run(t, "", args("audit", "verify", "--checkpoint", file, "--pubkey", key+".pub")...)
	oneLineError(t, code, stderr, "entries removed from the end")
	if !strings.Contains(stderr, "audit trail broken at entry ") {
		t.Fatalf("stderr %q does not name the first missing entry", stderr)
	}
}

func TestAuditCommandLineMistakes(t *testing.T) {
	code, _, stderr := run(t, "", "audit", "verify", "--pubkey", "x.pub")
	oneLineError(t, code, stderr, "give both")
	code, _, stderr = run(t, "", "audit", "verify", "--checkpoint", "roundtable-audit-checkpoint v1 seq=x")
	oneLineError(t, code, stderr, "not a checkpoint line")
	code, _, stderr = run(t, "", "audit", "keygen")
	oneLineError(t, code, stderr, "--key")
	if code, _, _ := run(t, "", "audit", "frobnicate"); code != 2 {
		t.Fatalf("unknown verb: exit %d", code)
	}
}
