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

// writeEach runs write in n transactions of its own.
func writeEach(t *testing.T, db *store.DB, n int, write func(tx *store.Tx) error) {
	t.Helper()
	for range n {
		if err := db.Write(context.Background(), write); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPruneLiveKeepsRecentEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		writeEach(t, db, 3, func(tx *store.Tx) error { return outbox.Live(ctx, tx, "speakers:1") })
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

// PruneSearch drops old search outbox rows but always keeps the newest,
// by which an index tells that it is behind what was pruned.
func TestPruneSearchKeepsTheNewestRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		writeEach(t, db, 4, func(tx *store.Tx) error { return outbox.Search(ctx, tx, "statement:1") })
		db.Reader().Exec(ctx, "UPDATE search_outbox SET created_at = ? WHERE seq <= 2", store.Now().Add(-48*time.Hour))
		if n, err := outbox.PruneSearch(ctx, db, 24*time.Hour); err != nil || n != 2 {
			t.Fatalf("pruned %d, %v; want the 2 old rows", n, err)
		}
		// Everything old, the newest included: the newest stays.
		db.Reader().Exec(ctx, "UPDATE search_outbox SET created_at = ?", store.Now().Add(-48*time.Hour))
		if n, err := outbox.PruneSearch(ctx, db, 24*time.Hour); err != nil || n != 1 {
			t.Fatalf("pruned %d, %v; want 1", n, err)
		}
		var seqs []int64
		rows, err := db.Reader().Query(ctx, "SELECT seq FROM search_outbox ORDER BY seq")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s int64
			rows.Scan(&s)
			seqs = append(seqs, s)
		}
		rows.Close()
		if len(seqs) != 1 || seqs[0] != 4 {
			t.Fatalf("rows left %v, want [4]", seqs)
		}
		if h, _ := outbox.Head(ctx, db.Reader(), "search_outbox"); h != 4 {
			t.Fatalf("head moved to %d", h)
		}
	})
}
