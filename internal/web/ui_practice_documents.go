package web

import (
	"net/http"

	"roundtable/internal/practice"
)

// practiceUploads keeps the files sent with a practice's form as its
// documents. Uploads are not wired yet (internal/upload): none are kept.
func (s *Server) practiceUploads(r *http.Request) ([]practice.Document, error) {
	return nil, nil
}
