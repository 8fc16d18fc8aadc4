package thesaurus_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/thesaurus"
)

// conceptsDDL is the table the thesaurus stores into, as migration 0002
// creates it; IF NOT EXISTS keeps the test honest if the migration is
// ever renamed.
const conceptsDDL = `CREATE TABLE IF NOT EXISTS concepts (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
)`

func eachDB(t *testing.T, fn func(t *testing.T, ctx context.Context, db *store.DB)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.Reader().Exec(ctx, conceptsDDL); err != nil {
			t.Fatal(err)
		}
		fn(t, ctx, db)
	})
}

var editor = audit.Actor{Label: "secretariat@roundtable.example"}

func auditEntries(t *testing.T, ctx context.Context, db *store.DB) int64 {
	t.Helper()
	rep, err := audit.Verify(ctx, db.Reader())
	if err != nil || rep.Broken != nil {
		t.Fatalf("audit chain: %+v %v", rep, err)
	}
	return rep.Entries
}

func load(t *testing.T, ctx context.Context, db *store.DB) *thesaurus.Thesaurus {
	t.Helper()
	th, err := thesaurus.Load(ctx, db.Reader())
	if err != nil {
		t.Fatal(err)
	}
	return th
}

func TestSyncLoadsTheShippedThesaurusOnce(t *testing.T) {
	cs, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	eachDB(t, func(t *testing.T, ctx context.Context, db *store.DB) {
		if th := load(t, ctx, db); th.Len() != 0 {
			t.Fatalf("empty database holds %d concepts", th.Len())
		}
		added, err := thesaurus.Sync(ctx, db, cs)
		if err != nil || added != len(cs) {
			t.Fatalf("first Sync: added %d, %v; want %d", added, err, len(cs))
		}
		added, err = thesaurus.Sync(ctx, db, cs)
		if err != nil || added != 0 {
			t.Fatalf("second Sync: added %d, %v; want 0", added, err)
		}
		if n := auditEntries(t, ctx, db); n != 1 {
			t.Fatalf("%d audit entries, want 1: a Sync that changes nothing records nothing", n)
		}
		th := load(t, ctx, db)
		if got, want := th.All(), shipped(t).All(); mustJSON(t, got) != mustJSON(t, want) {
			t.Fatal("loaded thesaurus differs from the shipped one")
		}
		if got := th.Match("发展权"); !slices.Equal(got, []string{"right-to-development"}) {
			t.Fatalf("loaded thesaurus: Match(发展权) = %v", got)
		}
	})
}

func TestSyncKeepsEditsAndDeletions(t *testing.T) {
	cs, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	eachDB(t, func(t *testing.T, ctx context.Context, db *store.DB) {
		if _, err := thesaurus.Sync(ctx, db, cs); err != nil {
			t.Fatal(err)
		}
		// The secretariat rewords one concept and removes another.
		rtd, _ := load(t, ctx, db).Concept("right-to-development")
		rtd.Pref["es"] = "derecho humano al desarrollo"
		if err := thesaurus.Save(ctx, db, editor, rtd); err != nil {
			t.Fatal(err)
		}
		upr, _ := load(t, ctx, db).Concept("universal-periodic-review")
		if err := thesaurus.Delete(ctx, db, editor, upr.ID); !errs.Is(err, errs.Conflict) {
			t.Fatalf("Delete of a linked concept: %v, want a conflict", err)
		}
		upr.Broader, upr.Related = nil, nil
		if err := thesaurus.Save(ctx, db, editor, upr); err != nil {
			t.Fatal(err)
		}
		if err := thesaurus.Delete(ctx, db, editor, upr.ID); err != nil {
			t.Fatal(err)
		}
		if ic, _ := load(t, ctx, db).Concept("international-cooperation"); slices.Contains(ic.Narrower, upr.ID) {
			t.Fatal("unlinking did not reach the other side")
		}

		// A later release rewords both concepts and the one above them.
		next := slices.Clone(cs)
		for i := range next {
			next[i].Pref = clonePref(next[i].Pref)
			switch next[i].ID {
			case "right-to-development", "universal-periodic-review", "collective-rights":
				next[i].Pref["es"] += " (2)"
			}
		}
		added, err := thesaurus.Sync(ctx, db, next)
		if err != nil || added != 0 {
			t.Fatalf("Sync of the next release: added %d, %v; want 0", added, err)
		}
		th := load(t, ctx, db)
		if got := th.Label("right-to-development", "es"); got != "derecho humano al desarrollo" {
			t.Errorf("edited label overwritten: %q", got)
		}
		if got := th.Label("collective-rights", "es"); got != "derechos colectivos (2)" {
			t.Errorf("unedited concept not brought up to date: %q", got)
		}
		if _, ok := th.Concept("universal-periodic-review"); ok {
			t.Error("deleted concept came back")
		}
		if err := thesaurus.Delete(ctx, db, editor, "universal-periodic-review"); !errs.Is(err, errs.NotFound) {
			t.Errorf("second Delete: %v, want not found", err)
		}
	})
}

