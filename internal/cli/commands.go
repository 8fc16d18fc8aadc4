package cli

import (
	"flag"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"time"

	"roundtable/internal/store"
)

func migrateFlags(fs *flag.FlagSet) func(e *env) error {
	return func(e *env) error {
		db, err := store.Open(e.ctx, e.cfg.Database, e.cfg.DataDir)
		if err != nil {
			return err
		}
		defer db.Close()
		before, latest, err := db.SchemaVersion(e.ctx)
		if err != nil {
			return err
		}
		if err := prepare(e, db, true); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "schema at version %d (was %d); reference data loaded\n", latest, before)
		return nil
	}
}

func backupFlags(fs *flag.FlagSet) func(e *env) error {
	out := fs.String("out", "", "file to write (default: <data>/backups/roundtable-<time>.db)")
	return func(e *env) error {
		// A backup is what one takes before migrating: any schema will do.
		db, err := e.openAny()
		if err != nil {
			return err
		}
		defer db.Close()
		if db.Dialect() != store.SQLite {
			return db.BackupTo(e.ctx, "")
		}
		dest := *out
		if dest == "" {
			dir := filepath.Join(e.cfg.DataDir, "backups")
			if err := store.CheckDataDir(dir); err != nil {
				return err
			}
			dest = filepath.Join(dir, "roundtable-"+time.Now().UTC().Format("20060102T150405Z")+".db")
		}
		if err := db.BackupTo(e.ctx, dest); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "backup written to %s\n", dest)
		return nil
	}
}

func configFlags(fs *flag.FlagSet) func(e *env) error {
	return func(e *env) error {
		fmt.Fprintln(e.stdout, e.cfg.Redacted())
		return nil
	}
}

func versionFlags(fs *flag.FlagSet) func(e *env) error {
	return func(e *env) error {
		v := "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok {
			v = bi.Main.Version
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" {
					v += " " + s.Value
				}
			}
		}
		ms, err := store.Migrations(store.SQLite)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "roundtable %s, schema version %d\n", v, len(ms))
		return nil
	}
}
