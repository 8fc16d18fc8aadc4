package web_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roundtable/internal/account"
)

// U+0000 and bytes that are not UTF-8 are refused at the edge, the same way
// on both engines: PostgreSQL cannot store them (it answered 500), SQLite
// would have stored them. Nothing reaches the database.
func TestNULIsRefusedAtTheEdgeOnEveryEngine(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		admin := s.token("admin@example.org", account.Administrator)
		r := setupRecord(t, s, c, admin)
		s.user("chair@example.org", account.Chair)

		// Sign-in form: the e-mail, then a form value that is not UTF-8.
		for _, email := range []string{"chair\x00@example.org", "chair\xff@example.org"} {
			res := s.client().postForm("/signin", url.Values{"email": {email}, "password": {testPassword}})
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("sign-in with e-mail %q: %d, want 400", email, res.StatusCode)
			}
		}
		// A country code in the path, on the API and on the page.
		wantError(t, c.get("/api/v1/countries/BR%00A"), 400, "invalid_text", "iso3")
		wantError(t, c.get("/api/v1/countries/BR%FFA"), 400, "invalid_utf8", "iso3")
		if res := c.get("/countries/BR%00A"); res.StatusCode != http.StatusBadRequest {
			t.Errorf("country page with NUL: %d, want 400", res.StatusCode)
		}
		// A query value, refused before search (which this site lacks) runs.
		wantError(t, c.get("/api/v1/search?q=a%00b"), 400, "invalid_text", "q")

		// Statement text, a translation, a member's name, a token's name.
		stmt := func(text string) string {
			return fmt.Sprintf(`{"edition_id": %d, "delegation_id": %d, "language": "pt", "text": "%s", "visibility": "public"}`, r.edition, r.bra, text)
		}
		wantError(t, c.do("POST", "/api/v1/statements", strings.NewReader(stmt(`a\u0000b`)), admin), 400, "invalid_text", "text")
		res := c.do("POST", "/api/v1/statements", strings.NewReader(stmt("Texto válido.")), admin)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("valid statement: %d", res.StatusCode)
		}
		id := int64(decode[map[string]any](t, res)["id"].(float64))
		wantError(t, c.do("PUT", fmt.Sprintf("/api/v1/statements/%d/translations/en", id), strings.NewReader(`{"text": "Valid\u0000text"}`), admin),
			400, "invalid_text", "text")
		wantError(t, c.do("PUT", fmt.Sprintf("/api/v1/statements/%d/translations/e%%00n", id), strings.NewReader(`{"text": "Valid"}`), admin),
			400, "invalid_text", "lang")
		wantError(t, c.do("POST", fmt.Sprintf("/api/v1/delegations/%d/members", r.bra), strings.NewReader(`{"name": "Ana\u0000Lima", "role": "head"}`), admin),
			400, "invalid_text", "name")
		wantError(t, c.do("POST", "/api/v1/tokens", strings.NewReader(`{"name": "laptop\u0000"}`), admin), 400, "invalid_text", "name")
		wantError(t, c.do("POST", "/api/v1/editions", strings.NewReader(`{"titles": {"en\u0000": "x"}}`), admin), 400, "invalid_text", "titles.en\x00")

		// A Bearer token with a NUL: Go's server refuses the header
		// itself, before any handler, with a 400.
		conn, err := net.Dial("tcp", s.srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer rt_abc\x00def\r\nConnection: close\r\n\r\n")
		raw, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		raw.Body.Close()
		if raw.StatusCode != http.StatusBadRequest {
			t.Errorf("Bearer token with NUL: %d, want 400", raw.StatusCode)
		}

		// Nothing was stored: one statement, without translations; no
		// member; the one token of the harness.
		type list struct{ Items []any }
		if n := len(decode[list](t, c.do("GET", fmt.Sprintf("/api/v1/statements?edition=%d", r.edition), nil, admin)).Items); n != 1 {
			t.Errorf("%d statements, want 1", n)
		}
		var st struct{ Translations []any }
		st = decode[struct{ Translations []any }](t, c.do("GET", fmt.Sprintf("/api/v1/statements/%d", id), nil, admin))
		if len(st.Translations) != 0 {
			t.Errorf("translations stored: %v", st.Translations)
		}
		var d struct{ Members []any }
		d = decode[struct{ Members []any }](t, c.do("GET", fmt.Sprintf("/api/v1/delegations/%d", r.bra), nil, admin))
		if len(d.Members) != 0 {
			t.Errorf("members stored: %v", d.Members)
		}
		if n := len(decode[list](t, c.do("GET", "/api/v1/tokens", nil, admin)).Items); n != 1 {
			t.Errorf("%d tokens, want 1", n)
		}
	})
}

