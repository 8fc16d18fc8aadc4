package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/commitment"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

// maxFormBytes bounds every request body; the API has its own, smaller bound.
const maxFormBytes = 1 << 20

// maxUploadBytes bounds a multipart form: an import file of 5 MB and the
// fields around it.
const maxUploadBytes = 5<<20 + 64<<10

var errCSRF = errs.ErrCSRF

// bigUploads are the routes that take files larger than maxUploadBytes:
// indicator files (the World Bank's whole WDI is about 280 MB), UN
// recommendation files, and the report and practice forms that carry
// documents. The form
// parser keeps 1 MB in memory and the rest of a file on disk.
var bigUploads = map[string]int64{
	"/evidence/import":              maxIndicatorFileBytes,
	"/recommendations/import":       commitment.MaxRecommendationFileBytes + 64<<10,
	"/commitments/{id}/reports/new": maxDocumentFormBytes,
	"/reports/{id}":                 maxDocumentFormBytes,
	"/practices":                    maxDocumentFormBytes,
	"/practices/{id}":               maxDocumentFormBytes,
}

// uploadLimit is the most a multipart form to rt may carry.
func uploadLimit(rt route) int64 {
	if n, ok := bigUploads[rt.path]; ok && rt.method == http.MethodPost {
		return n
	}
	return maxUploadBytes
}

// page wraps a UI route: identify the visitor by session cookie, choose the
// language, check the action, then run the handler and render its error.
func (s *Server) page(rt route) http.Handler {
	return s.observe(rt, func(w http.ResponseWriter, r *http.Request) error {
		st := stateOf(r)
		if err := checkURL(r); err != nil {
			return err
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			u, err := s.accounts.SessionUser(r.Context(), c.Value)
			switch {
			case err == nil:
				st.user, st.session = &u, c.Value
			case errs.Is(err, errs.Unauthenticated):
				s.clearCookie(w, sessionCookie) // expired or ended elsewhere
			default:
				return err
			}
		}
		st.lang = chooseLang(r, st.user)
		st.csrf = s.ensureCSRF(w, r)
		// Multipart forms carry uploads (the statement import), so they
		// may be larger; their CSRF field is read from the parsed parts.
		upload := strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
		limit := int64(maxFormBytes)
		if upload {
			limit = uploadLimit(rt)
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if r.Method == http.MethodPost {
			parse := r.ParseForm
			if upload {
				parse = func() error { return r.ParseMultipartForm(maxFormBytes) }
			}
			if err := parse(); err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					return errs.ErrTooLarge
				}
				return errs.New(errs.Invalid, "bad_form", "error.invalid")
			}
			if err := checkValues(r.PostForm); err != nil {
				return err
			}
			if !checkCSRF(r, r.PostForm.Get("csrf")) {
				return errCSRF
			}
		}
		if st.user != nil && st.user.MustChangePassword && !beforePasswordChange(rt) {
			mustChangePassword(w, r) // signed in with a one-time password
			return nil
		}
		if err := authorize(st.user, rt.action); err != nil {
			if errs.Is(err, errs.Unauthenticated) {
				http.Redirect(w, r, "/signin?next="+url.QueryEscape(safeNext(r.URL.RequestURI())), http.StatusSeeOther)
				return nil
			}
			return err
		}
		return rt.handle(w, r)
	})
}

// api wraps a JSON API route: identify the caller by bearer token (or by
// session cookie, for the site's own scripts, with a CSRF header on
// writes), check the action, run the handler, and answer errors in JSON.
func (s *Server) api(rt route) http.Handler {
	return s.observe(rt, func(w http.ResponseWriter, r *http.Request) error {
		st := stateOf(r)
		if err := checkURL(r); err != nil {
			return err
		}
		tok, given := bearer(r)
		if given {
			if tok == "" {
				return errs.ErrUnauthenticated
			}
			u, err := s.accounts.TokenUser(r.Context(), tok)
			if err != nil {
				return err
			}
			st.user = &u
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			if u, err := s.accounts.SessionUser(r.Context(), c.Value); err == nil {
				st.user, st.session = &u, c.Value
				if r.Method != http.MethodGet && r.Method != http.MethodHead && !checkCSRF(r, r.Header.Get("X-CSRF-Token")) {
					return errCSRF
				}
			}
		}
		st.lang = chooseLang(r, st.user)
		if st.user != nil && st.user.MustChangePassword {
			return account.ErrPasswordChangeRequired // choose one on the site first
		}
		if err := authorize(st.user, rt.action); err != nil {
			return err
		}
		return rt.handle(w, r)
	})
}

// authorize is the single authorization check of every route.
func authorize(u *account.User, a authz.Action) error {
	role := authz.Anonymous
	if u != nil {
		role = u.Role
	}
	if authz.Allowed(role, a) {
		return nil
	}
	if u == nil {
		return errs.ErrUnauthenticated
	}
	return errs.ErrForbidden
}

// observe runs a handler, turns its error into a response, and logs and
// counts the request under its route pattern. It attaches the request's
// state first, so that the wrappers fill it in and an error is answered in
// the language and with the identity they found.
func (s *Server) observe(rt route, h handler) http.Handler {
	pattern := rt.pattern()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		r = withState(r, &state{lang: i18n.Negotiate(r.Header.Get("Accept-Language"))})
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		if err := h(rec, r); err != nil {
			s.fail(rec, r, err)
		}
		d := time.Since(start)
		s.metrics.ObserveRequest(pattern, r.Method, rec.status, d)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("route", pattern),
			slog.Int("status", rec.status), slog.Duration("duration", d))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status  int
	written bool
}

func (w *statusRecorder) WriteHeader(code int) {
	if !w.written {
		w.status, w.written = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	w.written = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (the speakers
// event stream lifts the write timeout through it).
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush lets streaming handlers (server-sent events) pass through.
func (w *statusRecorder) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// recoverPanics turns a panic into a logged 500 instead of a dropped
// connection; serving never panics on purpose, this is the last guard.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic while serving", "path", r.URL.Path, "panic", p)
				s.fail(w, r, errs.Wrap(errors.New("panic"), "%v", p))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets the headers every response carries. The content
// security policy allows only the site's own assets: nothing is loaded from
// elsewhere, and no inline script runs.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		ancestors := "'none'"
		if embeddable(r.URL.Path) {
			ancestors = "*"
		} else {
			h.Set("X-Frame-Options", "DENY")
		}
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors "+ancestors+"; form-action 'self'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// embeddable reports whether a page is made to be framed by other sites:
// the evidence embeds, a chart and its caption with nothing to click that
// changes anything. Every other page refuses to be framed.
func embeddable(path string) bool { return strings.HasPrefix(path, "/evidence/embed/") }
