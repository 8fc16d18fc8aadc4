package web_test

import (
	"context"
	"fmt"
	"testing"

	"roundtable/internal/outcome"
)

// outcomeFlowAccessMatrix holds the access matrix's rows for the pages of
// amendments, positions, silence and adoption (see accessMatrix for what
// the columns mean).
//
// Fixtures (outcomeFlowFixture), all in the published edition {E}: {OF} a
// declaration in drafting with PP1, OP1 and OP2 and its zero draft issued,
// with {amA}, Brazil's pending new wording of OP2, and {amB}, China's of
// OP1; {OA} a declaration adopted by consensus, which everyone reads but
// whose negotiation stays in the room.
//
// The rows run in order and change {OF}: the chair accepts {amA} (so the
// rejection and the withdrawal after it are refused as not pending, 409,
// which is still "ok" for those who pass the checks), folds {amB} into a
// compromise, starts a silence that delegations then break and the chair
// ends. Only the proposer's delegation withdraws an amendment: the chair
// and the secretariat get 403 for Brazil's. Positions, comments, breaks
// and the annex are a delegation's own acts: the chair and the
// secretariat are refused them.
var outcomeFlowAccessMatrix = []accessRow{
	// route                                              path                                   body                                                          anon     obs dlgA dlgB chair val admin
	{"GET /outcomes/{id}/amendments", "/outcomes/{OF}/amendments", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/amendments", "/outcomes/{OU}/amendments", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/amendments", "/outcomes/{OA}/amendments", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/amendments/new", "/outcomes/{OF}/amendments/new?paragraph=OP1", "", "sign-in 403 ok ok ok 403 ok"},
	{"POST /outcomes/{id}/amendments", "/outcomes/{OF}/amendments", "kind=replace&paragraph=OP1&text=Agree+to+cooperate+closely.", "sign-in 403 ok ok ok 403 ok"},
	{"GET /amendments/{id}", "/amendments/{amA}", "", "404 404 ok ok ok 404 ok"},
	{"POST /amendments/{id}/accept", "/amendments/{amA}/accept", "note=Agreed.", "sign-in 403 403 403 ok 403 ok"},
	{"POST /amendments/{id}/reject", "/amendments/{amA}/reject", "confirm=yes&note=No.", "sign-in 403 403 403 ok 403 ok"},
	{"POST /amendments/{id}/withdraw", "/amendments/{amA}/withdraw", "confirm=yes", "sign-in 403 ok 403 403 403 403"},
	{"POST /outcomes/{id}/compromise", "/outcomes/{OF}/compromise", "folds={amB}&paragraph=OP1&text=Agree+to+cooperate+on+development.", "sign-in 403 403 403 ok 403 ok"},

	{"GET /outcomes/{id}/paragraphs/{label}", "/outcomes/{OF}/paragraphs/OP1", "", "404 404 ok ok ok 404 ok"},
	// The adopted text is everyone's; its positions and comments are not
	// shown outside the room.
	{"GET /outcomes/{id}/paragraphs/{label}", "/outcomes/{OA}/paragraphs/OP1", "", "ok ok ok ok ok ok ok"},
	{"POST /outcomes/{id}/paragraphs/{label}/position", "/outcomes/{OF}/paragraphs/PP1/position", "stance=support&text_version=1", "sign-in 403 ok ok 403 403 403"},
	{"POST /outcomes/{id}/paragraphs/{label}/comments", "/outcomes/{OF}/paragraphs/PP1/comments", "text=We+welcome+this.", "sign-in 403 ok ok 403 403 403"},

	{"GET /outcomes/{id}/silence", "/outcomes/{OF}/silence", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/silence", "/outcomes/{OA}/silence", "", "404 404 ok ok ok 404 ok"},
	{"POST /outcomes/{id}/silence", "/outcomes/{OF}/silence", "date=2099-01-15&time=12:00&time_zone=America/Sao_Paulo", "sign-in 403 403 403 ok 403 ok"},
	{"POST /outcomes/{id}/silence/break", "/outcomes/{OF}/silence/break", "paragraphs=OP1&reason=Not+yet.", "sign-in 403 ok ok 403 403 403"},
	{"POST /outcomes/{id}/silence/end", "/outcomes/{OF}/silence/end", "confirm=yes", "sign-in 403 403 403 ok 403 ok"},

	{"GET /outcomes/{id}/adoption", "/outcomes/{OF}/adoption", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/adoption", "/outcomes/{OA}/adoption", "", "ok ok ok ok ok ok ok"},
	{"POST /outcomes/{id}/adoption", "/outcomes/{OF}/adoption", "method=consensus", "sign-in 403 403 403 ok 403 ok"},
	{"POST /outcomes/{id}/annex", "/outcomes/{OF}/annex", "kind=explanation_before&language=en&text=Our+position.", "sign-in 403 ok ok 403 403 403"},
	{"POST /outcomes/{id}/annex", "/outcomes/{OA}/annex", "kind=explanation_after&language=en&text=Our+position.", "sign-in 403 ok ok 403 403 403"},
}

// outcomeFlowFixture adds the documents and amendments the flow's rows
// name (outcomeFixture calls it, with the service it made).
func (fx *accessFixture) outcomeFlowFixture(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	admin := &fx.admin
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"OF", "OA"} {
		d, err := fx.out.CreateDocument(ctx, admin, fx.edition, outcome.DocumentInput{Kind: outcome.Declaration, Title: "Matrix Declaration " + name, Language: "en"})
		must(err)
		for _, p := range []outcome.ParagraphInput{
			{Kind: outcome.Preambular, Text: "Recalling the Universal Declaration of Human Rights,"},
			{Kind: outcome.Operative, Text: "Agree to cooperate on the right to development;"},
			{Kind: outcome.Operative, Text: "Decide to meet again."},
		} {
			_, err := fx.out.AddParagraph(ctx, admin, d.ID, p)
			must(err)
		}
		_, err = fx.out.IssueRevision(ctx, admin, d.ID, outcome.RevisionInput{})
		must(err)
		fx.ids = append(fx.ids, "{"+name+"}", fmt.Sprint(d.ID))
		if name == "OA" {
			_, err := fx.out.Adopt(ctx, admin, d.ID, outcome.AdoptInput{Method: outcome.MethodConsensus})
			must(err)
			continue
		}
		for _, a := range []struct{ name, who, label, text string }{
			{"amA", "delegate of A", "OP2", "Decide to meet again in 2026."},
			{"amB", "delegate of B", "OP1", "Agree to cooperate closely on the right to development;"},
		} {
			u := fx.users[a.who]
			am, err := fx.out.ProposeAmendment(ctx, &u, d.ID, outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: a.label, Text: a.text})
			must(err)
			fx.ids = append(fx.ids, "{"+a.name+"}", fmt.Sprint(am.ID))
		}
	}
}
