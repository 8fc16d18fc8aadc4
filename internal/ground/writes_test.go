package ground_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/visibility"
)

// auditedSince lists the audit entries after seq as "action entity:id by
// actor-id".
func (f *fixture) auditedSince(t *testing.T, seq int64) []string {
	t.Helper()
	rows, err := f.db.Reader().Query(bg, "SELECT action, entity_type, entity_id, COALESCE(actor_id, 0) FROM audit_log WHERE seq > ? ORDER BY seq", seq)
	must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var action, entity, id string
		var actor int64
		must(t, rows.Scan(&action, &entity, &id, &actor))
		out = append(out, fmt.Sprintf("%s %s:%s by %d", action, entity, id, actor))
	}
	must(t, rows.Err())
	return out
}

func (f *fixture) auditHead(t *testing.T) int64 {
	return int64(f.count(t, "SELECT COALESCE(max(seq), 0) FROM audit_log"))
}

// liveEvents counts the wake-ups of the edition's open maps.
func (f *fixture) liveEvents(t *testing.T) int {
	return f.count(t, "SELECT count(*) FROM live_events WHERE channel = ?", ground.Channel(f.edition.ID))
}

// Every write of common ground leaves one audit entry naming what changed
// and who changed it, and wakes the open maps; a refused write leaves none.
func TestEveryWriteIsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "ARG", "BRA")
		admin, chair, bra := f.admin.ID, f.chair.ID, f.delegate["BRA"].ID
		e := f.edition.ID
		var bloc ground.Bloc
		var p, q ground.Proposition
		steps := []struct {
			what  string
			write func() error
			want  func() []string
			live  int
		}{
			{"declare a bloc", func() (err error) {
				bloc, err = f.svc.CreateBloc(bg, f.admin, e, ground.BlocInput{Code: "SA", Names: dialogue.Texts{"en": "South America"}, Members: []string{"ARG", "BRA"}})
				return err
			}, func() []string { return []string{fmt.Sprintf("bloc.create bloc:%d by %d", bloc.ID, admin)} }, 1},
			{"change it", func() error {
				_, err := f.svc.UpdateBloc(bg, f.admin, bloc.ID, ground.BlocInput{Code: "SA", Names: dialogue.Texts{"en": "South America"}, Members: []string{"BRA"}})
				return err
			}, func() []string { return []string{fmt.Sprintf("bloc.update bloc:%d by %d", bloc.ID, admin)} }, 1},
			{"delete it", func() error { return f.svc.DeleteBloc(bg, f.admin, bloc.ID) },
				func() []string { return []string{fmt.Sprintf("bloc.delete bloc:%d by %d", bloc.ID, admin)} }, 1},
			{"open positions to the public", func() error {
				_, err := f.svc.SetSettings(bg, f.chair, e, ground.Settings{Positions: visibility.Public})
				return err
			}, func() []string { return []string{fmt.Sprintf("ground.settings edition:%d by %d", e, chair)} }, 1},
			{"BRA proposes", func() (err error) {
				p, err = f.svc.Propose(bg, f.delegate["BRA"], e, ground.PropositionInput{Language: "pt", Text: "O desenvolvimento é um direito."})
				return err
			}, func() []string { return []string{fmt.Sprintf("proposition.propose proposition:%d by %d", p.ID, bra)} }, 1},
			{"the chair publishes", func() error { _, err := f.svc.Publish(bg, f.chair, p.ID); return err },
				func() []string { return []string{fmt.Sprintf("proposition.publish proposition:%d by %d", p.ID, chair)} }, 1},
			{"BRA translates", func() error {
				_, err := f.svc.SetTranslation(bg, f.delegate["BRA"], p.ID, dialogue.Translation{Language: "en", Body: "Development is a right."})
				return err
			}, func() []string { return []string{fmt.Sprintf("proposition.translate proposition:%d by %d", p.ID, bra)} }, 1},
			{"BRA takes a position", func() error {
				_, err := f.svc.SetPosition(bg, f.delegate["BRA"], p.ID, ground.PositionInput{Stance: ground.Support})
				return err
			}, func() []string { return []string{fmt.Sprintf("position.set proposition:%d by %d", p.ID, bra)} }, 1},
			{"the chair proposes", func() (err error) {
				q, err = f.svc.Propose(bg, f.chair, e, ground.PropositionInput{Language: "en", Text: "Development is a human right."})
				return err
			}, func() []string { return []string{fmt.Sprintf("proposition.propose proposition:%d by %d", q.ID, chair)} }, 1},
			{"the chair merges", func() error { _, err := f.svc.Merge(bg, f.chair, p.ID, q.ID); return err },
				func() []string {
					return []string{fmt.Sprintf("proposition.merge_into proposition:%d by %d", q.ID, chair), fmt.Sprintf("proposition.merge proposition:%d by %d", p.ID, chair)}
				}, 2},
			{"the secretariat withdraws", func() error { _, err := f.svc.Withdraw(bg, f.admin, q.ID); return err },
				func() []string {
					return []string{fmt.Sprintf("proposition.withdraw proposition:%d by %d", q.ID, admin)}
				}, 1},
		}
		for _, s := range steps {
			seq, live := f.auditHead(t), f.liveEvents(t)
			if err := s.write(); err != nil {
				t.Fatalf("%s: %v", s.what, err)
			}
			if got, want := f.auditedSince(t, seq), s.want(); !slices.Equal(got, want) {
				t.Errorf("%s: audited %q, want %q", s.what, got, want)
			}
			if got := f.liveEvents(t) - live; got != s.live {
				t.Errorf("%s: %d live events, want %d", s.what, got, s.live)
			}
		}

		// Refused writes leave nothing.
		seq, live := f.auditHead(t), f.liveEvents(t)
		f.svc.SetPosition(bg, f.delegate["ARG"], q.ID, ground.PositionInput{Stance: ground.Support})
		f.svc.Publish(bg, f.delegate["BRA"], q.ID)
		f.svc.CreateBloc(bg, f.chair, e, ground.BlocInput{Code: "X", Names: dialogue.Texts{"en": "X"}, Members: []string{"BRA"}})
		f.svc.SetSettings(bg, f.delegate["BRA"], e, ground.Settings{Positions: visibility.Participants})
		if got := f.auditedSince(t, seq); len(got) != 0 || f.liveEvents(t) != live {
			t.Errorf("refused writes audited %q", got)
		}
		rep, err := audit.Verify(bg, db.Reader())
		must(t, err)
		if rep.Broken != nil {
			t.Errorf("audit chain broken: %v", rep.Broken)
		}
	})
}

