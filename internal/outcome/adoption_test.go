package outcome_test

import (
	"strings"
	"testing"
	"time"

	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// takePosition records delegation code's stance on the current wording of
// a paragraph through its delegate.
func takePosition(t *testing.T, f *fixture, docID int64, code, label string, stance ground.Stance) {
	t.Helper()
	p := f.paragraph(t, docID, label)
	reason := ""
	if stance == ground.CannotAccept {
		reason = code + " cannot accept " + label + "."
	}
	if _, err := f.svc.SetPosition(bg, f.delegate[code], docID, label, outcome.PositionInput{Stance: stance, Reason: reason, TextVersion: p.TextVersion}); err != nil {
		t.Fatalf("%s %s on %s: %v", code, stance, label, err)
	}
}

// Consensus is refused while a delegation objects, naming it and the
// paragraph; once it can live with the text, the text is adopted: frozen
// with its revision's hash, every paragraph agreed.
func TestAdoptByConsensus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA", "ARG")
		d, zero := readyText(t, f, "Brasília Declaration")
		until := time.Now().Add(48 * time.Hour)
		_, err := f.svc.SetStatus(bg, f.chair, d.ID, "OP2", outcome.StatusInput{Status: "agreed_ad_ref", Until: &until})
		must(t, err)
		takePosition(t, f, d.ID, "CHN", "OP1", ground.Support)
		takePosition(t, f, d.ID, "BRA", "OP1", ground.CannotAccept)
		takePosition(t, f, d.ID, "ARG", "OP2", ground.CannotAccept)
		takePosition(t, f, d.ID, "ARG", "PP1", ground.Pending)

		consensus := outcome.AdoptInput{Method: "consensus"}
		_, err = f.svc.Adopt(bg, f.delegate["CHN"], d.ID, consensus)
		wantErr(t, "a delegate", err, "chair_only", 403)
		_, err = f.svc.Adopt(bg, f.chair, d.ID, consensus)
		wantErr(t, "two objections", err, "objections_remain", 409)
		if e := errs.As(err); len(e.Args) != 4 || e.Args[1] != "ARG, BRA" || e.Args[3] != "OP1, OP2" {
			t.Errorf("objections_remain names %v, want delegations ARG, BRA and paragraphs OP1, OP2", e.Args)
		}
		takePosition(t, f, d.ID, "BRA", "OP1", ground.CanLiveWith)
		takePosition(t, f, d.ID, "ARG", "OP2", ground.Support)
		a, err := f.svc.Adopt(bg, f.chair, d.ID, consensus)
		must(t, err)
		if !a.Adopted || a.Method != "consensus" || a.Revision != 0 || a.Hash != zero.Hash {
			t.Fatalf("adoption: %+v, want adopted by consensus, the zero draft, hash %s", a, zero.Hash)
		}
		got := f.doc(t, d.ID)
		if got.Status != "adopted" || got.AdoptionMethod != "consensus" || got.AdoptionHash != zero.Hash || got.AdoptedNumber == nil || *got.AdoptedNumber != 0 || got.AdoptedAt == nil {
			t.Errorf("document: %+v", got)
		}
		list, err := f.svc.Paragraphs(bg, f.chair, d.ID)
		must(t, err)
		for _, p := range list {
			if p.Status != "agreed" || p.AdRefUntil != nil {
				t.Errorf("%s is %s (ad ref until %v) after adoption, want agreed", p.Label, p.Status, p.AdRefUntil)
			}
		}
		frozen, err := f.svc.Revision(bg, f.chair, d.ID, 0)
		must(t, err)
		if frozen.Paragraphs[1].Status != "proposed" {
			t.Errorf("the adopted revision's OP1 reads %s, want proposed as it was issued (revisions stay frozen)", frozen.Paragraphs[1].Status)
		}
		hash, ok, err := f.svc.VerifyAdoption(bg, f.chair, d.ID)
		if err != nil || !ok || hash != zero.Hash {
			t.Errorf("verify: %s %v %v, want %s verified", hash, ok, err, zero.Hash)
		}
		// Someone edits the recorded hash in the database: no longer verified.
		must(t, f.db.Write(bg, func(tx *store.Tx) error {
			_, err := tx.Exec(bg, "UPDATE outcome_documents SET adoption_hash = ? WHERE id = ?", strings.Repeat("0", 64), d.ID)
			return err
		}))
		if _, ok, err := f.svc.VerifyAdoption(bg, f.chair, d.ID); err != nil || ok {
			t.Errorf("verify with a forged hash: ok %v (%v), want not verified", ok, err)
		}
	})
}

