package audit_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"roundtable/internal/audit"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

func record(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		err := db.Write(ctx, func(tx *store.Tx) error {
			return audit.Record(ctx, tx, audit.Event{
				Actor: audit.Actor{UserID: 0, Label: "system:test"}, Action: "thing.create",
				EntityType: "thing", EntityID: fmt.Sprint(i), Change: map[string]any{"n": i, "name": "é中"},
			})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// dropGuards removes the append-only triggers, as someone with direct
// database access could, so the test can tamper the way they would.
func dropGuards(t *testing.T, db *store.DB) {
	ctx := context.Background()
	stmts := []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"}
	if db.Dialect() == store.Postgres {
		stmts = []string{"DROP TRIGGER audit_log_no_change ON audit_log"}
	}
	for _, s := range stmts {
		if _, err := db.Reader().Exec(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, db *store.DB) audit.Report {
	t.Helper()
	rep, err := audit.Verify(context.Background(), db.Reader())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestIntactChainVerifies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		record(t, db, 5)
		rep := verify(t, db)
		if rep.Broken != nil || rep.Entries != 5 {
			t.Fatalf("intact chain: %+v %v", rep, rep.Broken)
		}
	})
}

func TestVerifyFindsTheFirstTamperedRow(t *testing.T) {
	cases := []struct {
		name    string
		tamper  string
		wantSeq int64
		reason  string
	}{
		{"altered action", "UPDATE audit_log SET action = 'thing.delete' WHERE seq = 3", 3, "altered"},
		{"altered digest", "UPDATE audit_log SET digest = 'ff' WHERE seq = 2", 2, "altered"},
		{"removed middle row", "DELETE FROM audit_log WHERE seq = 4", 4, "missing"},
		{"removed last row", "DELETE FROM audit_log WHERE seq = 6", 6, "missing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				record(t, db, 6)
				dropGuards(t, db)
				if _, err := db.Reader().Exec(context.Background(), c.tamper); err != nil {
					t.Fatal(err)
				}
				rep := verify(t, db)
				if rep.Broken == nil || rep.Broken.Seq != c.wantSeq || !strings.Contains(rep.Broken.Reason, c.reason) {
					t.Fatalf("after %q: broken = %v, want entry %d %s", c.tamper, rep.Broken, c.wantSeq, c.reason)
				}
			})
		})
	}
}

func TestAuditLogRefusesUpdates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		record(t, db, 1)
		if _, err := db.Reader().Exec(context.Background(), "UPDATE audit_log SET actor = 'x'"); err == nil {
			t.Fatal("audit_log accepted an UPDATE")
		}
		if _, err := db.Reader().Exec(context.Background(), "DELETE FROM audit_log"); err == nil {
			t.Fatal("audit_log accepted a DELETE")
		}
	})
}

func TestConcurrentAppendsKeepOneChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() { defer wg.Done(); record(t, db, 5) }()
		}
		wg.Wait()
		rep := verify(t, db)
		if rep.Broken != nil || rep.Entries != 20 {
			t.Fatalf("after concurrent appends: %d entries, broken %v", rep.Entries, rep.Broken)
		}
	})
}
