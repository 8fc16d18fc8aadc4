package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/web"
)

type apiErr struct {
	Error struct {
		Code, Message, Field string
	}
}

func decode[T any](t *testing.T, res *http.Response) T {
	t.Helper()
	var v T
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q, want JSON", ct)
	}
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func wantError(t *testing.T, res *http.Response, status int, code, field string) apiErr {
	t.Helper()
	if res.StatusCode != status {
		t.Errorf("status %d, want %d", res.StatusCode, status)
	}
	e := decode[apiErr](t, res)
	if e.Error.Code != code || e.Error.Field != field || e.Error.Message == "" {
		t.Errorf("error %+v, want code %q field %q and a message", e.Error, code, field)
	}
	return e
}

// token signs up a user of the role and returns a bearer header for them.
func (s *site) token(email string, role account.Role) http.Header {
	u := s.user(email, role)
	_, secret, err := s.accounts.CreateToken(context.Background(), u, "test")
	if err != nil {
		s.t.Fatal(err)
	}
	return http.Header{"Authorization": {"Bearer " + secret}, "Content-Type": {"application/json"}}
}

func TestCountriesAPI(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		type country struct {
			ISO3, ISO2 string
			Names      map[string]string
			Groups     []string
		}
		type page struct {
			Items                []country
			Total, Limit, Offset int
		}
		all := decode[page](t, c.get("/api/v1/countries?limit=200"))
		if all.Total != 34 || len(all.Items) != 34 {
			t.Fatalf("total %d, items %d", all.Total, len(all.Items))
		}
		for _, it := range all.Items {
			for _, l := range []string{"en", "es", "pt", "zh", "fr"} {
				if it.Names[l] == "" {
					t.Errorf("%s has no %s name", it.ISO3, l)
				}
			}
		}
		p := decode[page](t, c.get("/api/v1/countries?limit=10&offset=30"))
		if p.Total != 34 || len(p.Items) != 4 || p.Offset != 30 || p.Items[0].ISO3 <= all.Items[29].ISO3 {
			t.Fatalf("last page: %+v", p)
		}
		celac := decode[page](t, c.get("/api/v1/countries?group=CELAC&limit=200"))
		if celac.Total != 33 {
			t.Fatalf("CELAC has %d members", celac.Total)
		}
		chn := decode[country](t, c.get("/api/v1/countries/chn"))
		if chn.ISO2 != "CN" || chn.Names["zh"] != "中国" {
			t.Fatalf("China: %+v", chn)
		}
		wantError(t, c.get("/api/v1/countries/XXX"), 404, "not_found", "")
		wantError(t, c.get("/api/v1/countries?group=NATO"), 400, "unknown_group", "group")
	})
}

func TestAPIRejectsBadInputWithStableCodes(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		admin := s.token("admin@example.org", account.Administrator)
		for _, q := range []string{"limit=0", "limit=201", "limit=x", "offset=-1", "offset=", "limit="} {
			field := strings.Split(q, "=")[0]
			t.Run(q, func(t *testing.T) { wantError(t, c.get("/api/v1/countries?"+q), 400, "bad_pagination", field) })
		}
		post := func(body string) *http.Response { return c.do("POST", "/api/v1/users", strings.NewReader(body), admin) }
		wantError(t, post(`{"email": "x@example.org",`), 400, "bad_json", "")
		wantError(t, post(`{"email": "x@example.org"} {"again": 1}`), 400, "bad_json", "")
		wantError(t, post(`{"email": "x@example.org", "is_admin": true}`), 400, "unknown_field", "is_admin")
		wantError(t, post(`{"email": 7}`), 400, "wrong_type", "email")
		wantError(t, post(`{"email": "`+strings.Repeat("a", 300<<10)+`"}`), 413, "body_too_large", "")
		wantError(t, post(`{"email": "x@example.org", "display_name": "X", "role": "delegate"}`), 400, "invalid_delegation", "delegation")
		wantError(t, c.get("/api/v1/nothing-here"), 404, "not_found", "")
		// A known address asked with a method it does not take says which
		// it takes.
		res := c.do("DELETE", "/api/v1/search", nil, admin)
		wantError(t, res, 405, "method_not_allowed", "")
		if got := res.Header.Get("Allow"); got != "GET, HEAD" {
			t.Errorf("DELETE /api/v1/search: Allow %q, want GET, HEAD", got)
		}
		res = c.do("DELETE", "/api/v1/users/1", nil, admin)
		wantError(t, res, 405, "method_not_allowed", "")
		if got := res.Header.Get("Allow"); got != "GET, HEAD, PATCH" {
			t.Errorf("DELETE /api/v1/users/1: Allow %q, want GET, HEAD, PATCH", got)
		}
		// Nothing half-saved: only the administrator exists.
		var n int
		s.db.Reader().QueryRow(context.Background(), "SELECT count(*) FROM users").Scan(&n)
		if n != 1 {
			t.Fatalf("%d users after rejected requests", n)
		}
	})
}

