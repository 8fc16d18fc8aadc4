// Package engines wraps each search engine compared by the benchmarks
// behind one interface.
package engines

import (
	"fmt"
	"io/fs"
	"path/filepath"

	"roundtable/bench/corpus"
)

// Engine is one search engine under test.
type Engine interface {
	// Add indexes one batch of statements.
	Add(batch []corpus.Statement) error
	// Settle waits until background work caused by Add (segment merges)
	// is done, so queries are not measured against it.
	Settle() error
	// Query runs q as the engine's users would and returns the hit count
	// it reports (total when the engine knows it, else the page length).
	Query(q corpus.Query) (int, error)
	Close() error
}

// Names of the engines.
const (
	Roundtable   = "roundtable"
	BleveDefault = "bleve-default"
	FTS5         = "fts5"
)

// Names lists every engine.
var Names = []string{Roundtable, BleveDefault, BleveTuned, FTS5}

// Open creates (create) or reopens the engine's index in dir.
func Open(name, dir string, create bool) (Engine, error) {
	switch name {
	case Roundtable:
		return openRoundtable(dir)
	case BleveDefault:
		return openBleve(dir, create)
	case BleveTuned:
		return openBleveTuned(dir, create)
	case FTS5:
		return openFTS5(dir, create)
	}
	return nil, fmt.Errorf("unknown engine %q", name)
}

// DirSize is the bytes of all regular files under dir.
func DirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			n += fi.Size()
		}
		return nil
	})
	return n, err
}
