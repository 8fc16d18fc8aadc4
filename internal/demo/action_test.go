package demo_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/commitment"
	"roundtable/internal/demo"
	"roundtable/internal/evidence"
	"roundtable/internal/outcome"
	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/thesaurus"
)

// concepts is the shipped thesaurus as the services' tagger, as serve
// gives it to them through search.
type concepts struct{ t *thesaurus.Thesaurus }

func (c concepts) Tag(lang, text string) []string { return c.t.Tag(lang, text) }
func (c concepts) Known(id string) bool {
	_, ok := c.t.Concept(id)
	return ok
}

// actionDemo is the demo with its practical action loaded.
type actionDemo struct {
	demoSite
	action   demo.Action
	loaded   demo.ActionLoaded
	accounts *account.Service
}

func loadActionDemo(t *testing.T, db *store.DB) actionDemo {
	t.Helper()
	ctx := context.Background()
	site := loadDemo(t, db)
	accounts, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := thesaurus.Sync(ctx, db, shipped); err != nil {
		t.Fatal(err)
	}
	th, err := thesaurus.New(shipped)
	if err != nil {
		t.Fatal(err)
	}
	records := site.common.Dialogue
	joint := &outcome.Service{DB: db, Dialogue: records, Ground: site.common}
	data := evidence.New(db)
	a := demo.Action{
		Accounts:    accounts,
		Outcome:     joint,
		Commitments: &commitment.Service{DB: db, Dialogue: records, Outcome: joint, Evidence: data, Thesaurus: concepts{th}},
		Practices:   &practice.Service{DB: db, Dialogue: records, Evidence: data, Thesaurus: concepts{th}},
	}
	loaded, err := demo.LoadAction(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.AlreadyThere {
		t.Fatal("LoadAction on a fresh demo found its commitments already there")
	}
	return actionDemo{demoSite: site, action: a, loaded: loaded, accounts: accounts}
}

func (d actionDemo) user(t *testing.T, email string) *account.User {
	t.Helper()
	u, err := d.accounts.GetByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("%s: %v", email, err)
	}
	return &u
}