func TestAPIErrorsSpeakTheCallersLanguage(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		en := wantError(t, c.do("GET", "/api/v1/countries?limit=0", nil, http.Header{"Accept-Language": {"en"}}), 400, "bad_pagination", "limit")
		zh := wantError(t, c.do("GET", "/api/v1/countries?limit=0", nil, http.Header{"Accept-Language": {"zh-CN,zh;q=0.9"}}), 400, "bad_pagination", "limit")
		if en.Error.Message == zh.Error.Message || !regexp.MustCompile(`\p{Han}`).MatchString(zh.Error.Message) {
			t.Fatalf("zh message %q is not Chinese (en %q)", zh.Error.Message, en.Error.Message)
		}
	})
}

// TestErrorsFollowTheUsersPreference: a signed-in user's stored language
// wins over the browser's for API errors too.
func TestErrorsFollowTheUsersPreference(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	h := s.token("zh@example.org", account.Observer)
	c := s.client()
	c.do("PATCH", "/api/v1/me", strings.NewReader(`{"language": "zh"}`), h)
	h.Set("Accept-Language", "en")
	e := wantError(t, c.do("PATCH", "/api/v1/me", strings.NewReader(`{"language": `), h), 400, "bad_json", "")
	if !regexp.MustCompile(`\p{Han}`).MatchString(e.Error.Message) {
		t.Fatalf("error for a Chinese-speaking user is %q", e.Error.Message)
	}
}

func TestUnknownErrorsRevealNothing(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	s.db.Close() // every query now fails inside the server
	res := s.client().get("/api/v1/countries")
	e := wantError(t, res, 500, "internal", "")
	if strings.Contains(strings.ToLower(e.Error.Message), "sql") || strings.Contains(e.Error.Message, "closed") {
		t.Fatalf("500 leaks detail: %q", e.Error.Message)
	}
}

func TestAccountAndTokensAPI(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		h := s.token("delegate@example.org", account.Delegate)
		me := decode[map[string]any](t, c.do("GET", "/api/v1/me", nil, h))
		if me["email"] != "delegate@example.org" || me["role"] != "delegate" || me["delegation"] != "BRA" {
			t.Fatalf("me: %v", me)
		}
		res := c.do("PATCH", "/api/v1/me", strings.NewReader(`{"language": "pt", "display_name": "Delegada"}`), h)
		me = decode[map[string]any](t, res)
		if me["language"] != "pt" || me["display_name"] != "Delegada" {
			t.Fatalf("after PATCH: %v", me)
		}
		wantError(t, c.do("PATCH", "/api/v1/me", strings.NewReader(`{"role": "administrator"}`), h), 400, "unknown_field", "role")
		wantError(t, c.do("PATCH", "/api/v1/me", strings.NewReader(`{"language": "de"}`), h), 400, "invalid_language", "language")

		created := decode[map[string]any](t, c.do("POST", "/api/v1/tokens", strings.NewReader(`{"name": "laptop"}`), h))
		secret, _ := created["token"].(string)
		if !strings.HasPrefix(secret, "rt_") {
			t.Fatalf("created token: %v", created)
		}
		list := decode[map[string]any](t, c.do("GET", "/api/v1/tokens", nil, h))
		if items, _ := list["items"].([]any); len(items) != 2 {
			t.Fatalf("tokens: %v", list)
		}
		id := int(created["id"].(float64))
		other := http.Header{"Authorization": {"Bearer " + secret}}
		if res := c.do("DELETE", "/api/v1/tokens/"+itoa(id), nil, h); res.StatusCode != 204 {
			t.Fatalf("revoke: %d", res.StatusCode)
		}
		wantError(t, c.do("GET", "/api/v1/me", nil, other), 401, "unauthenticated", "")
		wantError(t, c.do("GET", "/api/v1/me", nil, http.Header{"Authorization": {"Bearer rt_forged"}}), 401, "unauthenticated", "")
	})
}

