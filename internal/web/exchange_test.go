package web_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"roundtable/internal/account"
	"roundtable/internal/web"
)

// exchangeFixture is an edition with statements in every state, and the
// means to reach it as the secretariat.
type exchangeFixture struct {
	ids   recordIDs
	c     *client
	admin http.Header
	forum int64
}

func newExchangeFixture(t *testing.T, s *site) exchangeFixture {
	t.Helper()
	f := exchangeFixture{c: s.client(), admin: s.token("sec@example.org", account.Administrator)}
	f.ids = setupRecord(t, s, f.c, f.admin)
	ed := decode[map[string]any](t, f.c.do("GET", fmt.Sprintf("/api/v1/editions/%d", f.ids.edition), nil, f.admin))
	f.forum = int64(ed["forum_id"].(float64))
	return f
}

// post sends body to path as the secretariat and returns the decoded answer.
func (f exchangeFixture) post(t *testing.T, method, path, body string, status int) map[string]any {
	t.Helper()
	res := f.c.do(method, path, strings.NewReader(body), f.admin)
	if res.StatusCode != status {
		t.Fatalf("%s %s: %d %+v", method, path, res.StatusCode, decode[apiErr](t, res).Error)
	}
	return decode[map[string]any](t, res)
}

// statement files a statement of Brazil in the first session.
func (f exchangeFixture) statement(t *testing.T, fields string) int64 {
	t.Helper()
	body := fmt.Sprintf(`{"edition_id": %d, "session_id": %d, "delegation_id": %d, "delivered_on": "2024-11-19", %s}`, f.ids.edition, f.ids.session, f.ids.bra, fields)
	return int64(f.post(t, "POST", "/api/v1/statements", body, 201)["id"].(float64))
}

// edition adds another edition of the forum with a session, Brazil and
// China accredited, and, if given, a delegation that is not.
func (f exchangeFixture) edition(t *testing.T, number int, unaccredited string) int64 {
	t.Helper()
	ed := f.post(t, "POST", "/api/v1/editions", fmt.Sprintf(`{"forum_id": %d, "number": %d, "titles": {"en": "Edition %d"}, "starts_on": "2025-11-19", "ends_on": "2025-11-20",
		"venue_city": "Beijing", "venue_country": "CHN", "host": "China", "languages": ["zh", "es", "pt", "en"], "published": true}`, f.forum, number, number), 201)
	id := int64(ed["id"].(float64))
	f.post(t, "POST", fmt.Sprintf("/api/v1/editions/%d/sessions", id), `{"titles": {"en": "Opening"}, "starts_at": "2025-11-19T09:00:00Z", "ends_at": "2025-11-19T10:00:00Z"}`, 201)
	for _, code := range []string{"BRA", "CHN", unaccredited} {
		if code == "" {
			continue
		}
		d := f.post(t, "POST", fmt.Sprintf("/api/v1/editions/%d/delegations", id), `{"kind": "country", "code": "`+code+`"}`, 201)
		if code != unaccredited {
			f.post(t, "PUT", fmt.Sprintf("/api/v1/delegations/%d/accreditation", int64(d["id"].(float64))), `{"accredited": true}`, 200)
		}
	}
	return id
}

// importFile posts a file to the import API as the secretariat.
func (f exchangeFixture) importFile(edition int64, contentType string, body []byte) *http.Response {
	h := f.admin.Clone()
	h.Set("Content-Type", contentType)
	return f.c.do("POST", fmt.Sprintf("/api/v1/editions/%d/statements/import", edition), bytes.NewReader(body), h)
}