func TestSaveKeepsLinksSymmetric(t *testing.T) {
	cs, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	eachDB(t, func(t *testing.T, ctx context.Context, db *store.DB) {
		if _, err := thesaurus.Sync(ctx, db, cs); err != nil {
			t.Fatal(err)
		}
		before := auditEntries(t, ctx, db)
		nc := thesaurus.Concept{
			ID:      "right-to-a-healthy-environment",
			Pref:    map[string]string{"en": "right to a clean, healthy and sustainable environment", "zh": "享有清洁、健康和可持续环境的权利"},
			Broader: []string{"economic-social-cultural-rights"},
			Related: []string{"sustainable-development"},
		}
		if err := thesaurus.Save(ctx, db, editor, nc); err != nil {
			t.Fatal(err)
		}
		th := load(t, ctx, db)
		esc, _ := th.Concept("economic-social-cultural-rights")
		sd, _ := th.Concept("sustainable-development")
		if !slices.Contains(esc.Narrower, nc.ID) || !slices.Contains(sd.Related, nc.ID) {
			t.Fatalf("inverse links not stored: %v %v", esc.Narrower, sd.Related)
		}
		if got := th.Tag("zh", "各国应保障享有清洁、健康和可持续环境的权利"); !slices.Contains(got, nc.ID) {
			t.Errorf("new concept does not tag: %v", got)
		}
		// Saving it unchanged records nothing.
		saved, _ := th.Concept(nc.ID)
		if err := thesaurus.Save(ctx, db, editor, saved); err != nil {
			t.Fatal(err)
		}
		if n := auditEntries(t, ctx, db); n != before+1 {
			t.Errorf("%d audit entries after one change, want %d", n, before+1)
		}

		// Moving it: the old parent loses it, the new one gains it.
		saved.Broader = []string{"collective-rights"}
		if err := thesaurus.Save(ctx, db, editor, saved); err != nil {
			t.Fatal(err)
		}
		th = load(t, ctx, db)
		esc, _ = th.Concept("economic-social-cultural-rights")
		cr, _ := th.Concept("collective-rights")
		if slices.Contains(esc.Narrower, nc.ID) || !slices.Contains(cr.Narrower, nc.ID) {
			t.Fatalf("move not reflected: %v / %v", esc.Narrower, cr.Narrower)
		}

		for _, tt := range []struct {
			name string
			c    thesaurus.Concept
			code string
		}{
			{"unknown link", with(saved, func(c *thesaurus.Concept) { c.Related = []string{"no-such-concept"} }), "link_unknown"},
			{"cycle", with(saved, func(c *thesaurus.Concept) { c.Narrower = []string{"human-rights"} }), "link_cycle"},
			{"no English label", with(saved, func(c *thesaurus.Concept) { delete(c.Pref, "en") }), "label_missing"},
		} {
			err := thesaurus.Save(ctx, db, editor, tt.c)
			if e := errs.As(err); err == nil || e.Kind != errs.Invalid || e.Code != tt.code {
				t.Errorf("%s: Save gave %v, want invalid %s", tt.name, err, tt.code)
			}
		}
		if n := auditEntries(t, ctx, db); n != before+2 {
			t.Errorf("refused saves changed the trail: %d entries, want %d", n, before+2)
		}
	})
}

