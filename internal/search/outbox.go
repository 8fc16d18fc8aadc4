package search

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"roundtable/internal/store"
)

// Loader loads the current state of documents from the database. An id it
// returns in missing (or in neither list) no longer exists or is no longer
// searchable, and is deleted from the index.
type Loader func(ctx context.Context, docIDs []string) (docs []Document, missing []string, err error)

const (
	outboxBatch  = 500
	defaultEvery = 200 * time.Millisecond
	maxBackoff   = 30 * time.Second
)

// Indexer applies the search_outbox table to an index, in sequence order.
// Writers add a row (seq, doc_id) in the same transaction as every change
// to searchable content, with seq increasing in commit order, so reading
// the rows after the last applied seq never skips a committed change.
type Indexer struct {
	ix    *Index
	q     store.Querier
	load  Loader
	batch int
	mu    sync.Mutex // one CatchUp at a time: progress must only move forward
}

// NewIndexer returns an indexer that reads the outbox through q and loads
// documents with load.
func NewIndexer(ix *Index, q store.Querier, load Loader) *Indexer {
	return &Indexer{ix: ix, q: q, load: load, batch: outboxBatch}
}

// CatchUp applies every outbox row after the index's progress and returns
// how many rows it applied. Each batch of rows is loaded and applied in one
// index batch that also records its last seq, so after a crash the index
// and its progress agree and the next CatchUp resumes where the saved state
// ends. Re-applying a row is harmless: it reloads the current state.
func (x *Indexer) CatchUp(ctx context.Context) (applied int, err error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for {
		from, err := x.ix.Progress()
		if err != nil {
			return applied, err
		}
		ids, rows, first, last, err := x.next(ctx, from)
		if err != nil || rows == 0 {
			return applied, err
		}
		if first != from+1 {
			// Sequence numbers have no gaps: rows after from were pruned.
			return applied, fmt.Errorf("search outbox: index at seq %d, oldest row left %d: %w", from, first, ErrIndexBehind)
		}
		docs, missing, err := x.load(ctx, ids)
		if err != nil {
			return applied, fmt.Errorf("search outbox: load %d documents after seq %d: %w", len(ids), from, err)
		}
		if err := x.ix.apply(docs, deletions(ids, docs, missing), progressValue(last)); err != nil {
			return applied, err
		}
		applied += rows
		if rows < x.batch {
			return applied, nil
		}
	}
}

// next reads up to one batch of outbox rows after seq from and returns the
// distinct document ids in order of first appearance, the number of rows
// and the first and last seq read.
func (x *Indexer) next(ctx context.Context, from int64) (ids []string, rows int, first, last int64, err error) {
	rs, err := x.q.Query(ctx, `SELECT seq, doc_id FROM search_outbox WHERE seq > ? ORDER BY seq LIMIT ?`, from, x.batch)
	if err != nil {
		return nil, 0, 0, 0, fmt.Errorf("search outbox: read after seq %d: %w", from, err)
	}
	defer rs.Close()
	seen := map[string]bool{}
	for rs.Next() {
		var id string
		if err := rs.Scan(&last, &id); err != nil {
			return nil, 0, 0, 0, fmt.Errorf("search outbox: %w", err)
		}
		if rows == 0 {
			first = last
		}
		rows++
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if err := rs.Err(); err != nil {
		return nil, 0, 0, 0, fmt.Errorf("search outbox: %w", err)
	}
	return ids, rows, first, last, nil
}

// Behind reports whether the index has missed outbox rows that were
// pruned (ErrIndexBehind from CatchUp), without applying anything.
func (x *Indexer) Behind(ctx context.Context) (bool, error) {
	from, err := x.ix.Progress()
	if err != nil {
		return false, err
	}
	var first int64
	err = x.q.QueryRow(ctx, `SELECT seq FROM search_outbox WHERE seq > ? ORDER BY seq LIMIT 1`, from).Scan(&first)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("search outbox: read after seq %d: %w", from, err)
	}
	return first != from+1, nil
}

// deletions is missing plus any requested id the loader returned in
// neither list: the index must not keep a version the database no longer
// vouches for.
func deletions(ids []string, docs []Document, missing []string) []string {
	found := make(map[string]bool, len(docs)+len(missing))
	for _, d := range docs {
		found[d.ID] = true
	}
	for _, id := range missing {
		found[id] = true
	}
	out := append([]string(nil), missing...)
	for _, id := range ids {
		if !found[id] {
			out = append(out, id)
		}
	}
	return out
}

// Run calls CatchUp every interval (200 ms if every is not positive) until
// ctx ends. Errors are logged and retried, waiting longer after each
// consecutive failure (up to 30 s) so a database outage does not flood the
// log.
func (x *Indexer) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = defaultEvery
	}
	wait, failures := every, 0
	for {
		n, err := x.CatchUp(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			failures++
			wait = min(every<<min(failures, 10), maxBackoff)
			slog.Error("search indexer: catching up failed", "err", err, "failures", failures, "retry_in", wait)
		case err == nil:
			if failures > 0 {
				slog.Info("search indexer: caught up again", "rows", n, "after_failures", failures)
			}
			wait, failures = every, 0
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// Rebuild builds a fresh index of every document all yields, in a folder
// next to dir, and then puts it in dir's place, with progress headSeq.
// Read headSeq (the outbox's highest seq) before all starts reading: a
// change committed meanwhile is then applied again by CatchUp, which is
// harmless, instead of being skipped. Nothing may have dir open when the
// swap happens; building, the slow part, does not touch dir.
func Rebuild(ctx context.Context, dir string, all func(ctx context.Context, yield func(Document) error) error, headSeq int64) error {
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	removeStale(parent, base)
	tmp, err := os.MkdirTemp(parent, base+".rebuild-")
	if err != nil {
		return fmt.Errorf("search rebuild: %w", err)
	}
	defer os.RemoveAll(tmp)
	fresh := filepath.Join(tmp, "index")
	if err := build(ctx, fresh, all, headSeq); err != nil {
		return err
	}
	// Two renames: the old index moves into tmp (deleted on return) and
	// the new one takes its name.
	if err := os.Rename(dir, filepath.Join(tmp, "old")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("search rebuild: move old index: %w", err)
	}
	if err := os.Rename(fresh, dir); err != nil {
		return fmt.Errorf("search rebuild: put new index in place: %w", err)
	}
	return nil
}

// build writes every document into a new index at path in batches.
func build(ctx context.Context, path string, all func(context.Context, func(Document) error) error, headSeq int64) (err error) {
	ix, err := Open(path)
	if err != nil {
		return fmt.Errorf("search rebuild: %w", err)
	}
	defer func() { err = errors.Join(err, ix.Close()) }()
	var pending []Document
	err = all(ctx, func(d Document) error {
		pending = append(pending, d)
		if len(pending) < outboxBatch {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		err := ix.Apply(pending, nil)
		pending = pending[:0]
		return err
	})
	if err != nil {
		return fmt.Errorf("search rebuild: %w", err)
	}
	// The last batch carries the progress, so an index without it was
	// never finished.
	return ix.apply(pending, nil, progressValue(headSeq))
}

// removeStale deletes folders left by a rebuild that crashed.
func removeStale(parent, base string) {
	stale, _ := filepath.Glob(filepath.Join(parent, base+".rebuild-*"))
	for _, s := range stale {
		os.RemoveAll(s)
	}
}
