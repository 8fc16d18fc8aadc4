package engines

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	_ "modernc.org/sqlite"

	"roundtable/bench/corpus"
)

// fts5Engine is SQLite FTS5 (modernc.org/sqlite, pure Go) with the
// unicode61 tokenizer. unicode61 takes a run of Han characters for one
// token, so Chinese is split into one token per character at index and
// query time (a space between Han characters) and a Chinese query is a
// phrase of characters. The trigram tokenizer was not used: it cannot
// match a two-character query through the index.
type fts5Engine struct {
	db *sql.DB
	q  *sql.Stmt
	qf *sql.Stmt
}

const fts5Schema = `CREATE VIRTUAL TABLE statements USING fts5(
	title, body,
	lang UNINDEXED, edition UNINDEXED, delegation UNINDEXED, visibility UNINDEXED,
	tokenize='unicode61 remove_diacritics 2')`

func openFTS5(dir string, create bool) (Engine, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "fts.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if create {
		if _, err := db.Exec(fts5Schema); err != nil {
			db.Close()
			return nil, fmt.Errorf("fts5: %w", err)
		}
	}
	e := &fts5Engine{db: db}
	if e.q, err = db.Prepare(`SELECT rowid, title FROM statements WHERE statements MATCH ? ORDER BY bm25(statements) LIMIT 20`); err != nil {
		return nil, err
	}
	if e.qf, err = db.Prepare(`SELECT rowid, title FROM statements WHERE statements MATCH ? AND edition = ? AND delegation = ? ORDER BY bm25(statements) LIMIT 20`); err != nil {
		return nil, err
	}
	return e, nil
}

// splitHan puts a space around each Han character.
func splitHan(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			b.WriteByte(' ')
			b.WriteRune(r)
			b.WriteByte(' ')
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (e *fts5Engine) Add(batch []corpus.Statement) error {
	tx, err := e.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.Prepare(`INSERT INTO statements(rowid, title, body, lang, edition, delegation, visibility) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for _, s := range batch {
		var id int64
		fmt.Sscanf(s.ID, "statement:%d", &id)
		title, body := s.Title, s.Text
		if s.Language == "zh" {
			title, body = splitHan(title), splitHan(body)
		}
		if _, err := st.Exec(id+1, title, body, s.Language, s.Edition, s.Delegation, s.Visibility); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (e *fts5Engine) Settle() error {
	_, err := e.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// MatchExpr is q in FTS5 query syntax: each word a quoted string (all
// required), a phrase one quoted string, Chinese a phrase of characters.
func MatchExpr(q corpus.Query) string {
	if len(q.Phrase) > 0 {
		return quote(strings.Join(q.Phrase, " "))
	}
	parts := make([]string, len(q.Words))
	for i, w := range q.Words {
		parts[i] = quote(strings.Join(strings.Fields(splitHan(w)), " "))
	}
	return strings.Join(parts, " ")
}

func (e *fts5Engine) Query(q corpus.Query) (int, error) {
	var rows *sql.Rows
	var err error
	if q.Edition != 0 || q.Delegation != "" {
		rows, err = e.qf.Query(MatchExpr(q), q.Edition, q.Delegation)
	} else {
		rows, err = e.q.Query(MatchExpr(q))
	}
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

func (e *fts5Engine) Close() error {
	e.q.Close()
	e.qf.Close()
	return e.db.Close()
}
