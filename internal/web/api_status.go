package web

import (
	"net/http"

	"roundtable/internal/authz"
)

// statusAPIRoutes give the status page's figures as JSON.
func (s *Server) statusAPIRoutes() []route {
	return []route{
		{"GET", "/api/v1/status/translation", authz.ManageRecord, s.apiStatusTranslation},
	}
}

func (s *Server) apiStatusTranslation(w http.ResponseWriter, r *http.Request) error {
	st, err := s.siteStatus(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}
