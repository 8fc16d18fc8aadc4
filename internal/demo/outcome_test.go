package demo_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/ground"
	"roundtable/internal/outcome"
	"roundtable/internal/outcome/render"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// outcomeDemo is the demo with its outcome document, and who acts on it.
type outcomeDemo struct {
	demoSite
	svc       *outcome.Service
	doc       outcome.Document
	delegates map[string]*account.User
}

func loadOutcomeDemo(t *testing.T, db *store.DB) outcomeDemo {
	t.Helper()
	ctx := context.Background()
	site := loadDemo(t, db)
	o := outcomeDemo{demoSite: site, svc: &outcome.Service{DB: db, Dialogue: site.common.Dialogue, Ground: site.common}, delegates: map[string]*account.User{}}
	docs, err := o.svc.Documents(ctx, site.chair, site.editionID)
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents = %+v, %v", docs, err)
	}
	o.doc = docs[0]
	accounts, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"CHL", "CHN", "MEX"} {
		u, err := accounts.GetByEmail(ctx, "delegate."+strings.ToLower(code)+"@roundtable.example")
		if err != nil {
			t.Fatal(err)
		}
		o.delegates[code] = &u
	}
	return o
}

// TestOutcomeDemoIsADeclarationInNegotiation: the demo's declaration
// stands after Rev.1 as data/demo/china-lac-2-outcome.json tells it.
func TestOutcomeDemoIsADeclarationInNegotiation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := loadOutcomeDemo(t, db)
		ov, err := o.svc.Overview(ctx, o.chair, o.doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		var labels []string
		status := map[string]string{}
		objections := map[string][]string{}
		for _, p := range ov.Paragraphs {
			labels = append(labels, p.Label)
			status[p.Label] = p.Status
			if len(p.Objections) > 0 {
				objections[p.Label] = p.Objections
			}
		}
		want := []string{"PP1", "PP2", "PP3", "PP4", "PP5", "OP1", "OP2", "OP3", "OP4", "OP4bis", "OP5", "OP6", "OP7"}
		if !slices.Equal(labels, want) {
			t.Errorf("paragraphs %v, want %v", labels, want)
		}
		for label, st := range map[string]string{"PP1": "agreed", "OP3": "bracketed", "OP4bis": "agreed_ad_ref", "OP5": "proposed", "OP7": "proposed"} {
			if status[label] != st {
				t.Errorf("%s is %s, want %s", label, status[label], st)
			}
		}
		if !slices.Equal(objections["OP3"], []string{"CHL"}) || !slices.Equal(objections["OP5"], []string{"MEX"}) || len(objections) != 2 {
			t.Errorf("objections %v, want CHL on OP3 and MEX on OP5", objections)
		}
		if ov.PendingAmendments != 1 {
			t.Errorf("%d amendments wait for the chair, want 1 (Mexico's on OP5)", ov.PendingAmendments)
		}
		if len(ov.Revisions) != 2 || ov.Revisions[1].Label != "Rev.1" {
			t.Fatalf("revisions %+v, want the zero draft and Rev.1", ov.Revisions)
		}
		if ov.BracketedWords == 0 || ov.Revisions[1].BracketedWords == 0 {
			t.Errorf("no bracketed words: OP3 stands in brackets and OP5 has [shall/should]")
		}
		op2, err := o.svc.Paragraph(ctx, o.chair, o.doc.ID, "OP2")
		if err != nil {
			t.Fatal(err)
		}
		// Brazil's accepted amendment changed OP2 after its versions were
		// made; Chinese was redone on the new wording.
		if !op2.Texts["es"].Outdated || !op2.Texts["pt"].Outdated || op2.Texts["zh"].Outdated {
			t.Errorf("OP2 versions: %+v; want es and pt outdated, zh current", op2.Texts)
		}
		if !strings.Contains(op2.Text, "social protection") {
			t.Errorf("OP2 = %q, want Brazil's amendment in it", op2.Text)
		}
	})
}

