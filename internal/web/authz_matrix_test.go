package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/web"
)

// TestEveryRouteWithEveryRole walks the whole route table with a visitor and
// each role, checking the answer a person or program would get: allowed
// requests are served, a visitor is sent to sign in (UI) or told 401 (API),
// and a signed-in user without the right gets 403.
func TestEveryRouteWithEveryRole(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		roles := append([]account.Role{authz.Anonymous}, account.Roles...)
		users := map[account.Role]account.User{}
		for _, r := range account.Roles {
			users[r] = s.user(string(r)+"@example.org", r)
		}
		for _, rt := range web.Routes() {
			if rt.Method == "" {
				continue // the not-found catch-alls
			}
			for _, role := range roles {
				name := fmt.Sprintf("%s %s as %q", rt.Method, rt.Path, role)
				c := s.client()
				if role != authz.Anonymous {
					c.signIn(users[role].Email)
				}
				// A throwaway target, so actions such as a password reset
				// never touch the accounts the test signs in with.
				target := s.user(fmt.Sprintf("target-%d@example.org", s.counter()), account.Observer)
				path := strings.NewReplacer("{iso3}", "BRA", "{id}", fmt.Sprint(target.ID), "{$}", "").Replace(rt.Path)
				res := request(c, rt.Method, path)
				allowed := authz.Allowed(role, rt.Action)
				api := strings.HasPrefix(path, "/api/")
				switch {
				case allowed && rt.Action == authz.SignIn && res.StatusCode == 401:
					// An empty sign-in form is answered "wrong e-mail or password".
				case allowed && (res.StatusCode == 401 || res.StatusCode == 403):
					t.Errorf("%s: allowed but got %d", name, res.StatusCode)
				case allowed && !api && res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/signin"):
					t.Errorf("%s: allowed but sent to sign in", name)
				case !allowed && role == authz.Anonymous && api && res.StatusCode != 401:
					t.Errorf("%s: visitor got %d, want 401", name, res.StatusCode)
				case !allowed && role == authz.Anonymous && !api && (res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/signin")):
					t.Errorf("%s: visitor got %d to %q, want a redirect to sign in", name, res.StatusCode, res.Header.Get("Location"))
				case !allowed && role != authz.Anonymous && res.StatusCode != 403:
					t.Errorf("%s: got %d, want 403", name, res.StatusCode)
				}
			}
		}
	})
}

func request(c *client, method, path string) *http.Response {
	switch {
	case method == "GET":
		return c.get(path)
	case strings.HasPrefix(path, "/api/"):
		h := http.Header{"Content-Type": {"application/json"}, "X-Csrf-Token": {c.csrf()}}
		return c.do(method, path, strings.NewReader("{}"), h)
	default:
		return c.postForm(path, url.Values{})
	}
}

func TestEveryRouteNamesAKnownAction(t *testing.T) {
	for _, rt := range web.Routes() {
		if !authz.Known(rt.Action) {
			t.Errorf("%s %s: action %q is not in the policy", rt.Method, rt.Path, rt.Action)
		}
	}
}
