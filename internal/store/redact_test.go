package store_test

import (
	"testing"

	"roundtable/internal/store"
)

// TestRedactURLHidesEveryPassword: a password is hidden wherever the
// driver would read it — after the user, or in the query with no user at
// all — and a URL without one is shown as given.
func TestRedactURLHidesEveryPassword(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://rt:s3cret@db:5432/rt?sslmode=disable": "postgres://rt:*****@db:5432/rt?sslmode=disable",
		"postgres://db/rt?password=s3cret":                "postgres://db/rt?password=*****",
		"postgres://rt@db/rt?sslmode=disable":             "postgres://rt@db/rt?sslmode=disable",
	} {
		if got := store.RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