// TestActionDemoCommitment: the demo's commitment stands as
// data/demo/china-lac-2-action.json tells it — from OP1 of the adopted
// communiqué, owned by Bolivia and Cuba with their institutions, measured
// by under-five mortality from the shipped 2020 values — and the public
// reads Bolivia's validated report ("achieved") beside the data, which
// disagree: the latest value has not reached Bolivia's target.
func TestActionDemoCommitment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := loadActionDemo(t, db)
		doc, err := d.action.Outcome.Document(ctx, nil, d.loaded.Communique)
		if err != nil {
			t.Fatalf("the public cannot read the communiqué: %v", err)
		}
		if doc.Status != outcome.Adopted || doc.Kind != outcome.Communique {
			t.Errorf("communiqué %s %s, want an adopted communique", doc.Kind, doc.Status)
		}
		// The declaration stays in negotiation beside it.
		docs, err := d.action.Outcome.Documents(ctx, d.chair, d.editionID)
		if err != nil || len(docs) != 2 {
			t.Fatalf("the demo edition's documents: %d, %v; want the declaration and the communiqué", len(docs), err)
		}

		c, err := d.action.Commitments.Get(ctx, nil, d.loaded.Commitment)
		if err != nil {
			t.Fatalf("the public cannot read the commitment: %v", err)
		}
		op1, err := d.action.Outcome.Paragraph(ctx, d.chair, d.loaded.Communique, "OP1")
		if err != nil {
			t.Fatal(err)
		}
		if c.Source != commitment.SourceParagraph || c.ParagraphID != op1.ID || c.EditionID != d.editionID {
			t.Errorf("source %s paragraph %d edition %d; want OP1 (%d) of edition %d", c.Source, c.ParagraphID, c.EditionID, op1.ID, d.editionID)
		}
		wantOwners := []commitment.Owner{{Country: "BOL", Institution: "Ministerio de Salud y Deportes"}, {Country: "CUB", Institution: "Ministerio de Salud Pública"}}
		if !slices.Equal(c.Owners, wantOwners) {
			t.Errorf("owners %+v, want %+v", c.Owners, wantOwners)
		}
		if !slices.Contains(c.Concepts, "child-mortality") || !slices.Equal(c.Targets, []string{"3.2"}) {
			t.Errorf("concepts %v targets %v, want child-mortality among them and 3.2", c.Concepts, c.Targets)
		}
		if len(c.Milestones) != 3 || c.Milestones[0].DoneOn != "2026-03-27" || c.Milestones[1].DoneOn != "" {
			t.Errorf("milestones %+v, want three, the first done on 2026-03-27", c.Milestones)
		}
		// Bolivia's report is published; Cuba's is a draft, so Cuba has no
		// published status.
		if len(c.Latest) != 1 || c.Latest["BOL"] != commitment.Achieved {
			t.Errorf("latest published statuses %v, want Bolivia achieved alone", c.Latest)
		}

		progress, err := d.action.Commitments.DataProgress(ctx, nil, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		byCountry := map[string]commitment.Progress{}
		for _, p := range progress {
			byCountry[p.Country] = p
		}
		// Shipped WDI: Bolivia 19.3 (2020) → 15.7 (2024), its first-phase
		// target 15 in 2026 not reached yet; Cuba 7.2 (2020) → 8.6 (2024),
		// away from 5 in 2030.
		bol, cub := byCountry["BOL"], byCountry["CUB"]
		if bol.Value == nil || *bol.Value != 15.7 || bol.Year != 2024 || bol.Baseline != 19.3 || bol.Target != 15 || bol.TargetYear != 2026 {
			t.Errorf("Bolivia's progress %+v, want 15.7 in 2024 from 19.3 towards 15 in 2026", bol)
		}
		if bol.Reported != commitment.Achieved || bol.Verdict == commitment.VerdictAchieved || !bol.Disagrees {
			t.Errorf("Bolivia reported %q, verdict %s, disagrees %v; want achieved against data short of the target, disagreeing", bol.Reported, bol.Verdict, bol.Disagrees)
		}
		if cub.Value == nil || *cub.Value != 8.6 || cub.Year != 2024 || cub.Baseline != 7.2 || cub.Verdict != commitment.VerdictOffTrack {
			t.Errorf("Cuba's progress %+v, want 8.6 in 2024 from 7.2, off track", cub)
		}
		if cub.Disagrees || cub.Reported != "" {
			t.Errorf("Cuba reported %q, disagrees %v; its only report is a draft", cub.Reported, cub.Disagrees)
		}
	})
}

// TestActionDemoReports: the published report was filed by Bolivia's
// focal point and approved by the validator bound to Bolivia; Cuba's draft
// is read by Cuba's delegation and the secretariat, not by the public,
// another state or Bolivia's validator.
func TestActionDemoReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := loadActionDemo(t, db)
		validator := d.user(t, demo.ValidatorEmail)
		if validator.Delegation != "BOL" {
			t.Errorf("the demo validator is bound to %q, want BOL", validator.Delegation)
		}
		focal := d.user(t, demo.DelegateEmail("BOL"))
		if len(d.loaded.Reports) != 2 {
			t.Fatalf("reports loaded %v, want Bolivia's and Cuba's", d.loaded.Reports)
		}
		pub, err := d.action.Commitments.Report(ctx, nil, d.loaded.Reports[0])
		if err != nil {
			t.Fatalf("the public cannot read Bolivia's report: %v", err)
		}
		if pub.State != commitment.ReportPublished || pub.Country != "BOL" || pub.AuthorID != focal.ID || pub.ValidatedBy != validator.ID {
			t.Errorf("Bolivia's report %s of %s by %d validated by %d; want published, by %d, validated by %d",
				pub.State, pub.Country, pub.AuthorID, pub.ValidatedBy, focal.ID, validator.ID)
		}
		public, err := d.action.Commitments.Reports(ctx, nil, d.loaded.Commitment)
		if err != nil || len(public) != 1 {
			t.Errorf("the public lists %d reports (%v), want Bolivia's alone", len(public), err)
		}
		draft := d.loaded.Reports[1]
		for who, reads := range map[string]bool{demo.DelegateEmail("CUB"): true, demo.AdminEmail: true, demo.DelegateEmail("MEX"): false, demo.ValidatorEmail: false} {
			r, err := d.action.Commitments.Report(ctx, d.user(t, who), draft)
			if reads && (err != nil || r.State != commitment.ReportDraft) {
				t.Errorf("%s reads Cuba's draft: %s, %v; want the draft", who, r.State, err)
			}
			if !reads && err == nil {
				t.Errorf("%s read Cuba's draft", who)
			}
		}
		if _, err := d.action.Commitments.Report(ctx, nil, draft); err == nil {
			t.Error("the public read Cuba's draft")
		}
	})
}

