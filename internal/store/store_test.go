package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

func TestMigrationsApplyOnEveryEngine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cur, latest, err := db.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if cur != latest || latest == 0 {
			t.Fatalf("schema at %d of %d after Migrate", cur, latest)
		}
		if err := db.RequireCurrent(ctx); err != nil {
			t.Fatal(err)
		}
		// A second run applies nothing.
		n, err := db.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second Migrate applied %d, err %v", n, err)
		}
	})
}

func TestBothDialectsHaveTheSameMigrations(t *testing.T) {
	a, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	b, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name {
			t.Errorf("migration %d named %s on sqlite but %s on postgres", i+1, a[i].Name, b[i].Name)
		}
	}
}

func TestRequireCurrentRefusesABehindSchema(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.RequireCurrent(ctx)
	if _, ok := err.(store.ErrSchemaBehind); !ok {
		t.Fatalf("RequireCurrent on an empty database = %v, want ErrSchemaBehind", err)
	}
}

func TestOpenRejectsACorruptFileAndLeavesItAlone(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, store.SQLiteFile)
	garbage := []byte(strings.Repeat("this is not a database ", 300))
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(context.Background(), "", dir)
	if err == nil || !strings.Contains(err.Error(), "not a valid SQLite database") {
		t.Fatalf("Open on a corrupt file: %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(garbage) {
		t.Fatal("the corrupt file was modified")
	}
}

func TestOpenRejectsADataFolderThatIsAFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "data")
	os.WriteFile(f, []byte("x"), 0o600)
	_, err := store.Open(context.Background(), "", f)
	if err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Fatalf("Open with a file as data folder: %v", err)
	}
}

func TestOpenRejectsBadURLs(t *testing.T) {
	ctx := context.Background()
	if _, err := store.Open(ctx, "mysql://x", ""); err == nil {
		t.Fatal("mysql URL accepted")
	}
	_, err := store.Open(ctx, "postgres://nobody:secret@127.0.0.1:1/none?connect_timeout=2", "")
	if err == nil {
		t.Fatal("unreachable PostgreSQL accepted")
	}
	if strings.Contains(err.Error(), "secret") {
		t.Fatalf("error leaks the password: %v", err)
	}
}

func TestWriteRollsBackOnError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.Write(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO country_groups (code, kind, names, short_names, source) VALUES (?, ?, ?, ?, ?)", "X", "bloc", "{}", "{}", "test"); err != nil {
				return err
			}
			return os.ErrInvalid
		})
		if err != os.ErrInvalid {
			t.Fatalf("Write returned %v", err)
		}
		var n int
		db.Reader().QueryRow(ctx, "SELECT count(*) FROM country_groups WHERE code = ?", "X").Scan(&n)
		if n != 0 {
			t.Fatal("a failed transaction left a row behind")
		}
	})
}

func TestBackupIsAUsableDatabase(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	if err := db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO country_groups (code, kind, names, short_names, source) VALUES ('B', 'bloc', '{}', '{}', 't')")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := db.BackupTo(ctx, filepath.Join(dir, store.SQLiteFile)); err != nil {
		t.Fatal(err)
	}
	if err := db.BackupTo(ctx, filepath.Join(dir, store.SQLiteFile)); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
	copyDB, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var n int
	if err := copyDB.Reader().QueryRow(ctx, "SELECT count(*) FROM country_groups WHERE code = 'B'").Scan(&n); err != nil || n != 1 {
		t.Fatalf("backup has %d rows, err %v", n, err)
	}
}
