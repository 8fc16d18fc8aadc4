package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// These tests close gaps mutation testing of the request wrappers found
// (docs/reliability.md, "Mutation testing"): each fails on a mutant the
// other tests let live.

// A bearer token with a character no token has (here an invisible format
// character) is refused before it reaches the database.
func TestBearerRefusesUnsafeTokens(t *testing.T) {
	for h, want := range map[string]string{
		"Bearer rt_ab":       "rt_ab",
		"Bearer rt_a\u200bb": "",
		"Bearer ":            "",
	} {
		r := httptest.NewRequest("GET", "/api/v1/account", nil)
		r.Header.Set("Authorization", h)
		if tok, given := bearer(r); tok != want || !given {
			t.Errorf("bearer(%q) = %q, %v; want %q, true", h, tok, given, want)
		}
	}
}

// A redirect target may be 2048 bytes long, not more, and must be a path
// as written, not only once decoded.
func TestSafeNextEdges(t *testing.T) {
	longest := "/" + strings.Repeat("a", maxNextLen-1)
	for next, want := range map[string]string{
		longest:       longest,
		longest + "a": "/",
		"%2Fsignin":   "/",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%.20q… %d bytes) = %.20q…, want %.20q…", next, len(next), got, want)
		}
	}
}

// A form post without a CSRF cookie is refused (not a crash), and a
// visitor's CSRF cookie is kept from 32 characters on, else replaced by
// one that lasts a year.
func TestCSRFCookieEdges(t *testing.T) {
	r := httptest.NewRequest("POST", "/account", nil)
	if checkCSRF(r, "some-token-without-a-cookie") {
		t.Fatal("a token without a cookie passed")
	}
	s := &Server{}
	for n, kept := range map[int]bool{31: false, 32: true, 43: true} {
		r := httptest.NewRequest("GET", "/", nil)
		old := strings.Repeat("x", n)
		r.AddCookie(&http.Cookie{Name: csrfCookie, Value: old})
		w := httptest.NewRecorder()
		tok := s.ensureCSRF(w, r)
		set := w.Header().Get("Set-Cookie")
		issued := set != ""
		if issued && !strings.Contains(set, "Max-Age=31536000;") {
			t.Errorf("new CSRF cookie %q, want Max-Age=31536000 (365 days)", set)
		}
		if (tok == old) != kept || issued == kept {
			t.Errorf("cookie of %d characters: kept %v, new cookie issued %v; want kept %v", n, tok == old, issued, kept)
		}
	}
}
