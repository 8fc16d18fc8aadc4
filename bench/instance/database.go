package instance

import (
	"context"
	"fmt"
	"net/url"

	"roundtable/internal/store"
)

// FreshDatabase creates database name on the PostgreSQL server of base and
// returns its URL and a function that drops it: each run starts empty and
// leaves nothing behind, without touching the database base names.
func FreshDatabase(base, name string) (string, func(), error) {
	ctx := context.Background()
	db, err := store.Open(ctx, base, "")
	if err != nil {
		return "", nil, err
	}
	if _, err := db.Reader().Exec(ctx, "CREATE DATABASE "+name); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("create database: %w", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), func() {
		_, _ = db.Reader().Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		db.Close()
	}, nil
}
