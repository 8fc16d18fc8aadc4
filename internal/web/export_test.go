package web_test

import (
	"strconv"
	"sync/atomic"
	"testing"

	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

var seq atomic.Int64

// counter gives unique numbers for throwaway accounts.
func (s *site) counter() int64 { return seq.Add(1) }

func itoa(n int) string { return strconv.Itoa(n) }

func sqliteDB(t *testing.T) *store.DB { return storetest.SQLite(t) }