// texts lists an edition's statements as the secretariat reads them, in a
// form two editions can be compared by.
func (f exchangeFixture) texts(t *testing.T, edition int64) []string {
	t.Helper()
	list := decode[struct {
		Items []struct {
			Language, Title, Text, Visibility, Speaker string
			SessionID                                  int64  `json:"session_id"`
			Embargo                                    string `json:"embargo_until"`
			Translations                               []struct{ Language, Text, Origin, Review string }
		}
	}](t, f.c.do("GET", fmt.Sprintf("/api/v1/statements?edition=%d", edition), nil, f.admin))
	var out []string
	for _, it := range list.Items {
		s := fmt.Sprintf("%s|%s|%s|%s|%s|%v|%s", it.Language, it.Title, it.Text, it.Visibility, it.Speaker, it.SessionID != 0, it.Embargo)
		for _, tr := range it.Translations {
			s += "|" + tr.Language + ":" + tr.Text + " (" + tr.Origin + ", " + tr.Review + ")"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func responseBytes(t *testing.T, res *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestStatementsFeed(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newExchangeFixture(t, s)
		f.statement(t, `"language": "pt", "title": "Desenvolvimento", "text": "O direito ao desenvolvimento é público.", "visibility": "public"`)
		f.statement(t, `"language": "pt", "text": "Um rascunho secreto.", "visibility": "draft"`)
		f.statement(t, `"language": "pt", "text": "Um texto sob embargo.", "visibility": "public", "embargo_until": "2099-01-01T00:00:00Z"`)

		res := s.client().get(fmt.Sprintf("/feeds/statements.atom?edition=%d&lang=en", f.ids.edition))
		wantStatus(t, res, 200)
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
			t.Errorf("content type %q", ct)
		}
		var feed struct {
			XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
			ID      string   `xml:"id"`
			Updated string   `xml:"updated"`
			Entries []struct {
				Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
				ID      string `xml:"id"`
				Updated string `xml:"updated"`
				Author  string `xml:"author>name"`
				Link    struct {
					Href string `xml:"href,attr"`
				} `xml:"link"`
				Content string `xml:"content"`
			} `xml:"entry"`
		}
		raw := responseBytes(t, res)
		if err := xml.Unmarshal(raw, &feed); err != nil {
			t.Fatalf("the feed is not Atom XML: %v\n%s", err, raw)
		}
		if len(feed.Entries) != 1 {
			t.Fatalf("%d entries, want only the public one:\n%s", len(feed.Entries), raw)
		}
		e := feed.Entries[0]
		if e.Content != "O direito ao desenvolvimento é público." || e.Lang != "pt" || e.Author != "Brazil" || feed.Updated == "" || e.Updated == "" {
			t.Errorf("entry %+v", e)
		}
		if !strings.HasPrefix(e.ID, "tag:127.0.0.1,") || !strings.HasPrefix(e.Link.Href, s.srv.URL+"/statements/") ||
			!strings.HasPrefix(feed.ID, s.srv.URL+"/feeds/statements.atom?") {
			t.Errorf("ids and links: feed %q entry %q link %q", feed.ID, e.ID, e.Link.Href)
		}
		// Signed in or not, the feed is the public's.
		admin := s.client().signIn("sec@example.org")
		if raw := string(responseBytes(t, admin.get("/feeds/statements.atom"))); strings.Contains(raw, "rascunho") || strings.Contains(raw, "embargo") {
			t.Error("the feed shows the secretariat's view")
		}
		wantStatus(t, s.client().get("/feeds/statements.atom?lang=xx"), 400)
		wantStatus(t, s.client().get("/feeds/statements.atom?edition=999999"), 404)
	})
}

func TestEditionCalendar(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newExchangeFixture(t, s)
		long := strings.TrimSpace(strings.Repeat("发展权, 减贫与人权；中拉经验交流 ", 6))
		f.post(t, "POST", fmt.Sprintf("/api/v1/editions/%d/sessions", f.ids.edition), fmt.Sprintf(`{"titles": {"en": "Poverty, health; education", "zh": %q},
			"starts_at": "2024-11-19T14:00:00Z", "ends_at": "2024-11-19T16:00:00Z", "room": "Sala 2, anexo"}`, long), 201)
		res := s.client().get(fmt.Sprintf("/editions/%d/calendar.ics?lang=zh", f.ids.edition))
		wantStatus(t, res, 200)
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
			t.Errorf("content type %q", ct)
		}
		raw := string(responseBytes(t, res))
		if !strings.HasSuffix(raw, "END:VCALENDAR\r\n") || strings.Contains(strings.ReplaceAll(raw, "\r\n", ""), "\n") {
			t.Fatalf("lines do not end with CRLF:\n%q", raw)
		}
		lines := strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n")
		folded := 0
		for i, l := range lines {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Errorf("line %d: %d octets, valid UTF-8 %v", i+1, len(l), utf8.ValidString(l))
			}
			if strings.HasPrefix(l, " ") {
				folded++
			}
		}
		if folded == 0 {
			t.Error("the long Chinese title was not folded")
		}
		unfolded := strings.ReplaceAll(raw, "\r\n ", "")
		for _, want := range []string{
			"SUMMARY;LANGUAGE=zh:" + strings.ReplaceAll(long, ",", `\,`) + "\r\n",
			`LOCATION:Sala 2\, anexo\, Brasília` + "\r\n",
			"SUMMARY;LANGUAGE=en:The right to development\r\n",
			fmt.Sprintf("UID:session-%d@127.0.0.1\r\n", f.ids.session),
			"DTSTART:20241119T140000Z\r\n",
			"VERSION:2.0\r\n",
		} {
			if !strings.Contains(unfolded, want) {
				t.Errorf("calendar lacks %q:\n%s", want, unfolded)
			}
		}
		if n := strings.Count(raw, "BEGIN:VEVENT\r\n"); n != 2 {
			t.Errorf("%d events for 2 sessions", n)
		}
		english := string(responseBytes(t, s.client().get(fmt.Sprintf("/editions/%d/calendar.ics?lang=en", f.ids.edition))))
		if !strings.Contains(english, `SUMMARY;LANGUAGE=en:Poverty\, health\; education`) {
			t.Errorf("English calendar:\n%s", english)
		}
	})
}

