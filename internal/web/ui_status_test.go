package web_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/country"
	"roundtable/internal/outbox"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/translate"
	"roundtable/internal/web"
)

// statusSite is a site whose server knows the given translation engines.
func statusSite(t *testing.T, db *store.DB, engines *translate.Engines) *site {
	t.Helper()
	set, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := country.Sync(context.Background(), db, set); err != nil {
		t.Fatal(err)
	}
	accounts, err := account.NewService(db, fastHasher)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Options{DB: db, Accounts: accounts, Logger: quietLog(), Translation: engines})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &site{t: t, db: db, accounts: accounts, srv: srv}
}

// oneText is a Source of one Spanish text.
type oneText struct{}

func (oneText) Load(context.Context, int64) (translate.Item, error) {
	return translate.Item{Lang: "es", Texts: []string{"Hola"}}, nil
}
func (oneText) Save(context.Context, int64, string, map[string][]string, string) error { return nil }

// Without an engine the secretariat reads that there is none and how to
// enable one; the link to the page is theirs alone.
func TestStatusWithoutEngine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := statusSite(t, db, nil)
		s.user("sec@example.org", account.Administrator)
		s.user("dlg@example.org", account.Delegate)
		admin := s.client().signIn("sec@example.org")
		page := doc(t, admin.get("/admin/status"))
		if off := text(one(t, page, "p", "id", "mt-off")); !strings.Contains(off, "No machine translation engine") {
			t.Errorf("no-engine notice: %q", off)
		}
		if how := text(one(t, page, "p", "id", "mt-enable")); !strings.Contains(how, "apertium-es-pt") || !strings.Contains(how, "--translate-url") {
			t.Errorf("how to enable: %q", how)
		}
		one(t, doc(t, admin.get("/")), "a", "href", "/admin/status")
		if n := find(doc(t, s.client().signIn("dlg@example.org").get("/")), "a", "href", "/admin/status"); len(n) != 0 {
			t.Error("a delegate is shown the status link")
		}
		admin.postForm("/language", url.Values{"lang": {"fr"}, "next": {"/admin/status"}})
		if off := text(one(t, doc(t, admin.get("/admin/status")), "p", "id", "mt-off")); !strings.HasPrefix(off, "Aucun moteur de traduction automatique\u00a0:") {
			t.Errorf("French notice: %q", off)
		}
	})
}

// A translation service that is down: the job fails and waits, and the
// page and the JSON name the engine and its error.
func TestStatusNamesAFailingEngine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := ln.Addr().String()
		ln.Close() // nothing listens there: the service is down
		libre, err := translate.NewLibre("http://"+addr, "")
		if err != nil {
			t.Fatal(err)
		}
		engines := translate.NewEngines(libre)
		s := statusSite(t, db, engines)
		s.user("sec@example.org", account.Administrator)
		ctx := context.Background()
		db.Write(ctx, func(tx *store.Tx) error { return outbox.Translate(ctx, tx, outbox.TranslateStatement, 42) })
		db.Write(ctx, func(tx *store.Tx) error { return outbox.Translate(ctx, tx, outbox.TranslateParagraph, 8) })
		db.Write(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, "UPDATE translation_jobs SET done_at = ? WHERE kind = 'paragraph'", store.Now())
			return err
		})
		w := translate.NewWorker(db, engines, nil)
		w.Register(outbox.TranslateStatement, oneText{})
		if n, err := w.RunDue(ctx); err != nil || n != 0 {
			t.Fatalf("RunDue with the service down: %d, %v", n, err)
		}

		admin := s.client().signIn("sec@example.org")
		page := doc(t, admin.get("/admin/status"))
		if row := text(one(t, page, "tr", "id", "engine-libretranslate")); !strings.Contains(row, "http://"+addr) || !strings.Contains(row, "refused") {
			t.Errorf("engine row: %q", row)
		}
		if got := text(one(t, page, "dd", "id", "mt-done")); got != "1 / 2" {
			t.Errorf("done %q, want 1 / 2", got)
		}
		if got := text(one(t, page, "dd", "id", "mt-failing")); got != "1" {
			t.Errorf("failing %q, want 1", got)
		}
		failures := text(one(t, page, "table", "id", "mt-failures"))
		for _, want := range []string{"Statement 42", "libretranslate", "connection refused"} {
			if !strings.Contains(failures, want) {
				t.Errorf("failures table lacks %q: %q", want, failures)
			}
		}
		one(t, page, "a", "href", "/statements/42")

		res := admin.get("/api/v1/status/translation")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("JSON status: %d", res.StatusCode)
		}
		var st struct {
			Translation struct {
				Enabled bool
				Engines []struct{ Name, Where string }
				Queue   struct {
					Total, Done, Pending, Failing int
					Failures                      []struct {
						Kind, Engine string
						Ref          int64
						Attempts     int
						LastError    string `json:"last_error"`
					}
				}
			}
		}
		if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
			t.Fatal(err)
		}
		q := st.Translation.Queue
		if !st.Translation.Enabled || len(st.Translation.Engines) != 1 || st.Translation.Engines[0].Name != "libretranslate" ||
			q.Total != 2 || q.Done != 1 || q.Pending != 1 || q.Failing != 1 || len(q.Failures) != 1 {
			t.Fatalf("JSON status: %+v", st)
		}
		f := q.Failures[0]
		if f.Kind != "statement" || f.Ref != 42 || f.Attempts != 1 || f.Engine != "libretranslate" || !strings.Contains(f.LastError, "refused") {
			t.Errorf("failure: %+v", f)
		}
	})
}
