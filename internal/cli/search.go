package cli

import (
	"flag"
	"fmt"

	"roundtable/internal/discovery"
	"roundtable/internal/store"
)

// searchFlags is `roundtable search rebuild`: rebuild this instance's index
// from the database. The database is the only source of truth, so this is
// always safe; stop the server using the same data folder first, since the
// new index replaces the old folder.
func searchFlags(fs *flag.FlagSet) func(e *env) error {
	return func(e *env) error {
		if len(e.args) != 1 || e.args[0] != "rebuild" {
			return usageError{"usage: roundtable search rebuild [flags]"}
		}
		unlock, err := store.LockDataDir(e.cfg.DataDir)
		if err != nil {
			return err
		}
		defer unlock()
		db, err := e.open()
		if err != nil {
			return err
		}
		defer db.Close()
		if err := syncShipped(e.ctx, db); err != nil {
			return err
		}
		dir := discovery.IndexDir(e.cfg.DataDir)
		if err := discovery.Rebuild(e.ctx, db, dir, e.logger()); err != nil {
			return err
		}
		svc, err := discovery.Open(e.ctx, db, dir, e.logger())
		if err != nil {
			return err
		}
		defer svc.Close()
		n, err := svc.Index.Count()
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "search index rebuilt in %s: %d documents\n", dir, n)
		return nil
	}
}
