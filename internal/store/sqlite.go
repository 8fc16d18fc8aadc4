package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // pure-Go SQLite: the binary builds with CGO_ENABLED=0
)

// SQLiteFile is the database file's name inside the data folder.
const SQLiteFile = "roundtable.db"

// sqlitePragmas are set on every connection. WAL lets readers work beside the
// writer; synchronous=FULL makes every acknowledged commit durable even if the
// machine loses power; busy_timeout absorbs a checkpoint or a backup holding
// the lock for a moment.
var sqlitePragmas = []string{
	"busy_timeout(10000)",
	"journal_mode(WAL)",
	"synchronous(FULL)",
	"foreign_keys(1)",
}

func openSQLite(ctx context.Context, dataDir string) (*DB, error) {
	if err := CheckDataDir(dataDir); err != nil {
		return nil, err
	}
	path := filepath.Join(dataDir, SQLiteFile)
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a SQLite database file", path)
	}
	writer, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	reader, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	reader.SetMaxOpenConns(8)
	db := &DB{dialect: SQLite, writer: writer, reader: reader, where: "SQLite " + path, path: path}
	// Reading the schema touches the file header: a file that is not a
	// database (or is damaged) fails here, before anything writes to it.
	var n int
	if err := writer.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		db.Close()
		return nil, describeSQLiteError(path, err)
	}
	return db, nil
}

func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	for _, p := range sqlitePragmas {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		// BEGIN IMMEDIATE: a write transaction takes the lock when it
		// starts, so it can never fail half-way on a lock upgrade.
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

func describeSQLiteError(path string, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "not a database"), strings.Contains(msg, "malformed"), strings.Contains(msg, "corrupt"):
		return fmt.Errorf("%s is not a valid SQLite database (damaged or another kind of file); it was left untouched", path)
	case strings.Contains(msg, "readonly"), strings.Contains(msg, "permission denied"), strings.Contains(msg, "unable to open"):
		return fmt.Errorf("cannot open %s for writing: %v", path, err)
	default:
		return fmt.Errorf("open SQLite database %s: %w", path, err)
	}
}

// CheckDataDir makes sure dir exists and Roundtable can write files in it,
// and says plainly what is wrong if not.
func CheckDataDir(dir string) error {
	if dir == "" {
		return fmt.Errorf("no data folder given (--data)")
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("data folder %s is a file, not a folder", dir)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("cannot create data folder %s: %v", dir, unwrapPathError(err))
	}
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("data folder %s is not writable: %v", dir, unwrapPathError(err))
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// BackupTo writes a consistent snapshot of a SQLite database to dest while
// the server keeps serving: VACUUM INTO reads inside one transaction, so the
// copy is the database as of one instant, and it never blocks the writer.
func (db *DB) BackupTo(ctx context.Context, dest string) error {
	if db.dialect != SQLite {
		return fmt.Errorf("backup of PostgreSQL is done with pg_dump (see docs/operations.md), not by roundtable backup")
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("%s already exists; choose a new file name", dest)
	}
	// A connection of its own: the readers are query-only, and borrowing the
	// single writer would hold up every write for the length of the copy.
	conn, err := sql.Open("sqlite", sqliteDSN(db.path, false))
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("back up to %s: %w", dest, err)
	}
	return nil
}
