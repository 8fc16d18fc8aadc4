package outcome_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"roundtable/internal/errs"
	"roundtable/internal/outcome"
	"roundtable/internal/outcome/textdiff"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// draft opens a document with PP1, OP1, OP2, OP3 and issues its zero draft.
func (f *fixture) draft(t *testing.T) outcome.Document {
	t.Helper()
	d := f.document(t, "Brasília Declaration")
	f.add(t, d.ID, outcome.Preambular, "Recalling the Universal Declaration of Human Rights,")
	f.add(t, d.ID, outcome.Operative, "Calls upon States to respect human rights;")
	f.add(t, d.ID, outcome.Operative, "Decides to meet again in 2026;")
	f.add(t, d.ID, outcome.Operative, "Requests a report on follow-up.")
	f.issue(t, d.ID)
	return d
}

// amend proposes an amendment through the delegate of code ("" : the chair).
func (f *fixture) amend(t *testing.T, code string, docID int64, in outcome.AmendmentInput) outcome.Amendment {
	t.Helper()
	v := f.chair
	if code != "" {
		v = f.delegate[code]
	}
	a, err := f.svc.ProposeAmendment(bg, v, docID, in)
	if err != nil {
		t.Fatalf("%s proposes %s %s: %v", code, in.Kind, in.Paragraph, err)
	}
	return a
}

func (f *fixture) accept(t *testing.T, id int64) outcome.Amendment {
	t.Helper()
	a, err := f.svc.AcceptAmendment(bg, f.chair, id, "")
	must(t, err)
	return a
}

func (f *fixture) working(t *testing.T, docID int64) []outcome.Paragraph {
	t.Helper()
	list, err := f.svc.Paragraphs(bg, f.chair, docID)
	must(t, err)
	return list
}

func showOps(ops []textdiff.Op) string {
	var b strings.Builder
	for _, o := range ops {
		fmt.Fprintf(&b, "%s%q ", map[textdiff.Kind]string{textdiff.Equal: "=", textdiff.Insert: "+", textdiff.Delete: "-"}[o.Kind], o.Text)
	}
	return strings.TrimSpace(b.String())
}

