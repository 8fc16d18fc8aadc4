package web

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

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

// chooseLang picks the reader's language: the one chosen in this browser
// with the switcher (the rt_lang cookie, which signing in keeps), else a
// signed-in user's preference, else the browser's Accept-Language. A
// signed-in switch also updates the preference, so the two differ only
// when a language was chosen before signing in; the page after sign-in
// then offers to make it the preference.
func chooseLang(r *http.Request, u *account.User) i18n.Lang {
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := i18n.Parse(c.Value); ok {
			return l
		}
	}
	if u != nil && u.Language.Valid() {
		return u.Language
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

// bearer returns the token of an "Authorization: Bearer" header, and
// whether the header was sent at all. A header that is sent but empty, of
// another scheme (Basic, say), given twice or with no token answers ""
// and true: the caller meant to authenticate and failed, so it is a 401,
// not a quiet fall back to anonymous.
func bearer(r *http.Request) (token string, given bool) {
	hs, given := r.Header["Authorization"]
	if !given {
		return "", false
	}
	if len(hs) != 1 {
		return "", true
	}
	h := hs[0]
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		tok := strings.TrimSpace(h[7:])
		if tok != "" && !strings.ContainsFunc(tok, unsafeInPath) {
			return tok, true
		}
	}
	return "", true
}

// maxNextLen bounds a redirect target; a longer one falls back to "/".
const maxNextLen = 2048

// safeNext returns next if it is a path on this site, else "/". It is the
// one check of every redirect target a request chooses (after sign-in, after
// the language switch). Browsers strip tabs and newlines from a Location and
// read a backslash as a slash, so "/\t/evil.example" or "/\\evil.example"
// would lead to another host: anything but a plain path, with no control,
// space or format character and no backslash, even percent-encoded, is
// refused rather than repaired.
func safeNext(next string) string {
	if !localPath(next) {
		return "/"
	}
	return next
}

func localPath(next string) bool {
	if len(next) == 0 || len(next) > maxNextLen || next[0] != '/' || !utf8.ValidString(next) {
		return false
	}
	if len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return false
	}
	if strings.ContainsFunc(next, unsafeInPath) {
		return false
	}
	// The path decoded must pass too: a proxy or a browser that decodes
	// %09 or %5C before resolving would otherwise see "/\t/host".
	path, _, _ := strings.Cut(next, "?")
	path, _, _ = strings.Cut(path, "#")
	decoded, err := url.PathUnescape(path)
	if err != nil || strings.HasPrefix(decoded, "//") || strings.HasPrefix(decoded, "/\\") ||
		!utf8.ValidString(decoded) || strings.ContainsFunc(decoded, unsafeInPath) {
		return false
	}
	u, err := url.Parse(next)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == "" && strings.HasPrefix(u.Path, "/")
}

// unsafeInPath is a character a redirect target never needs and a browser
// may drop or reinterpret: controls, spaces (of any script), invisible
// format characters, and the backslash.
func unsafeInPath(c rune) bool {
	return c == '\\' || unicode.IsControl(c) || unicode.IsSpace(c) || unicode.Is(unicode.Cf, c) || c == utf8.RuneError
}
