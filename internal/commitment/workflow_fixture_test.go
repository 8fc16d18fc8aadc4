package commitment_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/commitment"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/outcome"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
)

// wfThesaurus stands in for the thesaurus: it knows three concepts and
// tags a text with "health" in it as c.health.
type wfThesaurus struct{}

func (wfThesaurus) Tag(lang, text string) []string {
	if strings.Contains(strings.ToLower(text), "health") {
		return []string{"c.health"}
	}
	return nil
}

func (wfThesaurus) Known(id string) bool {
	return id == "c.health" || id == "c.education" || id == "c.water"
}

// wfFixture is a published edition of the roundtable (BRA, ARG, CHN
// accredited) whose declaration is adopted (PP1 preambular, OP1 and OP2
// operative), a second edition not yet published, and every kind of
// reader: the secretariat, the chair, a civil society observer, a
// delegate of BRA (two), of ARG and of CHN, the validators of BRA and ARG,
// and a validator bound to no state.
type wfFixture struct {
	db        *store.DB
	svc       *commitment.Service
	dlg       *dialogue.Service
	out       *outcome.Service
	ev        *evidence.Service
	edition   dialogue.Edition // published
	draftEd   dialogue.Edition // not published
	doc       outcome.Document // adopted
	pp1, op1  outcome.Paragraph
	op2       outcome.Paragraph
	openDoc   outcome.Document // not adopted
	openOP    outcome.Paragraph
	admin     *account.User
	chair     *account.User
	obs       *account.User
	bra, bra2 *account.User
	arg, chn  *account.User
	valBRA    *account.User
	valARG    *account.User
	valNone   *account.User
}

var wbg = context.Background()

func wfMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wfSetup(t *testing.T, db *store.DB) *wfFixture {
	t.Helper()
	set, err := refdata.Load()
	wfMust(t, err)
	_, err = country.Sync(wbg, db, set)
	wfMust(t, err)
	acc, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	wfMust(t, err)
	f := &wfFixture{db: db, dlg: &dialogue.Service{DB: db}, ev: evidence.New(db)}
	wfMust(t, f.ev.SyncCatalogue(wbg))
	f.out = &outcome.Service{DB: db, Dialogue: f.dlg}
	f.svc = &commitment.Service{DB: db, Dialogue: f.dlg, Outcome: f.out, Evidence: f.ev, Thesaurus: wfThesaurus{}}
	user := func(email string, r account.Role, del string) *account.User {
		u, err := acc.Create(wbg, audit.System("test"), account.NewUser{Email: email, DisplayName: email, Role: r, Delegation: del, Password: "long enough password"})
		wfMust(t, err)
		return &u
	}
	f.admin = user("sec@example.org", account.Administrator, "")
	f.chair = user("chair@example.org", account.Chair, "")
	f.obs = user("ngo@example.org", account.Observer, "")
	f.bra = user("bra@example.org", account.Delegate, "BRA")
	f.bra2 = user("bra2@example.org", account.Delegate, "BRA")
	f.arg = user("arg@example.org", account.Delegate, "ARG")
	f.chn = user("chn@example.org", account.Delegate, "CHN")
	f.valBRA = user("val-bra@example.org", account.Validator, "BRA")
	f.valARG = user("val-arg@example.org", account.Validator, "ARG")
	f.valNone = user("val@example.org", account.Validator, "")

	forum, err := f.dlg.CreateForum(wbg, f.admin, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable"}})
	wfMust(t, err)
	f.edition, err = f.dlg.CreateEdition(wbg, f.admin, dialogue.Edition{ForumID: forum.ID, Number: 2, Titles: dialogue.Texts{"en": "Second Roundtable"},
		StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en", "es", "pt", "zh"}})
	wfMust(t, err)
	for _, code := range []string{"BRA", "ARG", "CHN"} {
		d, err := f.dlg.AddDelegation(wbg, f.admin, dialogue.Delegation{EditionID: f.edition.ID, Kind: dialogue.KindCountry, Code: code})
		wfMust(t, err)
		wfMust(t, f.dlg.Accredit(wbg, f.admin, d.ID, true))
	}
	f.doc, err = f.out.CreateDocument(wbg, f.chair, f.edition.ID, outcome.DocumentInput{Kind: outcome.Declaration, Title: "Brasília Declaration", Language: "en"})
	wfMust(t, err)
	add := func(docID int64, kind, text string) outcome.Paragraph {
		p, err := f.out.AddParagraph(wbg, f.chair, docID, outcome.ParagraphInput{Kind: kind, Text: text})
		wfMust(t, err)
		return p
	}
	f.pp1 = add(f.doc.ID, outcome.Preambular, "Recalling the Universal Declaration of Human Rights,")
	f.op1 = add(f.doc.ID, outcome.Operative, "Undertake to reduce child mortality in remote areas by extending primary health care,")
	f.op2 = add(f.doc.ID, outcome.Operative, "Undertake to raise the share of women in parliament,")
	_, err = f.out.IssueRevision(wbg, f.chair, f.doc.ID, outcome.RevisionInput{})
	wfMust(t, err)
	a, err := f.out.Adopt(wbg, f.chair, f.doc.ID, outcome.AdoptInput{Method: outcome.MethodConsensus})
	wfMust(t, err)
	if !a.Adopted {
		t.Fatal("the declaration was not adopted")
	}
	f.openDoc, err = f.out.CreateDocument(wbg, f.chair, f.edition.ID, outcome.DocumentInput{Kind: outcome.Declaration, Title: "Joint Statement", Language: "en"})
	wfMust(t, err)
	f.openOP = add(f.openDoc.ID, outcome.Operative, "Undertake to meet again,")

	e := f.edition
	e.Published = true
	f.edition, err = f.dlg.UpdateEdition(wbg, f.admin, e)
	wfMust(t, err)
	f.draftEd, err = f.dlg.CreateEdition(wbg, f.admin, dialogue.Edition{ForumID: forum.ID, Number: 3, Titles: dialogue.Texts{"en": "Third Roundtable"},
		StartsOn: "2026-11-10", EndsOn: "2026-11-11", VenueCity: "Beijing", VenueCountry: "CHN", Host: "China", Languages: []string{"en", "zh"}})
	wfMust(t, err)
	return f
}

// recommendation stores a UN recommendation addressed to a state, as the
// importer of this package would.
func (f *wfFixture) recommendation(t *testing.T, ref, state, text string) int64 {
	t.Helper()
	var id int64
	wfMust(t, f.db.Write(wbg, func(tx *store.Tx) error {
		return tx.QueryRow(wbg, `INSERT INTO recommendations (source_ref, under_review, cycle, text, language, response, created_at)
			VALUES (?, ?, 3, ?, 'en', 'supported', ?) RETURNING id`, ref, state, text, store.Now()).Scan(&id)
	}))
	return id
}

// commit records a commitment through the secretariat.
func (f *wfFixture) commit(t *testing.T, in commitment.Input) commitment.Commitment {
	t.Helper()
	c, err := f.svc.Create(wbg, f.admin, in)
	wfMust(t, err)
	return c
}

// publish takes a report of u's state from draft to published through
// its validator.
func (f *wfFixture) publish(t *testing.T, u, validator *account.User, commitmentID int64, on string, st commitment.Status) commitment.Report {
	t.Helper()
	r, err := f.svc.FileReport(wbg, u, commitmentID, commitment.ReportInput{ReportedOn: on, Status: st, Narrative: "What was done by " + on + ".", Language: "en"})
	wfMust(t, err)
	_, err = f.svc.SubmitReport(wbg, u, r.ID)
	wfMust(t, err)
	r, err = f.svc.Validate(wbg, validator, r.ID, true, "")
	wfMust(t, err)
	return r
}

// wantErr checks err is the user-facing error code with the status.
func wantErr(t *testing.T, what string, err error, code string, status int) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want %s (%d)", what, code, status)
		return
	}
	e := errs.As(err)
	if e.Code != code || e.Kind.Status() != status {
		t.Errorf("%s: got %s (%d), want %s (%d)", what, err, e.Kind.Status(), code, status)
	}
}

type accountUser = account.User

func ptr(x float64) *float64 { return &x }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func errsField(err error) string { return errs.As(err).Field }

// outboxDocs lists the search documents announced, in order.
func outboxDocs(t *testing.T, db *store.DB) []string {
	t.Helper()
	list, err := store.QueryAll(wbg, db.Reader(), store.ScanString, "SELECT doc_id FROM search_outbox ORDER BY seq")
	wfMust(t, err)
	return list
}

func countRows(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	wfMust(t, db.Reader().QueryRow(wbg, query, args...).Scan(&n))
	return n
}