// The API is as strict as docs/api.md says, for every route at once: a
// required field must be sent, the body must be one object, keys must be
// spelt exactly, the text must be UTF-8 (and say so, if it names a
// charset), and a sent Authorization header must carry a Bearer token.
func TestAPIInputIsStrict(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		admin := s.token("admin@example.org", account.Administrator)
		r := setupRecord(t, s, c, admin)
		accredit := fmt.Sprintf("/api/v1/delegations/%d/accreditation", r.bra)
		for body, want := range map[string][2]string{
			`{}`:                       {"required", "accredited"},
			`{"accredited": null}`:     {"required", "accredited"},
			`{"Accredited": false}`:    {"unknown_field", "Accredited"},
			`{"ACCREDITED": false}`:    {"unknown_field", "ACCREDITED"},
			`null`:                     {"bad_json", ""},
			`[]`:                       {"bad_json", ""},
			`"accredited"`:             {"bad_json", ""},
			`{"accredited": false} {}`: {"bad_json", ""},
		} {
			wantError(t, c.do("PUT", accredit, strings.NewReader(body), admin), 400, want[0], want[1])
		}
		var d struct{ Accredited bool }
		if d = decode[struct{ Accredited bool }](t, c.get(fmt.Sprintf("/api/v1/delegations/%d", r.bra))); !d.Accredited {
			t.Error("a refused body removed the accreditation")
		}

		// Keys spelt otherwise, in nested objects too, and text that is
		// not UTF-8 (which the decoder would have replaced with U+FFFD).
		wantError(t, c.do("PATCH", "/api/v1/me", strings.NewReader(`{"Display_Name": "X"}`), admin), 400, "unknown_field", "Display_Name")
		wantError(t, c.do("POST", "/api/v1/forums", strings.NewReader(`{"slug": "f", "names": {"en": "F"}, "Slug": "g"}`), admin), 400, "unknown_field", "Slug")
		wantError(t, c.do("PATCH", "/api/v1/me", strings.NewReader("{\"display_name\": \"Ana \xff\"}"), admin), 400, "invalid_utf8", "")
		me := decode[struct {
			DisplayName string `json:"display_name"`
		}](t, c.do("GET", "/api/v1/me", nil, admin))
		if me.DisplayName != "admin" {
			t.Errorf("display name now %q", me.DisplayName)
		}

		// Charsets: UTF-8 in any spelling, or none; anything else refused.
		for ct, want := range map[string]string{
			"application/json; charset=iso-8859-1": "unsupported_charset",
			"application/json; charset=utf-16":     "unsupported_charset",
			"application/jsonp":                    "unsupported_content_type",
			"text/plain":                           "unsupported_content_type",
			"application/json; charset=UTF-8":      "",
			"application/json;charset=utf-8":       "",
			"application/json":                     "",
		} {
			h := http.Header{"Authorization": admin["Authorization"], "Content-Type": {ct}}
			res := c.do("PATCH", "/api/v1/me", strings.NewReader(`{"display_name": "admin"}`), h)
			if want == "" {
				if res.StatusCode != http.StatusOK {
					t.Errorf("Content-Type %q: %d, want 200", ct, res.StatusCode)
				}
				continue
			}
			field := ""
			if want == "unsupported_charset" {
				field = "charset"
			}
			wantError(t, res, 400, want, field)
		}

		// A sent Authorization header that is not a usable Bearer token
		// is a failed sign-in, not an anonymous request.
		for _, h := range []string{"", "Basic YWRtaW46cGFzc3dvcmQ=", "Bearer", "Bearer ", "Token rt_abc", "bearer\trt_abc"} {
			wantError(t, c.do("GET", "/api/v1/countries", nil, http.Header{"Authorization": {h}}), 401, "unauthenticated", "")
		}
		wantError(t, c.do("GET", "/api/v1/countries", nil, http.Header{"Authorization": {admin.Get("Authorization"), admin.Get("Authorization")}}), 401, "unauthenticated", "")
		if res := c.do("GET", "/api/v1/countries", nil, http.Header{"Authorization": admin["Authorization"]}); res.StatusCode != http.StatusOK {
			t.Errorf("a good token: %d", res.StatusCode)
		}
		if res := c.get("/api/v1/countries"); res.StatusCode != http.StatusOK {
			t.Errorf("no header: %d", res.StatusCode)
		}

		// Search filters that cannot be values: 400 with their code,
		// checked before the search runs (this site has none: 503).
		for q, want := range map[string][2]string{
			"from=2025-02-01&to=2025-01-31": {"ends_before_start", "to"},
			"language=xx":                   {"invalid_language", "language"},
			"language=pt-BR":                {"invalid_language", "language"},
			"type=speech":                   {"invalid_type", "type"},
		} {
			wantError(t, c.get("/api/v1/search?"+q), 400, want[0], want[1])
		}
		for _, q := range []string{"from=2025-01-31&to=2025-01-31", "language=zh&type=udhr", "type=statement"} {
			wantError(t, c.get("/api/v1/search?"+q), 503, "search_unavailable", "")
		}
	})
}

