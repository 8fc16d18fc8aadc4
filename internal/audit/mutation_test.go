package audit_test

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"roundtable/internal/audit"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// These tests close gaps mutation testing found (docs/reliability.md,
// "Mutation testing"): each fails on a mutant the other tests let live.

// An entry made by a signed-in user keeps the user's id, and the system's
// entries have none; both verify.
func TestEntriesKeepTheirActor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.Write(ctx, func(tx *store.Tx) error {
			if err := audit.Record(ctx, tx, audit.Event{Actor: audit.Actor{UserID: 42, Label: "user:42"},
				Action: "thing.create", EntityType: "thing", EntityID: "1", Change: map[string]any{"n": 1}}); err != nil {
				return err
			}
			return audit.Record(ctx, tx, audit.Event{Actor: audit.System("test"),
				Action: "thing.delete", EntityType: "thing", EntityID: "1", Change: map[string]any{}})
		})
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]sql.NullInt64{1: {Int64: 42, Valid: true}, 2: {}}
		for seq, w := range want {
			var got sql.NullInt64
			if err := db.Reader().QueryRow(ctx, "SELECT actor_id FROM audit_log WHERE seq = ?", seq).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != w {
				t.Errorf("entry %d: actor_id %+v, want %+v", seq, got, w)
			}
		}
		if rep := verify(t, db); rep.Broken != nil || rep.Entries != 2 {
			t.Fatalf("chain with a user's entry: %+v %v", rep, rep.Broken)
		}
	})
}

// The first entry can be pinned, and a hash must be exactly 64 hex digits:
// hex decoding of 65 digits yields 32 bytes and an error, which alone
// must refuse the line.
func TestCheckpointLineEdges(t *testing.T) {
	const hash = "506dd503d9b398cee85832fddcf133b52ca23b654a7083691d8b62bb11927de8"
	const first = "roundtable-audit-checkpoint v1 seq=1 hash=" + hash + " at=2026-12-05T12:00:00Z"
	c, err := audit.ParseCheckpoint(first)
	if err != nil || c.Seq != 1 {
		t.Fatalf("checkpoint of the first entry: %+v %v", c, err)
	}
	for _, bad := range []string{
		"roundtable-audit-checkpoint v1 seq=1 hash=" + hash + "0 at=2026-12-05T12:00:00Z",
		"roundtable-audit-checkpoint v1 seq=1 hash=" + hash + "g at=2026-12-05T12:00:00Z",
		// A signature of the right length is still refused without its key.
		first + " " + base64.StdEncoding.EncodeToString(make([]byte, 64)),
	} {
		if _, err := audit.ParseCheckpoint(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

// Events appended together get consecutive numbers in their order.
func TestRecordAllNumbersInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		record(t, db, 1)
		var evs []audit.Event
		for _, id := range []string{"a", "b", "c"} {
			evs = append(evs, audit.Event{Actor: audit.System("test"), Action: "thing.create",
				EntityType: "thing", EntityID: id, Change: map[string]any{"id": id}})
		}
		if err := db.Write(ctx, func(tx *store.Tx) error { return audit.RecordAll(ctx, tx, evs) }); err != nil {
			t.Fatal(err)
		}
		rows, err := db.Reader().Query(ctx, "SELECT seq, entity_id FROM audit_log ORDER BY seq")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var seq int64
			var id string
			if err := rows.Scan(&seq, &id); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprint(seq, ":", id))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if want := "[1:0 2:a 3:b 4:c]"; fmt.Sprint(got) != want {
			t.Fatalf("entries %v, want %s", got, want)
		}
		if rep := verify(t, db); rep.Broken != nil || rep.Entries != 4 {
			t.Fatalf("chain: %+v %v", rep, rep.Broken)
		}
	})
}

// A key file that is not PEM, or holds the other key, is refused with an
// error (not a crash).
func TestParseKeysRefuseOtherFiles(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	privPEM, pubPEM, err := audit.MarshalKeys(pub, priv)
	if err != nil {
		t.Fatal(err)
	}
	if k, err := audit.ParsePublicKey(pubPEM); err != nil || !k.Equal(pub) {
		t.Fatalf("public key: %v", err)
	}
	for name, b := range map[string][]byte{"not PEM": []byte("ssh-ed25519 AAAA"), "private key": privPEM} {
		if _, err := audit.ParsePublicKey(b); err == nil {
			t.Errorf("%s accepted as a public key", name)
		}
	}
	for name, b := range map[string][]byte{"not PEM": []byte("-----BEGIN"), "public key": pubPEM} {
		if _, err := audit.ParsePrivateKey(b); err == nil {
			t.Errorf("%s accepted as a private key", name)
		}
	}
}

// Of several checkpoints beyond a cut tail, the break names the furthest
// one, whatever their order.
func TestRemovedTailNamesTheFurthestCheckpoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		record(t, db, 3)
		cp3 := checkpoint(t, db)
		record(t, db, 2)
		cp5 := checkpoint(t, db)
		record(t, db, 1)
		cp6 := checkpoint(t, db)
		cutTail(t, db, 2)
		rep := verifyWith(t, db, cp5, cp6, cp3)
		want := "missing: the checkpoint taken at " + cp6.At.Format(time.RFC3339) + " pins entry 6 but the trail ends at entry 2 (entries removed from the end)"
		if rep.Broken == nil || rep.Broken.Seq != 3 || rep.Broken.Reason != want {
			t.Fatalf("broken = %v, want entry 3: %s", rep.Broken, want)
		}
	})
}

// A head whose hash alone differs from the last entry's is a break: the
// chain's end was rewritten.
func TestHeadHashMustMatchTheLastEntry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		record(t, db, 3)
		if _, err := db.Reader().Exec(context.Background(), "UPDATE audit_head SET hash = ? WHERE id = 1",
			"0000000000000000000000000000000000000000000000000000000000000000"); err != nil {
			t.Fatal(err)
		}
		rep := verify(t, db)
		if rep.Broken == nil || rep.Broken.Seq != 4 {
			t.Fatalf("head with another hash: broken = %v, want entry 4", rep.Broken)
		}
	})
}
