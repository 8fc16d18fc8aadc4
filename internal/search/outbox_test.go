package search

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// The outbox table has the shape of the real migration, which creates it
// when present (hence IF NOT EXISTS); test_docs stands in for searchable
// content.
const outboxSchema = `CREATE TABLE IF NOT EXISTS search_outbox (seq BIGINT PRIMARY KEY, doc_id TEXT NOT NULL, created_at TIMESTAMP)`
const docsSchema = `CREATE TABLE test_docs (id TEXT PRIMARY KEY, lang TEXT NOT NULL, body TEXT NOT NULL)`

type contentDB struct{ db *store.DB }

func newContentDB(t *testing.T, db *store.DB) contentDB {
	t.Helper()
	for _, s := range []string{outboxSchema, docsSchema} {
		if _, err := db.Reader().Exec(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	return contentDB{db}
}

// put writes a document (or deletes it when body is empty) and its outbox
// row in one transaction, as every writer must.
func (c contentDB) put(t *testing.T, id, lang, body string) {
	t.Helper()
	err := c.db.Write(context.Background(), func(tx *store.Tx) error {
		ctx := context.Background()
		var err error
		if body == "" {
			_, err = tx.Exec(ctx, `DELETE FROM test_docs WHERE id = ?`, id)
		} else {
			_, err = tx.Exec(ctx, `INSERT INTO test_docs (id, lang, body) VALUES (?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET lang = excluded.lang, body = excluded.body`, id, lang, body)
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO search_outbox (seq, doc_id, created_at)
			SELECT COALESCE(MAX(seq), 0) + 1, ?, ? FROM search_outbox`, id, store.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (c contentDB) head(t *testing.T) int64 {
	var n int64
	if err := c.db.Reader().QueryRow(context.Background(), `SELECT COALESCE(MAX(seq), 0) FROM search_outbox`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (c contentDB) load(ctx context.Context, ids []string) ([]Document, []string, error) {
	var docs []Document
	var missing []string
	for _, id := range ids {
		d := Document{ID: id, Type: "statement", Visibility: VisPublic, Title: id}
		err := c.db.Reader().QueryRow(ctx, `SELECT lang, body FROM test_docs WHERE id = ?`, id).Scan(&d.Language, &d.Text)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			missing = append(missing, id)
		case err != nil:
			return nil, nil, err
		default:
			docs = append(docs, d)
		}
	}
	return docs, missing, nil
}

func (c contentDB) all(ctx context.Context, yield func(Document) error) error {
	rows, err := c.db.Reader().Query(ctx, `SELECT id, lang, body FROM test_docs ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		d := Document{Type: "statement", Visibility: VisPublic}
		if err := rows.Scan(&d.ID, &d.Language, &d.Text); err != nil {
			return err
		}
		d.Title = d.ID
		if err := yield(d); err != nil {
			return err
		}
	}
	return rows.Err()
}

// expect checks the index holds exactly want (query -> ids found).
func expect(t *testing.T, ix *Index, count uint64, want map[string][]string) {
	t.Helper()
	if n, err := ix.Count(); err != nil || n != count {
		t.Errorf("Count = %d, %v; want %d", n, err, count)
	}
	for q, ids := range want {
		r := mustSearch(t, ix, Query{Text: q})
		got := idsOf(r)
		if !slices.Equal(got, ids) {
			t.Errorf("%q: %v, want %v", q, got, ids)
		}
	}
}

func idsOf(r Result) []string {
	got := ids(r)
	slices.Sort(got)
	return got
}

func catchUp(t *testing.T, x *Indexer, want int) {
	t.Helper()
	n, err := x.CatchUp(context.Background())
	if err != nil || n != want {
		t.Fatalf("CatchUp = %d, %v; want %d rows", n, err, want)
	}
}

func TestIndexerCatchUpAndCrash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newContentDB(t, db)
		dir := filepath.Join(t.TempDir(), "index")
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		x := NewIndexer(ix, db.Reader(), c.load)
		x.batch = 2 // several batches, and a document repeated inside one

		c.put(t, "statement:1", "es", "El derecho al desarrollo")
		c.put(t, "statement:2", "pt", "Direito à saúde")
		c.put(t, "statement:3", "zh", "发展权")
		c.put(t, "statement:1", "es", "La erradicación de la pobreza")
		c.put(t, "statement:2", "", "")
		catchUp(t, x, 5)
		expect(t, ix, 2, map[string][]string{
			"pobreza": {"statement:1"}, "desarrollo": nil, "saude": nil, "发展权": {"statement:3"},
		})
		if p, _ := ix.Progress(); p != 5 {
			t.Errorf("progress %d, want 5", p)
		}
		catchUp(t, x, 0)

		// Crash: two changes commit; one reaches the index without its
		// progress (as a torn write would), then the process dies.
		c.put(t, "statement:4", "fr", "Le droit à l'éducation")
		c.put(t, "statement:3", "zh", "生活水准")
		if err := ix.Apply([]Document{{ID: "statement:4", Language: "fr", Text: "Le droit à l'éducation", Visibility: VisPublic}}, nil); err != nil {
			t.Fatal(err)
		}
		ix.Close()

		ix, err = Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		x = NewIndexer(ix, db.Reader(), c.load)
		catchUp(t, x, 2)
		want := map[string][]string{
			"education": {"statement:4"}, "生活水准": {"statement:3"}, "发展权": nil, "pobreza": {"statement:1"},
		}
		expect(t, ix, 3, want)

		// Re-applying the whole outbox changes nothing.
		if err := ix.apply(nil, nil, progressValue(0)); err != nil {
			t.Fatal(err)
		}
		catchUp(t, x, 7)
		expect(t, ix, 3, want)
	})
}

func TestIndexerKeepsProgressOnLoadError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newContentDB(t, db)
		ix := openWith(t, nil)
		fail := true
		x := NewIndexer(ix, db.Reader(), func(ctx context.Context, ids []string) ([]Document, []string, error) {
			if fail {
				return nil, nil, errors.New("database went away")
			}
			return c.load(ctx, ids)
		})
		c.put(t, "statement:1", "en", "Poverty alleviation")
		if _, err := x.CatchUp(context.Background()); err == nil {
			t.Fatal("CatchUp succeeded with a failing loader")
		}
		if p, _ := ix.Progress(); p != 0 {
			t.Errorf("progress moved to %d on failure", p)
		}
		fail = false
		catchUp(t, x, 1)
		expect(t, ix, 1, map[string][]string{"poverty": {"statement:1"}})
	})
}

