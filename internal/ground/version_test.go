package ground_test

import (
	"fmt"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/audit"

	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// TestAnotherInstancesWriteShowsOnTheMap: a map is computed, kept, and
// then a position changes through another instance (its own service, and
// on PostgreSQL its own connection pool); the first instance's next map
// shows the change.
func TestAnotherInstancesWriteShowsOnTheMap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "BRA", "ARG", "CHN", "MEX")
		f.bloc(t, "ALL", 1, "BRA", "ARG", "CHN", "MEX")
		p := f.propose(t, "Mutual learning in poverty alleviation.")
		for _, c := range []string{"BRA", "ARG", "CHN", "MEX"} {
			f.set(t, c, p.ID, ground.Support, "")
		}
		m, err := f.svc.Map(bg, f.chair, f.edition.ID)
		must(t, err)
		if got := m.Rows[0].Score.All; got.Support != 4 || got.Object != 0 {
			t.Fatalf("before: %+v, want 4 support", got)
		}
		// The other instance: a service of its own, with its own kept
		// positions, on the same database.
		b := &ground.Service{DB: db, Dialogue: &dialogue.Service{DB: db}}
		if _, err := b.SetPosition(bg, f.delegate["BRA"], p.ID, ground.PositionInput{Stance: ground.CannotAccept, Reason: "Not yet."}); err != nil {
			t.Fatal(err)
		}
		m, err = f.svc.Map(bg, f.chair, f.edition.ID)
		must(t, err)
		if got := m.Rows[0].Score.All; got.Support != 3 || got.Object != 1 || len(m.Rows[0].Objections) != 1 || m.Rows[0].Objections[0].Reason != "Not yet." {
			t.Fatalf("after another instance's write the map reads %+v with objections %+v; want 3 support, Brazil's objection", got, m.Rows[0].Objections)
		}
		// A withdrawal through the other instance takes it off this one's map.
		if _, err := b.Withdraw(bg, f.chair, p.ID); err != nil {
			t.Fatal(err)
		}
		m, err = f.svc.Map(bg, f.chair, f.edition.ID)
		must(t, err)
		if len(m.Rows) != 0 {
			t.Fatalf("the withdrawn proposition is still on the map: %d rows", len(m.Rows))
		}
	})
}

// TestVersionTellsAnObserverNothingOfPositions: the version a live page
// follows moves for a delegate when a position changes, and stays for an
// observer the edition keeps positions from; a proposition published
// moves it for both.
func TestVersionTellsAnObserverNothingOfPositions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "BRA", "ARG")
		f.publishEdition(t)
		p := f.propose(t, "The right to development.")
		obs0, _ := f.svc.Version(bg, f.obs, f.edition.ID)
		del0, _ := f.svc.Version(bg, f.delegate["ARG"], f.edition.ID)
		f.set(t, "BRA", p.ID, ground.CannotAccept, "No.")
		obs1, _ := f.svc.Version(bg, f.obs, f.edition.ID)
		del1, _ := f.svc.Version(bg, f.delegate["ARG"], f.edition.ID)
		if obs1 != obs0 {
			t.Error("a position moved the observer's version")
		}
		if del1 == del0 {
			t.Error("a position left a delegate's version as it was")
		}
		f.propose(t, "Mutual learning.")
		if obs2, _ := f.svc.Version(bg, f.obs, f.edition.ID); obs2 == obs1 {
			t.Error("a proposition published left the observer's version as it was")
		}
	})
}

// TestHistoryKeepsTheNameOfWhoActed: a delegate renamed after recording a
// position is named in the history as they were when they recorded it.
func TestHistoryKeepsTheNameOfWhoActed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "BRA")
		p := f.propose(t, "Judicial reform exchanges.")
		f.set(t, "BRA", p.ID, ground.Support, "")
		renamed := "Delegation of Brazil (head)"
		if _, err := f.acc.Update(bg, audit.System("test"), f.delegate["BRA"].ID, account.Patch{DisplayName: &renamed}); err != nil {
			t.Fatal(err)
		}
		h, err := f.svc.History(bg, f.chair, p.ID)
		must(t, err)
		if len(h) != 1 || h[0].By != "bra@example.org" {
			t.Fatalf("history %+v, want one change by bra@example.org (the name when it was made)", h)
		}
	})
}

// TestWhoMayTranslate: those who preside and the proposing delegation's
// members translate a proposition; another delegation, an observer and
// the public may not, and the page offers the form exactly to the first.
func TestWhoMayTranslate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "BRA", "ARG")
		p, err := f.svc.Propose(bg, f.delegate["BRA"], f.edition.ID, ground.PropositionInput{Language: "pt", Text: "Intercâmbio de experiências."})
		must(t, err)
		p, err = f.svc.Publish(bg, f.chair, p.ID)
		must(t, err)
		tr := dialogue.Translation{Language: "en", Body: "Exchange of experience."}
		for _, who := range []struct {
			name string
			u    *account.User
			may  bool
		}{{"BRA", f.delegate["BRA"], true}, {"chair", f.chair, true}, {"secretariat", f.admin, true},
			{"ARG", f.delegate["ARG"], false}, {"observer", f.obs, false}, {"public", nil, false}} {
			if got := ground.MayTranslate(who.u, p); got != who.may {
				t.Errorf("%s may translate: %v, want %v", who.name, got, who.may)
			}
		}
		_, err = f.svc.SetTranslation(bg, f.delegate["ARG"], p.ID, tr)
		wantErr(t, "ARG translating Brazil's proposition", err, "not_your_delegation", 403)
		_, err = f.svc.SetTranslation(bg, f.delegate["BRA"], p.ID, tr)
		must(t, err)
	})
}

// TestFortyBlocsAtMost: an edition declares at most 40 blocs; the 41st is
// refused with its code and nothing is written.
func TestFortyBlocsAtMost(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "BRA")
		for i := range 40 {
			f.bloc(t, fmt.Sprintf("B%d", i), i, "BRA")
		}
		_, err := f.svc.CreateBloc(bg, f.admin, f.edition.ID, ground.BlocInput{Code: "B40", Names: dialogue.Texts{"en": "One too many"}, Members: []string{"BRA"}})
		wantField(t, "the 41st bloc", err, "too_many_blocs", "code")
		if n := f.count(t, "SELECT count(*) FROM blocs WHERE edition_id = ?", f.edition.ID); n != 40 {
			t.Fatalf("%d blocs stored, want 40", n)
		}
	})
}
