package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/evidence"
	"roundtable/internal/outcome"
)

// cmSite is a site with a published edition whose declaration was adopted
// (OP1 an operative paragraph), Brazil, Argentina and China accredited,
// under-5 mortality for Brazil and Argentina, and one account per part
// of the flow.
type cmSite struct {
	*site
	doc                       outcome.Document
	op1                       outcome.Paragraph
	edition                   dialogue.Edition
	admin, bra, chn, val, obs account.User
	chair                     account.User
	adminC, braC, valC, obsC  *client
	chnC, chairC, publicC     *client
}

func newCMSite(t *testing.T, s *site) *cmSite {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	f := &cmSite{site: s}
	user := func(email string, r account.Role, del string) account.User {
		u, err := s.accounts.Create(ctx, audit.System("test"), account.NewUser{Email: email, DisplayName: email, Role: r, Delegation: del, Password: testPassword})
		must(err)
		return u
	}
	f.admin = user("sec@example.org", account.Administrator, "")
	f.chair = user("chair@example.org", account.Chair, "")
	f.bra = user("focal.bra@example.org", account.Delegate, "BRA")
	f.chn = user("focal.chn@example.org", account.Delegate, "CHN")
	f.val = user("val.bra@example.org", account.Validator, "BRA")
	f.obs = user("ngo@example.org", account.Observer, "")

	ev := evidence.New(s.db)
	must(ev.SyncCatalogue(ctx))
	_, err := ev.Import(ctx, strings.NewReader("iso3,indicator_code,year,value\r\nBRA,SH.DYN.MORT,2018,16\r\nBRA,SH.DYN.MORT,2023,13\r\nARG,SH.DYN.MORT,2018,10\r\nARG,SH.DYN.MORT,2023,9.9\r\n"),
		evidence.ImportOptions{FileName: "mortality.csv", Source: "World Bank WDI", Vintage: "2026-07-01", Actor: audit.System("test")})
	must(err)

	dlg := &dialogue.Service{DB: s.db}
	out := &outcome.Service{DB: s.db, Dialogue: dlg}
	admin := &f.admin
	forum, err := dlg.CreateForum(ctx, admin, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable"}})
	must(err)
	f.edition, err = dlg.CreateEdition(ctx, admin, dialogue.Edition{ForumID: forum.ID, Number: 2, Titles: dialogue.Texts{"en": "Second Roundtable"},
		StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en", "es", "pt", "zh"}})
	must(err)
	for _, code := range []string{"BRA", "ARG", "CHN"} {
		d, err := dlg.AddDelegation(ctx, admin, dialogue.Delegation{EditionID: f.edition.ID, Kind: dialogue.KindCountry, Code: code})
		must(err)
		must(dlg.Accredit(ctx, admin, d.ID, true))
	}
	f.doc, err = out.CreateDocument(ctx, admin, f.edition.ID, outcome.DocumentInput{Kind: outcome.Declaration, Title: "Brasília Declaration", Language: "en"})
	must(err)
	_, err = out.AddParagraph(ctx, admin, f.doc.ID, outcome.ParagraphInput{Kind: outcome.Preambular, Text: "Recalling the Universal Declaration of Human Rights,"})
	must(err)
	f.op1, err = out.AddParagraph(ctx, admin, f.doc.ID, outcome.ParagraphInput{Kind: outcome.Operative, Text: "Undertake to reduce child mortality in remote areas by extending primary health care,"})
	must(err)
	_, err = out.IssueRevision(ctx, admin, f.doc.ID, outcome.RevisionInput{})
	must(err)
	_, err = out.Adopt(ctx, admin, f.doc.ID, outcome.AdoptInput{Method: outcome.MethodConsensus})
	must(err)
	e := f.edition
	e.Published = true
	f.edition, err = dlg.UpdateEdition(ctx, admin, e)
	must(err)

	f.adminC, f.braC, f.valC = s.client().signIn(f.admin.Email), s.client().signIn(f.bra.Email), s.client().signIn(f.val.Email)
	f.obsC, f.chnC, f.chairC = s.client().signIn(f.obs.Email), s.client().signIn(f.chn.Email), s.client().signIn(f.chair.Email)
	f.publicC = s.client()
	return f
}

// switchTo makes lang the signed-in reader's language, as the switcher
// does.
func (c *client) switchTo(t *testing.T, lang string) {
	t.Helper()
	cmWant(t, "switching to "+lang, c.postForm("/language", url.Values{"lang": {lang}, "next": {"/"}}), http.StatusSeeOther)
}

// postWithFile submits a multipart form with one file in field, with
// the CSRF token, as the site's own form does.
func (c *client) postWithFile(t *testing.T, path string, v url.Values, field, name string, content []byte) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	v.Set("csrf", c.csrf())
	for k, xs := range v {
		for _, x := range xs {
			if err := mw.WriteField(k, x); err != nil {
				t.Fatal(err)
			}
		}
	}
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return c.do("POST", path, &buf, http.Header{"Content-Type": {mw.FormDataContentType()}})
}

// cmWant fails unless res has the status.
func cmWant(t *testing.T, what string, res *http.Response, status int) {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("%s: status %d, want %d", what, res.StatusCode, status)
	}
}

// record records the commitment from OP1 through the form, as the
// secretariat, and returns its page's address.
func (f *cmSite) record(t *testing.T) string {
	t.Helper()
	form := url.Values{"source": {"paragraph"}, "paragraph_id": {fmt.Sprint(f.op1.ID)}, "edition_id": {fmt.Sprint(f.edition.ID)},
		"title": {"Child mortality in remote areas"}, "level": {"public"}, "starts_on": {"2024-12-01"}, "due_on": {"2028-12-31"}, "report_every": {"12"},
		"owner_country": {"BRA", "ARG", ""}, "owner_institution": {"Ministério da Saúde", "Ministerio de Salud", ""},
		"targets": {"3.2"}, "milestone_id": {"", ""}, "milestone_title": {"Clinics open in the Amazon", ""}, "milestone_due": {"2025-12-31", ""}, "milestone_done": {"", ""},
		"indicator_code": {"SH.DYN.MORT", "SH.DYN.MORT"}, "indicator_country": {"BRA", "ARG"},
		"baseline_year": {"2018", "2018"}, "baseline": {"16", "10"}, "target_year": {"2028", "2028"}, "target": {"12", "8"}}
	res := f.adminC.postForm("/commitments", form)
	cmWant(t, "recording the commitment", res, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, "/commitments/") {
		t.Fatalf("after recording: sent to %q", loc)
	}
	return loc
}

// page reads a page as c, wanting 200.
func (f *cmSite) page(t *testing.T, c *client, path string) *html.Node {
	t.Helper()
	res := c.get(path)
	cmWant(t, "GET "+path, res, http.StatusOK)
	return doc(t, res)
}

// byID is the element with the id, failing the test without one.
func cmByID(t *testing.T, n *html.Node, id string) *html.Node {
	t.Helper()
	return one(t, n, "", "id", id)
}

func TestCommitmentWebFlow(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newCMSite(t, s)

		// The adopted text offers the secretariat, and nobody else, to
		// record its operative paragraph (not the preambular one).
		rev := fmt.Sprintf("/outcomes/%d/revisions/0", f.doc.ID) // the one revision issued, the zero draft, adopted
		links := find(f.page(t, f.adminC, rev), "a", "class", "record-commitment")
		if len(links) != 1 || attr(links[0], "href") != fmt.Sprintf("/commitments/new?outcome=%d&label=OP1", f.doc.ID) {
			t.Fatalf("the adopted text offers %d links to record a commitment", len(links))
		}
		for _, c := range []*client{f.publicC, f.braC, f.chairC} {
			if n := len(find(f.page(t, c, rev), "a", "class", "record-commitment")); n != 0 {
				t.Errorf("the adopted text offers %d links to someone who may not record commitments", n)
			}
		}

		// The form from the adopted paragraph carries the paragraph and
		// shows its text.
		form := f.page(t, f.adminC, attr(links[0], "href"))
		if got := attr(one(t, form, "input", "name", "paragraph_id"), "value"); got != fmt.Sprint(f.op1.ID) {
			t.Errorf("the form's paragraph: %q, want %d", got, f.op1.ID)
		}
		if got := text(cmByID(t, form, "source-text")); got != "Undertake to reduce child mortality in remote areas by extending primary health care," {
			t.Errorf("the form shows the paragraph %q", got)
		}
		cm := f.record(t)

		// Everyone reads it: both owners with their institutions, the
		// source paragraph, no report yet, and the data for each owner.
		p := f.page(t, f.publicC, cm)
		if got := text(cmByID(t, p, "commitment-title")); got != "Child mortality in remote areas" {
			t.Errorf("title %q", got)
		}
		owners := cmByID(t, p, "owners")
		if n := len(find(owners, "li")); n != 2 {
			t.Errorf("%d owners", n)
		}
		if got := text(one(t, owners, "li", "data-owner", "BRA")); got != "Brazil — Ministério da Saúde" {
			t.Errorf("Brazil as owner: %q", got)
		}
		if got := text(one(t, owners, "li", "data-owner", "ARG")); got != "Argentina — Ministerio de Salud" {
			t.Errorf("Argentina as owner: %q", got)
		}
		if got := attr(cmByID(t, p, "source-link"), "href"); got != fmt.Sprintf("/outcomes/%d/paragraphs/OP1", f.doc.ID) {
			t.Errorf("the source links to %q", got)
		}
		for _, c := range []string{"BRA", "ARG"} {
			col := cmByID(t, p, "owner-"+c)
			if got := attr(one(t, col, "p", "class", "self-reported"), "data-reported"); got != "none" {
				t.Errorf("%s reported %q before any report", c, got)
			}
		}
		// Brazil: 16 → 13 of the way to 12 by 2023, half the time gone: 75 %, on track.
		bra := one(t, cmByID(t, p, "data-BRA"), "tr", "data-indicator", "SH.DYN.MORT")
		if attr(bra, "data-verdict") != "on_track" || !strings.Contains(text(bra), "75%") || !strings.Contains(text(bra), "13 (2023)") || !strings.Contains(text(bra), "World Bank WDI") {
			t.Errorf("Brazil's data: %q (verdict %s)", text(bra), attr(bra, "data-verdict"))
		}
		arg := one(t, cmByID(t, p, "data-ARG"), "tr", "data-indicator", "SH.DYN.MORT")
		if attr(arg, "data-verdict") != "off_track" || !strings.Contains(text(arg), "9.9 (2023)") || !strings.Contains(text(arg), "5%") {
			t.Errorf("Argentina's data: %q (verdict %s)", text(arg), attr(arg, "data-verdict"))
		}
		if n := len(find(p, "", "class", "notice error disagreement")); n != 0 {
			t.Errorf("%d disagreements before any report", n)
		}

		// China does not own it: its focal point's form is refused, in
		// the reader's language.
		f.chnC.switchTo(t, "es")
		res := f.chnC.get(cm + "/reports/new")
		cmWant(t, "China's form", res, http.StatusForbidden)
		if body := text(doc(t, res)); !strings.Contains(body, "Su Estado no es responsable de este compromiso") {
			t.Errorf("China's refusal in Spanish: %q", body)
		}

		// Brazil's focal point: a report without a narrative is refused
		// in Portuguese with what was typed kept; then filed and sent.
		home := f.page(t, f.braC, cm)
		if href := attr(cmByID(t, home, "file-report"), "href"); href != cm+"/reports/new" {
			t.Errorf("file link %q", href)
		}
		f.braC.switchTo(t, "pt")
		report := url.Values{"reported_on": {"2025-06-30"}, "status": {"achieved"}, "language": {"pt"}, "narrative": {""},
			"link_title": {"Relatório do ministério", ""}, "link_url": {"https://example.org/relatorio", ""},
			"data_indicator": {"SH.DYN.MORT", ""}, "data_year": {"2024", ""}, "data_value": {"12,5", ""}, "data_title": {"", ""}, "action": {"submit"}}
		res = f.braC.postForm(cm+"/reports/new", report)
		cmWant(t, "a report without narrative", res, http.StatusBadRequest)
		refused := doc(t, res)
		if got := attr(cmByID(t, refused, "form-error"), "data-field"); got != "narrative" {
			t.Errorf("the error is about %q", got)
		}
		if got := attr(one(t, refused, "input", "name", "link_url", "value", "https://example.org/relatorio"), "type"); got != "url" {
			t.Errorf("the link typed was not kept")
		}
		if msg := text(cmByID(t, refused, "form-error")); !strings.Contains(msg, "obrigatório") {
			t.Errorf("the error is not in Portuguese: %q", msg)
		}
		report.Set("narrative", "Abrimos 40 unidades básicas de saúde na Amazônia.")
		res = f.braC.postWithFile(t, cm+"/reports/new", report, "documents", "unidades.csv", []byte("estado,unidades\nAM,22\nPA,18\n"))
		cmWant(t, "Brazil's report", res, http.StatusSeeOther)

		// Sent, not published: the public sees no report; the validator's
		// queue has it.
		p = f.page(t, f.publicC, cm)
		if n := len(find(p, "article", "class", "card report")); n != 0 {
			t.Errorf("%d reports public before validation", n)
		}
		queue := f.page(t, f.valC, "/reports/validation")
		items := find(queue, "article", "class", "card report pending-report")
		if len(items) != 1 || attr(items[0], "data-country") != "BRA" {
			t.Fatalf("the validator's queue has %d reports", len(items))
		}
		rid := attr(items[0], "data-report")

		// Returning it needs a note (said in French); approving publishes it.
		f.valC.switchTo(t, "fr")
		res = f.valC.postForm("/reports/"+rid+"/validate", url.Values{"decision": {"return"}, "from": {"queue"}})
		cmWant(t, "returning without a note", res, http.StatusBadRequest)
		noNote := cmByID(t, doc(t, res), "form-error")
		if attr(noNote, "data-field") != "note" || !strings.Contains(text(noNote), "Indiquez pourquoi le rapport retourne à sa délégation") {
			t.Errorf("the refusal, in French, about the note: %q (%s)", text(noNote), attr(noNote, "data-field"))
		}
		res = f.chairC.postForm("/reports/"+rid+"/validate", url.Values{"decision": {"approve"}})
		cmWant(t, "the chair approving", res, http.StatusForbidden)
		res = f.valC.postForm("/reports/"+rid+"/validate", url.Values{"decision": {"approve"}})
		cmWant(t, "the validator approving", res, http.StatusSeeOther)

		// The public page: Brazil says achieved, the data say on track —
		// the two disagree, and both are shown.
		p = f.page(t, f.publicC, cm)
		self := one(t, cmByID(t, p, "owner-BRA"), "p", "class", "self-reported")
		if attr(self, "data-reported") != "achieved" || !strings.Contains(text(self), "Achieved") {
			t.Errorf("Brazil's self-reported status: %q", text(self))
		}
		dis := cmByID(t, p, "disagree-BRA")
		if got := text(dis); !strings.Contains(got, "The data and the report disagree.") || !strings.Contains(got, "“Achieved”") || !strings.Contains(got, "On track") {
			t.Errorf("the disagreement says %q", got)
		}
		if n := len(find(cmByID(t, p, "owner-ARG"), "", "class", "notice error disagreement")); n != 0 {
			t.Error("Argentina, which reported nothing, is shown disagreeing")
		}
		rep := cmByID(t, p, "report-"+rid)
		if !strings.Contains(text(rep), "Abrimos 40 unidades básicas") || len(find(rep, "a", "href", "https://example.org/relatorio")) != 1 ||
			!strings.Contains(text(one(t, rep, "li", "data-kind", "data")), "12.5") ||
			!strings.HasPrefix(attr(one(t, one(t, rep, "li", "data-kind", "document"), "a"), "href"), "/uploads/") ||
			text(one(t, rep, "li", "data-kind", "document")) != "unidades.csv" {
			t.Errorf("the published report: %q", text(rep))
		}

		if docs := find(rep, "li", "data-kind", "document"); len(docs) == 1 {
			cmWant(t, "the public reading the published report's document", f.publicC.get(attr(one(t, docs[0], "a"), "href")), http.StatusOK)
		}

		// The API says the same.
		res = f.publicC.get("/api/v1" + cm + "/progress")
		cmWant(t, "progress", res, http.StatusOK)
		var prog struct {
			Owners []struct {
				Country      string
				SelfReported *struct{ Status string } `json:"self_reported"`
				Data         []struct{ Verdict string }
				Disagrees    bool
			}
		}
		if err := json.NewDecoder(res.Body).Decode(&prog); err != nil {
			t.Fatal(err)
		}
		if len(prog.Owners) != 2 || prog.Owners[1].Country != "BRA" || prog.Owners[1].SelfReported == nil || prog.Owners[1].SelfReported.Status != "achieved" ||
			prog.Owners[1].Data[0].Verdict != "on_track" || !prog.Owners[1].Disagrees ||
			prog.Owners[0].Country != "ARG" || prog.Owners[0].SelfReported != nil || prog.Owners[0].Data[0].Verdict != "off_track" || prog.Owners[0].Disagrees {
			t.Errorf("the API's progress: %+v", prog)
		}

		// Civil society comments once the forum allows it; the comment is
		// shown after the secretariat approves it.
		if n := len(find(p, "form", "id", "comment-form-"+rid)); n != 0 {
			t.Error("a comment form while the forum does not allow comments")
		}
		res = f.adminC.postForm("/comments/settings", url.Values{"forum_id": {fmt.Sprint(f.edition.ForumID)}, "allowed": {"true"}})
		cmWant(t, "opening comments", res, http.StatusSeeOther)
		obsPage := f.page(t, f.obsC, cm)
		cmByID(t, obsPage, "comment-form-"+rid)
		res = f.obsC.postForm("/reports/"+rid+"/comments", url.Values{"language": {"en"}, "body": {"Health posts in Roraima still lack doctors."}})
		cmWant(t, "the comment", res, http.StatusSeeOther)
		if n := len(find(f.page(t, f.publicC, cm), "li", "class", "comment")); n != 0 {
			t.Errorf("%d comments public before moderation", n)
		}
		mod := f.page(t, f.adminC, "/comments/moderation")
		pending := find(mod, "article", "class", "card comment")
		if len(pending) != 1 || !strings.Contains(text(pending[0]), "Health posts in Roraima") {
			t.Fatalf("%d comments to moderate", len(pending))
		}
		res = f.adminC.postForm("/comments/"+attr(pending[0], "data-comment")+"/moderate", url.Values{"decision": {"approve"}})
		cmWant(t, "approving the comment", res, http.StatusSeeOther)
		p = f.page(t, f.publicC, cm)
		shown := find(cmByID(t, p, "comments-"+rid), "li", "class", "comment")
		if len(shown) != 1 || !strings.Contains(text(shown[0]), "Health posts in Roraima still lack doctors.") {
			t.Errorf("%d comments shown after approval", len(shown))
		}

		// The history tells it in order.
		var kinds []string
		for _, li := range find(cmByID(t, p, "history"), "li") {
			kinds = append(kinds, attr(li, "data-event"))
		}
		if got := strings.Join(kinds, " "); got != "created report_drafted report_submitted report_published comment_approved" {
			t.Errorf("history: %s", got)
		}
	})
}