// An index that missed outbox rows since pruned says so instead of
// believing itself caught up, and moves no further.
func TestIndexerNoticesAPrunedOutbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newContentDB(t, db)
		ix := openWith(t, nil)
		x := NewIndexer(ix, db.Reader(), c.load)
		c.put(t, "statement:1", "en", "Poverty alleviation")
		catchUp(t, x, 1)
		if behind, err := x.Behind(context.Background()); err != nil || behind {
			t.Fatalf("Behind = %v, %v after catching up", behind, err)
		}
		c.put(t, "statement:2", "en", "Judicial reform")
		c.put(t, "statement:3", "en", "Democratic development")
		if behind, err := x.Behind(context.Background()); err != nil || behind {
			t.Fatalf("Behind = %v, %v with every row there", behind, err)
		}
		if _, err := db.Reader().Exec(context.Background(), `DELETE FROM search_outbox WHERE seq = 2`); err != nil {
			t.Fatal(err)
		}
		if behind, err := x.Behind(context.Background()); err != nil || !behind {
			t.Fatalf("Behind = %v, %v with row 2 pruned", behind, err)
		}
		if _, err := x.CatchUp(context.Background()); !errors.Is(err, ErrIndexBehind) {
			t.Fatalf("CatchUp = %v, want ErrIndexBehind", err)
		}
		if p, _ := ix.Progress(); p != 1 {
			t.Errorf("progress moved to %d", p)
		}
	})
}

func TestIndexerRun(t *testing.T) {
	db := storetest.SQLite(t)
	c := newContentDB(t, db)
	ix := openWith(t, nil)
	x := NewIndexer(ix, db.Reader(), c.load)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { x.Run(ctx, 10*time.Millisecond); close(done) }()

	c.put(t, "statement:1", "en", "Judicial reform")
	deadline := time.Now().Add(5 * time.Second)
	for n, _ := ix.Count(); n != 1; n, _ = ix.Count() {
		if time.Now().After(deadline) {
			t.Fatal("Run did not index the new row within 5 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop when its context ended")
	}
}

func TestRebuild(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newContentDB(t, db)
		c.put(t, "statement:1", "es", "Reducción de la pobreza")
		c.put(t, "statement:2", "en", "Democratic development")
		dir := filepath.Join(t.TempDir(), "index")

		// An old index holding a document the database no longer has.
		old, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := old.Apply([]Document{{ID: "statement:9", Language: "en", Text: "stale poverty", Visibility: VisPublic}}, nil); err != nil {
			t.Fatal(err)
		}
		old.Close()

		head := c.head(t)
		if err := Rebuild(context.Background(), dir, c.all, head); err != nil {
			t.Fatal(err)
		}
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		expect(t, ix, 2, map[string][]string{"pobreza": {"statement:1"}, "stale": nil, "development": {"statement:2"}})
		if p, _ := ix.Progress(); p != head {
			t.Errorf("progress %d, want %d", p, head)
		}
		if left, _ := filepath.Glob(dir + ".rebuild-*"); len(left) != 0 {
			t.Errorf("rebuild left %v behind", left)
		}
		// A change after the head is picked up by the indexer.
		c.put(t, "statement:2", "", "")
		catchUp(t, NewIndexer(ix, db.Reader(), c.load), 1)
		expect(t, ix, 1, map[string][]string{"development": nil})
	})
}
