package commitment_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"roundtable/internal/commitment"
	"roundtable/internal/dialogue"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/visibility"
)

// The commitment's source decides its edition and text; what cannot
// become a commitment is refused with a code saying why.
func TestCommitmentFromAdoptedParagraph(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := wfSetup(t, db)
		in := commitment.Input{StartsOn: "2025-01-01", DueOn: "2030-12-31", Owners: []commitment.Owner{{Country: "bra", Institution: "Ministry of Health"}, {Country: "ARG"}},
			Concepts: []string{"c.water"}, Targets: []string{"3.2"},
			Milestones: []commitment.Milestone{{Title: "Clinics in the Amazon", DueOn: "2027-06-30"}},
			Indicators: []commitment.IndicatorLink{{Code: "SH.DYN.MORT", Country: "BRA", BaselineYear: 2015, Baseline: 16, TargetYear: 2030, Target: 12}}}

		_, err := f.svc.FromParagraph(wbg, f.bra, f.op1.ID, in)
		wantErr(t, "a delegate records a commitment", err, "secretariat_only", 403)
		_, err = f.svc.FromParagraph(wbg, f.admin, f.pp1.ID, in)
		wantErr(t, "a preambular paragraph", err, "paragraph_not_operative", 400)
		_, err = f.svc.FromParagraph(wbg, f.admin, f.openOP.ID, in)
		wantErr(t, "a paragraph of a document not adopted", err, "paragraph_not_adopted", 400)
		_, err = f.svc.FromParagraph(wbg, f.admin, 999999, in)
		wantErr(t, "no such paragraph", err, "not_found", 400)
		_, err = f.svc.Create(wbg, f.admin, in)
		wantErr(t, "no source", err, "one_source", 400)
		two := in
		two.ParagraphID, two.RecommendationID = f.op1.ID, f.recommendation(t, "r1", "BRA", "Reduce child mortality.")
		_, err = f.svc.Create(wbg, f.admin, two)
		wantErr(t, "two sources", err, "one_source", 400)

		c, err := f.svc.FromParagraph(wbg, f.admin, f.op1.ID, in)
		wfMust(t, err)
		if c.Source != commitment.SourceParagraph || c.ParagraphID != f.op1.ID || c.EditionID != f.edition.ID ||
			c.Title != "Brasília Declaration, OP1" || c.Text != f.op1.Text || c.Language != "en" || c.Level != visibility.Public || c.ReportEvery != 12 {
			t.Errorf("commitment %+v: want from OP1 of the adopted declaration, its edition, text and language, public, yearly reports", c)
		}
		if want := []commitment.Owner{{Country: "ARG"}, {Country: "BRA", Institution: "Ministry of Health"}}; !reflect.DeepEqual(c.Owners, want) {
			t.Errorf("owners %+v, want %+v", c.Owners, want)
		}
		// c.health from the thesaurus ("health care" in the text),
		// c.water by hand.
		if want := []string{"c.health", "c.water"}; !reflect.DeepEqual(c.Concepts, want) {
			t.Errorf("concepts %v, want %v", c.Concepts, want)
		}
		if len(c.Milestones) != 1 || c.Milestones[0].ID == 0 || c.Milestones[0].DoneOn != "" || len(c.Indicators) != 1 || !reflect.DeepEqual(c.Targets, []string{"3.2"}) {
			t.Errorf("parts: milestones %+v, indicators %+v, targets %v", c.Milestones, c.Indicators, c.Targets)
		}
		if len(c.Latest) != 0 {
			t.Errorf("latest statuses %v before any report", c.Latest)
		}

		// The public reads it: the edition is published.
		if _, err := f.svc.Get(wbg, nil, c.ID); err != nil {
			t.Errorf("the public reading a public commitment of a published edition: %v", err)
		}
		// A milestone done by an owner's delegate, not by another state's.
		_, err = f.svc.SetMilestoneDone(wbg, f.chn, c.ID, c.Milestones[0].ID, "2026-03-01")
		wantErr(t, "CHN marks a milestone of BRA and ARG", err, "not_your_commitment", 403)
		got, err := f.svc.SetMilestoneDone(wbg, f.arg, c.ID, c.Milestones[0].ID, "2026-03-01")
		wfMust(t, err)
		if got.Milestones[0].DoneOn != "2026-03-01" {
			t.Errorf("milestone %+v, want done on 2026-03-01", got.Milestones[0])
		}

		// A pledge in a recommendation: its text by default.
		rec := f.recommendation(t, "r2", "ARG", "Adopt a national plan on education for girls.")
		r, err := f.svc.Create(wbg, f.admin, commitment.Input{RecommendationID: rec, Title: "Education plan", StartsOn: "2025-01-01", DueOn: "2027-01-01",
			Owners: []commitment.Owner{{Country: "ARG"}}, Level: visibility.Participants})
		wfMust(t, err)
		if r.Source != commitment.SourceRecommendation || r.RecommendationID != rec || r.Text != "Adopt a national plan on education for girls." || r.EditionID != 0 {
			t.Errorf("from a recommendation: %+v", r)
		}
		_, err = f.svc.Create(wbg, f.admin, commitment.Input{RecommendationID: 424242, Title: "x", StartsOn: "2025-01-01", DueOn: "2027-01-01", Owners: []commitment.Owner{{Country: "ARG"}}})
		wantErr(t, "an unknown recommendation", err, "not_found", 400)
	})
}