func TestSyncLinksNewConceptsToEditedOnes(t *testing.T) {
	cs, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	eachDB(t, func(t *testing.T, ctx context.Context, db *store.DB) {
		if _, err := thesaurus.Sync(ctx, db, cs); err != nil {
			t.Fatal(err)
		}
		// An edited concept, then a release with a new concept under it.
		hr, _ := load(t, ctx, db).Concept("human-rights")
		hr.Scope = "Edited by the secretariat."
		if err := thesaurus.Save(ctx, db, editor, hr); err != nil {
			t.Fatal(err)
		}
		next := append(slices.Clone(cs), thesaurus.Concept{
			ID: "sync-test-concept", Pref: map[string]string{"en": "concept added by a later release"}, Broader: []string{"human-rights"},
		})
		added, err := thesaurus.Sync(ctx, db, next)
		if err != nil || added != 1 {
			t.Fatalf("Sync: added %d, %v; want 1", added, err)
		}
		got, _ := load(t, ctx, db).Concept("human-rights")
		if got.Scope != hr.Scope || !slices.Contains(got.Narrower, "sync-test-concept") {
			t.Fatalf("human-rights after Sync: scope %q, narrower %v", got.Scope, got.Narrower)
		}
	})
}

func with(c thesaurus.Concept, f func(*thesaurus.Concept)) thesaurus.Concept {
	c.Pref = clonePref(c.Pref)
	f(&c)
	return c
}

func clonePref(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A deletion and an edit linking to the deleted concept, at the same
// time: one of them must lose, or the stored thesaurus would link to a
// concept that is gone and no longer load.
func TestConcurrentDeleteAndLink(t *testing.T) {
	eachDB(t, func(t *testing.T, ctx context.Context, db *store.DB) {
		for i := range 10 {
			target := fmt.Sprintf("target-%d", i)
			if err := thesaurus.Save(ctx, db, editor, thesaurus.Concept{ID: target, Pref: map[string]string{"en": target}}); err != nil {
				t.Fatal(err)
			}
			errc := make(chan error, 2)
			go func() { errc <- thesaurus.Delete(ctx, db, editor, target) }()
			go func() {
				id := fmt.Sprintf("linker-%d", i)
				errc <- thesaurus.Save(ctx, db, editor, thesaurus.Concept{ID: id, Pref: map[string]string{"en": id}, Broader: []string{target}})
			}()
			failed := 0
			for range 2 {
				if err := <-errc; err != nil {
					if !errs.Is(err, errs.Conflict) && !errs.Is(err, errs.Invalid) {
						t.Fatal(err)
					}
					failed++
				}
			}
			if failed != 1 {
				t.Fatalf("round %d: %d of the two writes failed, want exactly 1", i, failed)
			}
			load(t, ctx, db)
		}
	})
}

func TestConcurrentReads(t *testing.T) {
	th := shipped(t)
	done := make(chan []string, 8)
	for range 8 {
		go func() {
			done <- append(th.Tag("zh", "生存权和发展权"), th.Match("derecho al desarrollo")...)
		}()
	}
	for range 8 {
		if got := <-done; !slices.Equal(got, []string{"right-to-development", "right-to-subsistence", "right-to-development"}) {
			t.Fatalf("concurrent Tag/Match gave %v", got)
		}
	}
}