// The API refuses with stable codes: a report on a commitment the
// caller's state does not own is 403 not_your_commitment; a commitment
// the caller cannot read is 404, even to an owner.
func TestCommitmentWebAPIRefusals(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newCMSite(t, s)
		call := func(c *client, method, path, body string) (int, string) {
			t.Helper()
			res := c.do(method, path, strings.NewReader(body), http.Header{"X-Csrf-Token": {c.csrf()}, "Content-Type": {"application/json"}})
			var e struct{ Error struct{ Code string } }
			json.NewDecoder(res.Body).Decode(&e)
			return res.StatusCode, e.Error.Code
		}
		in := fmt.Sprintf(`{"paragraph_id": %d, "title": "Child mortality", "starts_on": "2024-12-01", "due_on": "2028-12-31", "owners": [{"country": "BRA"}]}`, f.op1.ID)
		res := f.adminC.do("POST", "/api/v1/commitments", strings.NewReader(in), http.Header{"X-Csrf-Token": {f.adminC.csrf()}, "Content-Type": {"application/json"}})
		cmWant(t, "recording through the API", res, http.StatusCreated)
		var c struct{ ID int64 }
		if err := json.NewDecoder(res.Body).Decode(&c); err != nil {
			t.Fatal(err)
		}
		report := `{"reported_on": "2025-06-30", "status": "in_progress", "language": "en", "narrative": "Clinics opened."}`
		if status, code := call(f.chnC, "POST", fmt.Sprintf("/api/v1/commitments/%d/reports", c.ID), report); status != 403 || code != "not_your_commitment" {
			t.Errorf("China filing on Brazil's commitment: %d %s, want 403 not_your_commitment", status, code)
		}
		if status, _ := call(f.braC, "POST", fmt.Sprintf("/api/v1/commitments/%d/reports", c.ID), report); status != 201 {
			t.Errorf("Brazil filing: %d, want 201", status)
		}
		if status, code := call(f.adminC, "PATCH", fmt.Sprintf("/api/v1/commitments/%d", c.ID), `{"level": "draft"}`); status != 200 {
			t.Fatalf("making it a draft: %d %s", status, code)
		}
		if status, code := call(f.braC, "POST", fmt.Sprintf("/api/v1/commitments/%d/reports", c.ID), report); status != 404 || code != "not_found" {
			t.Errorf("Brazil filing on a commitment it cannot read: %d %s, want 404 not_found", status, code)
		}
		if status, code := call(f.valC, "POST", "/api/v1/reports/1/validate", `{"decision": "maybe"}`); status != 400 || code != "invalid_decision" {
			t.Errorf("an unknown decision: %d %s, want 400 invalid_decision", status, code)
		}
	})
}
