package discovery_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/country"
	"roundtable/internal/demo"
	"roundtable/internal/dialogue"
	"roundtable/internal/discovery"
	"roundtable/internal/ground"
	"roundtable/internal/outbox"
	"roundtable/internal/refdata"
	"roundtable/internal/reference"
	"roundtable/internal/search"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/thesaurus"
)

// world is a database with the shipped data and the demo edition, and a
// search service over it.
type world struct {
	db  *store.DB
	svc *discovery.Service
	dlg *dialogue.Service
	acc *account.Service
}

func prepare(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	set, _ := refdata.Load()
	if _, err := country.Sync(ctx, db, set); err != nil {
		t.Fatal(err)
	}
	cs, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := thesaurus.Sync(ctx, db, cs); err != nil {
		t.Fatal(err)
	}
	arts, _ := reference.Shipped()
	if _, err := reference.Sync(ctx, db, arts); err != nil {
		t.Fatal(err)
	}
}

func newWorld(t *testing.T, db *store.DB, withDemo bool) *world {
	t.Helper()
	ctx := context.Background()
	prepare(t, db)
	svc, err := discovery.Open(ctx, db, filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	w := &world{db: db, svc: svc}
	w.dlg = &dialogue.Service{DB: db, Tagger: taggerOf{svc}}
	w.acc, _ = account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	if withDemo {
		if _, err := demo.Load(ctx, db, w.acc, &ground.Service{DB: db, Dialogue: w.dlg}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	return w
}

type taggerOf struct{ s *discovery.Service }

func (t taggerOf) Tag(lang, text string) []string {
	return t.s.Thesaurus(context.Background()).Tag(lang, text)
}

func (w *world) search(t *testing.T, q string) discovery.Response {
	t.Helper()
	res, err := w.svc.Search(context.Background(), nil, discovery.Request{Text: q, Limit: 100})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return res
}

// TestCrossLanguageSearch is the conformance suite's heart: the right to
// development is found whatever the language of the query and of the text,
// and every hit says how it matched.
func TestCrossLanguageSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, true)
		for _, q := range []string{"发展权", `"derecho al desarrollo"`, "direito ao desenvolvimento", "right to development"} {
			res := w.search(t, q)
			// One hit per statement, whatever its translations: by the
			// language it was delivered in.
			langs := map[string]string{}
			seen := map[string]bool{}
			for _, h := range res.Hits {
				if seen[h.ID] {
					t.Errorf("%s: %s listed twice", q, h.ID)
				}
				seen[h.ID] = true
				if h.Type == "statement" {
					if langs[h.Original] == "" || h.MatchedBy == search.MatchedText {
						langs[h.Original] = h.MatchedBy
					}
				}
			}
			for _, l := range []string{"zh", "es", "pt", "en"} {
				if langs[l] == "" {
					t.Errorf("%s: no statement delivered in %s found (found %v)", q, l, langs)
				}
			}
			if len(res.Concepts) == 0 || res.Concepts[0] != "right-to-development" {
				t.Errorf("%s: concepts %v", q, res.Concepts)
			}
			for _, h := range res.Hits {
				switch h.MatchedBy {
				case search.MatchedText, search.MatchedConcept:
				case search.MatchedTranslation:
					// No query translator here: only a machine version
					// holding the words makes a translation match.
					machine := false
					for _, v := range h.Versions {
						machine = machine || v.Machine && v.Matched
					}
					if !machine {
						t.Errorf("%s: hit %s matched by translation without a machine version matching: %+v", q, h.ID, h.Versions)
					}
				default:
					t.Errorf("%s: hit %s matched_by %q", q, h.ID, h.MatchedBy)
				}
			}
		}
	})
}

