package web

import (
	"context"
	"net"
	"net/http"
	"net/netip"
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

// clientAddr is the address of the client, without its port, for
// throttling: the TCP peer's, unless that peer is one of the trusted
// proxies, in which case it is the nearest address in X-Forwarded-For that
// is not a trusted proxy. Addresses further left were written by whoever
// spoke to the first proxy, so they are never believed over nearer ones.
func (s *Server) clientAddr(r *http.Request) string {
	peer, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		peer = r.RemoteAddr
	}
	a, err := netip.ParseAddr(peer)
	if err != nil || !s.trustedProxy(a) {
		return peer
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if hop == "" {
			continue
		}
		a, err := netip.ParseAddr(hop)
		if err != nil {
			return peer // a header no proxy of ours wrote
		}
		if !s.trustedProxy(a) {
			return a.Unmap().String()
		}
	}
	return peer
}

// trustedProxy reports whether a is in one of the --trusted-proxies.
func (s *Server) trustedProxy(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.trustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// bearer returns the token of an "Authorization: Bearer" header.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}