// What stops an adoption before anyone's position is asked.
func TestAdoptionRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA")
		d := f.document(t, "Brasília Declaration")
		f.add(t, d.ID, outcome.Operative, "Calls upon States to [fully] respect human rights;")
		consensus := outcome.AdoptInput{Method: "consensus"}
		adopt := func(in outcome.AdoptInput) error {
			_, err := f.svc.Adopt(bg, f.chair, d.ID, in)
			return err
		}
		wantField(t, "acclamation", adopt(outcome.AdoptInput{Method: "acclamation"}), "invalid_method", "method")
		wantField(t, "votes with consensus", adopt(outcome.AdoptInput{Method: "consensus", Votes: map[string]string{"BRA": "yes"}}), "votes_without_vote", "votes")
		wantErr(t, "no revision", adopt(consensus), "no_revision", 409)
		f.issue(t, d.ID)
		wantErr(t, "a word in brackets", adopt(consensus), "text_not_clean", 409)
		_, err := f.svc.EditParagraph(bg, f.chair, d.ID, "OP1", outcome.EditInput{Text: "Calls upon States to fully respect human rights;"})
		must(t, err)
		wantErr(t, "text changed since the revision", adopt(consensus), "text_changed_since_revision", 409)
		f.issue(t, d.ID)
		_, err = f.svc.SetStatus(bg, f.chair, d.ID, "OP1", outcome.StatusInput{Status: "options"})
		must(t, err)
		wantErr(t, "a paragraph in options (not in the hash)", adopt(consensus), "text_not_clean", 409)
		_, err = f.svc.SetStatus(bg, f.chair, d.ID, "OP1", outcome.StatusInput{Status: "agreed"})
		must(t, err)
		wantErr(t, "an older revision", adopt(outcome.AdoptInput{Method: "consensus", Revision: 3}), "not_latest_revision", 409)
		putUnderSilence(t, f, d.ID)
		wantErr(t, "under silence", adopt(consensus), "under_silence", 409)
		must(t, f.svc.EndSilence(bg, f.chair, d.ID))
		must(t, adopt(outcome.AdoptInput{Method: "consensus", Revision: 1}))
	})
}

