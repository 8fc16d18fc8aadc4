package outbox_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"roundtable/internal/outbox"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// TestSequenceHasNoGapsUnderConcurrency writes from several goroutines and
// checks the outbox holds 1..N exactly, in order, with nothing lost.
func TestSequenceHasNoGapsUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errc := make(chan error, 4)
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				for i := 0; i < 10; i++ {
					err := db.Write(ctx, func(tx *store.Tx) error {
						if err := outbox.Search(ctx, tx, fmt.Sprintf("statement:%d", g*100+i), "session:1"); err != nil {
							return err
						}
						return outbox.Live(ctx, tx, "speakers:1")
					})
					if err != nil {
						errc <- err
						return
					}
				}
			}(g)
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		rows, err := db.Reader().Query(ctx, "SELECT seq FROM search_outbox ORDER BY seq")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		want := int64(1)
		for rows.Next() {
			var s int64
			rows.Scan(&s)
			if s != want {
				t.Fatalf("seq %d, want %d", s, want)
			}
			want++
		}
		if want != 81 {
			t.Fatalf("%d outbox rows, want 80", want-1)
		}
		if h, _ := outbox.Head(ctx, db.Reader(), "live_events"); h != 40 {
			t.Fatalf("live head %d, want 40", h)
		}
	})
}

func TestPruneLiveKeepsRecentEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i := 0; i < 3; i++ {
			if err := db.Write(ctx, func(tx *store.Tx) error { return outbox.Live(ctx, tx, "speakers:1") }); err != nil {
				t.Fatal(err)
			}
		}
		db.Reader().Exec(ctx, "UPDATE live_events SET created_at = ? WHERE seq = 1", store.Now().Add(-2*time.Hour))
		n, err := outbox.PruneLive(ctx, db, time.Hour)
		if err != nil || n != 1 {
			t.Fatalf("pruned %d, %v", n, err)
		}
		if h, _ := outbox.Head(ctx, db.Reader(), "live_events"); h != 3 {
			t.Fatalf("head moved to %d", h)
		}
	})
}
