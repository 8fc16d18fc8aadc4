package ground_test

import (
	"fmt"
	"slices"
	"testing"

	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/visibility"
)

// reads is what one reader gets of an edition's positions: "restricted"
// for each refusal, else the number of rows or entries read.
func (f *fixture) reads(t *testing.T, v ground.Viewer, p ground.Proposition) string {
	t.Helper()
	say := func(n int, err error) string {
		if err != nil {
			return errs.As(err).Code
		}
		return fmt.Sprint(n)
	}
	m, err := f.svc.Map(bg, v, f.edition.ID)
	mp := say(len(m.Rows), err)
	g, err := f.svc.Groups(bg, v, f.edition.ID)
	gr := say(len(g.Delegations), err)
	h, err := f.svc.History(bg, v, p.ID)
	hi := say(len(h), err)
	ps, err := f.svc.Positions(bg, v, f.edition.ID, 0)
	po := say(len(ps), err)
	return fmt.Sprintf("map %s, groups %s, history %s, positions %s", mp, gr, hi, po)
}

// While the edition keeps positions to the room, the observer and the
// public read none of them nor anything drawn from them; once the chair
// opens them, everyone reads them.
func TestWhoReadsPositions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "ARG", "BRA", "CHN")
		f.publishEdition(t)
		p := f.propose(t, "Everyone has the right to development.")
		f.set(t, "BRA", p.ID, ground.Support, "")
		f.set(t, "CHN", p.ID, ground.CannotAccept, "Too vague.")

		const open = "map 1, groups 2, history 2, positions 2"
		const shut = "map positions_restricted, groups positions_restricted, history positions_restricted, positions positions_restricted"
		readers := []struct {
			who string
			v   ground.Viewer
		}{{"the public", nil}, {"an observer", f.obs}, {"ARG", f.delegate["ARG"]}, {"BRA", f.delegate["BRA"]}, {"the chair", f.chair}, {"the secretariat", f.admin}}
		check := func(when string, want ...string) {
			t.Helper()
			for i, r := range readers {
				if got := f.reads(t, r.v, p); got != want[i] {
					t.Errorf("%s, %s reads %s; want %s", when, r.who, got, want[i])
				}
			}
		}
		if st, _ := f.svc.Settings(bg, f.obs, f.edition.ID); st.Positions != visibility.Participants {
			t.Errorf("default settings %+v", st)
		}
		check("by default", shut, shut, open, open, open, open)
		_, err := f.svc.Map(bg, f.obs, f.edition.ID)
		wantErr(t, "the observer's map", err, "positions_restricted", 403)

		_, err = f.svc.SetSettings(bg, f.chair, f.edition.ID, ground.Settings{Positions: visibility.Public})
		must(t, err)
		check("open to the public", open, open, open, open, open, open)
		_, err = f.svc.SetSettings(bg, f.admin, f.edition.ID, ground.Settings{Positions: visibility.Participants})
		must(t, err)
		check("kept to the room again", shut, shut, open, open, open, open)

		// Public positions of an edition the public cannot see: nothing.
		_, err = f.svc.SetSettings(bg, f.chair, f.edition.ID, ground.Settings{Positions: visibility.Public})
		must(t, err)
		e := f.edition
		e.Published = false
		_, err = f.dlg.UpdateEdition(bg, f.admin, e)
		must(t, err)
		const none = "map not_found, groups not_found, history not_found, positions not_found"
		check("of an unpublished edition", none, none, open, open, open, open)
	})
}

// A proposition waiting for the chair is read by its delegation and those
// who preside, and by nobody else.
func TestWhoReadsASubmittedProposition(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "ARG", "BRA")
		f.publishEdition(t)
		_, err := f.svc.SetSettings(bg, f.chair, f.edition.ID, ground.Settings{Positions: visibility.Public})
		must(t, err)
		p := f.propose(t, "Everyone has the right to development.")
		s, err := f.svc.Propose(bg, f.delegate["BRA"], f.edition.ID, ground.PropositionInput{Language: "pt", Text: "A pobreza deve acabar."})
		must(t, err)
		for _, r := range []struct {
			who   string
			v     ground.Viewer
			reads bool
		}{
			{"BRA", f.delegate["BRA"], true}, {"the chair", f.chair, true}, {"the secretariat", f.admin, true},
			{"ARG", f.delegate["ARG"], false}, {"an observer", f.obs, false}, {"the public", nil, false},
		} {
			_, err := f.svc.Proposition(bg, r.v, s.ID)
			list, lerr := f.svc.Propositions(bg, r.v, ground.PropositionFilter{EditionID: f.edition.ID})
			must(t, lerr)
			var ids []int64
			for _, x := range list {
				ids = append(ids, x.ID)
			}
			want := []int64{p.ID}
			if r.reads {
				want = append(want, s.ID)
				must(t, err)
			} else {
				wantErr(t, r.who+" reading it", err, "not_found", 404)
				_, err := f.svc.History(bg, r.v, s.ID)
				wantErr(t, r.who+" reading its history", err, "not_found", 404)
			}
			if !slices.Equal(ids, want) {
				t.Errorf("%s lists %v, want %v", r.who, ids, want)
			}
		}
		// Published, everyone reads it; it was never on the map before.
		m, err := f.svc.Map(bg, f.delegate["BRA"], f.edition.ID)
		must(t, err)
		if len(m.Rows) != 1 || m.Rows[0].Proposition.ID != p.ID {
			t.Errorf("map rows %+v, want only the published proposition", m.Rows)
		}
		_, err = f.svc.Publish(bg, f.chair, s.ID)
		must(t, err)
		if _, err := f.svc.Proposition(bg, nil, s.ID); err != nil {
			t.Errorf("the public reading it once published: %v", err)
		}
	})
}
