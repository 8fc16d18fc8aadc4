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
// in drafting with paragraphs PP1, OP1 and OP2 and its zero draft issued;
// {OU} a document of the unpublished edition {U}, the same.
var outcomeAccessMatrix = []accessRow{}

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