// Each faulty input names its field with a stable code.
func TestCommitmentInputChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := wfSetup(t, db)
		rec := f.recommendation(t, "r1", "BRA", "Reduce child mortality.")
		good := func() commitment.Input {
			return commitment.Input{RecommendationID: rec, Title: "Child mortality", StartsOn: "2025-01-01", DueOn: "2030-12-31", Owners: []commitment.Owner{{Country: "BRA"}}}
		}
		for _, c := range []struct {
			name, code, field string
			change            func(*commitment.Input)
		}{
			{"a date not a day", "invalid_date", "starts_on", func(in *commitment.Input) { in.StartsOn = "2025-02-30" }},
			{"due before start", "due_before_start", "due_on", func(in *commitment.Input) { in.DueOn = "2024-12-31" }},
			{"no owner", "owner_required", "owners", func(in *commitment.Input) { in.Owners = nil }},
			{"an owner outside the forum", "not_participant", "owners", func(in *commitment.Input) { in.Owners = []commitment.Owner{{Country: "USA"}} }},
			{"an owner twice", "duplicate_owner", "owners", func(in *commitment.Input) { in.Owners = []commitment.Owner{{Country: "BRA"}, {Country: "bra"}} }},
			{"no such SDG target", "unknown_target", "targets", func(in *commitment.Input) { in.Targets = []string{"3.2", "3.99"} }},
			{"no such concept", "unknown_concept", "concepts", func(in *commitment.Input) { in.Concepts = []string{"c.nowhere"} }},
			{"no such indicator", "unknown_indicator", "indicators", func(in *commitment.Input) {
				in.Indicators = []commitment.IndicatorLink{{Code: "XX.NONE", Country: "BRA", BaselineYear: 2015, Baseline: 1, TargetYear: 2030, Target: 2}}
			}},
			{"an indicator of a state not owner", "indicator_not_owner", "indicators", func(in *commitment.Input) {
				in.Indicators = []commitment.IndicatorLink{{Code: "SH.DYN.MORT", Country: "CHN", BaselineYear: 2015, Baseline: 1, TargetYear: 2030, Target: 2}}
			}},
			{"a target year before the baseline", "invalid_indicator_years", "indicators", func(in *commitment.Input) {
				in.Indicators = []commitment.IndicatorLink{{Code: "SH.DYN.MORT", Country: "BRA", BaselineYear: 2030, Baseline: 1, TargetYear: 2015, Target: 2}}
			}},
			{"a level statements have", "invalid_level", "level", func(in *commitment.Input) { in.Level = visibility.Delegation }},
			{"no title", "required", "title", func(in *commitment.Input) { in.Title = "  " }},
			{"a milestone without a day", "invalid_date", "milestones", func(in *commitment.Input) { in.Milestones = []commitment.Milestone{{Title: "x", DueOn: "soon"}} }},
		} {
			in := good()
			c.change(&in)
			_, err := f.svc.Create(wbg, f.admin, in)
			wantErr(t, c.name, err, c.code, 400)
			if err != nil && errsField(err) != c.field {
				t.Errorf("%s: field %q, want %q", c.name, errsField(err), c.field)
			}
		}
		if _, err := f.svc.Create(wbg, f.admin, good()); err != nil {
			t.Errorf("the good input: %v", err)
		}
	})
}

