package ground_test

import (
	"strings"
	"testing"

	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/visibility"
)

// Only a delegation's members record its position, on a published
// proposition, with a known stance and a reason for an objection.
func TestPositionRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "ARG", "BRA", "CHN", "MEX")
		must(t, f.dlg.Accredit(bg, f.admin, f.del["MEX"].ID, false))
		f.publishEdition(t) // so that the observer reads the proposition
		p := f.propose(t, "Everyone has the right to development.")
		set := func(v ground.Viewer, in ground.PositionInput) error {
			_, err := f.svc.SetPosition(bg, v, p.ID, in)
			return err
		}
		arg, bra, mex, chair, admin, obs := f.delegate["ARG"], f.delegate["BRA"], f.delegate["MEX"], f.chair, f.admin, f.obs

		wantErr(t, "ARG setting BRA's", set(arg, ground.PositionInput{DelegationID: f.del["BRA"].ID, Stance: ground.Support}), "not_your_delegation", 403)
		wantErr(t, "the chair", set(chair, ground.PositionInput{Stance: ground.Support}), "no_delegation", 403)
		wantErr(t, "the chair for BRA", set(chair, ground.PositionInput{DelegationID: f.del["BRA"].ID, Stance: ground.Support}), "not_your_delegation", 403)
		wantErr(t, "the secretariat", set(admin, ground.PositionInput{Stance: ground.Support}), "no_delegation", 403)
		wantErr(t, "the secretariat for BRA", set(admin, ground.PositionInput{DelegationID: f.del["BRA"].ID, Stance: ground.Support}), "not_your_delegation", 403)
		wantErr(t, "an observer", set(obs, ground.PositionInput{Stance: ground.Support}), "no_delegation", 403)
		wantErr(t, "the public", set(nil, ground.PositionInput{Stance: ground.Support}), "no_delegation", 403)
		wantField(t, "a delegation not accredited", set(mex, ground.PositionInput{Stance: ground.Support}), "delegation_not_accredited", "delegation_id")

		wantField(t, "objection without reason", set(bra, ground.PositionInput{Stance: ground.CannotAccept}), "reason_required", "reason")
		wantField(t, "objection with a blank reason", set(bra, ground.PositionInput{Stance: ground.CannotAccept, Reason: " \n\t "}), "reason_required", "reason")
		wantField(t, "objection with a reason of 2001 characters", set(bra, ground.PositionInput{Stance: ground.CannotAccept, Reason: strings.Repeat("é", 2001)}), "too_long", "reason")
		wantField(t, "unknown stance", set(bra, ground.PositionInput{Stance: "maybe"}), "invalid_stance", "stance")
		wantField(t, "no stance", set(bra, ground.PositionInput{}), "invalid_stance", "stance")
		if n := f.count(t, "SELECT count(*) FROM positions") + f.count(t, "SELECT count(*) FROM position_history"); n != 0 {
			t.Fatalf("refused positions left %d rows", n)
		}

		// The reason is kept trimmed; 2000 characters is still a reason.
		got, err := f.svc.SetPosition(bg, bra, p.ID, ground.PositionInput{Stance: ground.CannotAccept, Reason: "  Paragraph 3 must name the Declaration of 1986.  "})
		must(t, err)
		if got.Delegation != "BRA" || got.Stance != ground.CannotAccept || got.Reason != "Paragraph 3 must name the Declaration of 1986." {
			t.Errorf("recorded %+v", got)
		}
		must(t, set(bra, ground.PositionInput{Stance: ground.CannotAccept, Reason: strings.Repeat("é", 2000)}))
		// A delegate may name their own delegation.
		must(t, set(arg, ground.PositionInput{DelegationID: f.del["ARG"].ID, Stance: ground.Pending}))

		// A proposition of BRA's still waiting for the chair: BRA is told
		// it is not published; CHN does not even learn it exists.
		sub, err := f.svc.Propose(bg, bra, f.edition.ID, ground.PropositionInput{Language: "pt", Text: "O desenvolvimento é um direito."})
		must(t, err)
		_, err = f.svc.SetPosition(bg, bra, sub.ID, ground.PositionInput{Stance: ground.Support})
		wantErr(t, "on a submitted proposition", err, "proposition_not_published", 409)
		_, err = f.svc.SetPosition(bg, f.delegate["CHN"], sub.ID, ground.PositionInput{Stance: ground.Support})
		wantErr(t, "on another delegation's submitted proposition", err, "not_found", 404)

		w := f.propose(t, "Water is a human right.")
		f.set(t, "CHN", w.ID, ground.Support, "")
		_, err = f.svc.Withdraw(bg, chair, w.ID)
		must(t, err)
		_, err = f.svc.SetPosition(bg, f.delegate["CHN"], w.ID, ground.PositionInput{Stance: ground.CanLiveWith})
		wantErr(t, "on a withdrawn proposition", err, "proposition_withdrawn", 409)

		m := f.propose(t, "Development is a right of peoples.")
		_, err = f.svc.Merge(bg, chair, m.ID, p.ID)
		must(t, err)
		_, err = f.svc.SetPosition(bg, bra, m.ID, ground.PositionInput{Stance: ground.Support})
		wantErr(t, "on a merged proposition", err, "proposition_merged", 409)

		// Only the positions accepted above are there: BRA and ARG on p,
		// CHN on the withdrawn one.
		ps, err := f.svc.Positions(bg, chair, f.edition.ID, 0)
		must(t, err)
		if got, want := stances(ps), "ARG:pending BRA:cannot_accept CHN:support"; got != want {
			t.Errorf("positions %q, want %q", got, want)
		}
	})
}

