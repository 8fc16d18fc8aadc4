package web

import "roundtable/internal/authz"

// manageRoutes lists the secretariat's management pages that edit and delete (sessions, delegations, members, statements) and the programme grid.
func (s *Server) manageRoutes() []route {
	return []route{
		{"GET", "/editions/{id}/programme", authz.ViewPublic, s.programmePage},
		{"GET", "/sessions/{id}/edit", authz.ManageRecord, s.sessionEdit},
		{"POST", "/sessions/{id}", authz.ManageRecord, s.sessionUpdate},
		{"POST", "/sessions/{id}/delete", authz.ManageRecord, s.sessionDelete},
		{"GET", "/delegations/{id}/edit", authz.ManageRecord, s.delegationEdit},
		{"POST", "/delegations/{id}", authz.ManageRecord, s.delegationUpdate},
		{"POST", "/delegations/{id}/delete", authz.ManageRecord, s.delegationDelete},
		{"POST", "/delegations/{id}/members/{member}", authz.ManageRecord, s.memberUpdate},
		{"POST", "/delegations/{id}/members/{member}/delete", authz.ManageRecord, s.memberDelete},
		// The service lets a delegate delete only their own delegation's.
		{"POST", "/statements/{id}/delete", authz.WriteStatement, s.statementDelete},
	}
}
