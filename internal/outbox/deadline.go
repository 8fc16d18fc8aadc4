package outbox

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"roundtable/internal/store"
)

// Schedule records, inside the transaction that sets a deadline, that the
// work of kind for ref is due at due. Scheduling the same kind and ref
// again moves its deadline.
func Schedule(ctx context.Context, tx *store.Tx, kind string, ref int64, due time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO deadline_jobs (kind, ref_id, due_at, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, ref_id) DO UPDATE SET due_at = excluded.due_at`, kind, ref, due.UTC(), store.Now())
	return err
}

// Unschedule drops the work of kind for ref (a silence the chair ended
// before its deadline).
func Unschedule(ctx context.Context, tx *store.Tx, kind string, ref int64) error {
	_, err := tx.Exec(ctx, "DELETE FROM deadline_jobs WHERE kind = ? AND ref_id = ?", kind, ref)
	return err
}

// DeadlineFunc applies one deadline of its kind inside tx; due is the
// deadline, which is the date the work takes effect, whenever it runs.
type DeadlineFunc func(ctx context.Context, tx *store.Tx, ref int64, due time.Time) error

// RunDue runs, one transaction each, every job of kind due at now or
// before, oldest first, and says how many ran. Each job is deleted in the
// transaction that applies it, so a job runs once: if two instances reach
// it together, the one whose DELETE finds no row leaves it to the other. A
// job whose work fails stays, and is tried again at the next call.
func RunDue(ctx context.Context, db *store.DB, kind string, now time.Time, fn DeadlineFunc) (int, error) {
	ran := 0
	var firstErr error
	var after int64
	for {
		var id, ref int64
		var due time.Time
		err := db.Reader().QueryRow(ctx, `SELECT id, ref_id, due_at FROM deadline_jobs
			WHERE kind = ? AND due_at <= ? AND id > ? ORDER BY id LIMIT 1`, kind, now.UTC(), after).Scan(&id, &ref, &due)
		if errors.Is(err, sql.ErrNoRows) {
			return ran, firstErr
		}
		if err != nil {
			return ran, err
		}
		after = id
		claimed := false
		err = db.Write(ctx, func(tx *store.Tx) error {
			res, err := tx.Exec(ctx, "DELETE FROM deadline_jobs WHERE id = ?", id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another instance ran it
			}
			claimed = true
			return fn(ctx, tx, ref, due.UTC())
		})
		if err != nil && firstErr == nil {
			firstErr = err
		}
		if err == nil && claimed {
			ran++
		}
	}
}

// NextDue is the earliest deadline of kind still to run, or the zero time.
func NextDue(ctx context.Context, q store.Querier, kind string) (time.Time, error) {
	var due time.Time
	err := q.QueryRow(ctx, "SELECT due_at FROM deadline_jobs WHERE kind = ? ORDER BY due_at LIMIT 1", kind).Scan(&due)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return due.UTC(), err
}
