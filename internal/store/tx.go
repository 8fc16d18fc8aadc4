package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Tx is a write transaction. Every write in Roundtable goes through one, so
// the change and its audit record commit together or not at all.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
}

func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, rebind(t.dialect, q), args...)
}
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, rebind(t.dialect, q), args...)
}
func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, rebind(t.dialect, q), args...)
}
func (t *Tx) Dialect() Dialect { return t.dialect }

// Prepare prepares a statement run many times in the transaction (a bulk
// import's batch INSERT), so the database parses it once. The statement
// closes with the transaction.
func (t *Tx) Prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, rebind(t.dialect, q))
}

// Write runs fn in a write transaction and commits it if fn returns nil.
// On SQLite the transaction starts IMMEDIATE (through the writer
// connection's _txlock setting) so it holds the write lock from the start
// and never fails half-way with SQLITE_BUSY.
func (db *DB) Write(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlTx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			if rbErr := sqlTx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
				err = errors.Join(err, rbErr)
			}
		}
	}()
	if err = fn(&Tx{tx: sqlTx, dialect: db.dialect}); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
