package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"time"

	"roundtable/internal/account"
)

const (
	sessionCookie = "rt_session"
	csrfCookie    = "rt_csrf"
	langCookie    = "rt_lang"
	flashCookie   = "rt_flash"
)

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Server) setSession(w http.ResponseWriter, token string) {
	s.setCookie(w, sessionCookie, token, account.SessionLifetime)
}

// ensureCSRF returns the visitor's CSRF token, issuing one in a cookie if
// they have none. Every form carries it back as a hidden field (the
// double-submit pattern); http.CrossOriginProtection adds an Origin check.
func (s *Server) ensureCSRF(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	b := make([]byte, 32)
	rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	s.setCookie(w, csrfCookie, tok, oneYear)
	return tok
}

// checkCSRF compares the submitted token with the cookie in constant time.
func checkCSRF(r *http.Request, submitted string) bool {
	c, err := r.Cookie(csrfCookie)
	if err != nil || c.Value == "" || submitted == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(submitted)) == 1
}

// flash carries one message key across a redirect (Post/Redirect/Get). Only
// keys of the catalog are shown, so the cookie cannot inject text.
func (s *Server) flash(w http.ResponseWriter, key string) {
	s.setCookie(w, flashCookie, key, time.Minute)
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	s.clearCookie(w, flashCookie)
	if !s.catalog.Has("en", c.Value) {
		return ""
	}
	return c.Value
}

const oneYear = 365 * 24 * time.Hour