// Each kind of amendment, proposed by a delegation and accepted by the
// chair, changes the working text as the room expects.
func TestAcceptedAmendmentsChangeTheText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA", "MEX", "ARG")
		d := f.draft(t)

		rep := f.amend(t, "BRA", d.ID, outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP1", TextVersion: 1, Sponsors: []string{"mex", "BRA"},
			Text: "Calls upon all States to respect and protect human rights;", Rationale: "Protection too."})
		if rep.Delegation != "BRA" || !slices.Equal(rep.Sponsors, []string{"BRA", "MEX"}) || rep.Status != outcome.Pending ||
			rep.RevisionNumber != 0 || rep.BaseTextVersion != 1 || rep.Paragraph != "OP1" || rep.Rationale != "Protection too." || rep.Stale {
			t.Errorf("BRA's replace reads %+v", rep)
		}
		if got, want := showOps(rep.Ops), `="Calls upon " +"all " ="States to respect " +"and protect " ="human rights;"`; got != want {
			t.Errorf("word diff of BRA's replace:\n got %s\nwant %s", got, want)
		}
		ins := f.amend(t, "CHN", d.ID, outcome.AmendmentInput{Kind: outcome.Insert, Paragraph: "OP1", Text: "Encourages dialogue between regions;"})
		end := f.amend(t, "CHN", d.ID, outcome.AmendmentInput{Kind: outcome.Insert, NewKind: outcome.Preambular, Text: "Bearing in mind the right to development,"})
		alt := f.amend(t, "MEX", d.ID, outcome.AmendmentInput{Kind: outcome.Alternative, Paragraph: "OP2", Text: "Decides to meet again in 2025;"})
		del := f.amend(t, "ARG", d.ID, outcome.AmendmentInput{Kind: outcome.Delete, Paragraph: "OP3", Text: "ignored"})
		if del.Text != "" || showOps(del.Ops) != `-"Requests a report on follow-up."` {
			t.Errorf("ARG's delete reads text %q, ops %s", del.Text, showOps(del.Ops))
		}
		if got := labels(f.working(t, d.ID)); got != "PP1 OP1 OP2 OP3" {
			t.Fatalf("pending amendments changed the text: %s", got)
		}

		results := map[int64]string{rep.ID: "OP1", ins.ID: "OP1bis", end.ID: "PP2", alt.ID: "OP2alt", del.ID: "OP3"}
		for _, id := range []int64{rep.ID, ins.ID, end.ID, alt.ID, del.ID} {
			a := f.accept(t, id)
			if a.Status != outcome.Accepted || a.Result != results[id] || a.DecidedAt == nil {
				t.Errorf("amendment %d accepted reads %s, result %q, decided %v; want accepted, %s", id, a.Status, a.Result, a.DecidedAt, results[id])
			}
		}
		list := f.working(t, d.ID)
		if got, want := labels(list), "PP1 PP2 OP1 OP1bis OP2 OP2alt"; got != want {
			t.Fatalf("text after the amendments: %s, want %s", got, want)
		}
		want := map[string]string{
			"PP2":    "Bearing in mind the right to development,",
			"OP1":    "Calls upon all States to respect and protect human rights;",
			"OP1bis": "Encourages dialogue between regions;",
			"OP2":    "Decides to meet again in 2026;",
			"OP2alt": "Decides to meet again in 2025;",
		}
		for _, p := range list {
			if w, ok := want[p.Label]; ok && p.Text != w {
				t.Errorf("%s reads %q, want %q", p.Label, p.Text, w)
			}
		}
		// the two wordings of OP2 are options until one is chosen
		if list[4].Status != outcome.Options || list[5].Status != outcome.Options || list[5].AltOf != "OP2" {
			t.Errorf("OP2 is %s, OP2alt %s (alt of %q); want both options, alt of OP2", list[4].Status, list[5].Status, list[5].AltOf)
		}
		// OP3 left the text but keeps its label
		op3 := f.paragraph(t, d.ID, "OP3")
		if !op3.Deleted {
			t.Error("OP3 is still in the text")
		}
		// the new words of OP1 are BRA's amendment's; the others the zero draft's
		if got, want := list[2].Trace, (textdiff.Trace{{Words: 2, Source: 0}, {Words: 1, Source: rep.ID}, {Words: 3, Source: 0}, {Words: 2, Source: rep.ID}, {Words: 2, Source: 0}}); !slices.Equal(got, want) {
			t.Errorf("OP1's trace %v, want %v", got, want)
		}
		if got, want := list[3].Trace, (textdiff.Trace{{Words: 4, Source: ins.ID}}); !slices.Equal(got, want) {
			t.Errorf("OP1bis's trace %v, want %v", got, want)
		}
		// an accepted replace now shows nothing left to change
		a, err := f.svc.Amendment(bg, f.delegate["ARG"], rep.ID)
		must(t, err)
		if showOps(a.Ops) != `="Calls upon all States to respect and protect human rights;"` {
			t.Errorf("accepted replace's ops against the current text: %s", showOps(a.Ops))
		}
	})
}