// The whole way of a report: filed by BRA's focal point, returned by
// BRA's validator with a note, corrected, published; commented by civil
// society once the forum allows it and the secretariat approves; every
// step in the history, the search outbox and the audit trail.
func TestReportWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := wfSetup(t, db)
		c, err := f.svc.FromParagraph(wbg, f.admin, f.op1.ID, commitment.Input{StartsOn: "2025-01-01", DueOn: "2030-12-31",
			Owners: []commitment.Owner{{Country: "BRA"}, {Country: "ARG"}}})
		wfMust(t, err)

		_, err = f.svc.FileReport(wbg, f.admin, c.ID, commitment.ReportInput{ReportedOn: "2025-12-31", Status: commitment.InProgress, Narrative: "x", Language: "en"})
		wantErr(t, "the secretariat files a report", err, "delegates_only", 403)
		_, err = f.svc.FileReport(wbg, f.bra, c.ID, commitment.ReportInput{ReportedOn: "2025-12-31", Status: "done", Narrative: "x", Language: "en"})
		wantErr(t, "an unknown status", err, "invalid_status", 400)

		r, err := f.svc.FileReport(wbg, f.bra, c.ID, commitment.ReportInput{ReportedOn: "2025-12-31", Status: commitment.InProgress,
			Narrative: "Forty clinics opened.", Language: "en", Evidence: []commitment.Evidence{
				{Kind: commitment.EvidenceLink, Title: "Ministry report", URL: "https://example.gov.br/report"},
				{Kind: commitment.EvidenceData, IndicatorCode: "SH.DYN.MORT", Year: 2024, Value: ptr(14.2)}}})
		wfMust(t, err)
		if r.State != commitment.ReportDraft || r.Country != "BRA" || r.AuthorID != f.bra.ID || len(r.Evidence) != 2 || *r.Evidence[1].Value != 14.2 {
			t.Fatalf("filed report %+v: want a draft of BRA by its author with two pieces of evidence", r)
		}
		// Another delegate of BRA may work on it; ARG's does not see it.
		if _, err := f.svc.UpdateReport(wbg, f.bra2, r.ID, commitment.ReportInput{ReportedOn: "2025-12-31", Status: commitment.InProgress,
			Narrative: "Forty-two clinics opened.", Language: "en"}); err != nil {
			t.Errorf("a second delegate of BRA edits the draft: %v", err)
		}
		_, err = f.svc.SubmitReport(wbg, f.arg, r.ID)
		wantErr(t, "ARG submits BRA's draft", err, "not_found", 404)
		_, err = f.svc.Validate(wbg, f.valBRA, r.ID, true, "")
		wantErr(t, "validating a draft", err, "not_found", 404) // a draft is its delegation's alone

		r, err = f.svc.SubmitReport(wbg, f.bra, r.ID)
		wfMust(t, err)
		if r.State != commitment.ReportSubmitted || r.SubmittedAt == nil {
			t.Fatalf("submitted report %+v", r)
		}
		_, err = f.svc.UpdateReport(wbg, f.bra, r.ID, commitment.ReportInput{ReportedOn: "2025-12-31", Status: commitment.Achieved, Narrative: "x", Language: "en"})
		wantErr(t, "editing a submitted report", err, "report_not_editable", 409)
		_, err = f.svc.Validate(wbg, f.valARG, r.ID, true, "")
		wantErr(t, "ARG's validator on BRA's report", err, "not_found", 404)
		_, err = f.svc.Validate(wbg, f.valNone, r.ID, true, "")
		wantErr(t, "a validator of no state", err, "validators_only", 403)
		_, err = f.svc.Validate(wbg, f.valBRA, r.ID, false, " ")
		wantErr(t, "returning without a note", err, "note_required", 400)
		queue, err := f.svc.AwaitingValidation(wbg, f.valBRA)
		wfMust(t, err)
		if len(queue) != 1 || queue[0].ID != r.ID || queue[0].CommitmentTitle != "Brasília Declaration, OP1" {
			t.Errorf("BRA's validation queue %+v, want the one report", queue)
		}
		if q, _ := f.svc.AwaitingValidation(wbg, f.valARG); len(q) != 0 {
			t.Errorf("ARG's validation queue has %d reports, want none", len(q))
		}

		r, err = f.svc.Validate(wbg, f.valBRA, r.ID, false, "Give the number of clinics by state.")
		wfMust(t, err)
		if r.State != commitment.ReportReturned || r.ReturnNote != "Give the number of clinics by state." || r.ValidatedBy != 0 {
			t.Fatalf("returned report %+v", r)
		}
		_, err = f.svc.Report(wbg, f.valBRA, r.ID)
		wantErr(t, "the validator reads a returned report", err, "not_found", 404)
		_, err = f.svc.UpdateReport(wbg, f.bra, r.ID, commitment.ReportInput{ReportedOn: "2025-12-31", Status: commitment.InProgress,
			Narrative: "Forty-two clinics opened: 30 in Amazonas, 12 in Pará.", Language: "en"})
		wfMust(t, err)
		_, err = f.svc.SubmitReport(wbg, f.bra, r.ID)
		wfMust(t, err)
		r, err = f.svc.Validate(wbg, f.valBRA, r.ID, true, "")
		wfMust(t, err)
		if r.State != commitment.ReportPublished || r.ValidatedBy != f.valBRA.ID || r.ValidatedAt == nil || r.PublishedAt == nil || r.ReturnNote != "" {
			t.Fatalf("published report %+v", r)
		}
		_, err = f.svc.Validate(wbg, f.valBRA, r.ID, true, "")
		wantErr(t, "validating twice", err, "report_not_submitted", 409)

		pub, err := f.svc.Report(wbg, nil, r.ID)
		wfMust(t, err)
		if pub.Narrative != "Forty-two clinics opened: 30 in Amazonas, 12 in Pará." || len(pub.Evidence) != 0 {
			t.Errorf("the public reads %+v", pub)
		}
		got, _ := f.svc.Get(wbg, nil, c.ID)
		if !reflect.DeepEqual(got.Latest, map[string]commitment.Status{"BRA": commitment.InProgress}) {
			t.Errorf("latest statuses %v, want BRA in progress", got.Latest)
		}

		// Civil society: closed until the forum opens it; pending until
		// the secretariat approves.
		_, err = f.svc.AddComment(wbg, f.obs, r.ID, "en", "Which states got no clinic?")
		wantErr(t, "a comment before the forum allows it", err, "comments_closed", 403)
		wfMust(t, f.svc.SetCommentsAllowed(wbg, f.admin, f.edition.ForumID, true))
		_, err = f.svc.AddComment(wbg, f.bra, r.ID, "en", "We agree.")
		wantErr(t, "a delegate comments", err, "observers_only", 403)
		cm, err := f.svc.AddComment(wbg, f.obs, r.ID, "en", "Which states got no clinic?")
		wfMust(t, err)
		if cm.State != commitment.CommentPending {
			t.Errorf("new comment %+v, want pending", cm)
		}
		for _, rd := range []struct {
			name string
			v    *accountUser
			want int
		}{{"the public", nil, 0}, {"its author", f.obs, 1}, {"a delegate", f.bra, 0}, {"the secretariat", f.admin, 1}} {
			list, err := f.svc.Comments(wbg, rd.v, r.ID)
			wfMust(t, err)
			if len(list) != rd.want {
				t.Errorf("%s reads %d comments before moderation, want %d", rd.name, len(list), rd.want)
			}
		}
		pending, err := f.svc.PendingComments(wbg, f.admin)
		wfMust(t, err)
		if len(pending) != 1 {
			t.Errorf("%d comments pending, want 1", len(pending))
		}
		_, err = f.svc.Moderate(wbg, f.chair, cm.ID, true)
		wantErr(t, "the chair moderates", err, "secretariat_only", 403)
		cm, err = f.svc.Moderate(wbg, f.admin, cm.ID, true)
		wfMust(t, err)
		if cm.State != commitment.CommentApproved || cm.ModeratedBy != f.admin.ID {
			t.Errorf("moderated comment %+v", cm)
		}
		if list, _ := f.svc.Comments(wbg, nil, r.ID); len(list) != 1 || list[0].Body != "Which states got no clinic?" {
			t.Errorf("the public reads comments %+v after approval", list)
		}
		_, err = f.svc.Moderate(wbg, f.admin, cm.ID, false)
		wantErr(t, "moderating twice", err, "comment_moderated", 409)

		// History: the public sees the report's way once published, not
		// why it was returned; BRA's delegation sees the note too.
		kinds := func(v *accountUser) []string {
			h, err := f.svc.History(wbg, v, c.ID)
			wfMust(t, err)
			var out []string
			for _, e := range h {
				s := e.Kind
				if e.Detail != "" {
					s += ":" + e.Detail
				}
				out = append(out, s)
			}
			return out
		}
		wantPublic := []string{"created", "report_drafted", "report_submitted", "report_returned", "report_submitted", "report_published", "comment_approved:" + itoa(cm.ID)}
		if got := kinds(nil); !reflect.DeepEqual(got, wantPublic) {
			t.Errorf("public history %v, want %v", got, wantPublic)
		}
		wantBRA := slices.Clone(wantPublic)
		wantBRA[3] = "report_returned:Give the number of clinics by state."
		if got := kinds(f.bra); !reflect.DeepEqual(got, wantBRA) {
			t.Errorf("BRA's history %v, want %v", got, wantBRA)
		}

		// Search learns of both documents; the audit trail of each step.
		docs := strings.Join(outboxDocs(t, db), " ")
		for _, id := range []string{"commitment:" + itoa(c.ID), "report:" + itoa(r.ID)} {
			if !strings.Contains(" "+docs+" ", " "+id+" ") {
				t.Errorf("search outbox %q lacks %s", docs, id)
			}
		}
		if n := countRows(t, db, "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'progress_report' AND entity_id = ?", itoa(r.ID)); n != 7 {
			// file, update (bra2), submit, return, update, submit, publish
			t.Errorf("%d audit entries for the report, want 7", n)
		}
	})
}