// TestOutcomeDemoToAdoption walks the issue's closing scenario on the
// demo: the chair takes OP3 from bracketed to agreed, takes in Mexico's
// amendment, issues Rev.2 and puts it under silence; Chile breaks
// silence on OP3; at the deadline the chair gets the notice, rewords OP3,
// issues Rev.3 and records adoption by consensus; Chile's reservation is
// annexed; the adopted text's hash checks and its Akoma Ntoso validates.
func TestOutcomeDemoToAdoption(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := loadOutcomeDemo(t, db)
		chair, id := o.chair, o.doc.ID
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		pending, err := o.svc.Amendments(ctx, chair, id, outcome.AmendmentFilter{Status: "pending"})
		must(err)
		if len(pending) != 1 || pending[0].Delegation != "MEX" {
			t.Fatalf("pending amendments %+v, want Mexico's", pending)
		}
		_, err = o.svc.AcceptAmendment(ctx, chair, pending[0].ID, "")
		must(err)
		_, err = o.svc.SetStatus(ctx, chair, id, "OP3", outcome.StatusInput{Status: outcome.Agreed})
		must(err)
		rev2, err := o.svc.IssueRevision(ctx, chair, id, outcome.RevisionInput{})
		must(err)
		if rev2.Label != "Rev.2" || rev2.BracketedWords != 0 {
			t.Fatalf("%s with %d bracketed words, want a clean Rev.2", rev2.Label, rev2.BracketedWords)
		}
		deadline := time.Now().UTC().Add(73 * time.Hour).Truncate(time.Minute)
		_, err = o.svc.StartSilence(ctx, chair, id, outcome.SilenceInput{Deadline: deadline, TimeZone: "America/Sao_Paulo", Revision: rev2.Number})
		must(err)
		_, err = o.svc.BreakSilence(ctx, o.delegates["CHL"], id, outcome.BreakInput{Paragraphs: []string{"OP3"}, Reason: "Chile asks for wording built on objectivity and non-selectivity."})
		must(err)
		// Nobody is running at the deadline; the next start applies it.
		n, err := o.svc.RunDeadlines(ctx, deadline.Add(time.Hour))
		must(err)
		if n != 1 {
			t.Fatalf("%d deadlines ran, want 1", n)
		}
		report, err := o.svc.SilenceReport(ctx, chair, id)
		must(err)
		if len(report.Paragraphs) != 1 || report.Paragraphs[0].Label != "OP3" || report.Paragraphs[0].Objections[0].Delegation != "CHL" {
			t.Fatalf("the chair's notice %+v, want Chile's objection to OP3", report.Paragraphs)
		}
		op3, err := o.svc.Paragraph(ctx, chair, id, "OP3")
		must(err)
		_, err = o.svc.EditParagraph(ctx, chair, id, "OP3", outcome.EditInput{TextVersion: op3.TextVersion,
			Text: "Uphold the principles of universality, objectivity and non-selectivity, and oppose double standards in international cooperation on human rights;"})
		must(err)
		rev3, err := o.svc.IssueRevision(ctx, chair, id, outcome.RevisionInput{})
		must(err)
		adoption, err := o.svc.Adopt(ctx, chair, id, outcome.AdoptInput{Method: "consensus", Revision: rev3.Number})
		must(err)
		if !adoption.Adopted {
			t.Fatalf("adoption %+v, want adopted by consensus", adoption)
		}
		_, err = o.svc.AddToAnnex(ctx, o.delegates["CHL"], id, outcome.AnnexInput{Kind: "reservation", Paragraphs: []string{"OP3"}, Language: "es",
			Text: "Chile se suma al consenso y formula una reserva sobre la redacción del párrafo OP3."})
		must(err)
		annex, err := o.svc.Annex(ctx, o.observer, id)
		must(err)
		if len(annex) != 1 || annex[0].Kind != "reservation" {
			t.Fatalf("annex as the public reads it: %+v, want Chile's reservation", annex)
		}
		hash, ok, err := o.svc.VerifyAdoption(ctx, o.observer, id)
		must(err)
		if !ok || hash != rev3.Hash {
			t.Fatalf("hash %s verified %v, want Rev.3's %s verified", hash, ok, rev3.Hash)
		}
		// Any write to the adopted text is refused.
		if _, err := o.svc.EditParagraph(ctx, chair, id, "OP1", outcome.EditInput{Text: "Changed."}); err == nil {
			t.Error("the adopted text took an edit")
		}
		if _, err := o.svc.SetPosition(ctx, o.delegates["CHN"], id, "OP1", outcome.PositionInput{Stance: ground.Support, TextVersion: 1}); err == nil {
			t.Error("the adopted text took a position")
		}
		adopted, err := o.svc.Revision(ctx, o.observer, id, rev3.Number)
		must(err)
		// The public reads the adopted text, not the negotiation before it.
		revs, err := o.svc.Revisions(ctx, o.observer, id)
		must(err)
		if len(revs) != 1 || revs[0].Label != "Rev.3" {
			t.Errorf("the public lists %d revisions, want Rev.3 alone", len(revs))
		}
		if _, err := o.svc.Revision(ctx, o.observer, id, rev2.Number); err == nil {
			t.Error("the public read Rev.2 of the negotiation")
		}
		doc, err := o.svc.Document(ctx, o.observer, id)
		must(err)
		var akn bytes.Buffer
		must(render.AKN(&akn, outcome.RenderDocument(doc, adopted.Paragraphs)))
		validateAKN(t, akn.Bytes())
		back, err := render.ParseAKN(bytes.NewReader(akn.Bytes()))
		must(err)
		if render.Hash(back) != hash {
			t.Errorf("the Akoma Ntoso read back hashes to %s, want %s", render.Hash(back), hash)
		}
	})
}

// validateAKN checks b against the Akoma Ntoso 3.0 schema with xmllint,
// which CI installs.
func validateAKN(t *testing.T, b []byte) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint is missing; CI installs libxml2-utils")
		}
		t.Log("xmllint not installed (apt-get install libxml2-utils): Akoma Ntoso not validated")
		return
	}
	f := filepath.Join(t.TempDir(), "adopted.xml")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--schema", "../outcome/render/testdata/akn/akomantoso30.xsd", f).CombinedOutput()
	if err != nil {
		t.Fatalf("the adopted text does not validate: %v\n%s", err, out)
	}
}
