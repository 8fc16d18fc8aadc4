package web

import "roundtable/internal/authz"

// evidenceClaimRoutes are checks of figures quoted in statements, against the data.
func (s *Server) evidenceClaimRoutes() []route {
	return []route{
		{"GET", "/evidence/check", authz.ViewEvidence, s.claimCheckPage},
		{"GET", "/statements/{id}/claims/new", authz.CheckClaims, s.claimAddForm},
		{"POST", "/statements/{id}/claims", authz.CheckClaims, s.claimAdd},
		{"POST", "/statements/{id}/claims/{claim}/delete", authz.CheckClaims, s.claimDelete},
	}
}