// A pledge in a statement: its edition, and by default its text, title
// and language; a statement the secretariat cannot find is refused. An
// update keeps the source and the milestones' ids, retags the new text
// and enters the history.
func TestCommitmentFromStatementAndUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := wfSetup(t, db)
		dels, err := f.dlg.Delegations(wbg, f.admin, f.edition.ID)
		wfMust(t, err)
		var bra int64
		for _, d := range dels {
			if d.Code == "BRA" {
				bra = d.ID
			}
		}
		st, err := f.dlg.SaveStatement(wbg, f.bra, dialogue.Statement{EditionID: f.edition.ID, DelegationID: bra, Language: "pt",
			Title: "Compromisso do Brasil", Body: "O Brasil se compromete a universalizar o saneamento até 2033.", Visibility: "public"})
		wfMust(t, err)
		_, err = f.svc.Create(wbg, f.admin, commitment.Input{StatementID: 777777, StartsOn: "2025-01-01", DueOn: "2033-12-31", Owners: []commitment.Owner{{Country: "BRA"}}})
		wantErr(t, "no such statement", err, "not_found", 400)
		c, err := f.svc.Create(wbg, f.admin, commitment.Input{StatementID: st.ID, StartsOn: "2025-01-01", DueOn: "2033-12-31",
			Owners:     []commitment.Owner{{Country: "BRA"}},
			Milestones: []commitment.Milestone{{Title: "Law passed", DueOn: "2026-12-31"}, {Title: "Half the homes", DueOn: "2029-12-31"}}})
		wfMust(t, err)
		if c.Source != commitment.SourceStatement || c.StatementID != st.ID || c.EditionID != f.edition.ID || c.Title != "Compromisso do Brasil" ||
			c.Language != "pt" || c.Text != st.Body || len(c.Concepts) != 0 {
			t.Fatalf("from a statement: %+v", c)
		}

		in := commitment.Input{Title: "Sanitation for all", Text: "Brazil undertakes universal sanitation and health services by 2033.", Language: "en",
			StartsOn: "2025-01-01", DueOn: "2033-12-31", Owners: []commitment.Owner{{Country: "BRA"}, {Country: "CHN", Institution: "Ministry of Water Resources"}},
			Milestones: []commitment.Milestone{{ID: c.Milestones[1].ID, Title: "Half the homes", DueOn: "2030-06-30"}, {Title: "All homes", DueOn: "2033-12-31"}}}
		_, err = f.svc.Update(wbg, f.bra, c.ID, in)
		wantErr(t, "a delegate updates", err, "secretariat_only", 403)
		u, err := f.svc.Update(wbg, f.admin, c.ID, in)
		wfMust(t, err)
		if u.Source != commitment.SourceStatement || u.StatementID != st.ID || u.Title != "Sanitation for all" || u.Language != "en" ||
			!reflect.DeepEqual(u.Concepts, []string{"c.health"}) || len(u.Owners) != 2 || u.Owners[1].Institution != "Ministry of Water Resources" {
			t.Errorf("updated: %+v", u)
		}
		want := []commitment.Milestone{{ID: c.Milestones[1].ID, Title: "Half the homes", DueOn: "2030-06-30"}, {ID: u.Milestones[1].ID, Title: "All homes", DueOn: "2033-12-31"}}
		if !reflect.DeepEqual(u.Milestones, want) || u.Milestones[1].ID == c.Milestones[0].ID {
			t.Errorf("milestones %+v, want %+v (the first removed, the second kept with its id, a new one)", u.Milestones, want)
		}
		in.Milestones = []commitment.Milestone{{ID: 999999, Title: "Forged", DueOn: "2030-01-01"}}
		_, err = f.svc.Update(wbg, f.admin, c.ID, in)
		wantErr(t, "a milestone of another commitment", err, "not_found", 400)
		h, err := f.svc.History(wbg, nil, c.ID)
		wfMust(t, err)
		if len(h) != 2 || h[0].Kind != commitment.EventCreated || h[1].Kind != commitment.EventUpdated || h[1].ActorID != f.admin.ID {
			t.Errorf("history %+v, want created then updated by the secretariat", h)
		}
	})
}
