package web

import "roundtable/internal/authz"

// evidenceImportRoutes are the secretariat's import of indicator files from the browser.
func (s *Server) evidenceImportRoutes() []route {
	return []route{
		{"GET", "/evidence/import", authz.ImportEvidence, s.evidenceImportForm},
		{"POST", "/evidence/import", authz.ImportEvidence, s.evidenceImportUpload},
	}
}
