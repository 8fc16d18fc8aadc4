package discovery_test

import (
	"context"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/dialogue"
	"roundtable/internal/discovery"
	"roundtable/internal/ground"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// hits lists the ids of the hits of q for reader u (nil: the public).
func (w *world) hitsFor(t *testing.T, u *account.User, q string) map[string]bool {
	t.Helper()
	ctx := context.Background()
	if _, err := w.svc.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.Search(ctx, u, discovery.Request{Text: q, Limit: 100})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	out := map[string]bool{}
	for _, h := range res.Hits {
		out[h.ID] = true
	}
	return out
}

// TestPropositionsAreFoundOncePublished: the site search finds a
// published proposition, in its language and in its translations; one
// waiting for the chair is found by nobody yet; a merged one is found no
// more (its target is).
func TestPropositionsAreFoundOncePublished(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, true)
		ctx := context.Background()
		user := func(email string) *account.User {
			u, err := w.acc.GetByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			return &u
		}
		chair, bra := user("chair@roundtable.example"), user("delegate.bra@roundtable.example")
		eds, _ := w.dlg.Editions(ctx, chair)
		g := &ground.Service{DB: db, Dialogue: w.dlg}
		mine, err := g.Propose(ctx, bra, eds[0].ID, ground.PropositionInput{Language: "pt", Text: "Cooperação quixotescamente solidária entre os povos."})
		if err != nil {
			t.Fatal(err)
		}
		id := "proposition:" + itoa(mine.ID)
		for _, u := range []*account.User{nil, bra, chair} {
			if hits := w.hitsFor(t, u, "quixotescamente"); hits[id] {
				t.Errorf("a proposition waiting for the chair is found by %v", u)
			}
		}
		if _, err := g.Publish(ctx, chair, mine.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := g.SetTranslation(ctx, bra, mine.ID, dialogue.Translation{Language: "en", Body: "Quixotically supportive cooperation between peoples."}); err != nil {
			t.Fatal(err)
		}
		if hits := w.hitsFor(t, nil, "quixotescamente"); !hits[id] {
			t.Errorf("the public does not find the published proposition: %v", hits)
		}
		// One document per proposition: its English translation finds it.
		if hits := w.hitsFor(t, nil, "quixotically"); !hits[id] || len(hits) != 1 {
			t.Errorf("the public does not find it (once) through its English translation: %v", hits)
		}
		other, err := g.Propose(ctx, chair, eds[0].ID, ground.PropositionInput{Language: "en", Text: "Quixotic cooperation, merged target."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := g.Merge(ctx, chair, mine.ID, other.ID); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"quixotescamente", "quixotically"} {
			if hits := w.hitsFor(t, nil, q); hits[id] {
				t.Errorf("%s: a merged proposition is still found: %v", q, hits)
			}
		}
		if hits := w.hitsFor(t, nil, "quixotic"); !hits["proposition:"+itoa(other.ID)] {
			t.Errorf("the merge target is not found: %v", hits)
		}
	})
}