func TestRecordExportsImportIntoAnotherEdition(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newExchangeFixture(t, s)
		id := f.statement(t, `"language": "pt", "title": "=Saúde, educação", "text": "Primeira linha; \"aspas\".\nSegunda linha, com vírgula.", "visibility": "public", "speaker": "Ministra"`)
		f.post(t, "PUT", fmt.Sprintf("/api/v1/statements/%d/translations/zh", id), `{"text": "健康与教育。\n第二行。", "origin": "machine"}`, 200)
		f.statement(t, `"language": "zh", "text": "发展权是首要人权。", "visibility": "participants", "embargo_until": "2099-01-01T00:00:00Z"`)
		want := f.texts(t, f.ids.edition)

		ui := s.client().signIn("sec@example.org")
		csvRes := ui.get(fmt.Sprintf("/editions/%d/record.csv", f.ids.edition))
		wantStatus(t, csvRes, 200)
		if cd := csvRes.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".csv") {
			t.Errorf("Content-Disposition %q", cd)
		}
		csvData := responseBytes(t, csvRes)
		if !bytes.HasPrefix(csvData, []byte("\uFEFFedition,session,")) || !bytes.Contains(csvData, []byte("text_zh")) || !bytes.Contains(csvData, []byte("'=Saúde")) {
			t.Errorf("CSV export starts %q", csvData[:min(len(csvData), 200)])
		}
		jsonRes := ui.get(fmt.Sprintf("/editions/%d/record.json", f.ids.edition))
		wantStatus(t, jsonRes, 200)
		jsonData := responseBytes(t, jsonRes)

		for i, file := range []struct {
			contentType string
			data        []byte
		}{{"text/csv", csvData}, {"application/json", jsonData}} {
			target := f.edition(t, 3+i, "")
			res := f.importFile(target, file.contentType, file.data)
			if res.StatusCode != 201 {
				t.Fatalf("import %s: %d %s", file.contentType, res.StatusCode, responseBytes(t, res))
			}
			if got := decode[map[string]any](t, res); got["imported"] != float64(2) {
				t.Errorf("import %s: %v", file.contentType, got)
			}
			if got := f.texts(t, target); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s round trip:\n%s\nwant\n%s", file.contentType, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
		// The public's export holds only what the public may read.
		if pub := string(responseBytes(t, s.client().get(fmt.Sprintf("/editions/%d/record.csv", f.ids.edition)))); strings.Contains(pub, "发展权是首要人权") || !strings.Contains(pub, "Ministra") {
			t.Errorf("public export:\n%s", pub)
		}
	})
}

