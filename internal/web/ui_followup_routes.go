package web

import "roundtable/internal/authz"

// followupRoutes are the pages of reminders of reports due, the feed of published reports, uploaded files, and the UN recommendations with their import.
func (s *Server) followupRoutes() []route {
	return []route{
		// Every signed-in role's page (a visitor is sent to sign in); it
		// lists what the reader's states owe, nothing for the others.
		{"GET", "/reminders", authz.ViewAction, s.reminders},
		{"GET", "/feeds/reports.atom", authz.ViewAction, s.reportsFeed},
		// A file is served to whoever reads a text that holds it (and to
		// its uploader and the secretariat); to anyone else it is not found.
		{"GET", "/uploads/{id}", authz.ViewAction, s.uploadFile},
		{"GET", "/recommendations", authz.ViewAction, s.recommendations},
		{"GET", "/recommendations/import", authz.ManageAction, s.recommendationImportForm},
		{"POST", "/recommendations/import", authz.ManageAction, s.recommendationImportUpload},
		{"GET", "/recommendations/{id}", authz.ViewAction, s.recommendation},
	}
}

// followupAPIRoutes are /api/v1's reminders, uploads and recommendations.
func (s *Server) followupAPIRoutes() []route {
	return []route{
		{"GET", "/api/v1/reminders", authz.ViewAction, s.apiReminders},
		// Those who write reports and practices (delegates, the
		// secretariat) send files; a report or a practice then names them.
		{"POST", "/api/v1/uploads", authz.WritePractice, s.apiUpload},
		{"GET", "/api/v1/uploads/{id}", authz.ViewAction, s.uploadFile},
		{"GET", "/api/v1/recommendations", authz.ViewAction, s.apiRecommendations},
		{"GET", "/api/v1/recommendations/{id}", authz.ViewAction, s.apiRecommendation},
		{"POST", "/api/v1/recommendations/import", authz.ManageAction, s.apiRecommendationImport},
	}
}
