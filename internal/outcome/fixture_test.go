package outcome_test

import (
	"context"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outcome"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// fixture is one edition of the China–LAC roundtable with an accredited
// delegation and a delegate account for each code given, the secretariat,
// a chair and an observer, and the outcome service on that database.
// Every test of the package starts from it.
type fixture struct {
	db      *store.DB
	dlg     *dialogue.Service
	svc     *outcome.Service
	acc     *account.Service
	admin   *account.User // the secretariat
	chair   *account.User
	obs     *account.User
	forum   dialogue.Forum
	edition dialogue.Edition
	del     map[string]dialogue.Delegation
	// delegate is one delegate account per delegation code.
	delegate map[string]*account.User
}

var bg = context.Background()

func setup(t *testing.T, db *store.DB, codes ...string) *fixture {
	t.Helper()
	set, err := refdata.Load()
	must(t, err)
	_, err = country.Sync(bg, db, set)
	must(t, err)
	acc, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	must(t, err)
	dlg := &dialogue.Service{DB: db}
	f := &fixture{db: db, dlg: dlg, svc: &outcome.Service{DB: db, Dialogue: dlg}, acc: acc,
		del: map[string]dialogue.Delegation{}, delegate: map[string]*account.User{}}
	f.admin = f.user(t, "secretariat@example.org", account.Administrator, "")
	f.chair = f.user(t, "chair@example.org", account.Chair, "")
	f.obs = f.user(t, "observer@example.org", account.Observer, "")
	f.forum, err = dlg.CreateForum(bg, f.admin, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable on Human Rights"}})
	must(t, err)
	f.edition, err = dlg.CreateEdition(bg, f.admin, dialogue.Edition{ForumID: f.forum.ID, Number: 2, Titles: dialogue.Texts{"en": "Second Roundtable"},
		StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Government of Brazil", Languages: []string{"en", "zh", "es", "pt"}})
	must(t, err)
	for _, code := range codes {
		f.delegation(t, code, true)
	}
	return f
}

// delegation adds a country delegation to the edition, accredited or not,
// with a delegate account (code in lower case @example.org).
func (f *fixture) delegation(t *testing.T, code string, accredited bool) dialogue.Delegation {
	t.Helper()
	d, err := f.dlg.AddDelegation(bg, f.admin, dialogue.Delegation{EditionID: f.edition.ID, Kind: dialogue.KindCountry, Code: code})
	must(t, err)
	if accredited {
		must(t, f.dlg.Accredit(bg, f.admin, d.ID, true))
		d.Accredited = true
	}
	f.del[code] = d
	f.delegate[code] = f.user(t, strings.ToLower(code)+"@example.org", account.Delegate, code)
	return d
}

func (f *fixture) user(t *testing.T, email string, r account.Role, delegation string) *account.User {
	t.Helper()
	u, err := f.acc.Create(bg, audit.System("test"), account.NewUser{Email: email, DisplayName: email, Role: r, Delegation: delegation, Password: "long enough password"})
	must(t, err)
	return &u
}

// publishEdition opens the edition to the public.
func (f *fixture) publishEdition(t *testing.T) {
	t.Helper()
	e := f.edition
	e.Published = true
	var err error
	f.edition, err = f.dlg.UpdateEdition(bg, f.admin, e)
	must(t, err)
}

// document opens a declaration in English through the chair.
func (f *fixture) document(t *testing.T, title string) outcome.Document {
	t.Helper()
	d, err := f.svc.CreateDocument(bg, f.chair, f.edition.ID, outcome.DocumentInput{Kind: outcome.Declaration, Title: title, Language: "en"})
	must(t, err)
	return d
}

// add appends a paragraph of kind through the chair and returns it.
func (f *fixture) add(t *testing.T, docID int64, kind, text string) outcome.Paragraph {
	t.Helper()
	p, err := f.svc.AddParagraph(bg, f.chair, docID, outcome.ParagraphInput{Kind: kind, Text: text})
	must(t, err)
	return p
}

// issue issues the next written revision through the chair.
func (f *fixture) issue(t *testing.T, docID int64) outcome.Revision {
	t.Helper()
	r, err := f.svc.IssueRevision(bg, f.chair, docID, outcome.RevisionInput{})
	must(t, err)
	return r
}

// paragraph reads a paragraph of the working text as the chair.
func (f *fixture) paragraph(t *testing.T, docID int64, label string) outcome.Paragraph {
	t.Helper()
	p, err := f.svc.Paragraph(bg, f.chair, docID, label)
	must(t, err)
	return p
}

// labels lists the labels of a text, in order, joined by spaces.
func labels(list []outcome.Paragraph) string {
	out := make([]string, len(list))
	for i, p := range list {
		out[i] = p.Label
	}
	return strings.Join(out, " ")
}

func (f *fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	must(t, f.db.Reader().QueryRow(bg, query, args...).Scan(&n))
	return n
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantErr checks the stable code and the HTTP status a user gets.
func wantErr(t *testing.T, what string, err error, code string, status int) {
	t.Helper()
	e := errs.As(err)
	if err == nil || e.Code != code || e.Kind.Status() != status {
		t.Errorf("%s: got %v (status %d), want %s (%d)", what, err, e.Kind.Status(), code, status)
	}
}

// wantField checks a validation error's code and field (status 400).
func wantField(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	wantErr(t, what, err, code, 400)
	if e := errs.As(err); err != nil && e.Field != field {
		t.Errorf("%s: field %q, want %q", what, e.Field, field)
	}
}

// A zero draft of three paragraphs; then a paragraph inserted after OP1,
// an alternative to OP2 and a word added to OP1: Rev.1 compared with the
// zero draft shows each paragraph where it stands, by label.
func TestFixtureDraftsAndComparesRevisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA")
		d := f.document(t, "Brasília Declaration")
		f.add(t, d.ID, outcome.Preambular, "Recalling the Universal Declaration of Human Rights,")
		f.add(t, d.ID, outcome.Operative, "Calls upon States to respect human rights;")
		f.add(t, d.ID, outcome.Operative, "Decides to meet again in 2026.")
		zero := f.issue(t, d.ID)
		if zero.Number != 0 || zero.Label != "Zero draft" {
			t.Fatalf("first revision is %d %q, want 0 \"Zero draft\"", zero.Number, zero.Label)
		}
		bis, err := f.svc.AddParagraph(bg, f.chair, d.ID, outcome.ParagraphInput{After: "OP1", Text: "Encourages dialogue between regions;"})
		must(t, err)
		alt, err := f.svc.AddParagraph(bg, f.chair, d.ID, outcome.ParagraphInput{AltOf: "OP2", Text: "Decides to meet again in 2025."})
		must(t, err)
		if bis.Label != "OP1bis" || bis.Kind != outcome.Operative || alt.Label != "OP2alt" || alt.AltOf != "OP2" {
			t.Fatalf("got %s (%s) and %s (alt of %q), want OP1bis (operative) and OP2alt (alt of OP2)", bis.Label, bis.Kind, alt.Label, alt.AltOf)
		}
		_, err = f.svc.EditParagraph(bg, f.chair, d.ID, "OP1", outcome.EditInput{Text: "Calls upon all States to respect human rights;"})
		must(t, err)
		rev1 := f.issue(t, d.ID)
		if rev1.Number != 1 || rev1.Label != "Rev.1" {
			t.Fatalf("second revision is %d %q, want 1 \"Rev.1\"", rev1.Number, rev1.Label)
		}
		c, err := f.svc.Compare(bg, f.delegate["CHN"], d.ID, 0, 1)
		must(t, err)
		want := []string{"PP1 same", "OP1 changed", "OP1bis added", "OP2 same", "OP2alt added"}
		var got []string
		for _, p := range c.Paragraphs {
			got = append(got, p.Label+" "+p.Change)
		}
		if strings.Join(got, ", ") != strings.Join(want, ", ") {
			t.Errorf("Zero draft → Rev.1:\n got %v\nwant %v", got, want)
		}
		if ops := c.Paragraphs[1].Ops; len(ops) != 3 || ops[1].Text != "all " || ops[0].Text != "Calls upon " {
			t.Errorf("OP1's word diff is %q, want \"Calls upon \" kept, \"all \" inserted, the rest kept", ops)
		}
	})
}
