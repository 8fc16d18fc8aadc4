package web

import "roundtable/internal/authz"

// practiceRoutes are the pages of practices, requests and offers, suggested matches and their brokering, and the different paths view.
func (s *Server) practiceRoutes() []route {
	return []route{
		{"GET", "/practices", authz.ViewAction, s.practicesPage},
		{"GET", "/practices/new", authz.WritePractice, s.practiceNew},
		{"POST", "/practices", authz.WritePractice, s.practiceCreate},
		// Several countries' practices on one theme side by side (?concept=),
		// or the index of such themes.
		{"GET", "/practices/paths", authz.ViewAction, s.practicePaths},
		{"GET", "/practices/{id}", authz.ViewAction, s.practicePage},
		{"GET", "/practices/{id}/edit", authz.WritePractice, s.practiceEdit},
		{"POST", "/practices/{id}", authz.WritePractice, s.practiceUpdate},
		{"POST", "/practices/{id}/submit", authz.WritePractice, s.practiceSubmit},
		{"POST", "/practices/{id}/publish", authz.ManageAction, s.practicePublish},
		{"POST", "/practices/{id}/return", authz.ManageAction, s.practiceReturn},
		{"GET", "/practices/{id}/translations/{lang}", authz.WritePractice, s.practiceTranslateForm},
		{"POST", "/practices/{id}/translations/{lang}", authz.WritePractice, s.practiceTranslate},

		{"GET", "/asks", authz.ViewAction, s.asksPage},
		{"GET", "/asks/new", authz.AskOrOffer, s.askNew},
		{"POST", "/asks", authz.AskOrOffer, s.askCreate},
		// A request's page shows the suggested matches and their reasons.
		{"GET", "/asks/{id}", authz.ViewAction, s.askPage},
		{"POST", "/asks/{id}/close", authz.AskOrOffer, s.askClose},
		{"POST", "/asks/{id}/matches", authz.ManageAction, s.askPropose},

		{"GET", "/matches", authz.ViewAction, s.matchesPage},
		{"GET", "/matches/{id}", authz.ViewAction, s.matchPage},
		{"POST", "/matches/{id}/status", authz.ManageAction, s.matchStatus},
	}
}

// practiceAPIRoutes are /api/v1's practices, requests, offers and matches.
func (s *Server) practiceAPIRoutes() []route {
	return []route{
		{"GET", "/api/v1/practices", authz.ViewAction, s.apiPractices},
		{"POST", "/api/v1/practices", authz.WritePractice, s.apiPracticeCreate},
		{"GET", "/api/v1/practices/themes", authz.ViewAction, s.apiPracticeThemes},
		{"GET", "/api/v1/practices/{id}", authz.ViewAction, s.apiPractice},
		{"PATCH", "/api/v1/practices/{id}", authz.WritePractice, s.apiPracticeUpdate},
		{"PUT", "/api/v1/practices/{id}/translations/{lang}", authz.WritePractice, s.apiPracticeTranslation},
		{"POST", "/api/v1/practices/{id}/submit", authz.WritePractice, s.apiPracticeSubmit},
		{"POST", "/api/v1/practices/{id}/publish", authz.ManageAction, s.apiPracticePublish},
		{"GET", "/api/v1/practices/paths", authz.ViewAction, s.apiPracticePaths},

		{"GET", "/api/v1/asks", authz.ViewAction, s.apiAsks},
		{"POST", "/api/v1/asks", authz.AskOrOffer, s.apiAskCreate},
		{"GET", "/api/v1/asks/{id}", authz.ViewAction, s.apiAsk},
		{"GET", "/api/v1/asks/{id}/suggestions", authz.ViewAction, s.apiAskSuggestions},

		{"GET", "/api/v1/matches", authz.ViewAction, s.apiMatches},
		{"POST", "/api/v1/matches", authz.ManageAction, s.apiMatchCreate},
		{"GET", "/api/v1/matches/{id}", authz.ViewAction, s.apiMatch},
		{"PATCH", "/api/v1/matches/{id}", authz.ManageAction, s.apiMatchUpdate},
	}
}
