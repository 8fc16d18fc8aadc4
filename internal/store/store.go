// Package store opens Roundtable's database — an embedded SQLite file or a
// PostgreSQL server — applies its migrations and runs transactions. Areas of
// the product write their own SQL against the small contract here; where the
// two engines differ the store says so, and handlers never branch on it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Dialect names the database engine behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database. SQLite gets one writer connection beside a pool of
// readers (SQLite allows one writer at a time; queuing writes in Go avoids
// SQLITE_BUSY storms); PostgreSQL uses one pool for both.
type DB struct {
	dialect Dialect
	writer  *sql.DB
	reader  *sql.DB
	// where is a human description of the database, with no secrets.
	where string
	// path is the SQLite file, empty for PostgreSQL.
	path string
}

// Dialect reports the engine.
func (db *DB) Dialect() Dialect { return db.dialect }

// Where describes the database for logs, without secrets.
func (db *DB) Where() string { return db.where }

// Close closes every connection.
func (db *DB) Close() error {
	err := db.writer.Close()
	if db.reader != db.writer {
		err = errors.Join(err, db.reader.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.reader.PingContext(ctx)
}

// Open opens the database named by url: empty for a SQLite file named
// roundtable.db in dataDir, or a postgres:// URL.
func Open(ctx context.Context, url, dataDir string) (*DB, error) {
	switch {
	case url == "":
		return openSQLite(ctx, dataDir)
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return openPostgres(ctx, url)
	default:
		return nil, fmt.Errorf("database URL must be empty (SQLite in the data folder) or start with postgres://, not %q", RedactURL(url))
	}
}

// Now is the time to store: UTC, truncated to microseconds because that is
// what PostgreSQL keeps; anything hashed from a stored time must see the same
// value it will read back.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Querier is what read-only code needs; both *DB (through Reader) and *Tx
// satisfy it.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

// Reader returns a Querier on the read pool, for queries outside a
// transaction.
func (db *DB) Reader() Querier { return reader{db} }

type reader struct{ db *DB }

func (r reader) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return r.db.writer.ExecContext(ctx, rebind(r.db.dialect, q), args...)
}
func (r reader) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return r.db.reader.QueryContext(ctx, rebind(r.db.dialect, q), args...)
}
func (r reader) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return r.db.reader.QueryRowContext(ctx, rebind(r.db.dialect, q), args...)
}
func (r reader) Dialect() Dialect { return r.db.dialect }

// rebind turns the ? placeholders every query is written with into $n for
// PostgreSQL. Queries never contain a literal question mark.
func rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}
