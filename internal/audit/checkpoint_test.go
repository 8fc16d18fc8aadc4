package audit_test

import (
	"context"
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"roundtable/internal/audit"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

func checkpoint(t *testing.T, db *store.DB) audit.Checkpoint {
	t.Helper()
	c, err := audit.TakeCheckpoint(context.Background(), db.Reader())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// cutTail does what someone with write access to the database can: remove
// the newest entries past the triggers and move the head back to the last
// one kept, leaving a chain that holds by itself.
func cutTail(t *testing.T, db *store.DB, keep int64) {
	t.Helper()
	dropGuards(t, db)
	ctx := context.Background()
	for _, q := range []string{
		"DELETE FROM audit_log WHERE seq > ?",
		"UPDATE audit_head SET seq = ?, hash = (SELECT hash FROM audit_log WHERE seq = ?) WHERE id = 1",
	} {
		args := []any{keep}
		if strings.Count(q, "?") == 2 {
			args = append(args, keep)
		}
		if _, err := db.Reader().Exec(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
}

func verifyWith(t *testing.T, db *store.DB, cps ...audit.Checkpoint) audit.Report {
	t.Helper()
	rep, err := audit.Verify(context.Background(), db.Reader(), cps...)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestCheckpointCatchesARemovedTail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		record(t, db, 6)
		cp := checkpoint(t, db)
		if cp.Seq != 6 {
			t.Fatalf("checkpoint of a 6-entry trail pins entry %d", cp.Seq)
		}
		if rep := verifyWith(t, db, cp); rep.Broken != nil {
			t.Fatalf("untouched trail fails its own checkpoint: %v", rep.Broken)
		}
		record(t, db, 2) // the trail goes on after the checkpoint
		if rep := verifyWith(t, db, cp); rep.Broken != nil || rep.Entries != 8 {
			t.Fatalf("a trail that grew fails an older checkpoint: %d entries, %v", rep.Entries, rep.Broken)
		}

		cutTail(t, db, 4)
		// The chain alone cannot tell: this is what the checkpoint is for.
		if rep := verifyWith(t, db); rep.Broken != nil {
			t.Fatalf("precondition: the cut trail should hold by itself, got %v", rep.Broken)
		}
		rep := verifyWith(t, db, cp)
		if rep.Broken == nil {
			t.Fatal("a trail cut back to entry 4 passes a checkpoint of entry 6")
		}
		want := "missing: the checkpoint taken at " + cp.At.Format(time.RFC3339) + " pins entry 6 but the trail ends at entry 4 (entries removed from the end)"
		if rep.Broken.Seq != 5 || rep.Broken.Reason != want {
			t.Fatalf("broken = %v, want entry 5: %s", rep.Broken, want)
		}
	})
}

func TestCheckpointCatchesARewrittenTail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		record(t, db, 3)
		early := checkpoint(t, db)
		record(t, db, 3)
		cp := checkpoint(t, db)
		// Replace entries 5 and 6 with others, chained properly: removing
		// them, moving the head back and appending through Record, as
		// someone with database access and this program could.
		cutTail(t, db, 4)
		ctx := context.Background()
		for i := 0; i < 2; i++ {
			err := db.Write(ctx, func(tx *store.Tx) error {
				return audit.Record(ctx, tx, audit.Event{Actor: audit.System("test"), Action: "thing.other", EntityType: "thing", EntityID: "x", Change: i})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if rep := verifyWith(t, db); rep.Broken != nil || rep.Entries != 6 {
			t.Fatalf("precondition: the rewritten trail should hold by itself, got %d entries, %v", rep.Entries, rep.Broken)
		}
		if rep := verifyWith(t, db, early); rep.Broken != nil {
			t.Fatalf("entries 1 to 3 were kept, yet their checkpoint fails: %v", rep.Broken)
		}
		rep := verifyWith(t, db, early, cp)
		if rep.Broken == nil || rep.Broken.Seq != 6 || !strings.HasPrefix(rep.Broken.Reason, "differs from the checkpoint taken at ") {
			t.Fatalf("rewritten entries 5 and 6 against a checkpoint of 6: broken = %v", rep.Broken)
		}
	})
}

func TestNoCheckpointOfABrokenTrail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := audit.TakeCheckpoint(context.Background(), db.Reader()); err == nil || !strings.Contains(err.Error(), "empty") {
			t.Fatalf("checkpoint of an empty trail: %v", err)
		}
		record(t, db, 3)
		dropGuards(t, db)
		if _, err := db.Reader().Exec(context.Background(), "UPDATE audit_log SET actor = 'x' WHERE seq = 2"); err != nil {
			t.Fatal(err)
		}
		_, err := audit.TakeCheckpoint(context.Background(), db.Reader())
		if err == nil || !strings.Contains(err.Error(), "broken at entry 2") {
			t.Fatalf("checkpoint of an altered trail: %v", err)
		}
	})
}