// importFailure is the API's answer to an import that fails.
type importFailure struct {
	Error struct {
		Code, Message string
		Details       []struct {
			Line                 int
			Field, Code, Message string
		}
	}
}

func TestImportFailsWithLines(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newExchangeFixture(t, s)
		target := f.edition(t, 3, "ARG")
		bad := "delegation,language,text\nBRA,pt,Um\nCHN,zh,二\nBRA,xx,Língua desconhecida\nBRA,pt,Quatro\n"
		res := f.importFile(target, "text/csv", []byte(bad))
		e := decode[importFailure](t, res)
		if res.StatusCode != 400 || e.Error.Code != "import_failed" || e.Error.Message == "" || len(e.Error.Details) != 1 {
			t.Fatalf("bad row: %d %+v", res.StatusCode, e.Error)
		}
		if d := e.Error.Details[0]; d.Line != 4 || d.Field != "language" || d.Code != "invalid_language" || !strings.HasPrefix(d.Message, "Line 4: ") {
			t.Errorf("detail %+v", d)
		}
		if got := f.texts(t, target); len(got) != 0 {
			t.Errorf("a failed import wrote %d statements", len(got))
		}
		// A delegation that is not accredited is named by its item.
		res = f.importFile(target, "application/json", []byte(`[{"delegation": "BRA", "language": "pt", "text": "Um"}, {"delegation": "ARG", "language": "es", "text": "Dos"}]`))
		e = decode[importFailure](t, res)
		if len(e.Error.Details) != 1 || e.Error.Details[0].Line != 2 || e.Error.Details[0].Field != "delegation" ||
			e.Error.Details[0].Code != "delegation_not_accredited" || !strings.HasPrefix(e.Error.Details[0].Message, "Item 2: ") {
			t.Errorf("not accredited: %+v", e.Error)
		}
		// A line that cannot be read and a line the record refuses are
		// reported together, in line order: line 2 has a field too many,
		// line 3 an unaccredited delegation, line 4 an unknown language.
		res = f.importFile(target, "text/csv", []byte("delegation,language,text\nBRA,pt,Um,extra\nARG,es,Dos\nBRA,xx,Tres\nBRA,pt,Quatro\n"))
		e = decode[importFailure](t, res)
		var lines []string
		for _, d := range e.Error.Details {
			lines = append(lines, fmt.Sprintf("%d %s", d.Line, d.Code))
		}
		if got, want := strings.Join(lines, ", "), "2 wrong_field_count, 3 delegation_not_accredited, 4 invalid_language"; res.StatusCode != 400 || got != want {
			t.Errorf("mixed faults: %d %q, want %q", res.StatusCode, got, want)
		}
		if got := f.texts(t, target); len(got) != 0 {
			t.Errorf("a failed import wrote %d statements", len(got))
		}
		// Other errors keep their shape, without details.
		if raw := string(responseBytes(t, f.c.do("GET", "/api/v1/editions/999999", nil, f.admin))); strings.Contains(raw, "details") {
			t.Errorf("a plain error has details: %s", raw)
		}
		// The import is the secretariat's.
		bra := s.token("bra@example.org", account.Delegate)
		bra.Set("Content-Type", "text/csv")
		wantError(t, f.c.do("POST", fmt.Sprintf("/api/v1/editions/%d/statements/import", target), strings.NewReader("delegation,language,text\nBRA,pt,x\n"), bra), 403, "forbidden", "")
		// A file saved by a spreadsheet, with a byte order mark and CRLF, imports.
		res = f.importFile(target, "text/csv; charset=utf-8", []byte("\uFEFFdelegation,language,text,session\r\nBRA,pt,\"Olá,\r\nmundo\",1\r\nCHN,zh,你好,\r\n"))
		if res.StatusCode != 201 {
			t.Fatalf("BOM and CRLF: %d %s", res.StatusCode, responseBytes(t, res))
		}
		if got := f.texts(t, target); len(got) != 2 {
			t.Errorf("BOM and CRLF import: %v", got)
		}
		wantError(t, f.importFile(target, "text/plain", []byte("x")), 400, "unsupported_content_type", "")
		huge := append([]byte("delegation,language,text\n"), bytes.Repeat([]byte("BRA,pt,"+strings.Repeat("x", 1000)+"\n"), 5300)...)
		wantError(t, f.importFile(target, "text/csv", huge), 413, "import_too_large", "")
	})
}

