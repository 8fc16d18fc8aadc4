package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/outcome"
)

// flowFixture is a published edition in Brasília with Brazil, China and
// Argentina accredited, a delegate of each, the chair and the secretariat,
// and a declaration in English of four paragraphs (PP1, OP1, OP2, OP3)
// whose zero draft is issued: the start of every test of the pages where
// the text moves.
type flowFixture struct {
	s        *site
	svc      *outcome.Service
	edition  dialogue.Edition
	doc      int64
	chair    string // e-mail addresses
	admin    string
	delegate map[string]string
	users    map[string]*account.User
}

func newFlowFixture(t *testing.T, s *site, singleText bool) *flowFixture {
	t.Helper()
	ctx := context.Background()
	n := s.counter()
	f := &flowFixture{s: s, delegate: map[string]string{}, users: map[string]*account.User{}}
	mk := func(email string, role account.Role, del string) *account.User {
		u, err := s.accounts.Create(ctx, audit.System("test"), account.NewUser{Email: email, DisplayName: strings.Split(email, "@")[0],
			Role: role, Delegation: del, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		f.users[email] = &u
		return &u
	}
	f.chair, f.admin = fmt.Sprintf("flowchair%d@example.org", n), fmt.Sprintf("flowsec%d@example.org", n)
	chair, admin := mk(f.chair, account.Chair, ""), mk(f.admin, account.Administrator, "")
	dlg := &dialogue.Service{DB: s.db}
	f.svc = &outcome.Service{DB: s.db, Dialogue: dlg}
	forum, err := dlg.CreateForum(ctx, admin, dialogue.Forum{Slug: fmt.Sprintf("flow-%d", n), Names: dialogue.Texts{"en": "China–LAC Roundtable"}})
	flowMust(t, err)
	f.edition, err = dlg.CreateEdition(ctx, admin, dialogue.Edition{ForumID: forum.ID, Number: 2, Titles: dialogue.Texts{"en": "Second Roundtable"}, Published: true,
		StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en", "es", "zh"}})
	flowMust(t, err)
	for _, code := range []string{"BRA", "CHN", "ARG"} {
		d, err := dlg.AddDelegation(ctx, admin, dialogue.Delegation{EditionID: f.edition.ID, Kind: dialogue.KindCountry, Code: code})
		flowMust(t, err)
		flowMust(t, dlg.Accredit(ctx, admin, d.ID, true))
		f.delegate[code] = fmt.Sprintf("flow%s%d@example.org", strings.ToLower(code), n)
		mk(f.delegate[code], account.Delegate, code)
	}
	d, err := f.svc.CreateDocument(ctx, chair, f.edition.ID, outcome.DocumentInput{Kind: outcome.Declaration,
		Title: "Brasília Declaration", Language: "en", SingleText: singleText})
	flowMust(t, err)
	f.doc = d.ID
	for _, p := range []outcome.ParagraphInput{
		{Kind: outcome.Preambular, Text: "Recalling the Universal Declaration of Human Rights,"},
		{Kind: outcome.Operative, Text: "Agree to cooperate on the right to development;"},
		{Kind: outcome.Operative, Text: "Encourage exchanges between national human rights institutions;"},
		{Kind: outcome.Operative, Text: "Decide to meet again."},
	} {
		_, err := f.svc.AddParagraph(ctx, chair, d.ID, p)
		flowMust(t, err)
	}
	_, err = f.svc.IssueRevision(ctx, chair, d.ID, outcome.RevisionInput{})
	flowMust(t, err)
	return f
}

// path is an address under the document.
func (f *flowFixture) path(rest string) string { return fmt.Sprintf("/outcomes/%d%s", f.doc, rest) }

// as signs in a browser as the account with e-mail address email.
func (f *flowFixture) as(email string) *client { return f.s.client().signIn(email) }

// page fetches a page that must be served (200) and parses it.
func (f *flowFixture) page(t *testing.T, c *client, path string) *html.Node {
	t.Helper()
	res := c.get(path)
	wantStatus(t, res, http.StatusOK)
	return doc(t, res)
}

// send posts a form and checks the status it gets back.
func (f *flowFixture) send(t *testing.T, c *client, path string, form url.Values, status int) *http.Response {
	t.Helper()
	res := c.postForm(path, form)
	if res.StatusCode != status {
		t.Fatalf("POST %s: status %d, want %d", path, res.StatusCode, status)
	}
	return res
}

// flowTexts lists the text of each node.
func flowTexts(ns []*html.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = text(n)
	}
	return out
}

func flowMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