func TestDeclarationArticle25InEveryLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, false)
		// One hit for the article, with its five languages; the Spanish
		// version is the one the words matched, and is shown to a reader
		// without a language of its own; a Portuguese reader gets the
		// Portuguese title.
		res := w.search(t, "nivel de vida adecuado")
		var art []search.Hit
		for _, h := range res.Hits {
			if strings.HasPrefix(h.ID, "udhr:") && strings.HasSuffix(h.ID, ":25") {
				art = append(art, h)
			}
		}
		if len(art) != 1 || art[0].ID != "udhr:25" {
			t.Fatalf("article 25: hits %v, want one udhr:25", art)
		}
		h := art[0]
		var langs []string
		for _, v := range h.Versions {
			langs = append(langs, v.Lang)
			if v.Matched != (v.Lang == "es") || v.Machine {
				t.Errorf("version %+v: want matched only in es, none machine", v)
			}
		}
		if strings.Join(langs, " ") != "en es pt zh fr" {
			t.Errorf("article 25 versions %v, want en es pt zh fr", langs)
		}
		if h.MatchedBy != search.MatchedText || h.Language != "es" || !strings.Contains(h.Snippet, "<mark>nivel</mark> de <mark>vida</mark> <mark>adecuado</mark>") {
			t.Errorf("article 25 shown as %s, matched by %q, snippet %q", h.Language, h.MatchedBy, h.Snippet)
		}
		res, err := w.svc.Search(context.Background(), nil, discovery.Request{Text: "nivel de vida adecuado", Lang: "pt"})
		if err != nil || len(res.Hits) == 0 || res.Hits[0].ID != "udhr:25" {
			t.Fatalf("in Portuguese: %v %v", res.Hits, err)
		}
		if h := res.Hits[0]; h.Language != "pt" || h.Title != "Artigo XXV." || !strings.HasPrefix(h.Snippet, "Todo ser humano tem direito a um padrão de") {
			t.Errorf("a Portuguese reader sees %s %q %q", h.Language, h.Title, h.Snippet)
		}
	})
}

func TestBadQueriesAreRefused(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t), false)
	for q, code := range map[string]string{`"nivel de vida`: "unbalanced_quotes", `?!…`: "empty_query"} {
		_, err := w.svc.Search(context.Background(), nil, discovery.Request{Text: q})
		if c, ok := search.IsQueryError(err); !ok || c != code {
			t.Errorf("%q: %v, want %s", q, err, code)
		}
	}
}

