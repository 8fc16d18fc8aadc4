package ground_test

import (
	"fmt"
	"strings"
	"testing"

	"roundtable/internal/ground"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// Three propositions, three delegations each, read two at a time: every
// chunk ends inside a proposition or at its end, so both steps after the
// cursor (the rest of the proposition, the propositions after it) are
// taken. The positions come by proposition, then delegation in the order
// the delegations were added (BRA, CHN, ARG), each once.
func TestEachPositionAndChangeReadInChunks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		defer ground.SetPositionChunk(2)()
		f := setup(t, db, "BRA", "CHN", "ARG")
		f.publishEdition(t)
		var ps []ground.Proposition
		for _, text := range []string{"Development first.", "Water for all.", "Women in every delegation."} {
			ps = append(ps, f.propose(t, text))
		}
		for _, p := range ps {
			f.set(t, "ARG", p.ID, ground.Pending, "")
			f.set(t, "CHN", p.ID, ground.CanLiveWith, "")
			f.set(t, "BRA", p.ID, ground.Support, "")
		}
		f.set(t, "CHN", ps[0].ID, ground.Support, "") // a change, not a new position

		var got []string
		must(t, f.svc.EachPosition(bg, f.chair, f.edition.ID, func(x ground.Position) error {
			got = append(got, fmt.Sprintf("%d:%s:%s", x.PropositionID-ps[0].ID, x.Delegation, x.Stance))
			return nil
		}))
		want := "0:BRA:support 0:CHN:support 0:ARG:pending " +
			"1:BRA:support 1:CHN:can_live_with 1:ARG:pending " +
			"2:BRA:support 2:CHN:can_live_with 2:ARG:pending"
		if strings.Join(got, " ") != want {
			t.Errorf("positions:\n got %s\nwant %s", strings.Join(got, " "), want)
		}

		got = nil
		must(t, f.svc.EachChange(bg, f.chair, f.edition.ID, func(c ground.Change) error {
			got = append(got, fmt.Sprintf("%d:%s:%s", c.PropositionID-ps[0].ID, c.Delegation, c.Stance))
			return nil
		}))
		want = "0:ARG:pending 0:CHN:can_live_with 0:BRA:support " +
			"1:ARG:pending 1:CHN:can_live_with 1:BRA:support " +
			"2:ARG:pending 2:CHN:can_live_with 2:BRA:support 0:CHN:support"
		if strings.Join(got, " ") != want {
			t.Errorf("history:\n got %s\nwant %s", strings.Join(got, " "), want)
		}

		// The observer reads the published edition but is kept from its
		// positions (participants only): refused
		// before fn is called, so an export sends no byte.
		called := false
		err := f.svc.EachPosition(bg, f.obs, f.edition.ID, func(ground.Position) error { called = true; return nil })
		wantErr(t, "the observer's positions", err, "positions_restricted", 403)
		err = f.svc.EachChange(bg, f.obs, f.edition.ID, func(ground.Change) error { called = true; return nil })
		wantErr(t, "the observer's history", err, "positions_restricted", 403)
		if called {
			t.Error("fn called for a reader kept from positions")
		}
	})
}

// A proposition's history in pages of two: each page starts after the
// last id of the one before, and the pages together are the history once.
func TestHistoryPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "BRA", "CHN")
		f.publishEdition(t)
		p := f.propose(t, "Development first.")
		f.set(t, "BRA", p.ID, ground.Pending, "")
		f.set(t, "CHN", p.ID, ground.Support, "")
		f.set(t, "BRA", p.ID, ground.CanLiveWith, "")
		var got []string
		var after int64
		pages := 0
		for {
			page, err := f.svc.HistoryPage(bg, f.chair, p.ID, after, 2)
			must(t, err)
			pages++
			for _, c := range page {
				got = append(got, c.Delegation+":"+string(c.Stance))
			}
			if len(page) < 2 {
				break
			}
			after = page[len(page)-1].ID
		}
		if s := strings.Join(got, " "); s != "BRA:pending CHN:support BRA:can_live_with" || pages != 2 {
			t.Errorf("history in %d pages: %s", pages, s)
		}
		_, err := f.svc.HistoryPage(bg, f.obs, p.ID, 0, 2)
		wantErr(t, "the observer's history page", err, "positions_restricted", 403)
	})
}