// Two members of one delegation record its position at the same moment,
// many times over: the later write is the position, and the history keeps
// every write of both.
func TestTwoMembersSetOnePositionAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "BRA", "CHN")
		second := f.user(t, "bra.alternate@example.org", account.Delegate, "BRA")
		p := f.propose(t, "Everyone has the right to development.")
		f.set(t, "CHN", p.ID, ground.Support, "")
		const rounds = 25
		cycle := []ground.Stance{ground.Support, ground.CanLiveWith, ground.CannotAccept, ground.Pending}
		var wg sync.WaitGroup
		for _, v := range []ground.Viewer{f.delegate["BRA"], second} {
			wg.Go(func() {
				for i := range rounds {
					in := ground.PositionInput{Stance: cycle[i%4], Reason: fmt.Sprintf("%s round %d", v.Email, i)}
					if _, err := f.svc.SetPosition(bg, v, p.ID, in); err != nil {
						t.Errorf("%s: %v", in.Reason, err)
						return
					}
				}
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}

		h, err := f.svc.History(bg, f.chair, p.ID)
		must(t, err)
		if len(h) != 1+2*rounds {
			t.Fatalf("%d history entries, want %d", len(h), 1+2*rounds)
		}
		// Each member's writes are all there, in the order they made them.
		next := map[string]int{}
		for _, c := range h[1:] {
			by, round, ok := strings.Cut(c.Reason, " round ")
			if c.Delegation != "BRA" || !ok || c.By != by || round != fmt.Sprint(next[by]) || c.Stance != cycle[next[by]%4] {
				t.Fatalf("history entry %+v after %v", c, next)
			}
			next[by]++
		}
		if next["bra@example.org"] != rounds || next["bra.alternate@example.org"] != rounds {
			t.Fatalf("writes per member %v", next)
		}
		// The position is the last write.
		last := h[len(h)-1]
		ps, err := f.svc.Positions(bg, f.chair, f.edition.ID, p.ID)
		must(t, err)
		if len(ps) != 2 || ps[0].Delegation != "BRA" || ps[0].Stance != last.Stance || ps[0].Reason != last.Reason || ps[1].Delegation != "CHN" {
			t.Fatalf("positions %+v, want BRA at %s %q and CHN", ps, last.Stance, last.Reason)
		}
		if n := f.count(t, "SELECT count(*) FROM position_history WHERE proposition_id = ?", p.ID); n != 1+2*rounds {
			t.Errorf("%d history rows", n)
		}
		if n := f.count(t, "SELECT count(*) FROM audit_log WHERE action = 'position.set'"); n != 1+2*rounds {
			t.Errorf("%d position writes audited", n)
		}
	})
}

