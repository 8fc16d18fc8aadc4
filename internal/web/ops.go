package web

import (
	"context"
	"crypto/subtle"
	"embed"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"roundtable/internal/authz"
)

//go:embed static
var staticFiles embed.FS

//go:embed openapi.json
var openAPIDoc []byte

// opsRoutes are the endpoints for machines and browsers that need no
// session: health, readiness, the embedded assets, and the metrics to
// whoever holds Options.MetricsToken.
func (s *Server) opsRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := s.Ready(ctx); err != nil {
			s.log.Warn("not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("not ready\n"))
			return
		}
		w.Write([]byte("ready\n"))
	})
	if s.metricsToken != "" {
		// Without the token, /metrics is a page like any unknown one: a
		// scanner learns nothing, not even that it exists.
		unknown := s.page(route{"", "/", authz.ViewPublic, s.unrouted})
		mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
			h := r.Header.Get("Authorization")
			tok := ""
			if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
				tok = strings.TrimSpace(h[7:])
			}
			if subtle.ConstantTimeCompare([]byte(tok), []byte(s.metricsToken)) != 1 {
				unknown.ServeHTTP(w, r)
				return
			}
			s.writeMetrics(w, r)
		})
	}
	static, _ := fs.Sub(staticFiles, "static")
	files := http.StripPrefix("/static/", http.FileServer(http.FS(static)))
	mux.Handle("GET /static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Assets change only with the binary; an hour is safe and cheap.
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	}))
}

func (s *Server) writeMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics.Write(w)
}

// MetricsHandler serves /metrics (and /healthz, for the monitor's own
// check) with no token, for a separate address that only the monitoring
// network reaches; anything else is 404.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", s.writeMetrics)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	return compress(mux)
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openAPIDoc)
	return err
}
