package outcome_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/i18n"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// take records a delegation's position through its delegate, on the
// wording the delegate read.
func (f *fixture) take(t *testing.T, code string, docID int64, label string, st ground.Stance, reason string, version int) outcome.Position {
	t.Helper()
	x, err := f.svc.SetPosition(bg, f.delegate[code], docID, label, outcome.PositionInput{Stance: st, Reason: reason, TextVersion: version})
	if err != nil {
		t.Fatalf("%s %s on %s (v%d): %v", code, st, label, version, err)
	}
	return x
}

// adoptByConsensus issues a revision and adopts it by consensus.
func (f *fixture) adoptByConsensus(t *testing.T, docID int64) {
	t.Helper()
	f.issue(t, docID)
	_, err := f.svc.Adopt(bg, f.chair, docID, outcome.AdoptInput{Method: "consensus"})
	must(t, err)
}

// positionsOf writes positions as "CODE stance vN current|stale", joined
// by commas.
func positionsOf(list []outcome.Position) string {
	out := make([]string, len(list))
	for i, x := range list {
		state := "stale"
		if x.Current {
			state = "current"
		}
		out[i] = fmt.Sprintf("%s %s v%d %s", x.Delegation, x.Stance, x.TextVersion, state)
	}
	return strings.Join(out, ", ")
}

// wantMessage checks that the error's message exists in every language,
// so the page shows it in the reader's language, not its key.
func wantMessage(t *testing.T, err error) {
	t.Helper()
	c := i18n.MustLoad()
	key := errs.As(err).Key
	for _, l := range i18n.Supported {
		if c.T(l, key) == key {
			t.Errorf("%s: no message for %s", l, key)
		}
	}
}

func TestPositionsOnParagraphs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA", "ARG")
		f.delegation(t, "CUB", false)
		d := f.document(t, "Brasília Declaration")
		f.add(t, d.ID, outcome.Preambular, "Recalling the Universal Declaration of Human Rights,")
		op1 := f.add(t, d.ID, outcome.Operative, "Calls upon States to respect human rights;")
		if op1.TextVersion != 1 {
			t.Fatalf("a new paragraph is at text version %d, want 1", op1.TextVersion)
		}

		x := f.take(t, "CHN", d.ID, "OP1", ground.Support, "", 1)
		if x.Label != "OP1" || x.Delegation != "CHN" || x.DelegationID != f.del["CHN"].ID || x.TextVersion != 1 || !x.Current {
			t.Errorf("position = %+v, want CHN's on OP1 at v1, current", x)
		}

		// Who may take a position: a member of an accredited delegation,
		// for it only.
		in := outcome.PositionInput{Stance: ground.Support, TextVersion: 1}
		_, err := f.svc.SetPosition(bg, f.chair, d.ID, "OP1", in)
		wantErr(t, "the chair", err, "no_delegation", 403)
		_, err = f.svc.SetPosition(bg, f.obs, d.ID, "OP1", in)
		wantErr(t, "an observer (the negotiation is the room's)", err, "not_found", 404)
		_, err = f.svc.SetPosition(bg, f.delegate["CHN"], d.ID, "OP1", outcome.PositionInput{DelegationID: f.del["BRA"].ID, Stance: ground.Support, TextVersion: 1})
		wantErr(t, "China in Brazil's name", err, "not_your_delegation", 403)
		_, err = f.svc.SetPosition(bg, f.delegate["CUB"], d.ID, "OP1", in)
		wantErr(t, "a delegation not accredited", err, "not_accredited", 403)

		// An objection needs its reason; a stance must be one of the scale.
		_, err = f.svc.SetPosition(bg, f.delegate["BRA"], d.ID, "OP1", outcome.PositionInput{Stance: ground.CannotAccept, Reason: "  ", TextVersion: 1})
		wantField(t, "cannot accept without a reason", err, "reason_required", "reason")
		_, err = f.svc.SetPosition(bg, f.delegate["BRA"], d.ID, "OP1", outcome.PositionInput{Stance: "maybe", TextVersion: 1})
		wantField(t, "an unknown stance", err, "invalid_stance", "stance")
		_, err = f.svc.SetPosition(bg, f.delegate["BRA"], d.ID, "OP9", in)
		wantField(t, "an unknown paragraph", err, "unknown_paragraph", "paragraph")
		f.take(t, "BRA", d.ID, "OP1", ground.CannotAccept, "The right to development must be named.", 1)
		f.take(t, "CHN", d.ID, "OP1", ground.CanLiveWith, "", 1)

		list, err := f.svc.Positions(bg, f.delegate["ARG"], d.ID, "OP1")
		must(t, err)
		if got, want := positionsOf(list), "BRA cannot_accept v1 current, CHN can_live_with v1 current"; got != want {
			t.Errorf("positions on OP1:\n got %s\nwant %s", got, want)
		}

		// The chair rewords OP1: a position on the old wording is refused
		// with the text as it is now, and those taken before read stale.
		_, err = f.svc.EditParagraph(bg, f.chair, d.ID, "OP1", outcome.EditInput{Text: "Calls upon all States to respect and promote human rights;"})
		must(t, err)
		_, err = f.svc.SetPosition(bg, f.delegate["ARG"], d.ID, "OP1", in)
		wantErr(t, "a position on the old wording", err, "text_changed", 409)
		var now *outcome.CurrentText
		if !errors.As(err, &now) || now.TextVersion != 2 || now.Text != "Calls upon all States to respect and promote human rights;" {
			t.Errorf("the conflict carries %+v, want OP1 at v2 with its new text", now)
		}
		f.take(t, "ARG", d.ID, "OP1", ground.Support, "", 2)
		list, err = f.svc.Positions(bg, f.delegate["CHN"], d.ID, "OP1")
		must(t, err)
		if got, want := positionsOf(list), "ARG support v2 current, BRA cannot_accept v1 stale, CHN can_live_with v1 stale"; got != want {
			t.Errorf("positions after the edit:\n got %s\nwant %s", got, want)
		}
		// The chair's desk counts only positions on the current wording:
		// Brazil's objection to the old one is no objection to the new.
		o, err := f.svc.Overview(bg, f.chair, d.ID)
		must(t, err)
		row := o.Paragraphs[1]
		if row.Label != "OP1" || row.Stances["support"] != 1 || row.Stale != 2 || len(row.Objections) != 0 {
			t.Errorf("desk row %s: stances %v, stale %d, objections %v; want support 1, stale 2, no objection", row.Label, row.Stances, row.Stale, row.Objections)
		}
		f.take(t, "BRA", d.ID, "OP1", ground.CannotAccept, "Still no reference to development.", 2)
		o, err = f.svc.Overview(bg, f.chair, d.ID)
		must(t, err)
		if got := o.Paragraphs[1].Objections; len(got) != 1 || got[0] != "BRA" {
			t.Errorf("objections to OP1 v2 = %v, want [BRA]", got)
		}

		hist, err := f.svc.PositionHistory(bg, f.chair, d.ID, "OP1")
		must(t, err)
		var got []string
		for _, c := range hist {
			got = append(got, fmt.Sprintf("%s %s v%d by %s %q", c.Delegation, c.Stance, c.TextVersion, c.By, c.Reason))
		}
		want := []string{
			`CHN support v1 by chn@example.org ""`,
			`BRA cannot_accept v1 by bra@example.org "The right to development must be named."`,
			`CHN can_live_with v1 by chn@example.org ""`,
			`ARG support v2 by arg@example.org ""`,
			`BRA cannot_accept v2 by bra@example.org "Still no reference to development."`,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("history of OP1:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
		}
		if n := f.count(t, "SELECT count(*) FROM outcome_positions"); n != 3 {
			t.Errorf("%d current positions stored, want 3 (one per delegation)", n)
		}

		// A deleted paragraph takes no more positions.
		f.add(t, d.ID, outcome.Operative, "Decides to meet again in 2026.")
		must(t, f.svc.DeleteParagraph(bg, f.chair, d.ID, "OP2"))
		_, err = f.svc.SetPosition(bg, f.delegate["ARG"], d.ID, "OP2", in)
		wantErr(t, "a deleted paragraph", err, "paragraph_deleted", 409)
	})
}