// The last enabled administrator cannot step down, through the API or the
// users page, which says why.
func TestTheLastAdministratorCannotLockTheSite(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		admin := s.token("admin@example.org", account.Administrator)
		me := decode[account.User](t, c.do("GET", "/api/v1/me", nil, admin))
		wantError(t, c.do("PATCH", fmt.Sprintf("/api/v1/users/%d", me.ID), strings.NewReader(`{"role": "observer"}`), admin), 409, "last_administrator", "")

		// The page speaks the administrator's language.
		if res := c.do("PATCH", "/api/v1/me", strings.NewReader(`{"language": "es"}`), admin); res.StatusCode != http.StatusOK {
			t.Fatalf("language: %d", res.StatusCode)
		}
		page := s.client().signIn("admin@example.org")
		res := page.postForm(fmt.Sprintf("/admin/users/%d", me.ID), url.Values{"role": {"observer"}})
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("users page: %d, want 409", res.StatusCode)
		}
		msg := text(one(t, doc(t, res), "p", "id", "users-error"))
		if !strings.HasPrefix(msg, "Es la última cuenta habilitada de la secretaría") {
			t.Errorf("users page says %q", msg)
		}
		if u := decode[account.User](t, c.do("GET", "/api/v1/me", nil, admin)); u.Role != account.Administrator {
			t.Errorf("role now %s", u.Role)
		}
		// With a second administrator, the first may step down.
		s.user("other@example.org", account.Administrator)
		if res := c.do("PATCH", fmt.Sprintf("/api/v1/users/%d", me.ID), strings.NewReader(`{"role": "observer"}`), admin); res.StatusCode != http.StatusOK {
			t.Errorf("stepping down beside another administrator: %d", res.StatusCode)
		}
	})
}

// An imported file with a NUL or bytes that are not UTF-8 fails by line and
// column on both engines, with the other lines' faults, and nothing is
// imported.
func TestImportRefusesNULByLine(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newExchangeFixture(t, s)
		csv := "delegation,language,text,session\n" +
			"BRA,pt,Texto com nulo\x00aqui,1\n" +
			"BRA,pt,Texto válido,x\n" +
			"CHN,zh,\xff\xfe,1\n"
		res := f.importFile(f.ids.edition, "text/csv", []byte(csv))
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("status %d, want 400", res.StatusCode)
		}
		e := decode[struct {
			Error struct {
				Code    string
				Details []struct {
					Line        int
					Field, Code string
				}
			}
		}](t, res)
		got := fmt.Sprint(e.Error.Details)
		if want := "[{2 text invalid_text} {3 session invalid_number} {4 text invalid_utf8}]"; e.Error.Code != "import_failed" || got != want {
			t.Errorf("%s %s, want import_failed %s", e.Error.Code, got, want)
		}
		if n := len(f.texts(t, f.ids.edition)); n != 0 {
			t.Errorf("%d statements imported", n)
		}
		res = f.importFile(f.ids.edition, "application/json", []byte(`[{"delegation": "BRA", "language": "pt", "text": "nulo\u0000"}]`))
		wantError(t, res, 400, "import_failed", "")
	})
}
