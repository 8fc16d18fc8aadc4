package evidence

import (
	"context"
	"database/sql"
	"strings"

	"roundtable/internal/store"
)

var errNoRows = sql.ErrNoRows

// batchRows is how many observations one INSERT carries. SQLite gets a
// multi-row VALUES list (500 rows, 2,000 parameters, under its limit of
// 32,766); PostgreSQL gets the rows as four arrays for unnest, so its
// statement has four parameters whatever the batch's size and pgx prepares
// it once per connection.
const batchRows = 500

// stagingTable holds the rows of series that existed before the file, until
// they are merged (see importer).
const stagingTable = "evidence_staging"

type batchRow struct {
	series int64
	area   string
	year   int
	value  float64
	line   int
}

// batcher gathers rows for one INSERT … ON CONFLICT DO NOTHING.
type batcher struct {
	dialect store.Dialect
	table   string
	rows    []batchRow
	full    string // the statement for a full batch, built once
	args    []any
	ready   bool      // the staging table exists
	stmt    *sql.Stmt // the full batch's statement, prepared once when the transaction can
}

// preparer is a transaction that prepares a statement for many executions.
// SQLite parses a statement of 500 rows in about a third of the time it
// takes to store them; preparing it once saves that for every full batch.
type preparer interface {
	Prepare(ctx context.Context, query string) (*sql.Stmt, error)
}

// exec runs the INSERT for the rows gathered.
func (b *batcher) exec(ctx context.Context, tx *store.Tx) (sql.Result, error) {
	q, args := b.statement()
	if p, ok := any(tx).(preparer); ok && q == b.full {
		if b.stmt == nil {
			var err error
			if b.stmt, err = p.Prepare(ctx, q); err != nil {
				return nil, err
			}
		}
		return b.stmt.ExecContext(ctx, args...)
	}
	return tx.Exec(ctx, q, args...)
}

// close releases the prepared statement.
func (b *batcher) close() {
	if b.stmt != nil {
		b.stmt.Close()
		b.stmt = nil
	}
}

func newBatcher(d store.Dialect, table string) *batcher {
	b := &batcher{dialect: d, table: table, rows: make([]batchRow, 0, batchRows)}
	if d == store.Postgres {
		b.full = "INSERT INTO " + table + ` (series_id, area, year, value)
			SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::float8[]) ON CONFLICT (series_id, area, year) DO NOTHING`
	} else {
		b.full = b.values(batchRows)
		b.args = make([]any, 0, 4*batchRows)
	}
	return b
}

// add appends a row and reports whether the batch is full.
func (b *batcher) add(series int64, area string, year int, value float64, line int) bool {
	b.rows = append(b.rows, batchRow{series, area, year, value, line})
	return len(b.rows) == batchRows
}

func (b *batcher) len() int { return len(b.rows) }

func (b *batcher) reset() {
	clear(b.rows) // let the strings go
	b.rows = b.rows[:0]
	clear(b.args)
	b.args = b.args[:0]
}

// statement returns the INSERT for the rows gathered and its parameters.
func (b *batcher) statement() (string, []any) {
	if b.dialect == store.Postgres {
		n := len(b.rows)
		ids, areas, years, values := make([]int64, n), make([]string, n), make([]int32, n), make([]float64, n)
		for i, r := range b.rows {
			ids[i], areas[i], years[i], values[i] = r.series, r.area, int32(r.year), r.value
		}
		return b.full, []any{ids, areas, years, values}
	}
	for _, r := range b.rows {
		b.args = append(b.args, r.series, r.area, r.year, r.value)
	}
	if len(b.rows) == batchRows {
		return b.full, b.args
	}
	return b.values(len(b.rows)), b.args
}

// values writes SQLite's INSERT for n rows.
func (b *batcher) values(n int) string {
	var sb strings.Builder
	sb.Grow(96 + n*10)
	sb.WriteString("INSERT INTO ")
	sb.WriteString(b.table)
	sb.WriteString(" (series_id, area, year, value) VALUES ")
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString("(?,?,?,?)")
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