// Under the single-text procedure only the chair edits; delegations still
// take positions and comment. Once adopted, neither.
func TestSingleTextLeavesPositionsAndComments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA")
		d := f.document(t, "Joint statement")
		f.add(t, d.ID, outcome.Operative, "Welcomes the dialogue between China and Latin America;")
		_, err := f.svc.UpdateDocument(bg, f.chair, d.ID, outcome.DocumentInput{Kind: d.Kind, Title: d.Title, SingleText: true})
		must(t, err)

		f.take(t, "CHN", d.ID, "OP1", ground.Support, "", 1)
		c1, err := f.svc.AddComment(bg, f.delegate["BRA"], d.ID, "OP1", "  Could “dialogue” become “cooperation”?  ")
		must(t, err)
		_, err = f.svc.AddComment(bg, f.delegate["CHN"], d.ID, "OP1", "We prefer to keep “dialogue”.")
		must(t, err)
		if c1.Label != "OP1" || c1.Delegation != "BRA" || c1.Text != "Could “dialogue” become “cooperation”?" || c1.By != "bra@example.org" {
			t.Errorf("comment = %+v, want Brazil's on OP1, trimmed, by bra@example.org", c1)
		}
		_, err = f.svc.AddComment(bg, f.delegate["BRA"], d.ID, "OP1", " ")
		wantField(t, "an empty comment", err, "required", "text")
		_, err = f.svc.AddComment(bg, f.chair, d.ID, "OP1", "The chair drafts, not comments.")
		wantErr(t, "the chair commenting", err, "no_delegation", 403)
		_, err = f.svc.AddComment(bg, f.delegate["BRA"], d.ID, "PP1", "No such paragraph.")
		wantField(t, "a comment on an unknown paragraph", err, "unknown_paragraph", "paragraph")

		list, err := f.svc.Comments(bg, f.delegate["CHN"], d.ID, "OP1")
		must(t, err)
		var got []string
		for _, c := range list {
			got = append(got, c.Delegation+": "+c.Text)
		}
		if want := "BRA: Could “dialogue” become “cooperation”? | CHN: We prefer to keep “dialogue”."; strings.Join(got, " | ") != want {
			t.Errorf("comments:\n got %s\nwant %s", strings.Join(got, " | "), want)
		}

		// Adopted: the text is frozen, and so is the record of its
		// negotiation, which stays in the room.
		f.publishEdition(t)
		f.adoptByConsensus(t, d.ID)
		_, err = f.svc.SetPosition(bg, f.delegate["BRA"], d.ID, "OP1", outcome.PositionInput{Stance: ground.Support, TextVersion: 1})
		wantErr(t, "a position once adopted", err, "document_adopted", 409)
		_, err = f.svc.AddComment(bg, f.delegate["BRA"], d.ID, "OP1", "Too late.")
		wantErr(t, "a comment once adopted", err, "document_adopted", 409)
		if _, err := f.svc.Document(bg, f.obs, d.ID); err != nil {
			t.Fatalf("the public cannot read the adopted text of a published edition: %v", err)
		}
		_, err = f.svc.Positions(bg, f.obs, d.ID, "OP1")
		wantErr(t, "the public reading positions", err, "room_only", 403)
		wantMessage(t, err)
		_, err = f.svc.Comments(bg, f.obs, d.ID, "OP1")
		wantErr(t, "the public reading comments", err, "room_only", 403)
		_, err = f.svc.PositionHistory(bg, f.obs, d.ID, "OP1")
		wantErr(t, "the public reading the history", err, "room_only", 403)
		if list, err := f.svc.Comments(bg, f.delegate["BRA"], d.ID, "OP1"); err != nil || len(list) != 2 {
			t.Errorf("the room reads %d comments after adoption (%v), want 2", len(list), err)
		}
	})
}