// TestEveryInstanceFindsANewStatement runs two instances, each with its own
// index following the one outbox: a statement saved through one is found on
// the other. It logs how long that took (well under a second on a quiet
// machine) but allows fifteen: under the race detector on a loaded CI
// machine a second was once not enough, and the promise tested here is
// that the other instance finds it, not how fast.
func TestEveryInstanceFindsANewStatement(t *testing.T) {
	u := storetest.PostgresURL(t)
	ctx := context.Background()
	open := func() *store.DB { return storetest.Open(t, u) }
	a := newWorld(t, open(), true)
	b := newWorld(t, open(), false)
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	go b.svc.Run(runCtx)

	admin, err := a.acc.GetByEmail(ctx, demo.AdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	eds, _ := a.dlg.Editions(ctx, &admin)
	ds, _ := a.dlg.Delegations(ctx, &admin, eds[0].ID)
	start := time.Now()
	st, err := a.dlg.SaveStatement(ctx, &admin, dialogue.Statement{EditionID: eds[0].ID, DelegationID: ds[0].ID, Language: "en",
		Title: "Zanzibarian cooperation", Body: "A unique word: quetzalcoatlus cooperation.", Visibility: dialogue.Public})
	if err != nil {
		t.Fatal(err)
	}
	for {
		res := b.search(t, "quetzalcoatlus")
		if len(res.Hits) == 1 && res.Hits[0].ID == "statement:"+itoa(st.ID) {
			t.Logf("found on the other instance after %v", time.Since(start))
			break
		}
		if time.Since(start) > 15*time.Second {
			t.Fatalf("not found on the other instance within 15 s (%d hits)", len(res.Hits))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestHidingAStatementHidesItsTranslations: when a statement is withdrawn
// from the public, its translations leave public search with it.
func TestHidingAStatementHidesItsTranslations(t *testing.T) {
	db := storetest.SQLite(t)
	w := newWorld(t, db, true)
	ctx := context.Background()
	admin, _ := w.acc.GetByEmail(ctx, demo.AdminEmail)
	var id int64
	if err := db.Reader().QueryRow(ctx, "SELECT statement_id FROM statement_translations ORDER BY statement_id LIMIT 1").Scan(&id); err != nil {
		t.Fatal(err)
	}
	public := func() int {
		res, err := w.svc.Search(ctx, nil, discovery.Request{Limit: 100, Filters: search.Filters{Type: "statement"}})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, h := range res.Hits {
			if h.ID == "statement:"+itoa(id) || strings.HasPrefix(h.ID, "statement:"+itoa(id)+":") {
				n += len(h.Versions)
			}
		}
		return n
	}
	// One document holds the statement and its translations.
	if public() < 2 {
		t.Fatal("the statement and its translation are not public to begin with")
	}
	st, err := w.dlg.Statement(ctx, &admin, id)
	if err != nil {
		t.Fatal(err)
	}
	st.Visibility = dialogue.Draft
	if _, err := w.dlg.SaveStatement(ctx, &admin, st); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if n := public(); n != 0 {
		t.Fatalf("%d documents of a draft statement are still public", n)
	}
}

// An instance whose index missed changes the search outbox no longer holds
// (stopped for longer than the outbox keeps its rows) rebuilds the index
// from the database when it starts, and finds those changes.
func TestOpenRebuildsAnIndexBehindThePrunedOutbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, true)
		dir := filepath.Join(t.TempDir(), "index")
		openCaughtUp(t, db, dir).Close() // the instance stops

		for _, word := range []string{"quetzalcoatlus", "archaeopteryx"} {
			w.saveRare(t, word)
		}
		// A week passes: every row but the newest is pruned.
		db.Reader().Exec(ctx, "UPDATE search_outbox SET created_at = ?", store.Now().Add(-30*24*time.Hour))
		if _, err := outbox.PruneSearch(ctx, db, 7*24*time.Hour); err != nil {
			t.Fatal(err)
		}

		svc, err := discovery.Open(ctx, db, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer svc.Close()
		for _, word := range []string{"quetzalcoatlus", "archaeopteryx"} {
			res, err := svc.Search(ctx, nil, discovery.Request{Text: word, Limit: 10})
			if err != nil || len(res.Hits) != 1 {
				t.Errorf("%s after restart: %d hits, %v", word, len(res.Hits), err)
			}
		}
		if _, err := svc.CatchUp(ctx); err != nil {
			t.Errorf("CatchUp after the rebuild: %v", err)
		}
	})
}

// A database restored from an older backup lacks changes its instances'
// indexes already hold: the index is ahead of the outbox, and is rebuilt
// at start rather than kept with documents the database no longer has.
func TestOpenRebuildsAnIndexAheadOfARestoredDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, true)
		head, err := outbox.Head(ctx, db.Reader(), "search_outbox")
		if err != nil {
			t.Fatal(err)
		}
		st := w.saveRare(t, "quetzalcoatlus")
		dir := filepath.Join(t.TempDir(), "index")
		openCaughtUp(t, db, dir).Close()

		// The database goes back to its state before the statement.
		for _, q := range []string{
			"DELETE FROM statement_concepts WHERE statement_id = " + itoa(st.ID),
			"DELETE FROM statements WHERE id = " + itoa(st.ID),
			"DELETE FROM search_outbox WHERE seq > " + strconv.FormatInt(head, 10),
			"UPDATE sequence_heads SET seq = " + strconv.FormatInt(head, 10) + " WHERE name = 'search_outbox'",
		} {
			if _, err := db.Reader().Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}

		svc, err := discovery.Open(ctx, db, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer svc.Close()
		res, err := svc.Search(ctx, nil, discovery.Request{Text: "quetzalcoatlus", Limit: 10})
		if err != nil || len(res.Hits) != 0 {
			t.Errorf("the restored database's index still finds the lost statement: %d hits, %v", len(res.Hits), err)
		}
		if res, err := svc.Search(ctx, nil, discovery.Request{Text: "desarrollo", Limit: 10}); err != nil || len(res.Hits) == 0 {
			t.Errorf("the rebuilt index lost the rest: %d hits, %v", len(res.Hits), err)
		}
	})
}

// saveRare saves a public English statement holding word in the demo's
// first edition, as its administrator.
func (w *world) saveRare(t *testing.T, word string) dialogue.Statement {
	t.Helper()
	ctx := context.Background()
	admin, err := w.acc.GetByEmail(ctx, demo.AdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	eds, _ := w.dlg.Editions(ctx, &admin)
	ds, _ := w.dlg.Delegations(ctx, &admin, eds[0].ID)
	st, err := w.dlg.SaveStatement(ctx, &admin, dialogue.Statement{EditionID: eds[0].ID, DelegationID: ds[0].ID, Language: "en",
		Title: "A rare word", Body: "A rare word: " + word + ".", Visibility: dialogue.Public})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// openCaughtUp opens an instance's index in dir and applies the outbox.
func openCaughtUp(t *testing.T, db *store.DB, dir string) *discovery.Service {
	t.Helper()
	svc, err := discovery.Open(context.Background(), db, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	return svc
}
