package web

import (
	"net/http"
	"strings"

	"roundtable/internal/authz"
	"roundtable/internal/errs"
)

// handler is what every route implements: it returns an error instead of
// writing one, so the surface's adapter turns it into a page or a JSON body
// and no handler can forget to stop after failing.
type handler func(w http.ResponseWriter, r *http.Request) error

// route is one line of a route table.
type route struct {
	method string
	path   string // http.ServeMux pattern path, e.g. /countries/{iso3}
	action authz.Action
	handle handler
}

func (r route) pattern() string {
	if r.method == "" {
		return r.path // every method
	}
	return r.method + " " + r.path
}

// isAPI reports whether a request is for the JSON API.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// RouteInfo describes a route for tests and documentation.
type RouteInfo struct {
	Method string
	Path   string
	Action authz.Action
}

// Routes lists every UI and API route. Only the tables are read; no
// handler runs, so no server is needed.
func Routes() []RouteInfo {
	var s *Server
	var out []RouteInfo
	for _, r := range append(s.uiRoutes(), s.apiRoutes()...) {
		out = append(out, RouteInfo{r.method, r.path, r.action})
	}
	return out
}

// unrouted answers what no route takes: 405 with the methods the path
// does take (Allow), or 404 for a path no route has.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, m := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"} {
		probe := *r
		probe.Method = m
		if _, pattern := s.methods.Handler(&probe); pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		return errs.ErrNotFound
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	return errs.ErrWrongMethod
}