// Merging folds one proposition into another: its positions carry over
// where a delegation had none on the target, a position on the target
// stands, the history says where the carried ones came from.
func TestMergeCarriesPositionsOver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "ARG", "BRA", "CHN", "CUB")
		src, err := f.dlg.SaveStatement(bg, f.delegate["CUB"], dialogue.Statement{EditionID: f.edition.ID, DelegationID: f.del["CUB"].ID,
			Language: "es", Body: "El agua es un derecho.", Visibility: dialogue.Public})
		must(t, err)
		from, err := f.svc.Propose(bg, f.chair, f.edition.ID, ground.PropositionInput{Language: "en", Text: "OP6alt: Access to water is a human right.", Sources: []int64{src.ID}})
		must(t, err)
		into := f.propose(t, "OP6: The right to development includes access to water.")
		late := f.propose(t, "OP7: Poverty must end.")

		f.set(t, "ARG", from.ID, ground.Support, "")
		f.set(t, "BRA", from.ID, ground.CannotAccept, "Water belongs in OP7.")
		f.set(t, "CHN", from.ID, ground.CanLiveWith, "")
		f.set(t, "BRA", into.ID, ground.Support, "")
		f.set(t, "CUB", into.ID, ground.Pending, "")

		got, err := f.svc.Merge(bg, f.chair, from.ID, into.ID)
		must(t, err)
		if got.ID != into.ID || got.Status != ground.Published || strings.Join(got.Concepts, ",") != "right-to-development,right-to-water" ||
			!slices.Equal(got.Sources, []int64{src.ID}) {
			t.Fatalf("merged into %+v", got)
		}
		old, err := f.svc.Proposition(bg, f.chair, from.ID)
		must(t, err)
		if old.Status != ground.Merged || old.MergedInto != into.ID {
			t.Fatalf("the merged proposition %+v", old)
		}
		ps, err := f.svc.Positions(bg, f.chair, f.edition.ID, into.ID)
		must(t, err)
		if got, want := stances(ps), "ARG:support BRA:support CHN:can_live_with CUB:pending"; got != want {
			t.Errorf("positions on the target %q, want %q", got, want)
		}
		h, err := f.svc.History(bg, f.chair, into.ID)
		must(t, err)
		var lines []string
		for _, c := range h {
			lines = append(lines, fmt.Sprintf("%s %s %q by %s", c.Delegation, c.Stance, c.Note, c.By))
		}
		note := fmt.Sprintf("%q", fmt.Sprintf("merged from %d", from.ID))
		slices.Sort(lines[2:]) // the carried entries come in one write
		want := []string{`BRA support "" by bra@example.org`, `CUB pending "" by cub@example.org`,
			"ARG support " + note + " by chair@example.org", "CHN can_live_with " + note + " by chair@example.org"}
		if !slices.Equal(lines, want) {
			t.Errorf("history of the target\n got %q\nwant %q", lines, want)
		}
		// The merged proposition keeps its own history; the map shows the
		// target alone, with the carried positions counted.
		if h, _ := f.svc.History(bg, f.chair, from.ID); len(h) != 3 {
			t.Errorf("%d entries left in the merged proposition's history, want 3", len(h))
		}
		m, err := f.svc.Map(bg, f.chair, f.edition.ID)
		must(t, err)
		if len(m.Rows) != 2 || m.Rows[0].Proposition.ID != into.ID || m.Rows[0].Score.All.Support != 2 || m.Rows[0].Score.All.LiveWith != 1 ||
			m.Rows[0].Score.All.Pending != 1 || m.Rows[0].Score.Objections != 0 || m.Rows[1].Proposition.ID != late.ID {
			t.Errorf("map after merge %+v", m.Rows)
		}
		// A delegation's proposition still waiting may be merged too.
		sub, err := f.svc.Propose(bg, f.delegate["ARG"], f.edition.ID, ground.PropositionInput{Language: "es", Text: "El agua potable es un derecho."})
		must(t, err)
		if _, err := f.svc.Merge(bg, f.chair, sub.ID, into.ID); err != nil {
			t.Fatal(err)
		}
		if p, _ := f.svc.Proposition(bg, f.delegate["ARG"], sub.ID); p.Status != ground.Merged || p.MergedInto != into.ID {
			t.Errorf("ARG's merged proposition %+v", p)
		}
	})
}
