//go:build unix

package store

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// LockDataDir takes an exclusive lock on the data folder for this process,
// so a second server (or a search rebuild) cannot use the same search index
// at the same time; it fails at once, with a clear message, instead of
// waiting. The lock ends when the process does, however it ends.
func LockDataDir(dir string) (unlock func(), err error) {
	if err := CheckDataDir(dir); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "roundtable.lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock data folder %s: %v", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("data folder %s is in use by another roundtable process (serve or search rebuild); give each instance its own --data", dir)
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