// Only the chair and the secretariat publish, withdraw and merge, and
// choose who sees positions.
func TestPresidingRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "BRA", "CHN")
		bra, chn := f.delegate["BRA"], f.delegate["CHN"]
		p := f.propose(t, "Everyone has the right to development.")
		s, err := f.svc.Propose(bg, bra, f.edition.ID, ground.PropositionInput{Language: "en", Text: "Poverty reduction is a priority."})
		must(t, err)
		if s.Status != ground.Submitted || s.Delegation != "BRA" || s.DelegationID != f.del["BRA"].ID {
			t.Fatalf("a delegate's proposition: %+v", s)
		}

		_, err = f.svc.Publish(bg, bra, s.ID)
		wantErr(t, "BRA publishing its own", err, "chair_only", 403)
		_, err = f.svc.Publish(bg, chn, s.ID)
		wantErr(t, "CHN publishing BRA's", err, "not_found", 404)
		_, err = f.svc.Withdraw(bg, bra, p.ID)
		wantErr(t, "a delegate withdrawing", err, "chair_only", 403)
		_, err = f.svc.Merge(bg, bra, s.ID, p.ID)
		wantErr(t, "a delegate merging", err, "chair_only", 403)
		_, err = f.svc.SetSettings(bg, bra, f.edition.ID, ground.Settings{Positions: visibility.Public})
		wantErr(t, "a delegate choosing who sees positions", err, "chair_only", 403)
		_, err = f.svc.SetSettings(bg, f.chair, f.edition.ID, ground.Settings{Positions: visibility.Draft})
		wantField(t, "positions kept as drafts", err, "invalid_positions_visibility", "positions")
		_, err = f.svc.Merge(bg, f.chair, p.ID, p.ID)
		wantField(t, "merging into itself", err, "merge_into_itself", "into")
		_, err = f.svc.Merge(bg, f.chair, p.ID, s.ID)
		wantField(t, "merging into a submitted proposition", err, "invalid_merge_target", "into")
		_, err = f.svc.Merge(bg, f.chair, p.ID, 999999)
		wantField(t, "merging into nothing", err, "invalid_merge_target", "into")
		if got, err := f.svc.Proposition(bg, f.chair, s.ID); err != nil || got.Status != ground.Submitted {
			t.Fatalf("after refusals: %+v, %v", got, err)
		}

		got, err := f.svc.Publish(bg, f.chair, s.ID)
		must(t, err)
		if got.Status != ground.Published {
			t.Fatalf("published: %+v", got)
		}
		_, err = f.svc.Publish(bg, f.chair, s.ID)
		wantErr(t, "publishing twice", err, "proposition_not_submitted", 409)
		// The secretariat presides too.
		got, err = f.svc.Withdraw(bg, f.admin, s.ID)
		must(t, err)
		if got.Status != ground.Withdrawn {
			t.Fatalf("withdrawn: %+v", got)
		}
		_, err = f.svc.Withdraw(bg, f.chair, s.ID)
		wantErr(t, "withdrawing twice", err, "proposition_withdrawn", 409)
		_, err = f.svc.Merge(bg, f.chair, s.ID, p.ID)
		wantErr(t, "merging a withdrawn proposition", err, "proposition_withdrawn", 409)
		_, err = f.svc.Merge(bg, f.chair, p.ID, s.ID)
		wantField(t, "merging into a withdrawn proposition", err, "invalid_merge_target", "into")
		st, err := f.svc.SetSettings(bg, f.admin, f.edition.ID, ground.Settings{Positions: visibility.Public})
		must(t, err)
		if st.Positions != visibility.Public {
			t.Fatalf("settings %+v", st)
		}
	})
}

