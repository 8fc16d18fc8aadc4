package speakers_test

import (
	"context"
	"testing"

	"roundtable/internal/audit"
	"roundtable/internal/speakers"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// TestTimeLimit: the chair sets a speaking-time limit for the list; the
// board carries it with the warning span; a delegate may not set it; a
// negative or over-an-hour limit is refused; each change is audited (with
// what it replaced) and announced, and setting the same limit again is no
// change.
func TestTimeLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx, sid := context.Background(), f.session.ID
		if b := f.board(t); b.TimeLimit != 0 || b.WarnBefore != 0 {
			t.Fatalf("a new list has limit %d, warning %d; want none", b.TimeLimit, b.WarnBefore)
		}
		wantCode(t, f.svc.SetTimeLimit(ctx, f.bra, sid, 180), "forbidden")
		wantCode(t, f.svc.SetTimeLimit(ctx, nil, sid, 180), "unauthenticated")
		wantCode(t, f.svc.SetTimeLimit(ctx, f.chair, sid, -1), "invalid_time_limit")
		wantCode(t, f.svc.SetTimeLimit(ctx, f.chair, sid, 3601), "invalid_time_limit")

		for _, c := range []struct{ limit, warn int64 }{
			{180, 30},  // three minutes: the last 30 seconds
			{60, 15},   // a one-minute reply: its last quarter
			{90, 22},   // a quarter of 90, in whole seconds
			{3600, 30}, // the longest
			{180, 30},
		} {
			must(t, f.svc.SetTimeLimit(ctx, f.chair, sid, c.limit))
			if b := f.board(t); b.TimeLimit != c.limit || b.WarnBefore != c.warn {
				t.Fatalf("after setting %d s the board has limit %d, warning %d; want %d, %d", c.limit, b.TimeLimit, b.WarnBefore, c.limit, c.warn)
			}
		}
		must(t, f.svc.SetTimeLimit(ctx, f.admin, sid, 180)) // the same: no change
		must(t, f.svc.SetTimeLimit(ctx, f.admin, sid, 0))
		if b := f.board(t); b.TimeLimit != 0 || b.WarnBefore != 0 {
			t.Fatalf("after removing the limit: %d, %d", b.TimeLimit, b.WarnBefore)
		}

		var audited, live int
		var last string
		must(t, db.Reader().QueryRow(ctx, "SELECT count(*) FROM audit_log WHERE action = 'speakers.time_limit'").Scan(&audited))
		must(t, db.Reader().QueryRow(ctx, "SELECT count(*) FROM live_events WHERE channel = ?", speakers.Channel(sid)).Scan(&live))
		must(t, db.Reader().QueryRow(ctx, "SELECT digest FROM audit_log WHERE action = 'speakers.time_limit' ORDER BY seq DESC LIMIT 1").Scan(&last))
		// 180, 60, 90, 3600, 180, 0
		if audited != 6 || live != 6 {
			t.Fatalf("audited %d, announced %d; want 6 each", audited, live)
		}
		// The last event records the limit removed, and the 180 s it replaced.
		if want, _ := audit.Digest(map[string]int64{"time_limit_seconds": 0, "was": 180}); last != want {
			t.Fatalf("the last audit event's digest is %s, not that of {0, was 180}", last)
		}
	})
}
