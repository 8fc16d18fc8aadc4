package web

import (
	"context"
	"net"
	"net/http"
	"strings"

	"roundtable/internal/account"
	"roundtable/internal/i18n"
)

// state is what the server learns about a request before its handler runs.
type state struct {
	user    *account.User // nil for a visitor
	session string        // session cookie value, when signed in by cookie
	lang    i18n.Lang
	csrf    string // the visitor's CSRF token (UI only)
}

type stateKey struct{}

func withState(r *http.Request, st *state) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
}

// stateOf returns the request's state; requests that never went through a
// route (a panic before it, say) get an empty one in English.
func stateOf(r *http.Request) *state {
	if st, ok := r.Context().Value(stateKey{}).(*state); ok {
		return st
	}
	return &state{lang: i18n.Negotiate(r.Header.Get("Accept-Language"))}
}

// chooseLang picks the reader's language: a signed-in user's preference,
// else the language cookie, else the browser's Accept-Language.
func chooseLang(r *http.Request, u *account.User) i18n.Lang {
	if u != nil && u.Language.Valid() {
		return u.Language
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := i18n.Parse(c.Value); ok {
			return l
		}
	}
	return i18n.Negotiate(r.Header.Get("Accept-Language"))
}

// clientAddr is the remote address without its port, for throttling.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// bearer returns the token of an "Authorization: Bearer" header.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}