// A proposition is put forward in one's own name only, from statements the
// proposer may read and with concepts the thesaurus knows.
func TestProposeRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "ARG", "BRA", "MEX")
		must(t, f.dlg.Accredit(bg, f.admin, f.del["MEX"].ID, false))
		f.publishEdition(t)
		arg, bra := f.delegate["ARG"], f.delegate["BRA"]
		propose := func(v ground.Viewer, in ground.PropositionInput) error {
			if in.Language == "" {
				in.Language = "es"
			}
			if in.Text == "" {
				in.Text = "El acceso al agua es un derecho humano."
			}
			_, err := f.svc.Propose(bg, v, f.edition.ID, in)
			return err
		}
		draft, err := f.dlg.SaveStatement(bg, arg, dialogue.Statement{EditionID: f.edition.ID, DelegationID: f.del["ARG"].ID, Language: "es",
			Body: "Borrador sobre el agua.", Visibility: dialogue.Draft})
		must(t, err)

		wantErr(t, "ARG in BRA's name", propose(arg, ground.PropositionInput{DelegationID: f.del["BRA"].ID}), "not_your_delegation", 403)
		wantErr(t, "the chair in BRA's name", propose(f.chair, ground.PropositionInput{DelegationID: f.del["BRA"].ID}), "not_your_delegation", 403)
		wantErr(t, "an observer", propose(f.obs, ground.PropositionInput{}), "not_your_delegation", 403)
		wantErr(t, "the public", propose(nil, ground.PropositionInput{}), "not_your_delegation", 403)
		wantField(t, "a delegation not accredited", propose(f.delegate["MEX"], ground.PropositionInput{}), "delegation_not_accredited", "delegation_id")
		wantField(t, "an unknown statement", propose(bra, ground.PropositionInput{Sources: []int64{999999}}), "unknown_statement", "sources")
		wantField(t, "another delegation's draft", propose(bra, ground.PropositionInput{Sources: []int64{draft.ID}}), "unknown_statement", "sources")
		wantField(t, "an unknown concept", propose(bra, ground.PropositionInput{Concepts: []string{"astrology"}}), "unknown_concept", "concepts")
		wantField(t, "no text", propose(bra, ground.PropositionInput{Text: " \n "}), "required", "text")
		wantField(t, "an unknown language", propose(bra, ground.PropositionInput{Language: "xx"}), "invalid_language", "language")
		if n := f.count(t, "SELECT count(*) FROM propositions"); n != 0 {
			t.Fatalf("refused propositions left %d rows", n)
		}

		// ARG cites its own draft; the concepts are those found in the
		// text ("agua" is not a keyword, "water" is) and those added.
		p, err := f.svc.Propose(bg, arg, f.edition.ID, ground.PropositionInput{Language: "en", Text: "Access to safe water is a human right.",
			Concepts: []string{" gender-equality "}, Sources: []int64{draft.ID}})
		must(t, err)
		if p.Status != ground.Submitted || p.Delegation != "ARG" || strings.Join(p.Concepts, ",") != "gender-equality,right-to-water" ||
			len(p.Sources) != 1 || p.Sources[0] != draft.ID {
			t.Errorf("ARG's proposition %+v", p)
		}
		// The chair reads it but not the draft it comes from.
		p, err = f.svc.Proposition(bg, f.chair, p.ID)
		must(t, err)
		if len(p.Sources) != 0 {
			t.Errorf("the chair reads the sources %v of a draft", p.Sources)
		}
		c, err := f.svc.Propose(bg, f.chair, f.edition.ID, ground.PropositionInput{Language: "en", Text: "Poverty must end."})
		must(t, err)
		if c.Status != ground.Published || c.DelegationID != 0 || c.Delegation != "" {
			t.Errorf("the chair's proposition %+v", c)
		}
	})
}

