package evidence

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"roundtable/internal/store"
)

var errNoRows = sql.ErrNoRows

// batchRows is how many observations one INSERT carries: large enough that
// the cost of a statement is spread thin, small enough to stay far below
// PostgreSQL's 65,535 parameters and SQLite's 32,766.
const batchRows = 500

// stagingTable holds the rows of series that existed before the file, until
// they are merged (see importer).
const stagingTable = "evidence_staging"

// batcher gathers rows for one multi-row INSERT … ON CONFLICT DO NOTHING.
type batcher struct {
	dialect store.Dialect
	table   string
	args    []any
	lines   []int
	full    string // the statement for a full batch, built once
	ready   bool   // the staging table exists
}

func newBatcher(d store.Dialect, table string) *batcher {
	b := &batcher{dialect: d, table: table, args: make([]any, 0, 4*batchRows), lines: make([]int, 0, batchRows)}
	b.full = b.build(batchRows)
	return b
}

// add appends a row and reports whether the batch is full.
func (b *batcher) add(series int64, area string, year int, value float64, line int) bool {
	b.args = append(b.args, series, area, year, value)
	b.lines = append(b.lines, line)
	return len(b.lines) == batchRows
}

func (b *batcher) len() int { return len(b.lines) }

func (b *batcher) reset() {
	clear(b.args) // let the strings go
	b.args, b.lines = b.args[:0], b.lines[:0]
}

func (b *batcher) statement() string {
	if b.len() == batchRows {
		return b.full
	}
	return b.build(b.len())
}

// build writes the statement for n rows. PostgreSQL's $n placeholders are
// written here so the store has no long statement to rewrite.
func (b *batcher) build(n int) string {
	var sb strings.Builder
	sb.Grow(64 + n*24)
	sb.WriteString("INSERT INTO ")
	sb.WriteString(b.table)
	sb.WriteString(" (series_id, area, year, value) VALUES ")
	p := 0
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteByte('(')
		for j := 0; j < 4; j++ {
			if j > 0 {
				sb.WriteByte(',')
			}
			p++
			if b.dialect == store.Postgres {
				sb.WriteByte('$')
				sb.WriteString(strconv.Itoa(p))
			} else {
				sb.WriteByte('?')
			}
		}
		sb.WriteByte(')')
	}
	sb.WriteString(" ON CONFLICT (series_id, area, year) DO NOTHING")
	return sb.String()
}

// createStaging makes the temporary table for rows of existing series; it
// lives in the importing connection only and goes with the transaction.
func createStaging(ctx context.Context, tx *store.Tx) error {
	q := "CREATE TEMP TABLE " + stagingTable + ` (series_id INTEGER NOT NULL, area TEXT NOT NULL, year INTEGER NOT NULL, value REAL NOT NULL,
		PRIMARY KEY (series_id, area, year)) WITHOUT ROWID`
	if tx.Dialect() == store.Postgres {
		q = "CREATE TEMP TABLE " + stagingTable + ` (series_id BIGINT NOT NULL, area TEXT NOT NULL, year INTEGER NOT NULL, value DOUBLE PRECISION NOT NULL,
			PRIMARY KEY (series_id, area, year)) ON COMMIT DROP`
	}
	if _, err := tx.Exec(ctx, "DROP TABLE IF EXISTS "+stagingTable); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, q)
	return err
}

// areaSpellings maps every accepted way of writing an area to its code:
// the code in any case, an economy's ISO 3166 alpha-2 code, and an
// economy's numeric code with or without leading zeros. Aggregates are
// reached by their own code only: a numeric M49 region ("001", the world)
// is not the same thing as the World Bank's aggregate (WLD), so it is not
// taken for it.
func areaSpellings(ctx context.Context, q store.Querier) (map[string]string, error) {
	rows, err := q.Query(ctx, "SELECT code, kind, iso2, numeric FROM evidence_areas")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var code, kind, iso2, numeric string
		if err := rows.Scan(&code, &kind, &iso2, &numeric); err != nil {
			return nil, err
		}
		m[strings.ToUpper(code)] = code
		if kind != Economy {
			continue
		}
		if iso2 != "" {
			m[strings.ToUpper(iso2)] = code
		}
		if n := strings.TrimLeft(numeric, "0"); n != "" {
			m["#"+n] = code
		}
	}
	return m, rows.Err()
}

// resolveArea finds the area a file's code names.
func resolveArea(m map[string]string, s string) (string, bool) {
	if s == "" {
		return "", false
	}
	digits := true
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			digits = false
			break
		}
	}
	if digits {
		code, ok := m["#"+strings.TrimLeft(s, "0")]
		return code, ok
	}
	code, ok := m[upperASCII(s)]
	return code, ok
}