// A vote, where the forum's rules allow one: accredited state delegations
// vote; more yes than no adopts; a failed vote is kept and the text stays
// in drafting.
func TestAdoptByVote(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA", "ARG", "CHL")
		f.delegation(t, "MEX", false)
		d, zero := readyText(t, f, "Brasília Declaration")
		takePosition(t, f, d.ID, "BRA", "OP1", ground.CannotAccept) // a vote settles what consensus could not
		vote := func(votes map[string]string) (outcome.Adoption, error) {
			return f.svc.Adopt(bg, f.chair, d.ID, outcome.AdoptInput{Method: "vote", Votes: votes})
		}
		_, err := vote(map[string]string{"CHN": "yes"})
		wantErr(t, "a forum of consensus only", err, "vote_not_allowed", 409)
		_, err = f.svc.SetRules(bg, f.chair, f.forum.ID, outcome.Rules{Adoption: "consensus_or_vote"})
		wantErr(t, "the chair sets rules", err, "secretariat_only", 403)
		_, err = f.svc.SetRules(bg, f.admin, f.forum.ID, outcome.Rules{Adoption: "consensus_or_vote"})
		must(t, err)

		_, err = vote(nil)
		wantField(t, "nobody voted", err, "votes_required", "votes")
		_, err = vote(map[string]string{"CHN": "yes", "FRA": "no"})
		wantField(t, "a delegation not in the edition", err, "unknown_delegation", "votes")
		_, err = vote(map[string]string{"CHN": "yes", "MEX": "no"})
		wantField(t, "a delegation not accredited", err, "unknown_delegation", "votes")
		_, err = vote(map[string]string{"CHN": "perhaps"})
		wantField(t, "perhaps", err, "invalid_vote", "votes")

		a, err := vote(map[string]string{"CHN": "yes", "BRA": "no", "ARG": "no", "CHL": "yes"})
		must(t, err)
		if a.Adopted || a.Yes != 2 || a.No != 2 || a.Abstain != 0 {
			t.Fatalf("2 yes, 2 no: %+v, want not adopted (a tie is no majority)", a)
		}
		if got := f.doc(t, d.ID); got.Status != "drafting" || got.AdoptedAt != nil {
			t.Errorf("after a failed vote the document is %s, want drafting", got.Status)
		}
		votes, err := f.svc.Votes(bg, f.chair, d.ID)
		must(t, err)
		if len(votes) != 4 || votes["ARG"] != "no" || votes["CHL"] != "yes" {
			t.Errorf("recorded votes %v, want the four of the failed vote", votes)
		}

		a, err = vote(map[string]string{"chn": "yes", "BRA": "no", "ARG": "yes", "CHL": "abstain"})
		must(t, err)
		if !a.Adopted || a.Yes != 2 || a.No != 1 || a.Method != "vote" || a.Hash != zero.Hash {
			t.Fatalf("2 yes, 1 no, 1 abstention: %+v, want adopted by vote", a)
		}
		votes, err = f.svc.Votes(bg, f.obs, d.ID)
		wantErr(t, "an observer, edition unpublished", err, "not_found", 404)
		f.publishEdition(t)
		votes, err = f.svc.Votes(bg, f.obs, d.ID)
		must(t, err)
		if len(votes) != 4 || votes["CHN"] != "yes" || votes["ARG"] != "yes" {
			t.Errorf("the public reads the votes %v, want the adopting vote", votes)
		}
	})
}