// TestActionDemoPractice: China's practice is published, its contact kept
// from the public; Bolivia's request is answered by that practice, for the
// theme they share, and by Brazil's offer.
func TestActionDemoPractice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := loadActionDemo(t, db)
		p, err := d.action.Practices.Get(ctx, nil, d.loaded.Practice)
		if err != nil {
			t.Fatalf("the public cannot read the practice: %v", err)
		}
		if p.State != practice.Published || p.Country != "CHN" || p.Language != "zh" {
			t.Errorf("practice %s of %s in %s, want China's, published, written in Chinese", p.State, p.Country, p.Language)
		}
		if p.Contact != "" || !p.ContactHidden {
			t.Errorf("the public reads the contact %q (hidden %v)", p.Contact, p.ContactHidden)
		}
		if got := p.Languages(); !slices.Equal(got, []string{"zh", "en", "es"}) {
			t.Errorf("languages %v, want zh, en, es", got)
		}
		req, err := d.action.Practices.Ask(ctx, nil, d.loaded.Request)
		if err != nil || req.Country != "BOL" || req.Kind != practice.Request {
			t.Fatalf("the request %+v, %v; want Bolivia's", req, err)
		}
		admin := d.user(t, demo.AdminEmail)
		sugg, err := d.action.Practices.Suggest(ctx, admin, req.ID)
		if err != nil {
			t.Fatal(err)
		}
		var byPractice, byOffer *practice.Suggestion
		for i, s := range sugg {
			switch {
			case s.Kind == practice.SuggestPractice && s.PracticeID == p.ID:
				byPractice = &sugg[i]
			case s.Kind == practice.SuggestOffer && s.OfferID == d.loaded.Offer:
				byOffer = &sugg[i]
			}
		}
		if byPractice == nil || byOffer == nil {
			t.Fatalf("suggestions %+v; want China's practice and Brazil's offer among them", sugg)
		}
		if byPractice.Country != "CHN" || !hasReason(byPractice.Reasons, practice.ReasonSharedConcept, "child-mortality") ||
			!hasReason(byPractice.Reasons, practice.ReasonSharedConcept, "rural-development") {
			t.Errorf("China's practice suggested for %+v; want the shared themes child-mortality and rural-development", byPractice.Reasons)
		}
		if byOffer.Country != "BRA" || !hasReason(byOffer.Reasons, practice.ReasonSharedConcept, "child-mortality") {
			t.Errorf("Brazil's offer suggested for %+v; want the shared theme child-mortality", byOffer.Reasons)
		}
	})
}

func hasReason(rs []practice.Reason, code, concept string) bool {
	for _, r := range rs {
		if r.Code == code && r.Args["concept"] == concept {
			return true
		}
	}
	return false
}

// actionTables are the tables LoadAction writes to (and the audit trail).
var actionTables = []string{"users", "outcome_documents", "outcome_paragraphs", "commitments", "commitment_owners",
	"progress_reports", "practices", "practice_texts", "exchange_asks", "audit_log"}

// TestActionDemoTwice: a second start of serve --demo writes nothing.
func TestActionDemoTwice(t *testing.T) {
	db := storetest.SQLite(t)
	d := loadActionDemo(t, db)
	before := countTables(t, db, actionTables)
	again, err := demo.LoadAction(context.Background(), d.action)
	if err != nil {
		t.Fatal(err)
	}
	if !again.AlreadyThere {
		t.Error("the second LoadAction did not see the first one's commitment")
	}
	if after := countTables(t, db, actionTables); !maps.Equal(before, after) {
		t.Errorf("rows before %v, after a second LoadAction %v", before, after)
	}
}

func countTables(t *testing.T, db *store.DB, list []string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tb := range list {
		var n int
		if err := db.Reader().QueryRow(context.Background(), "SELECT count(*) FROM "+tb).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[tb] = n
	}
	return out
}
