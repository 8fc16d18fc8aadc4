package web

import "roundtable/internal/authz"

// commitmentRoutes are the pages of a commitment's page and history, its recording (from an adopted paragraph, a pledge, a recommendation), progress reports, their validation and civil society's comments.
func (s *Server) commitmentRoutes() []route {
	return []route{
		{"GET", "/commitments/new", authz.ManageAction, s.commitmentNew},
		{"POST", "/commitments", authz.ManageAction, s.commitmentCreate},
		{"GET", "/commitments/{id}", authz.ViewAction, s.commitmentPage},
		{"GET", "/commitments/{id}/edit", authz.ManageAction, s.commitmentEdit},
		{"POST", "/commitments/{id}", authz.ManageAction, s.commitmentUpdate},
		{"POST", "/commitments/{id}/milestones/{milestone}", authz.ManageAction, s.commitmentMilestone},

		{"GET", "/commitments/{id}/reports/new", authz.FileReport, s.reportNew},
		{"POST", "/commitments/{id}/reports/new", authz.FileReport, s.reportCreate},
		{"GET", "/reports/{id}/edit", authz.FileReport, s.reportEdit},
		{"POST", "/reports/{id}", authz.FileReport, s.reportUpdate},
		{"POST", "/reports/{id}/submit", authz.FileReport, s.reportSubmit},
		// The queue answers the validators and the secretariat (the
		// handler asks the policy which of ValidateReport and
		// ManageAction the reader has); the policy has no action for
		// both.
		{"GET", "/reports/validation", authz.ViewAction, s.validationQueue},
		{"POST", "/reports/{id}/validate", authz.ValidateReport, s.reportValidate},

		{"POST", "/reports/{id}/comments", authz.CommentReport, s.commentAdd},
		{"GET", "/comments/moderation", authz.ManageAction, s.moderationPage},
		{"POST", "/comments/{id}/moderate", authz.ManageAction, s.commentModerate},
		{"POST", "/comments/settings", authz.ManageAction, s.commentSettings},
	}
}

// commitmentAPIRoutes are /api/v1's commitments, reports, validation and comments.
func (s *Server) commitmentAPIRoutes() []route {
	return []route{
		{"POST", "/api/v1/commitments", authz.ManageAction, s.apiCommitmentCreate},
		{"GET", "/api/v1/commitments/{id}", authz.ViewAction, s.apiCommitment},
		{"PATCH", "/api/v1/commitments/{id}", authz.ManageAction, s.apiCommitmentUpdate},
		{"GET", "/api/v1/commitments/{id}/progress", authz.ViewAction, s.apiCommitmentProgress},
		{"GET", "/api/v1/commitments/{id}/history", authz.ViewAction, s.apiCommitmentHistory},
		{"GET", "/api/v1/commitments/{id}/reports", authz.ViewAction, s.apiReports},
		{"POST", "/api/v1/commitments/{id}/reports", authz.FileReport, s.apiReportCreate},

		{"GET", "/api/v1/reports/validation", authz.ViewAction, s.apiValidationQueue},
		{"GET", "/api/v1/reports/{id}", authz.ViewAction, s.apiReport},
		{"PATCH", "/api/v1/reports/{id}", authz.FileReport, s.apiReportUpdate},
		{"POST", "/api/v1/reports/{id}/submit", authz.FileReport, s.apiReportSubmit},
		{"POST", "/api/v1/reports/{id}/validate", authz.ValidateReport, s.apiReportValidate},

		{"GET", "/api/v1/reports/{id}/comments", authz.ViewAction, s.apiComments},
		{"POST", "/api/v1/reports/{id}/comments", authz.CommentReport, s.apiCommentAdd},
		{"GET", "/api/v1/comments/pending", authz.ManageAction, s.apiPendingComments},
		{"POST", "/api/v1/comments/{id}/moderate", authz.ManageAction, s.apiCommentModerate},
	}
}
