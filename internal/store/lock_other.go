//go:build !unix

package store

// LockDataDir checks the folder; other systems rely on the search index's
// own locking.
func LockDataDir(dir string) (unlock func(), err error) {
	if err := CheckDataDir(dir); err != nil {
		return nil, err
	}
	return func() {}, nil
}
