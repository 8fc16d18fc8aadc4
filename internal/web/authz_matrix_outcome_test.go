package web_test

import (
	"context"
	"fmt"
	"testing"

	"roundtable/internal/dialogue"
	"roundtable/internal/outcome"
)

// outcomeAccessMatrix holds the access matrix's rows for the joint
// outcome's pages and downloads, outcomeAPIAccessMatrix (in its own file)
// those of its API (see accessMatrix for what the columns mean).
//
// Fixtures (outcomeFixture): {O} a document of the published edition {E}
// in drafting with paragraphs PP1, OP1, OP2 and OP3 and its zero draft
// issued; {OU} a document of the unpublished edition {U}, the same. OP3 is
// there to be deleted (the last page row), so no other row loses a
// paragraph it names.
//
// A document in negotiation is read in the room only: the public, an
// observer and a validator get 404 for it (a document adopted is read by
// everyone; see TestOutcomeReadersOutsideTheRoom). Only the chair and the
// secretariat write the text; a write that passes the checks but is
// refused by the text's state (409 text_changed for the second writer) is
// still "ok".
var outcomeAccessMatrix = []accessRow{
	// route                                                      path                                          body                                                   anon obs dlgA dlgB chair val admin
	{"GET /editions/{id}/outcomes", "/editions/{E}/outcomes", "", "ok ok ok ok ok ok ok"},
	{"GET /editions/{id}/outcomes", "/editions/{U}/outcomes", "", "404 404 ok ok ok 404 ok"},
	{"POST /editions/{id}/outcomes", "/editions/{E}/outcomes", "kind=declaration&title=Matrix+Communique&language=en", "sign-in 403 403 403 ok 403 ok"},
	{"POST /editions/{id}/outcome-rules", "/editions/{E}/outcome-rules", "silence_min_hours=72&adoption=consensus", "sign-in 403 403 403 403 403 ok"},
	{"GET /outcomes/{id}", "/outcomes/{O}", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}", "/outcomes/{OU}", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/events", "/outcomes/{O}/events", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/revisions/{n}", "/outcomes/{O}/revisions/0", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/revisions/{n}", "/outcomes/{OU}/revisions/latest", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/diff", "/outcomes/{O}/diff?from=0&to=0", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/languages", "/outcomes/{O}/languages?a=en&b=es", "", "404 404 ok ok ok 404 ok"},
	{"POST /outcomes/{id}/settings", "/outcomes/{O}/settings", "title=Matrix+Declaration&kind=declaration", "sign-in 403 403 403 ok 403 ok"},
	{"POST /outcomes/{id}/settings", "/outcomes/{OU}/settings", "title=Matrix+Declaration&kind=declaration", "sign-in 403 403 403 ok 403 ok"},
	{"POST /outcomes/{id}/revisions", "/outcomes/{O}/revisions", "kind=written", "sign-in 403 403 403 ok 403 ok"},
	// The zero draft is issued: starting it from common ground is refused
	// (409) to those who pass the checks.
	{"POST /outcomes/{id}/zero-draft", "/outcomes/{O}/zero-draft", "proposition={prop}", "sign-in 403 403 403 ok 403 ok"},
	{"POST /outcomes/{id}/paragraphs", "/outcomes/{O}/paragraphs", "where=end&kind=operative&text=Decide+to+meet+in+2026.", "sign-in 403 403 403 ok 403 ok"},
	{"POST /outcomes/{id}/paragraphs/{label}", "/outcomes/{O}/paragraphs/OP2", "text=Decide+to+meet+again+soon.&text_version=1", "sign-in 403 403 403 ok 403 ok"},
	{"POST /outcomes/{id}/paragraphs/{label}/status", "/outcomes/{O}/paragraphs/OP1/status", "status=bracketed&reason=contentious", "sign-in 403 403 403 ok 403 ok"},
	{"POST /outcomes/{id}/paragraphs/{label}/package", "/outcomes/{O}/paragraphs/OP1/package", "linked=OP2", "sign-in 403 403 403 ok 403 ok"},
	{"POST /outcomes/{id}/paragraphs/{label}/translations/{lang}", "/outcomes/{O}/paragraphs/OP1/translations/es", "text=Acordar+cooperar.&status=draft", "sign-in 403 403 403 ok 403 ok"},
	{"POST /outcomes/{id}/paragraphs/{label}/delete", "/outcomes/{O}/paragraphs/OP3/delete", "confirm=yes", "sign-in 403 403 403 ok 403 ok"},
}

// outcomeFixture adds to the matrix's site the outcome documents the rows
// name.
func (fx *accessFixture) outcomeFixture(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	admin := &fx.admin
	dlg := &dialogue.Service{DB: fx.s.db}
	fx.out = &outcome.Service{DB: fx.s.db, Dialogue: dlg, Ground: fx.gnd}
	for _, ed := range []struct{ doc, edition string }{{"O", "{E}"}, {"OU", "{U}"}} {
		var editionID int64
		fmt.Sscan(fx.id(t, ed.edition), &editionID)
		d, err := fx.out.CreateDocument(ctx, admin, editionID, outcome.DocumentInput{Kind: outcome.Declaration, Title: "Matrix Declaration", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []outcome.ParagraphInput{
			{Kind: outcome.Preambular, Text: "Recalling the Universal Declaration of Human Rights,"},
			{Kind: outcome.Operative, Text: "Agree to cooperate on the right to development;"},
			{Kind: outcome.Operative, Text: "Decide to meet again."},
			{Kind: outcome.Operative, Text: "Request the secretariat to report."},
		} {
			if _, err := fx.out.AddParagraph(ctx, admin, d.ID, p); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := fx.out.IssueRevision(ctx, admin, d.ID, outcome.RevisionInput{}); err != nil {
			t.Fatal(err)
		}
		fx.ids = append(fx.ids, "{"+ed.doc+"}", fmt.Sprint(d.ID))
	}
	fx.outcomeFlowFixture(t)
}

// id is the value a placeholder of the fixture stands for.
func (fx *accessFixture) id(t *testing.T, name string) string {
	t.Helper()
	for i := 0; i+1 < len(fx.ids); i += 2 {
		if fx.ids[i] == name {
			return fx.ids[i+1]
		}
	}
	t.Fatalf("the fixture has no %s", name)
	return ""
}