func TestCheckpointLines(t *testing.T) {
	const hash = "506dd503d9b398cee85832fddcf133b52ca23b654a7083691d8b62bb11927de8"
	const line = "roundtable-audit-checkpoint v1 seq=17 hash=" + hash + " at=2026-12-05T12:00:00Z"
	c, err := audit.ParseCheckpoint(line)
	if err != nil {
		t.Fatal(err)
	}
	if c.Seq != 17 || c.Hash != hash || !c.At.Equal(time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)) || c.Sig != nil {
		t.Fatalf("parsed %+v", c)
	}
	if c.String() != line {
		t.Fatalf("round trip: %q", c.String())
	}
	for _, bad := range []string{
		"",
		"roundtable-audit-checkpoint v2 seq=17 hash=" + hash + " at=2026-12-05T12:00:00Z",
		"roundtable-audit-checkpoint v1 seq=0 hash=" + hash + " at=2026-12-05T12:00:00Z",
		"roundtable-audit-checkpoint v1 seq=017 hash=" + hash + " at=2026-12-05T12:00:00Z",
		"roundtable-audit-checkpoint v1 seq=17 hash=" + hash[:62] + " at=2026-12-05T12:00:00Z",
		"roundtable-audit-checkpoint v1 seq=17 hash=" + strings.ToUpper(hash) + " at=2026-12-05T12:00:00Z",
		"roundtable-audit-checkpoint v1 seq=17 hash=" + hash + " at=2026-12-05T13:00:00+01:00",
		"roundtable-audit-checkpoint v1 hash=" + hash + " seq=17 at=2026-12-05T12:00:00Z",
		line + " sig=AAAA",
		line + " extra=1",
	} {
		if _, err := audit.ParseCheckpoint(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
	cps, err := audit.ParseCheckpoints("# taken hourly\n" + line + "\n\n" + strings.Replace(line, "seq=17", "seq=18", 1) + "\n")
	if err != nil || len(cps) != 2 || cps[1].Seq != 18 {
		t.Fatalf("file of checkpoints: %v %v", cps, err)
	}
	if _, err := audit.ParseCheckpoints(line + "\nnonsense\n"); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("a bad line in a file: %v", err)
	}
}

func TestSignedCheckpoints(t *testing.T) {
	// A fixed seed, so the test needs no randomness; any key would do.
	priv := ed25519.NewKeyFromSeed([]byte("0123456789abcdef0123456789abcdef"))
	pub := priv.Public().(ed25519.PublicKey)
	other := ed25519.NewKeyFromSeed([]byte("fedcba9876543210fedcba9876543210")).Public().(ed25519.PublicKey)

	c := audit.Checkpoint{Seq: 17, Hash: strings.Repeat("ab", 32), At: time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)}
	if err := c.CheckSignature(pub); err == nil || !strings.Contains(err.Error(), "not signed") {
		t.Fatalf("unsigned checkpoint: %v", err)
	}
	signed, err := audit.ParseCheckpoint(c.Sign(priv).String())
	if err != nil {
		t.Fatal(err)
	}
	if err := signed.CheckSignature(pub); err != nil {
		t.Fatalf("own signature refused: %v", err)
	}
	if err := signed.CheckSignature(other); err == nil {
		t.Fatal("signature accepted under another key")
	}
	// Moving a signed checkpoint back to an earlier entry (to excuse a cut
	// tail) breaks its signature.
	moved := signed
	moved.Seq = 16
	if err := moved.CheckSignature(pub); err == nil {
		t.Fatal("altered checkpoint kept its signature")
	}

	privPEM, pubPEM, err := audit.MarshalKeys(pub, priv)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := audit.ParsePrivateKey(privPEM)
	if err != nil || !p2.Equal(priv) {
		t.Fatalf("private key round trip: %v", err)
	}
	pub2, err := audit.ParsePublicKey(pubPEM)
	if err != nil || !pub2.Equal(pub) {
		t.Fatalf("public key round trip: %v", err)
	}
	if _, err := audit.ParsePublicKey(privPEM); err == nil {
		t.Fatal("a private key read as a public one")
	}
}
