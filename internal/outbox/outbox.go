// Package outbox records, inside the transaction of a write, what others
// must learn about it: which search documents changed (the search indexer
// follows them) and which live channels moved (room displays follow them).
// Sequence numbers come from a locked head row, so they grow in commit
// order: a follower that has seen number N has seen every write before it,
// on every instance sharing the database.
package outbox

import (
	"context"
	"fmt"
	"time"

	"roundtable/internal/store"
)

// next reserves n numbers of the named sequence and returns the first.
// The UPDATE takes the head row's lock until commit, which is what orders
// commits.
func next(ctx context.Context, tx *store.Tx, name string, n int) (int64, error) {
	if _, err := tx.Exec(ctx, "UPDATE sequence_heads SET seq = seq + ? WHERE name = ?", n, name); err != nil {
		return 0, fmt.Errorf("sequence %s: %w", name, err)
	}
	var last int64
	if err := tx.QueryRow(ctx, "SELECT seq FROM sequence_heads WHERE name = ?", name).Scan(&last); err != nil {
		return 0, fmt.Errorf("sequence %s: %w", name, err)
	}
	return last - int64(n) + 1, nil
}

// Search records that the search documents docIDs changed (created,
// updated or deleted); the indexer reloads them from the database.
func Search(ctx context.Context, tx *store.Tx, docIDs ...string) error {
	if len(docIDs) == 0 {
		return nil
	}
	first, err := next(ctx, tx, "search_outbox", len(docIDs))
	if err != nil {
		return err
	}
	now := store.Now()
	for i, id := range docIDs {
		if _, err := tx.Exec(ctx, "INSERT INTO search_outbox (seq, doc_id, created_at) VALUES (?, ?, ?)", first+int64(i), id, now); err != nil {
			return err
		}
	}
	return nil
}

// Live records that channel (e.g. "speakers:12") changed.
func Live(ctx context.Context, tx *store.Tx, channel string) error {
	seq, err := next(ctx, tx, "live_events", 1)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, "INSERT INTO live_events (seq, channel, created_at) VALUES (?, ?, ?)", seq, channel, store.Now())
	return err
}

// Head returns the last number handed out of a sequence ("search_outbox"
// or "live_events").
func Head(ctx context.Context, q store.Querier, name string) (int64, error) {
	var seq int64
	err := q.QueryRow(ctx, "SELECT seq FROM sequence_heads WHERE name = ?", name).Scan(&seq)
	return seq, err
}

// PruneLive deletes live events older than age. Followers read forward from
// the head they saw when they started, so an event older than any
// follower's poll interval serves nobody.
func PruneLive(ctx context.Context, db *store.DB, age time.Duration) (int64, error) {
	return prune(ctx, db, "DELETE FROM live_events WHERE created_at < ?", age)
}

// prune runs a DELETE of the rows created before age ago and says how many
// went.
func prune(ctx context.Context, db *store.DB, del string, age time.Duration) (int64, error) {
	var n int64
	err := db.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, del, store.Now().Add(-age))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n, err
}

// PruneSearch deletes search outbox rows older than age, except the
// newest, which stays so that an index can always tell it is behind the
// rows that are left: an index whose progress is short of the oldest row
// kept has missed pruned changes, and is rebuilt from the database when
// its instance starts (discovery.Open). Running instances follow the
// outbox within a second, so only an instance stopped for longer than age
// rebuilds.
func PruneSearch(ctx context.Context, db *store.DB, age time.Duration) (int64, error) {
	return prune(ctx, db, `DELETE FROM search_outbox WHERE created_at < ?
		AND seq < (SELECT MAX(seq) FROM search_outbox)`, age)
}
