package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFiles embed.FS

// Migration is one numbered SQL file of a dialect.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the dialect's migrations in order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and an underscore", name)
		}
		body, err := fs.ReadFile(migrationFiles, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.Name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion reports the applied and the latest known schema versions.
func (db *DB) SchemaVersion(ctx context.Context) (current, latest int, err error) {
	ms, err := Migrations(db.dialect)
	if err != nil {
		return 0, 0, err
	}
	latest = len(ms)
	exists, err := db.hasMigrationsTable(ctx)
	if err != nil || !exists {
		return 0, latest, err
	}
	err = db.reader.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&current)
	return current, latest, err
}

func (db *DB) hasMigrationsTable(ctx context.Context) (bool, error) {
	var q string
	if db.dialect == SQLite {
		q = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
	} else {
		q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'"
	}
	var n int
	if err := db.reader.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}

// Migrate applies every pending migration, each in its own transaction, and
// returns how many it applied. On PostgreSQL an advisory lock makes several
// instances starting together apply each migration once.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	ms, err := Migrations(db.dialect)
	if err != nil {
		return 0, err
	}
	applied := 0
	for _, m := range ms {
		did, err := db.applyMigration(ctx, m)
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if did {
			applied++
		}
	}
	return applied, nil
}

func (db *DB) applyMigration(ctx context.Context, m Migration) (bool, error) {
	did := false
	err := db.Write(ctx, func(tx *Tx) error {
		if db.dialect == Postgres {
			if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(7261001)"); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY,
			name TEXT NOT NULL,
			applied_at TIMESTAMP NOT NULL)`); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.Version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return err
		}
		did = true
		_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", m.Version, m.Name, Now())
		return err
	})
	return did, err
}

// ErrSchemaBehind is returned by RequireCurrent when migrations are pending.
type ErrSchemaBehind struct{ Current, Latest int }

func (e ErrSchemaBehind) Error() string {
	return fmt.Sprintf("the database schema is at version %d but this roundtable needs %d; run `roundtable migrate` first (or serve with --migrate)", e.Current, e.Latest)
}

// RequireCurrent fails unless the schema is exactly the latest this binary
// knows: a schema that is behind would break queries, and one that is ahead
// belongs to a newer roundtable.
func (db *DB) RequireCurrent(ctx context.Context) error {
	cur, latest, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if cur < latest {
		return ErrSchemaBehind{cur, latest}
	}
	if cur > latest {
		return fmt.Errorf("the database schema is at version %d, newer than this roundtable (%d); run the newer version", cur, latest)
	}
	return nil
}