// Who may propose: a delegation's members in its name, if accredited and
// the document is not a single text; the chair in nobody's name.
func TestWhoMayAmend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA")
		f.delegation(t, "CUB", false)
		d := f.draft(t)
		in := outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP1", Text: "Calls upon all States to respect human rights;"}

		_, err := f.svc.ProposeAmendment(bg, f.obs, d.ID, in)
		wantErr(t, "an observer", err, "not_found", 404)
		_, err = f.svc.ProposeAmendment(bg, f.delegate["CUB"], d.ID, in)
		wantErr(t, "an unaccredited delegation", err, "not_accredited", 403)
		other := in
		other.DelegationID = f.del["BRA"].ID
		_, err = f.svc.ProposeAmendment(bg, f.delegate["CHN"], d.ID, other)
		wantErr(t, "CHN in BRA's name", err, "not_your_delegation", 403)
		_, err = f.svc.ProposeAmendment(bg, f.chair, d.ID, other)
		wantErr(t, "the chair in BRA's name", err, "not_your_delegation", 403)
		folds := in
		folds.Folds = []int64{1}
		_, err = f.svc.ProposeAmendment(bg, f.delegate["CHN"], d.ID, folds)
		wantErr(t, "a delegation's compromise", err, "chair_only", 403)

		a := f.amend(t, "", d.ID, in)
		if a.Delegation != "" || len(a.Sponsors) != 0 || a.Status != outcome.Pending {
			t.Errorf("the chair's amendment: delegation %q, sponsors %v, %s", a.Delegation, a.Sponsors, a.Status)
		}
		_, err = f.svc.AcceptAmendment(bg, f.delegate["BRA"], a.ID, "")
		wantErr(t, "a delegate accepting", err, "chair_only", 403)
		_, err = f.svc.RejectAmendment(bg, f.delegate["BRA"], a.ID, "")
		wantErr(t, "a delegate rejecting", err, "chair_only", 403)

		single := outcome.DocumentInput{Kind: d.Kind, Title: d.Title, SingleText: true}
		_, err = f.svc.UpdateDocument(bg, f.chair, d.ID, single)
		must(t, err)
		_, err = f.svc.ProposeAmendment(bg, f.delegate["BRA"], d.ID, in)
		wantErr(t, "a delegation on a single text", err, "single_text", 409)
		f.amend(t, "", d.ID, in) // the chair still drafts
		if n := f.count(t, "SELECT count(*) FROM outcome_amendments WHERE document_id = ?", d.ID); n != 2 {
			t.Errorf("%d amendments stored, want the chair's two", n)
		}
	})
}

// MayAmend is the rule pages ask: by the document's status too.
func TestMayAmendFollowsTheDocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN")
		dels, err := f.dlg.Delegations(bg, f.chair, f.edition.ID)
		must(t, err)
		cases := []struct {
			who    string
			status string
			single bool
			code   string
		}{
			{"CHN", outcome.Drafting, false, ""},
			{"CHN", outcome.Silence, false, "under_silence"},
			{"CHN", outcome.Adopted, false, "document_adopted"},
			{"CHN", outcome.Drafting, true, "single_text"},
			{"chair", outcome.Drafting, true, ""},
			{"chair", outcome.Silence, false, "under_silence"},
			{"secretariat", outcome.Drafting, false, ""},
			{"observer", outcome.Drafting, false, "no_delegation"},
			{"public", outcome.Drafting, false, "no_delegation"},
		}
		who := map[string]outcome.Viewer{"CHN": f.delegate["CHN"], "chair": f.chair, "secretariat": f.admin, "observer": f.obs, "public": nil}
		for _, c := range cases {
			own, err := outcome.MayAmend(who[c.who], dels, outcome.Document{Status: c.status, SingleText: c.single}, 0)
			if c.code == "" {
				if err != nil {
					t.Errorf("%s on a %s document (single %v): %v", c.who, c.status, c.single, err)
				}
				if (c.who == "CHN") != (own != nil && own.Code == "CHN") {
					t.Errorf("%s proposes for %v", c.who, own)
				}
				continue
			}
			if errs.As(err).Code != c.code {
				t.Errorf("%s on a %s document (single %v): %v, want %s", c.who, c.status, c.single, err, c.code)
			}
		}
	})
}

