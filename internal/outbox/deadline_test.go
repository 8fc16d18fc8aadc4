package outbox_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"roundtable/internal/outbox"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

var noon = time.Date(2025, 7, 25, 12, 0, 0, 0, time.UTC)

func schedule(t *testing.T, db *store.DB, kind string, ref int64, due time.Time) {
	t.Helper()
	if err := db.Write(context.Background(), func(tx *store.Tx) error { return outbox.Schedule(context.Background(), tx, kind, ref, due) }); err != nil {
		t.Fatal(err)
	}
}

// ran records the jobs a DeadlineFunc applied: each ref with the deadlines
// it was run with.
type ran struct {
	mu   sync.Mutex
	jobs map[int64][]time.Time
}

func (r *ran) fn(ctx context.Context, tx *store.Tx, ref int64, due time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.jobs == nil {
		r.jobs = map[int64][]time.Time{}
	}
	r.jobs[ref] = append(r.jobs[ref], due)
	return nil
}

// Jobs run when due, once, each told its own deadline however late it
// runs; another kind's jobs wait for their own runner; NextDue says what
// comes next.
func TestRunDueRunsEachJobOnceAtItsDeadline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if next, err := outbox.NextDue(ctx, db.Reader(), "silence"); err != nil || !next.IsZero() {
			t.Fatalf("next with no job: %s (%v), want zero", next, err)
		}
		schedule(t, db, "silence", 1, noon.Add(2*time.Hour))
		schedule(t, db, "silence", 2, noon)
		schedule(t, db, "silence", 2, noon.Add(time.Hour)) // moved
		schedule(t, db, "reminder", 1, noon.Add(-time.Hour))
		next, err := outbox.NextDue(ctx, db.Reader(), "silence")
		if err != nil || !next.Equal(noon.Add(time.Hour)) {
			t.Fatalf("next: %s (%v), want 13:00 (job 2, moved from noon)", next, err)
		}
		var r ran
		if n, err := outbox.RunDue(ctx, db, "silence", noon.Add(30*time.Minute), r.fn); err != nil || n != 0 {
			t.Fatalf("12:30: %d ran (%v), want none (job 2 moved to 13:00)", n, err)
		}
		if n, err := outbox.RunDue(ctx, db, "silence", noon.Add(90*time.Minute), r.fn); err != nil || n != 1 {
			t.Fatalf("13:30: %d ran (%v), want 1", n, err)
		}
		if n, err := outbox.RunDue(ctx, db, "silence", noon.Add(48*time.Hour), r.fn); err != nil || n != 1 {
			t.Fatalf("two days later: %d ran (%v), want 1", n, err)
		}
		if n, err := outbox.RunDue(ctx, db, "silence", noon.Add(72*time.Hour), r.fn); err != nil || n != 0 {
			t.Fatalf("again: %d ran (%v), want none", n, err)
		}
		if len(r.jobs) != 2 || len(r.jobs[1]) != 1 || !r.jobs[1][0].Equal(noon.Add(2*time.Hour)) || len(r.jobs[2]) != 1 || !r.jobs[2][0].Equal(noon.Add(time.Hour)) {
			t.Errorf("ran %v, want job 1 once at 14:00 and job 2 once at 13:00", r.jobs)
		}
		if next, _ := outbox.NextDue(ctx, db.Reader(), "silence"); !next.IsZero() {
			t.Errorf("next after all ran: %s, want zero", next)
		}
		if next, _ := outbox.NextDue(ctx, db.Reader(), "reminder"); !next.Equal(noon.Add(-time.Hour)) {
			t.Errorf("the reminder ran with the silences: next reminder %s, want 11:00", next)
		}
	})
}

// Unschedule drops a job; a job whose work fails stays, its writes undone,
// and runs at the next call.
func TestUnscheduleAndFailure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		schedule(t, db, "silence", 1, noon)
		schedule(t, db, "silence", 2, noon)
		if err := db.Write(ctx, func(tx *store.Tx) error { return outbox.Unschedule(ctx, tx, "silence", 1) }); err != nil {
			t.Fatal(err)
		}
		failing := func(ctx context.Context, tx *store.Tx, ref int64, due time.Time) error {
			if err := outbox.Live(ctx, tx, "failing"); err != nil {
				return err
			}
			return errors.New("the work failed")
		}
		if n, err := outbox.RunDue(ctx, db, "silence", noon, failing); err == nil || n != 0 {
			t.Fatalf("a failing job: %d ran (%v), want none and the error", n, err)
		}
		var live int
		if err := db.Reader().QueryRow(ctx, "SELECT count(*) FROM live_events WHERE channel = 'failing'").Scan(&live); err != nil || live != 0 {
			t.Errorf("the failed job's write stayed (%d rows, %v)", live, err)
		}
		var r ran
		if n, err := outbox.RunDue(ctx, db, "silence", noon, r.fn); err != nil || n != 1 || len(r.jobs[2]) != 1 || len(r.jobs[1]) != 0 {
			t.Errorf("next call: %d ran (%v) %v, want job 2 only (job 1 was unscheduled)", n, err, r.jobs)
		}
	})
}

// Two instances sharing a database run the same due jobs at the same
// time: each job is applied once in all.
func TestRunDueOnceAcrossInstances(t *testing.T) {
	pair := func(t *testing.T, fn func(t *testing.T, a, b *store.DB)) {
		t.Run("sqlite", func(t *testing.T) {
			dir := t.TempDir()
			open := func() *store.DB {
				db, err := store.Open(context.Background(), "", dir)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if _, err := db.Migrate(context.Background()); err != nil {
					t.Fatal(err)
				}
				return db
			}
			fn(t, open(), open())
		})
		t.Run("postgres", func(t *testing.T) {
			u := storetest.PostgresURL(t)
			fn(t, storetest.Open(t, u), storetest.Open(t, u))
		})
	}
	pair(t, func(t *testing.T, a, b *store.DB) {
		const jobs = 20
		for i := int64(1); i <= jobs; i++ {
			schedule(t, a, "silence", i, noon)
		}
		var r ran
		var wg sync.WaitGroup
		total := make([]int, 4)
		for g, db := range []*store.DB{a, b, a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := outbox.RunDue(context.Background(), db, "silence", noon, r.fn)
				if err != nil {
					t.Error(err)
				}
				total[g] = n
			}()
		}
		wg.Wait()
		if sum := total[0] + total[1] + total[2] + total[3]; sum != jobs {
			t.Errorf("runners say %v ran, %d in all, want %d", total, sum, jobs)
		}
		for i := int64(1); i <= jobs; i++ {
			if len(r.jobs[i]) != 1 {
				t.Errorf("job %d applied %d times, want once", i, len(r.jobs[i]))
			}
		}
	})
}
