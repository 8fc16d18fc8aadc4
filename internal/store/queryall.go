package store

import (
	"context"
)

// Scanner is a row to read: *sql.Row or *sql.Rows.
type Scanner = interface{ Scan(...any) error }

// QueryAll runs query and returns one value per row, as scan reads it
// from the row: the loop every list read would otherwise repeat. No rows
// give an empty, non-nil slice (a JSON list, not null).
func QueryAll[T any](ctx context.Context, q Querier, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ScanString reads a row of one text column.
func ScanString(rows Scanner) (string, error) {
	var s string
	err := rows.Scan(&s)
	return s, err
}