// Once adopted, the text is frozen: every write to it answers
// document_adopted, whichever path it takes.
func TestAdoptedDocumentRefusesEveryWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA")
		d, _ := readyText(t, f, "Brasília Declaration")
		op1 := f.paragraph(t, d.ID, "OP1")
		pending, err := f.svc.ProposeAmendment(bg, f.delegate["BRA"], d.ID, outcome.AmendmentInput{Kind: "replace", Paragraph: "OP1", Text: "Calls upon all States to respect human rights;"})
		must(t, err)
		_, err = f.svc.Adopt(bg, f.chair, d.ID, outcome.AdoptInput{Method: "consensus"})
		must(t, err)
		before := f.doc(t, d.ID)
		writes := map[string]func() error{
			"update": func() error {
				_, err := f.svc.UpdateDocument(bg, f.chair, d.ID, outcome.DocumentInput{Kind: outcome.Declaration, Title: "Another title"})
				return err
			},
			"add": func() error {
				_, err := f.svc.AddParagraph(bg, f.chair, d.ID, outcome.ParagraphInput{Kind: outcome.Operative, Text: "A new paragraph."})
				return err
			},
			"edit": func() error {
				_, err := f.svc.EditParagraph(bg, f.chair, d.ID, "OP1", outcome.EditInput{Text: "Another text."})
				return err
			},
			"delete": func() error { return f.svc.DeleteParagraph(bg, f.chair, d.ID, "OP2") },
			"status": func() error {
				_, err := f.svc.SetStatus(bg, f.chair, d.ID, "OP1", outcome.StatusInput{Status: "bracketed", Reason: "contentious"})
				return err
			},
			"package": func() error {
				_, err := f.svc.SetPackage(bg, f.chair, d.ID, "OP1", []string{"OP2"})
				return err
			},
			"revision": func() error {
				_, err := f.svc.IssueRevision(bg, f.chair, d.ID, outcome.RevisionInput{})
				return err
			},
			"amendment": func() error {
				_, err := f.svc.ProposeAmendment(bg, f.delegate["CHN"], d.ID, outcome.AmendmentInput{Kind: "delete", Paragraph: "OP2"})
				return err
			},
			"accept amendment": func() error {
				_, err := f.svc.AcceptAmendment(bg, f.chair, pending.ID, "")
				return err
			},
			"reject amendment": func() error {
				_, err := f.svc.RejectAmendment(bg, f.chair, pending.ID, "Too late.")
				return err
			},
			"withdraw amendment": func() error {
				_, err := f.svc.WithdrawAmendment(bg, f.delegate["BRA"], pending.ID)
				return err
			},
			"position": func() error {
				_, err := f.svc.SetPosition(bg, f.delegate["BRA"], d.ID, "OP1", outcome.PositionInput{Stance: ground.Support, TextVersion: op1.TextVersion})
				return err
			},
			"comment": func() error {
				_, err := f.svc.AddComment(bg, f.delegate["BRA"], d.ID, "OP1", "A comment.")
				return err
			},
			"translation": func() error {
				_, err := f.svc.SetTranslation(bg, f.chair, d.ID, "OP1", "es", outcome.TranslationInput{Text: "Exhorta a los Estados.", Status: "draft"})
				return err
			},
			"silence": func() error {
				_, err := f.svc.StartSilence(bg, f.chair, d.ID, outcome.SilenceInput{Deadline: inHours(100), TimeZone: "UTC"})
				return err
			},
			"break silence": func() error {
				_, err := f.svc.BreakSilence(bg, f.delegate["BRA"], d.ID, outcome.BreakInput{Paragraphs: []string{"OP1"}, Reason: "No."})
				return err
			},
			"end silence": func() error { return f.svc.EndSilence(bg, f.chair, d.ID) },
			"adopt again": func() error {
				_, err := f.svc.Adopt(bg, f.chair, d.ID, outcome.AdoptInput{Method: "consensus"})
				return err
			},
		}
		for name, write := range writes {
			wantErr(t, name, write(), "document_adopted", 409)
		}
		if after := f.doc(t, d.ID); after.Version != before.Version {
			t.Errorf("refused writes moved the version from %d to %d", before.Version, after.Version)
		}
	})
}