func TestImportPage(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newExchangeFixture(t, s)
		f.post(t, "PATCH", "/api/v1/me", `{"language": "fr"}`, 200)
		ui := s.client().signIn("sec@example.org")
		d := doc(t, ui.get(fmt.Sprintf("/editions/%d", f.ids.edition)))
		for _, id := range []string{"export-csv", "export-json", "feed-link", "import-link"} {
			one(t, d, "a", "id", id)
		}
		form := one(t, doc(t, ui.get(fmt.Sprintf("/editions/%d/import", f.ids.edition))), "form", "id", "import-form")
		if attr(form, "enctype") != "multipart/form-data" || len(find(form, "input", "type", "file", "name", "file")) != 1 || len(find(form, "select", "name", "format")) != 1 {
			t.Fatal("the import form lacks its file or format")
		}
		s.user("bra@example.org", account.Delegate)
		wantStatus(t, s.client().signIn("bra@example.org").get(fmt.Sprintf("/editions/%d/import", f.ids.edition)), 403)

		// Upload a file with an error: the page lists it by line, in French.
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("csrf", ui.csrf())
		mw.WriteField("format", "csv")
		fw, _ := mw.CreateFormFile("file", "record.csv")
		fw.Write([]byte("delegation,language,text\nBRA,pt,Um\nBRA,pt,Dois\nBRA,xx,Três\n"))
		mw.Close()
		res := ui.do("POST", fmt.Sprintf("/editions/%d/import", f.ids.edition), &buf, http.Header{"Content-Type": {mw.FormDataContentType()}})
		wantStatus(t, res, 400)
		row := one(t, one(t, doc(t, res), "table", "id", "import-errors"), "tr", "data-line", "4")
		if attr(row, "data-code") != "invalid_language" || !strings.Contains(text(row), "l’une des langues de travail") || strings.Contains(text(row), "Ligne") {
			t.Errorf("error row %q", text(row))
		}
		if got := f.texts(t, f.ids.edition); len(got) != 0 {
			t.Errorf("a failed upload wrote %d statements", len(got))
		}
		// A good file is imported, and the secretariat is sent to the edition.
		buf.Reset()
		mw = multipart.NewWriter(&buf)
		mw.WriteField("csrf", ui.csrf())
		mw.WriteField("format", "json")
		fw, _ = mw.CreateFormFile("file", "record.json")
		fw.Write([]byte(`[{"delegation": "BRA", "language": "pt", "text": "Um", "session": 1}]`))
		mw.Close()
		res = ui.do("POST", fmt.Sprintf("/editions/%d/import", f.ids.edition), &buf, http.Header{"Content-Type": {mw.FormDataContentType()}})
		wantStatus(t, res, 303)
		if got := f.texts(t, f.ids.edition); len(got) != 1 {
			t.Errorf("upload imported %d statements", len(got))
		}
	})
}

// With a public URL configured, absolute links come from it, not from the
// Host header a client sends.
func TestPublicURLMakesTheLinks(t *testing.T) {
	db := sqliteDB(t)
	accounts, err := account.NewService(db, fastHasher)
	if err != nil {
		t.Fatal(err)
	}
	public, _ := url.Parse("https://roundtable.example.org")
	srv, err := web.New(web.Options{DB: db, Accounts: accounts, Logger: quietLog(), PublicURL: public})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	for _, path := range []string{"/feeds/statements.atom", "/feeds/statements.atom?lang=zh"} {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Host = "attacker.example"
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body := string(responseBytes(t, res))
		if res.StatusCode != 200 || strings.Contains(body, "attacker.example") || !strings.Contains(body, "roundtable.example.org") {
			t.Errorf("%s with Host attacker.example: status %d\n%s", path, res.StatusCode, body[:min(len(body), 600)])
		}
	}
}