func TestUsersAPIForTheSecretariat(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		admin := s.token("admin@example.org", account.Administrator)
		res := c.do("POST", "/api/v1/users", strings.NewReader(`{"email": "chn@example.org", "display_name": "中国代表", "role": "delegate", "delegation": "CHN", "language": "zh"}`), admin)
		if res.StatusCode != 201 {
			t.Fatalf("create: %d", res.StatusCode)
		}
		u := decode[map[string]any](t, res)
		pw, _ := u["one_time_password"].(string)
		if len(pw) < 12 {
			t.Fatalf("one-time password %q", pw)
		}
		if _, _, err := s.accounts.SignIn(context.Background(), "chn@example.org", pw, "t"); err != nil {
			t.Fatalf("the one-time password does not sign in: %v", err)
		}
		id := itoa(int(u["id"].(float64)))
		res = c.do("PATCH", "/api/v1/users/"+id, strings.NewReader(`{"role": "observer", "delegation": ""}`), admin)
		if got := decode[map[string]any](t, res); got["role"] != "observer" || got["delegation"] != nil {
			t.Fatalf("after role change: %v", got)
		}
		wantError(t, c.do("PATCH", "/api/v1/users/999999", strings.NewReader(`{}`), admin), 404, "not_found", "")
		wantError(t, c.do("POST", "/api/v1/users", strings.NewReader(`{"email": "CHN@example.org", "display_name": "again", "role": "observer"}`), admin), 400, "email_taken", "email")
	})
}

// TestOpenAPIDescribesExactlyTheRoutes keeps the published document true:
// every API route is in it, and it promises no route that does not exist.
func TestOpenAPIDescribesExactlyTheRoutes(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
		Servers []struct{ URL string }
	}
	res := s.client().get("/api/v1/openapi.json")
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || len(doc.Servers) != 1 {
		t.Fatalf("openapi %q servers %v", doc.OpenAPI, doc.Servers)
	}
	var documented, served []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+doc.Servers[0].URL+p)
		}
	}
	for _, r := range web.Routes() {
		if r.Method != "" && strings.HasPrefix(r.Path, "/api/") {
			served = append(served, r.Method+" "+r.Path)
		}
	}
	sort.Strings(documented)
	sort.Strings(served)
	if strings.Join(documented, "\n") != strings.Join(served, "\n") {
		t.Fatalf("OpenAPI paths differ from the routes:\ndocumented:\n%s\nserved:\n%s", strings.Join(documented, "\n"), strings.Join(served, "\n"))
	}
}

// The secretariat disables an account through the API: the account's own
// token stops working at once, and the users page marks it.
func TestDisablingAnAccount(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		admin := s.token("admin@example.org", account.Administrator)
		obs := s.token("obs@example.org", account.Observer)
		if res := c.do("GET", "/api/v1/me", nil, obs); res.StatusCode != 200 {
			t.Fatalf("observer's token before: %d", res.StatusCode)
		}
		me := decode[account.User](t, c.do("GET", "/api/v1/me", nil, admin))
		wantError(t, c.do("PATCH", fmt.Sprintf("/api/v1/users/%d", me.ID), strings.NewReader(`{"disabled": true}`), admin), 400, "cannot_disable_self", "disabled")
		o, err := s.accounts.GetByEmail(context.Background(), "obs@example.org")
		if err != nil {
			t.Fatal(err)
		}
		res := c.do("PATCH", fmt.Sprintf("/api/v1/users/%d", o.ID), strings.NewReader(`{"disabled": true}`), admin)
		if got := decode[account.User](t, res); res.StatusCode != 200 || !got.Disabled {
			t.Fatalf("disable: %d %+v", res.StatusCode, got)
		}
		wantError(t, c.do("GET", "/api/v1/me", nil, obs), 401, "unauthenticated", "")
		page := s.client().signIn("admin@example.org")
		if body := string(responseBytes(t, page.get("/admin/users"))); !strings.Contains(body, fmt.Sprintf(`id="disabled-%d"`, o.ID)) || !strings.Contains(body, fmt.Sprintf(`id="enable-%d"`, o.ID)) {
			t.Errorf("users page does not mark the disabled account")
		}
		// And enables it again from the page.
		if res := page.postForm(fmt.Sprintf("/admin/users/%d/disabled", o.ID), url.Values{"disabled": {"false"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("enable from the page: %d", res.StatusCode)
		}
		if o, _ := s.accounts.GetByEmail(context.Background(), "obs@example.org"); o.Disabled {
			t.Error("still disabled after enabling from the page")
		}
	})
}