// The annex: explanations before adoption; explanations after,
// reservations and dissociations after it, by a delegation in its own
// name. Everyone who reads the adopted text reads its annex.
func TestAnnex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA")
		f.delegation(t, "MEX", false)
		d, _ := readyText(t, f, "Brasília Declaration")
		add := func(code string, in outcome.AnnexInput) error {
			_, err := f.svc.AddToAnnex(bg, f.delegate[code], d.ID, in)
			return err
		}
		before := outcome.AnnexInput{Kind: "explanation_before", Text: "Brazil will join consensus.", Language: "en"}
		must(t, add("BRA", before))
		_, err := f.svc.AddToAnnex(bg, f.chair, d.ID, before)
		wantErr(t, "the chair", err, "no_delegation", 403)
		wantErr(t, "a delegation not accredited", add("MEX", before), "not_accredited", 403)
		wantErr(t, "a reservation before adoption", add("CHN", outcome.AnnexInput{Kind: "reservation", Text: "Reservation.", Language: "zh"}), "not_adopted_yet", 409)
		wantField(t, "a kind of its own", add("CHN", outcome.AnnexInput{Kind: "protest", Text: "No.", Language: "zh"}), "invalid_kind", "kind")
		wantField(t, "no text", add("CHN", outcome.AnnexInput{Kind: "explanation_before", Text: " ", Language: "zh"}), "required", "text")
		wantField(t, "French, not a language of the edition", add("CHN", outcome.AnnexInput{Kind: "explanation_before", Text: "Non.", Language: "fr"}), "invalid_language", "language")
		wantField(t, "a paragraph not in the text", add("CHN", outcome.AnnexInput{Kind: "explanation_before", Paragraphs: []string{"OP7"}, Text: "On OP7.", Language: "en"}), "unknown_paragraph", "paragraph")
		_, err = f.svc.Annex(bg, f.obs, d.ID)
		wantErr(t, "the public before adoption", err, "not_found", 404)

		_, err = f.svc.Adopt(bg, f.chair, d.ID, outcome.AdoptInput{Method: "consensus"})
		must(t, err)
		wantErr(t, "an explanation before, after adoption", add("CHN", before), "already_adopted", 409)
		wantField(t, "a dissociation from nothing", add("CHN", outcome.AnnexInput{Kind: "dissociation", Text: "We dissociate.", Language: "en"}), "paragraphs_required", "paragraphs")
		wantField(t, "a dissociation from a paragraph not adopted", add("CHN", outcome.AnnexInput{Kind: "dissociation", Paragraphs: []string{"OP3"}, Text: "We dissociate.", Language: "en"}), "unknown_paragraph", "paragraph")
		must(t, add("CHN", outcome.AnnexInput{Kind: "dissociation", Paragraphs: []string{"OP2", "PP1"}, Text: "中国不参与第二段。", Language: "zh"}))
		must(t, add("BRA", outcome.AnnexInput{Kind: "reservation", Paragraphs: []string{"OP1"}, Text: "O Brasil faz uma reserva.", Language: "pt"}))
		must(t, add("CHN", outcome.AnnexInput{Kind: "explanation_after", Text: "China joined consensus.", Language: "en"}))

		f.publishEdition(t)
		list, err := f.svc.Annex(bg, f.obs, d.ID)
		must(t, err)
		var got []string
		for _, a := range list {
			got = append(got, a.Kind+" "+a.Delegation+" "+strings.Join(a.Paragraphs, ",")+" "+a.Language)
		}
		want := "explanation_before BRA  en | dissociation CHN PP1,OP2 zh | reservation BRA OP1 pt | explanation_after CHN  en"
		if strings.Join(got, " | ") != want {
			t.Errorf("annex read by the public:\n got %q\nwant %q", strings.Join(got, " | "), want)
		}
	})
}

// A forum's rules: 72 hours and consensus until the secretariat says
// otherwise, within bounds.
func TestForumRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		r, err := f.svc.Rules(bg, f.forum.ID)
		must(t, err)
		if r.SilenceMinHours != 72 || r.Adoption != "consensus" {
			t.Errorf("default rules %+v, want 72 hours, consensus", r)
		}
		set := func(in outcome.Rules) error {
			_, err := f.svc.SetRules(bg, f.admin, f.forum.ID, in)
			return err
		}
		wantField(t, "2161 hours", set(outcome.Rules{SilenceMinHours: 2161}), "invalid_silence_min_hours", "silence_min_hours")
		wantField(t, "-1 hours", set(outcome.Rules{SilenceMinHours: -1}), "invalid_silence_min_hours", "silence_min_hours")
		wantField(t, "majority", set(outcome.Rules{Adoption: "majority"}), "invalid_adoption_rule", "adoption")
		_, err = f.svc.SetRules(bg, f.admin, f.forum.ID+100, outcome.Rules{})
		wantErr(t, "no such forum", err, "not_found", 404)
		must(t, set(outcome.Rules{SilenceMinHours: 2160, Adoption: "consensus_or_vote"}))
		if r, _ := f.svc.Rules(bg, f.forum.ID); r.SilenceMinHours != 2160 || r.Adoption != "consensus_or_vote" {
			t.Errorf("rules %+v, want 2160 hours, consensus or vote", r)
		}
		must(t, set(outcome.Rules{}))
		if r, _ := f.svc.Rules(bg, f.forum.ID); r.SilenceMinHours != 72 || r.Adoption != "consensus" {
			t.Errorf("rules set to nothing %+v, want the defaults back", r)
		}
	})
}
