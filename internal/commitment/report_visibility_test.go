package commitment_test

import (
	"strings"
	"testing"

	"roundtable/internal/commitment"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/visibility"
)

// Who reads a report of BRA, in each state, on a commitment of BRA and
// ARG: written out by hand from the rule (a draft or returned report is
// its delegation's; a submitted one also its validator's; a published one
// is read as its commitment is), one row per case and one mark per
// reader: x reads it, . does not.
//
// Readers: anonymous, observer, validator of BRA, validator of ARG,
// chair, delegate of BRA, delegate of ARG, secretariat.
var reportReads = []struct{ commitment, state, marks string }{
	// A public commitment of the published edition.
	{"public", "draft", ". . . . . x . x"},
	{"public", "submitted", ". . x . . x . x"},
	{"public", "returned", ". . . . . x . x"},
	{"public", "published", "x x x x x x x x"},
	// Kept to the room: the validator of BRA still reads what waits for
	// them; once published, the room reads it.
	{"participants", "draft", ". . . . . x . x"},
	{"participants", "submitted", ". . x . . x . x"},
	{"participants", "published", ". . . . x x x x"},
	// Public, of an edition not yet published: the room reads it, the
	// public not yet.
	{"unpublished", "submitted", ". . x . . x . x"},
	{"unpublished", "published", ". . . . x x x x"},
}

func TestReportVisibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := wfSetup(t, db)
		readers := []struct {
			name string
			v    *accountUser
		}{{"anonymous", nil}, {"observer", f.obs}, {"validator of BRA", f.valBRA}, {"validator of ARG", f.valARG},
			{"chair", f.chair}, {"delegate of BRA", f.bra}, {"delegate of ARG", f.arg}, {"secretariat", f.admin}}
		owners := []commitment.Owner{{Country: "BRA"}, {Country: "ARG"}}
		rec := f.recommendation(t, "r1", "BRA", "Reduce child mortality.")
		commitments := map[string]int64{
			"public":       f.commit(t, commitment.Input{ParagraphID: f.op1.ID, StartsOn: "2025-01-01", DueOn: "2030-12-31", Owners: owners}).ID,
			"participants": f.commit(t, commitment.Input{ParagraphID: f.op2.ID, Level: visibility.Participants, StartsOn: "2025-01-01", DueOn: "2030-12-31", Owners: owners}).ID,
			"unpublished": f.commit(t, commitment.Input{RecommendationID: rec, EditionID: f.draftEd.ID, Title: "Child mortality", StartsOn: "2025-01-01",
				DueOn: "2030-12-31", Owners: owners}).ID,
		}
		report := func(cid int64, state string) int64 {
			r, err := f.svc.FileReport(wbg, f.bra, cid, commitment.ReportInput{ReportedOn: "2025-12-31", Status: commitment.InProgress, Narrative: state, Language: "en"})
			wfMust(t, err)
			if state == "draft" {
				return r.ID
			}
			_, err = f.svc.SubmitReport(wbg, f.bra, r.ID)
			wfMust(t, err)
			switch state {
			case "returned":
				_, err = f.svc.Validate(wbg, f.valBRA, r.ID, false, "More detail.")
			case "published":
				_, err = f.svc.Validate(wbg, f.valBRA, r.ID, true, "")
			}
			wfMust(t, err)
			return r.ID
		}
		for _, row := range reportReads {
			id := report(commitments[row.commitment], row.state)
			marks := strings.Fields(row.marks)
			for i, rd := range readers {
				_, err := f.svc.Report(wbg, rd.v, id)
				if got, want := err == nil, marks[i] == "x"; got != want {
					t.Errorf("%s reading a %s report on a %s commitment: reads %v, want %v (%v)", rd.name, row.state, row.commitment, got, want, err)
				} else if err != nil && !errs.Is(err, errs.NotFound) {
					t.Errorf("%s reading a %s report on a %s commitment: %v, want not found", rd.name, row.state, row.commitment, err)
				}
				// The list of the commitment's reports agrees, for those
				// who read the commitment itself.
				if _, err := f.svc.Get(wbg, rd.v, commitments[row.commitment]); err == nil {
					list, err := f.svc.Reports(wbg, rd.v, commitments[row.commitment])
					wfMust(t, err)
					listed := false
					for _, r := range list {
						listed = listed || r.ID == id
					}
					if listed != (marks[i] == "x") {
						t.Errorf("%s listing the reports of a %s commitment: the %s report listed %v, want %v", rd.name, row.commitment, row.state, listed, marks[i] == "x")
					}
				}
			}
		}
	})
}

// A report on a commitment of another state is forbidden where the
// commitment is readable (403) and not found where it is not (404), as
// is anything of a report the user may not read.
func TestReportOnAnotherStatesCommitment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := wfSetup(t, db)
		rec := f.recommendation(t, "r1", "BRA", "Reduce child mortality.")
		in := func(level visibility.Level) commitment.Input {
			return commitment.Input{RecommendationID: rec, Title: "Child mortality", Level: level, StartsOn: "2025-01-01", DueOn: "2030-12-31",
				Owners: []commitment.Owner{{Country: "BRA"}}}
		}
		open := f.commit(t, in(visibility.Public))
		room := f.commit(t, in(visibility.Participants))
		draft := f.commit(t, in(visibility.Draft))
		report := commitment.ReportInput{ReportedOn: "2025-12-31", Status: commitment.InProgress, Narrative: "Done.", Language: "en"}

		_, err := f.svc.FileReport(wbg, f.arg, open.ID, report)
		wantErr(t, "ARG on BRA's public commitment", err, "not_your_commitment", 403)
		_, err = f.svc.FileReport(wbg, f.arg, room.ID, report)
		wantErr(t, "ARG on BRA's commitment kept to the room", err, "not_your_commitment", 403)
		_, err = f.svc.FileReport(wbg, f.arg, draft.ID, report)
		wantErr(t, "ARG on a commitment the secretariat still drafts", err, "not_found", 404)
		_, err = f.svc.FileReport(wbg, f.bra, draft.ID, report)
		wantErr(t, "BRA on a commitment the secretariat still drafts", err, "not_found", 404)
		_, err = f.svc.FileReport(wbg, f.arg, 987654, report)
		wantErr(t, "ARG on no commitment", err, "not_found", 404)
		bad := report
		bad.Country = "ARG"
		_, err = f.svc.FileReport(wbg, f.bra, open.ID, bad)
		wantErr(t, "BRA files in ARG's name", err, "not_your_state", 403)

		draftReport, err := f.svc.FileReport(wbg, f.bra, open.ID, report)
		wfMust(t, err)
		_, err = f.svc.UpdateReport(wbg, f.arg, draftReport.ID, report)
		wantErr(t, "ARG edits BRA's draft", err, "not_found", 404)
		published := f.publish(t, f.bra, f.valBRA, open.ID, "2025-06-30", commitment.InProgress)
		_, err = f.svc.SubmitReport(wbg, f.arg, published.ID)
		wantErr(t, "ARG submits BRA's published report", err, "not_your_state", 403)
		_, err = f.svc.Validate(wbg, f.valARG, published.ID, true, "")
		wantErr(t, "ARG's validator on BRA's published report", err, "not_your_state", 403)
		_, err = f.svc.SubmitReport(wbg, f.bra, published.ID)
		wantErr(t, "submitting a published report", err, "report_not_editable", 409)
	})
}