// Only the secretariat declares blocs, of the edition's delegations.
func TestBlocRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "ARG", "BRA", "CHN")
		create := func(v ground.Viewer, in ground.BlocInput) error {
			if in.Names == nil {
				in.Names = dialogue.Texts{"en": "South America"}
			}
			_, err := f.svc.CreateBloc(bg, v, f.edition.ID, in)
			return err
		}
		wantErr(t, "a delegate", create(f.delegate["BRA"], ground.BlocInput{Code: "SA", Members: []string{"BRA"}}), "secretariat_only", 403)
		wantErr(t, "the chair", create(f.chair, ground.BlocInput{Code: "SA", Members: []string{"BRA"}}), "secretariat_only", 403)
		wantField(t, "a country not in the edition", create(f.admin, ground.BlocInput{Code: "SA", Members: []string{"BRA", "FRA"}}), "unknown_delegation", "members")
		wantField(t, "no such country", create(f.admin, ground.BlocInput{Code: "SA", Members: []string{"XXX"}}), "unknown_delegation", "members")
		wantField(t, "no members", create(f.admin, ground.BlocInput{Code: "SA"}), "required", "members")
		wantField(t, "a code with a space", create(f.admin, ground.BlocInput{Code: "south america", Members: []string{"BRA"}}), "invalid_code", "code")
		wantField(t, "no name", create(f.admin, ground.BlocInput{Code: "SA", Names: dialogue.Texts{"en": " "}, Members: []string{"BRA"}}), "required", "names")
		if n := f.count(t, "SELECT count(*) FROM blocs"); n != 0 {
			t.Fatalf("refused blocs left %d rows", n)
		}

		b, err := f.svc.CreateBloc(bg, f.admin, f.edition.ID, ground.BlocInput{Code: " sa ", Names: dialogue.Texts{"en": "South America"},
			Members: []string{"bra", " ARG ", "BRA"}})
		must(t, err)
		if b.Code != "SA" || strings.Join(b.Members, ",") != "ARG,BRA" {
			t.Fatalf("bloc %+v", b)
		}
		wantField(t, "the same code again", create(f.admin, ground.BlocInput{Code: "SA", Members: []string{"CHN"}}), "bloc_exists", "code")
		cn := f.bloc(t, "CN", 0, "CHN")
		_, err = f.svc.UpdateBloc(bg, f.delegate["CHN"], cn.ID, ground.BlocInput{Code: "CN", Names: dialogue.Texts{"en": "China"}, Members: []string{"CHN", "BRA"}})
		wantErr(t, "a delegate changing a bloc", err, "secretariat_only", 403)
		_, err = f.svc.UpdateBloc(bg, f.admin, cn.ID, ground.BlocInput{Code: "SA", Names: dialogue.Texts{"en": "China"}, Members: []string{"CHN"}})
		wantField(t, "renaming onto another bloc's code", err, "bloc_exists", "code")
		wantErr(t, "the chair deleting a bloc", f.svc.DeleteBloc(bg, f.chair, b.ID), "secretariat_only", 403)

		// Blocs are listed by position, then code.
		_, err = f.svc.UpdateBloc(bg, f.admin, b.ID, ground.BlocInput{Code: "SA", Names: dialogue.Texts{"en": "South America"}, Position: 1, Members: []string{"ARG"}})
		must(t, err)
		list, err := f.svc.Blocs(bg, f.chair, f.edition.ID)
		must(t, err)
		if len(list) != 2 || list[0].Code != "CN" || list[1].Code != "SA" || strings.Join(list[1].Members, ",") != "ARG" {
			t.Fatalf("blocs %+v", list)
		}
		must(t, f.svc.DeleteBloc(bg, f.admin, b.ID))
		if list, _ := f.svc.Blocs(bg, f.chair, f.edition.ID); len(list) != 1 || list[0].Code != "CN" {
			t.Fatalf("after delete: %+v", list)
		}
	})
}
