package web_test

import (
	"net/http"
	"testing"

	"roundtable/internal/account"
)

// These tests close gaps mutation testing of the request wrappers found
// (docs/reliability.md, "Mutation testing"): each fails on a mutant the
// other tests let live.

// setCookie returns the Set-Cookie of res named name, or nil.
func setCookie(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Signing out deletes the session cookie at once (Max-Age=0), rather than
// leaving it to expire later.
func TestSignOutDeletesTheSessionCookie(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.user("o@example.org", account.Observer)
		c := s.client().signIn("o@example.org")
		res := c.postForm("/signout", nil)
		wantStatus(t, res, 303)
		ck := setCookie(res, "rt_session")
		if ck == nil || ck.Value != "" || ck.MaxAge >= 0 || !ck.HttpOnly {
			t.Fatalf("sign-out: Set-Cookie %v, want rt_session deleted (Max-Age=0)", ck)
		}
	})
}
