package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"roundtable/internal/account"
)

// After sign-in and after the language switch the browser goes where the
// form's next field says, but only to a path of this site: a tab, a
// backslash or a second slash would let a browser resolve it to another host.
func TestRedirectsAfterSignInAndLanguageStayOnTheSite(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.user("chair@example.org", account.Chair)
		cases := []struct{ next, want string }{
			{"/\t/evil.example/x", "/"}, // what ?next=/%09/evil.example/x decodes to
			{"/\r\n/evil.example/x", "/"},
			{"/%5C/evil.example", "/"},
			{"//evil.example", "/"},
			{"/\\evil.example", "/"},
			{"https://evil.example/", "/"},
			{"/\u3000/evil.example", "/"},
			{"/editions?limit=5", "/editions?limit=5"},
		}
		for _, tc := range cases {
			c := s.client()
			res := c.postForm("/signin", url.Values{"email": {"chair@example.org"}, "password": {testPassword}, "next": {tc.next}})
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tc.want {
				t.Errorf("sign-in with next %q: %d to %q, want 303 to %q", tc.next, res.StatusCode, res.Header.Get("Location"), tc.want)
			}
			res = s.client().postForm("/language", url.Values{"lang": {"es"}, "next": {tc.next}})
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tc.want {
				t.Errorf("language with next %q: %d to %q, want 303 to %q", tc.next, res.StatusCode, res.Header.Get("Location"), tc.want)
			}
		}
		// A page that needs signing in sends the visitor to the form with
		// the whole address, query included, as one encoded value.
		res := s.client().get("/account?a=1&b=2")
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/signin?next=%2Faccount%3Fa%3D1%26b%3D2" {
			t.Errorf("anonymous /account: %d to %q", res.StatusCode, loc)
		}
	})
}