// The export reads every current position in paragraph order (OP1bis,
// inserted last, comes between OP1 and OP2) then delegation code, a chunk
// of two at a time, deleted paragraphs left out.
func TestEachPositionInTextOrder(t *testing.T) {
	defer outcome.SetPositionChunk(2)()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA", "ARG")
		d := f.document(t, "Brasília Declaration")
		f.add(t, d.ID, outcome.Preambular, "Recalling the Universal Declaration of Human Rights,")
		f.add(t, d.ID, outcome.Operative, "Calls upon States to respect human rights;")
		f.add(t, d.ID, outcome.Operative, "Decides to meet again in 2026.")
		f.add(t, d.ID, outcome.Operative, "Requests a report.")
		_, err := f.svc.AddParagraph(bg, f.chair, d.ID, outcome.ParagraphInput{After: "OP1", Text: "Encourages dialogue between regions;"})
		must(t, err)
		f.take(t, "CHN", d.ID, "OP2", ground.Support, "", 1)
		f.take(t, "ARG", d.ID, "OP1", ground.Pending, "", 1)
		f.take(t, "CHN", d.ID, "PP1", ground.Support, "", 1)
		f.take(t, "BRA", d.ID, "OP1bis", ground.CanLiveWith, "", 1)
		f.take(t, "CHN", d.ID, "OP1", ground.CannotAccept, "Too vague.", 1)
		f.take(t, "ARG", d.ID, "PP1", ground.Support, "", 1)
		f.take(t, "BRA", d.ID, "OP1", ground.Support, "", 1)
		f.take(t, "ARG", d.ID, "OP3", ground.Support, "", 1)
		must(t, f.svc.DeleteParagraph(bg, f.chair, d.ID, "OP3"))
		_, err = f.svc.EditParagraph(bg, f.chair, d.ID, "OP2", outcome.EditInput{Text: "Decides to meet again in 2027."})
		must(t, err)

		var got []string
		err = f.svc.EachPosition(bg, f.delegate["BRA"], d.ID, func(r outcome.PositionRow) error {
			state := "stale"
			if r.Current {
				state = "current"
			}
			got = append(got, fmt.Sprintf("%s %s (%s) %s %q v%d %s", r.Label, r.Delegation, r.DelegationName, r.Stance, r.Reason, r.TextVersion, state))
			return nil
		})
		must(t, err)
		want := []string{
			`PP1 ARG (Argentina) support "" v1 current`,
			`PP1 CHN (China) support "" v1 current`,
			`OP1 ARG (Argentina) pending "" v1 current`,
			`OP1 BRA (Brazil) support "" v1 current`,
			`OP1 CHN (China) cannot_accept "Too vague." v1 current`,
			`OP1bis BRA (Brazil) can_live_with "" v1 current`,
			`OP2 CHN (China) support "" v1 stale`,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("export rows:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
		}

		f.take(t, "CHN", d.ID, "OP1", ground.CanLiveWith, "", 1) // no objection left: it can be adopted
		f.publishEdition(t)
		f.adoptByConsensus(t, d.ID)
		called := false
		err = f.svc.EachPosition(bg, f.obs, d.ID, func(outcome.PositionRow) error { called = true; return nil })
		wantErr(t, "the public exporting positions", err, "room_only", 403)
		if called {
			t.Error("the public's export received a row before the refusal")
		}
	})
}