// Bad amendments are refused with a stable code, and nothing is stored.
func TestAmendmentInputIsChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA")
		f.delegation(t, "CUB", false)
		d := f.draft(t)
		propose := func(in outcome.AmendmentInput) error {
			_, err := f.svc.ProposeAmendment(bg, f.delegate["BRA"], d.ID, in)
			return err
		}
		wantField(t, "unknown paragraph", propose(outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP9", Text: "x"}), "unknown_paragraph", "paragraph")
		wantField(t, "unknown anchor", propose(outcome.AmendmentInput{Kind: outcome.Insert, Paragraph: "OP1ter", Text: "x"}), "unknown_paragraph", "paragraph")
		wantField(t, "delete without a paragraph", propose(outcome.AmendmentInput{Kind: outcome.Delete}), "unknown_paragraph", "paragraph")
		wantField(t, "empty replace", propose(outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP1", Text: "  "}), "empty_amendment", "text")
		wantField(t, "empty insert", propose(outcome.AmendmentInput{Kind: outcome.Insert, Paragraph: "OP1"}), "empty_amendment", "text")
		wantField(t, "empty alternative", propose(outcome.AmendmentInput{Kind: outcome.Alternative, Paragraph: "OP1"}), "empty_amendment", "text")
		wantField(t, "replace by the same words", propose(outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP1", Text: " Calls upon States to respect human rights; "}), "empty_amendment", "text")
		wantField(t, "unknown kind", propose(outcome.AmendmentInput{Kind: "amend", Paragraph: "OP1", Text: "x"}), "invalid_kind", "kind")
		wantField(t, "insert at the end of no kind", propose(outcome.AmendmentInput{Kind: outcome.Insert, Text: "x"}), "invalid_kind", "new_kind")
		err := propose(outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP1", Text: "x", Sponsors: []string{"CHN", "XYZ"}})
		wantField(t, "unknown co-sponsor", err, "unknown_delegation", "sponsors")
		if args := errs.As(err).Args; len(args) != 2 || args[1] != "XYZ" {
			t.Errorf("unknown co-sponsor names %v, want XYZ", args)
		}
		wantField(t, "unaccredited co-sponsor", propose(outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP1", Text: "x", Sponsors: []string{"CUB"}}), "sponsor_not_accredited", "sponsors")
		_, err = f.svc.ProposeAmendment(bg, f.chair, d.ID, outcome.AmendmentInput{Kind: outcome.Insert, Paragraph: "OP1", Text: "x", Folds: []int64{1}})
		wantField(t, "a compromise that is not a replace", err, "compromise_replace", "folds")

		// the text changed after the delegate read it
		_, err = f.svc.EditParagraph(bg, f.chair, d.ID, "OP1", outcome.EditInput{Text: "Calls upon States to fully respect human rights;"})
		must(t, err)
		err = propose(outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP1", TextVersion: 1, Text: "Calls upon all States to respect human rights;"})
		wantErr(t, "written on an older wording", err, "text_changed", 409)
		var cur *outcome.CurrentText
		if !errors.As(err, &cur) || cur.TextVersion != 2 || cur.Text != "Calls upon States to fully respect human rights;" {
			t.Errorf("the conflict carries %+v, want OP1 at version 2 with the chair's words", cur)
		}
		err = f.svc.DeleteParagraph(bg, f.chair, d.ID, "OP3")
		must(t, err)
		wantErr(t, "a deleted paragraph", propose(outcome.AmendmentInput{Kind: outcome.Delete, Paragraph: "OP3"}), "paragraph_deleted", 409)
		if n := f.count(t, "SELECT count(*) FROM outcome_amendments"); n != 0 {
			t.Errorf("%d amendments stored, want none", n)
		}
	})
}

// Two delegations amend one paragraph; once one is accepted the other is
// stale; the chair folds it and a third into a compromise.
func TestStaleAmendmentsAndCompromise(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA", "MEX", "ARG")
		d := f.draft(t)
		bra := f.amend(t, "BRA", d.ID, outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP1", TextVersion: 1, Text: "Calls upon all States to respect human rights;"})
		chn := f.amend(t, "CHN", d.ID, outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP1", TextVersion: 1, Sponsors: []string{"ARG"},
			Text: "Calls upon States to respect and promote human rights;"})
		mex := f.amend(t, "MEX", d.ID, outcome.AmendmentInput{Kind: outcome.Insert, Paragraph: "OP1", Text: "Welcomes cooperation;"})
		f.accept(t, bra.ID)

		_, err := f.svc.AcceptAmendment(bg, f.chair, chn.ID, "")
		wantErr(t, "accepting CHN's on the old wording", err, "stale_revision", 409)
		var cur *outcome.CurrentText
		if !errors.As(err, &cur) || cur.Label != "OP1" || cur.TextVersion != 2 || cur.Text != "Calls upon all States to respect human rights;" {
			t.Errorf("stale_revision carries %+v, want OP1 at version 2 with BRA's words", cur)
		}
		pending, err := f.svc.Amendments(bg, f.delegate["CHN"], d.ID, outcome.AmendmentFilter{Status: outcome.Pending})
		must(t, err)
		if len(pending) != 2 || pending[0].ID != chn.ID || !pending[0].Stale || pending[1].Stale {
			t.Fatalf("pending: %+v; want CHN's (stale) and MEX's", pending)
		}
		if got, want := showOps(pending[0].Ops), `="Calls upon " -"all " ="States to respect " +"and promote " ="human rights;"`; got != want {
			t.Errorf("CHN's stale replace against the current text:\n got %s\nwant %s", got, want)
		}

		_, err = f.svc.ProposeAmendment(bg, f.chair, d.ID, outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP1", Text: "x y", Folds: []int64{bra.ID}})
		wantErr(t, "folding an accepted amendment", err, "amendment_not_pending", 409)
		_, err = f.svc.ProposeAmendment(bg, f.chair, d.ID, outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP1", Text: "x y", Folds: []int64{chn.ID, 9999}})
		wantField(t, "folding an unknown amendment", err, "unknown_amendment", "folds")
		if a, _ := f.svc.Amendment(bg, f.chair, chn.ID); a.Status != outcome.Pending {
			t.Errorf("a refused compromise left CHN's amendment %s", a.Status)
		}

		c := f.amend(t, "", d.ID, outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP1", TextVersion: 2, Folds: []int64{mex.ID, chn.ID, chn.ID},
			Text: "Calls upon all States to respect and promote human rights and to cooperate;"})
		if c.Status != outcome.Accepted || c.Result != "OP1" || !slices.Equal(c.Folds, []int64{chn.ID, mex.ID}) || c.Delegation != "" {
			t.Errorf("the compromise reads %s, result %q, folds %v", c.Status, c.Result, c.Folds)
		}
		for _, id := range []int64{chn.ID, mex.ID} {
			a, err := f.svc.Amendment(bg, f.chair, id)
			must(t, err)
			if a.Status != outcome.Folded || a.FoldedInto != c.ID || a.DecidedAt == nil {
				t.Errorf("amendment %d: %s into %d, want folded into %d", id, a.Status, a.FoldedInto, c.ID)
			}
		}
		op1 := f.paragraph(t, d.ID, "OP1")
		if op1.Text != "Calls upon all States to respect and promote human rights and to cooperate;" || op1.TextVersion != 3 {
			t.Errorf("OP1 after the compromise: %q (version %d)", op1.Text, op1.TextVersion)
		}
		// Calls upon (0) all (BRA) States to respect (0) and promote (compromise) human rights (0) and to cooperate (compromise)
		if want := (textdiff.Trace{{Words: 2, Source: 0}, {Words: 1, Source: bra.ID}, {Words: 3, Source: 0}, {Words: 2, Source: c.ID}, {Words: 2, Source: 0}, {Words: 3, Source: c.ID}}); !slices.Equal(op1.Trace, want) {
			t.Errorf("OP1's trace %v, want %v", op1.Trace, want)
		}
		src, err := f.svc.Sources(bg, f.delegate["MEX"], d.ID)
		must(t, err)
		want := map[int64]outcome.Source{
			0:      {Delegations: []string{}, Chair: true},
			bra.ID: {Amendment: bra.ID, Kind: outcome.Replace, Delegations: []string{"BRA"}},
			c.ID:   {Amendment: c.ID, Kind: outcome.Replace, Delegations: []string{"CHN", "ARG", "MEX"}, Chair: true},
		}
		if fmt.Sprint(src) != fmt.Sprint(want) {
			t.Errorf("sources:\n got %v\nwant %v", src, want)
		}
	})
}

// Rejected and withdrawn amendments leave the text; only the proposer
// withdraws; a decided amendment is not decided again.
func TestRejectAndWithdraw(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA")
		d := f.draft(t)
		a := f.amend(t, "BRA", d.ID, outcome.AmendmentInput{Kind: outcome.Delete, Paragraph: "OP2"})
		b := f.amend(t, "CHN", d.ID, outcome.AmendmentInput{Kind: outcome.Alternative, Paragraph: "OP2", Text: "Decides to meet again in 2027;"})
		c := f.amend(t, "", d.ID, outcome.AmendmentInput{Kind: outcome.Insert, NewKind: outcome.Operative, Text: "Thanks Brazil."})

		r, err := f.svc.RejectAmendment(bg, f.chair, a.ID, "The date is needed.")
		must(t, err)
		if r.Status != outcome.Rejected || r.Note != "The date is needed." || r.DecidedAt == nil {
			t.Errorf("rejected reads %s, note %q", r.Status, r.Note)
		}
		_, err = f.svc.WithdrawAmendment(bg, f.delegate["BRA"], b.ID)
		wantErr(t, "BRA withdrawing CHN's", err, "not_proposer", 403)
		_, err = f.svc.WithdrawAmendment(bg, f.chair, b.ID)
		wantErr(t, "the chair withdrawing CHN's", err, "not_proposer", 403)
		_, err = f.svc.WithdrawAmendment(bg, f.delegate["CHN"], c.ID)
		wantErr(t, "CHN withdrawing the chair's", err, "not_proposer", 403)
		w, err := f.svc.WithdrawAmendment(bg, f.delegate["CHN"], b.ID)
		must(t, err)
		if w.Status != outcome.Withdrawn {
			t.Errorf("withdrawn reads %s", w.Status)
		}
		_, err = f.svc.WithdrawAmendment(bg, f.admin, c.ID) // the secretariat for the chair
		must(t, err)

		_, err = f.svc.AcceptAmendment(bg, f.chair, a.ID, "")
		wantErr(t, "accepting a rejected one", err, "amendment_not_pending", 409)
		_, err = f.svc.RejectAmendment(bg, f.chair, b.ID, "")
		wantErr(t, "rejecting a withdrawn one", err, "amendment_not_pending", 409)
		_, err = f.svc.WithdrawAmendment(bg, f.delegate["BRA"], a.ID)
		wantErr(t, "withdrawing a rejected one", err, "amendment_not_pending", 409)
		if got := labels(f.working(t, d.ID)); got != "PP1 OP1 OP2 OP3" {
			t.Errorf("text after rejections and withdrawals: %s", got)
		}
	})
}

// The room reads amendments, by status and paragraph; nobody else does.
// Every write moves the document's version on and is audited.
func TestReadingAmendments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA")
		d := f.draft(t)
		before := f.count(t, "SELECT count(*) FROM audit_log WHERE action LIKE 'outcome.amendment.%'")
		v0, err := f.svc.Version(bg, f.chair, d.ID)
		must(t, err)
		a := f.amend(t, "BRA", d.ID, outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP1", Text: "Calls upon all States to respect human rights;"})
		b := f.amend(t, "CHN", d.ID, outcome.AmendmentInput{Kind: outcome.Insert, Paragraph: "OP2", Text: "Invites observers;"})
		c := f.amend(t, "CHN", d.ID, outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: "OP2", Text: "Decides to meet again;"})
		f.accept(t, b.ID)
		_, err = f.svc.RejectAmendment(bg, f.chair, c.ID, "")
		must(t, err)
		v1, err := f.svc.Version(bg, f.chair, d.ID)
		must(t, err)
		if v1 != v0+5 {
			t.Errorf("version moved from %d to %d over five writes", v0, v1)
		}
		if n := f.count(t, "SELECT count(*) FROM audit_log WHERE action LIKE 'outcome.amendment.%'") - before; n != 5 {
			t.Errorf("%d audit records, want 5", n)
		}

		ids := func(filter outcome.AmendmentFilter) string {
			t.Helper()
			list, err := f.svc.Amendments(bg, f.delegate["BRA"], d.ID, filter)
			must(t, err)
			var out []string
			for _, x := range list {
				out = append(out, fmt.Sprint(x.ID))
			}
			return strings.Join(out, " ")
		}
		all := fmt.Sprint(a.ID, " ", b.ID, " ", c.ID)
		if got := ids(outcome.AmendmentFilter{}); got != all {
			t.Errorf("all amendments %s, want %s", got, all)
		}
		if got := ids(outcome.AmendmentFilter{Paragraph: "OP2"}); got != fmt.Sprint(b.ID, " ", c.ID) {
			t.Errorf("on OP2: %s", got)
		}
		if got := ids(outcome.AmendmentFilter{Status: outcome.Pending}); got != fmt.Sprint(a.ID) {
			t.Errorf("pending: %s", got)
		}
		if got := ids(outcome.AmendmentFilter{Status: outcome.Rejected, Paragraph: "OP2"}); got != fmt.Sprint(c.ID) {
			t.Errorf("rejected on OP2: %s", got)
		}
		_, err = f.svc.Amendments(bg, f.chair, d.ID, outcome.AmendmentFilter{Paragraph: "OP7"})
		wantField(t, "filter by an unknown paragraph", err, "unknown_paragraph", "paragraph")
		_, err = f.svc.Amendments(bg, f.chair, d.ID, outcome.AmendmentFilter{Status: "lost"})
		wantField(t, "filter by an unknown status", err, "invalid_status", "status")

		for name, v := range map[string]outcome.Viewer{"observer": f.obs, "public": nil} {
			_, err := f.svc.Amendments(bg, v, d.ID, outcome.AmendmentFilter{})
			wantErr(t, name+" listing", err, "not_found", 404)
			_, err = f.svc.Amendment(bg, v, a.ID)
			wantErr(t, name+" reading one", err, "not_found", 404)
			_, err = f.svc.Sources(bg, v, d.ID)
			wantErr(t, name+" reading sources", err, "not_found", 404)
		}
		_, err = f.svc.Amendment(bg, f.chair, 9999)
		wantErr(t, "an unknown amendment", err, "not_found", 404)
	})
}

// Under silence no amendment is proposed or accepted; a pending one may
// still be rejected or withdrawn, since the text does not change.
func TestAmendmentsUnderSilence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA")
		d := f.draft(t)
		a := f.amend(t, "BRA", d.ID, outcome.AmendmentInput{Kind: outcome.Delete, Paragraph: "OP3"})
		b := f.amend(t, "CHN", d.ID, outcome.AmendmentInput{Kind: outcome.Delete, Paragraph: "OP2"})
		_, err := f.svc.StartSilence(bg, f.chair, d.ID, outcome.SilenceInput{Deadline: time.Now().Add(100 * time.Hour), TimeZone: "America/Sao_Paulo"})
		must(t, err)
		_, err = f.svc.ProposeAmendment(bg, f.delegate["BRA"], d.ID, outcome.AmendmentInput{Kind: outcome.Delete, Paragraph: "OP1"})
		wantErr(t, "proposing under silence", err, "under_silence", 409)
		_, err = f.svc.ProposeAmendment(bg, f.chair, d.ID, outcome.AmendmentInput{Kind: outcome.Delete, Paragraph: "OP1"})
		wantErr(t, "the chair proposing under silence", err, "under_silence", 409)
		_, err = f.svc.AcceptAmendment(bg, f.chair, a.ID, "")
		wantErr(t, "accepting under silence", err, "under_silence", 409)
		_, err = f.svc.RejectAmendment(bg, f.chair, a.ID, "Under silence.")
		must(t, err)
		_, err = f.svc.WithdrawAmendment(bg, f.delegate["CHN"], b.ID)
		must(t, err)
	})
}
