package web_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/commitment"
	"roundtable/internal/dialogue"
	"roundtable/internal/evidence"
	"roundtable/internal/visibility"
)

// commitmentAccessMatrix: a commitment's pages, its progress reports, their
// validation and civil society's comments. Fixtures (commitmentVars), on
// the published edition {E}, from Brazil's public statement {stA}: {cmA} a
// public commitment of Brazil (A) and Argentina (C) — China (B) owns none;
// {cmDraft} one of Brazil's the secretariat is still preparing (level
// draft); {cmM} another public one with a milestone {msM}. Reports of
// Brazil on {cmA}: {repDraftA} a draft, {repSubA} waiting for validation,
// {repPubA} published; {cmNewDraftA}, {cmNewSubA} and {cmNewComment} (a pending
// comment on {repPubA}) are made afresh for each request that changes
// them. The forum lets civil society comment. The validator validates
// Brazil's reports.
var commitmentAccessMatrix = []accessRow{
	// route                                                path                                             body            anon obs dlgA dlgB chair val admin
	{"GET /commitments/new", "", "", "sign-in 403 403 403 403 403 ok"},
	{"GET /commitments/new", "/commitments/new?statement={stA}", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /commitments", "", cmForm + "&source=statement&statement_id={stA}", "sign-in 403 403 403 403 403 ok"},
	{"GET /commitments/{id}", "/commitments/{cmA}", "", "ok ok ok ok ok ok ok"},
	{"GET /commitments/{id}", "/commitments/{cmDraft}", "", "404 404 404 404 404 404 ok"},
	{"GET /commitments/{id}/edit", "/commitments/{cmA}/edit", "", "sign-in 403 403 403 403 403 ok"},
	{"GET /commitments/{id}/edit", "/commitments/{cmDraft}/edit", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /commitments/{id}", "/commitments/{cmA}", cmForm, "sign-in 403 403 403 403 403 ok"},
	{"POST /commitments/{id}/milestones/{milestone}", "/commitments/{cmM}/milestones/{msM}", "done_on=2025-06-01", "sign-in 403 403 403 403 403 ok"},

	// Only a delegate of an owner state files; the secretariat does not
	// (a report is the state's word); a commitment the delegate cannot
	// read is not found even to an owner.
	{"GET /commitments/{id}/reports/new", "/commitments/{cmA}/reports/new", "", "sign-in 403 ok 403 403 403 403"},
	{"GET /commitments/{id}/reports/new", "/commitments/{cmDraft}/reports/new", "", "sign-in 403 404 404 403 403 403"},
	{"POST /commitments/{id}/reports/new", "/commitments/{cmA}/reports/new", reportForm, "sign-in 403 ok 403 403 403 403"},
	{"POST /commitments/{id}/reports/new", "/commitments/{cmDraft}/reports/new", reportForm, "sign-in 403 404 404 403 403 403"},
	// Brazil's draft is Brazil's (and the secretariat's) alone.
	{"GET /reports/{id}/edit", "/reports/{repDraftA}/edit", "", "sign-in 403 ok 404 403 403 403"},
	{"GET /reports/{id}/edit", "/reports/{repPubA}/edit", "", "sign-in 403 ok 403 403 403 403"},
	{"POST /reports/{id}", "/reports/{repDraftA}", reportForm, "sign-in 403 ok 404 403 403 403"},
	{"POST /reports/{id}/submit", "/reports/{cmNewDraftA}/submit", "", "sign-in 403 ok 404 403 403 403"},
	{"GET /reports/validation", "", "", "sign-in 403 403 403 403 ok ok"},
	// Brazil's validator approves; the chair and the secretariat may not;
	// a draft is not the validator's to read.
	{"POST /reports/{id}/validate", "/reports/{cmNewSubA}/validate", "decision=approve", "sign-in 403 403 403 403 ok 403"},
	{"POST /reports/{id}/validate", "/reports/{repDraftA}/validate", "decision=approve", "sign-in 403 403 403 403 404 403"},
	{"POST /reports/{id}/comments", "/reports/{repPubA}/comments", "language=en&body=Schools+in+the+north+saw+no+change.", "sign-in ok 403 403 403 403 403"},
	{"POST /reports/{id}/comments", "/reports/{repSubA}/comments", "language=en&body=Too+early.", "sign-in 404 403 403 403 403 403"},
	{"GET /comments/moderation", "", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /comments/{id}/moderate", "/comments/{cmNewComment}/moderate", "decision=approve", "sign-in 403 403 403 403 403 ok"},
	{"POST /comments/settings", "", "forum_id={cmForum}&allowed=true", "sign-in 403 403 403 403 403 ok"},

	{"POST /api/v1/commitments", "", cmJSON, "401 403 403 403 403 403 ok"},
	{"GET /api/v1/commitments/{id}", "/api/v1/commitments/{cmA}", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/commitments/{id}", "/api/v1/commitments/{cmDraft}", "", "404 404 404 404 404 404 ok"},
	{"PATCH /api/v1/commitments/{id}", "/api/v1/commitments/{cmA}", `{"title": "Matrix commitment"}`, "401 403 403 403 403 403 ok"},
	{"GET /api/v1/commitments/{id}/progress", "/api/v1/commitments/{cmA}/progress", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/commitments/{id}/progress", "/api/v1/commitments/{cmDraft}/progress", "", "404 404 404 404 404 404 ok"},
	{"GET /api/v1/commitments/{id}/history", "/api/v1/commitments/{cmA}/history", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/commitments/{id}/history", "/api/v1/commitments/{cmDraft}/history", "", "404 404 404 404 404 404 ok"},
	{"GET /api/v1/commitments/{id}/reports", "/api/v1/commitments/{cmA}/reports", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/commitments/{id}/reports", "/api/v1/commitments/{cmDraft}/reports", "", "404 404 404 404 404 404 ok"},
	{"POST /api/v1/commitments/{id}/reports", "/api/v1/commitments/{cmA}/reports", reportJSON, "401 403 ok 403 403 403 403"},
	{"POST /api/v1/commitments/{id}/reports", "/api/v1/commitments/{cmDraft}/reports", reportJSON, "401 403 404 404 403 403 403"},
	{"GET /api/v1/reports/validation", "", "", "401 403 403 403 403 ok ok"},
	{"GET /api/v1/reports/{id}", "/api/v1/reports/{repDraftA}", "", "404 404 ok 404 404 404 ok"},
	{"GET /api/v1/reports/{id}", "/api/v1/reports/{repSubA}", "", "404 404 ok 404 404 ok ok"},
	{"GET /api/v1/reports/{id}", "/api/v1/reports/{repPubA}", "", "ok ok ok ok ok ok ok"},
	{"PATCH /api/v1/reports/{id}", "/api/v1/reports/{repDraftA}", `{"narrative": "Clinics opened in two states."}`, "401 403 ok 404 403 403 403"},
	{"POST /api/v1/reports/{id}/submit", "/api/v1/reports/{cmNewDraftA}/submit", "", "401 403 ok 404 403 403 403"},
	{"POST /api/v1/reports/{id}/validate", "/api/v1/reports/{cmNewSubA}/validate", `{"decision": "approve"}`, "401 403 403 403 403 ok 403"},
	{"POST /api/v1/reports/{id}/validate", "/api/v1/reports/{repDraftA}/validate", `{"decision": "approve"}`, "401 403 403 403 403 404 403"},
	{"GET /api/v1/reports/{id}/comments", "/api/v1/reports/{repPubA}/comments", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/reports/{id}/comments", "/api/v1/reports/{repDraftA}/comments", "", "404 404 ok 404 404 404 ok"},
	{"POST /api/v1/reports/{id}/comments", "/api/v1/reports/{repPubA}/comments", `{"language": "en", "body": "No change in the north."}`, "401 ok 403 403 403 403 403"},
	{"GET /api/v1/comments/pending", "", "", "401 403 403 403 403 403 ok"},
	{"POST /api/v1/comments/{id}/moderate", "/api/v1/comments/{cmNewComment}/moderate", `{"decision": "approve"}`, "401 403 403 403 403 403 ok"},
}

// Whole inputs, so that only the policy or an ownership check refuses
// them.
const (
	cmForm     = "title=Matrix+commitment&text=Reduce+child+mortality.&language=en&level=public&starts_on=2025-01-01&due_on=2027-12-31&report_every=12&owner_country=BRA&owner_institution=Ministry+of+Health&owner_country=ARG&owner_institution="
	cmJSON     = `{"statement_id": {stA}, "title": "Matrix commitment", "starts_on": "2025-01-01", "due_on": "2027-12-31", "owners": [{"country": "BRA"}]}`
	reportForm = "reported_on=2025-06-30&status=in_progress&language=en&narrative=Clinics+opened.&action=save"
	reportJSON = `{"reported_on": "2025-06-30", "status": "in_progress", "language": "en", "narrative": "Clinics opened."}`
)

func init() {
	areaMatrices = append(areaMatrices, commitmentAccessMatrix)
	areaVars = append(areaVars, commitmentVars)
}

// cmFixture is what commitmentVars made for one access fixture.
type cmFixture struct {
	svc   *commitment.Service
	pairs []string
	cmA   int64
	pubA  int64
}

// cmFixtures keeps each access fixture's commitments.
var cmFixtures sync.Map // *accessFixture → *cmFixture

// commitmentVars makes the fixtures once per access fixture, and the fresh
// reports and comments a row names.
func commitmentVars(t *testing.T, fx *accessFixture, who, text string) []string {
	t.Helper()
	names := []string{"{cm", "{repDraftA}", "{repSubA}", "{repPubA}", "{msM}"}
	if !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(text, n) }) {
		return nil
	}
	f := cmFixtureOf(t, fx)
	pairs := append([]string(nil), f.pairs...)
	ctx := context.Background()
	dlgA, obs := fx.users["delegate of A"], fx.users["observer"]
	if strings.Contains(text, "{cmNewDraftA}") || strings.Contains(text, "{cmNewSubA}") {
		r := f.report(t, &dlgA, f.cmA)
		pairs = append(pairs, "{cmNewDraftA}", fmt.Sprint(r.ID))
		if strings.Contains(text, "{cmNewSubA}") {
			if _, err := f.svc.SubmitReport(ctx, &dlgA, r.ID); err != nil {
				t.Fatal(err)
			}
			pairs = append(pairs, "{cmNewSubA}", fmt.Sprint(r.ID))
		}
	}
	if strings.Contains(text, "{cmNewComment}") {
		c, err := f.svc.AddComment(ctx, &obs, f.pubA, "en", fmt.Sprintf("Comment %d.", fx.s.counter()))
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, "{cmNewComment}", fmt.Sprint(c.ID))
	}
	return pairs
}

// cmFixtureOf makes (once) the commitments and reports of fx.
func cmFixtureOf(t *testing.T, fx *accessFixture) *cmFixture {
	t.Helper()
	if f, ok := cmFixtures.Load(fx); ok {
		return f.(*cmFixture)
	}
	ctx := context.Background()
	admin := &fx.admin
	dlg := &dialogue.Service{DB: fx.s.db}
	f := &cmFixture{svc: &commitment.Service{DB: fx.s.db, Dialogue: dlg, Outcome: fx.out, Evidence: evidence.New(fx.s.db)}}
	var stA, edition int64
	fmt.Sscan(fx.id(t, "{stA}"), &stA)
	fmt.Sscan(fx.id(t, "{E}"), &edition)
	e, err := dlg.Edition(ctx, admin, edition)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SetCommentsAllowed(ctx, admin, e.ForumID, true); err != nil {
		t.Fatal(err)
	}
	commit := func(name string, level visibility.Level, owners []commitment.Owner, ms []commitment.Milestone) commitment.Commitment {
		c, err := f.svc.Create(ctx, admin, commitment.Input{StatementID: stA, Title: "Matrix " + name, Level: level,
			StartsOn: "2025-01-01", DueOn: "2027-12-31", Owners: owners, Milestones: ms})
		if err != nil {
			t.Fatal(err)
		}
		f.pairs = append(f.pairs, "{"+name+"}", fmt.Sprint(c.ID))
		return c
	}
	both := []commitment.Owner{{Country: "BRA", Institution: "Ministry of Health"}, {Country: "ARG"}}
	f.cmA = commit("cmA", visibility.Public, both, nil).ID
	commit("cmDraft", visibility.Draft, []commitment.Owner{{Country: "BRA"}}, nil)
	m := commit("cmM", visibility.Public, both, []commitment.Milestone{{Title: "Clinics open", DueOn: "2026-01-31"}})
	f.pairs = append(f.pairs, "{msM}", fmt.Sprint(m.Milestones[0].ID), "{cmForum}", fmt.Sprint(e.ForumID))

	dlgA, val := fx.users["delegate of A"], fx.users["validator"]
	draft := f.report(t, &dlgA, f.cmA)
	sub := f.report(t, &dlgA, f.cmA)
	pub := f.report(t, &dlgA, f.cmA)
	for _, id := range []int64{sub.ID, pub.ID} {
		if _, err := f.svc.SubmitReport(ctx, &dlgA, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.Validate(ctx, &val, pub.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	f.pubA = pub.ID
	f.pairs = append(f.pairs, "{repDraftA}", fmt.Sprint(draft.ID), "{repSubA}", fmt.Sprint(sub.ID), "{repPubA}", fmt.Sprint(pub.ID))
	cmFixtures.Store(fx, f)
	return f
}

// report starts a draft report of u's state.
func (f *cmFixture) report(t *testing.T, u *account.User, commitmentID int64) commitment.Report {
	t.Helper()
	r, err := f.svc.FileReport(context.Background(), u, commitmentID, commitment.ReportInput{ReportedOn: "2025-06-30",
		Status: commitment.InProgress, Narrative: "Clinics opened in the north.", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
