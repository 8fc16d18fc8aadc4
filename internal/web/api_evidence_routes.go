package web

import "roundtable/internal/authz"

// evidenceAPIRoutes are /api/v1's evidence: indicators, series,
// observations, metrics, group figures, peer suggestions and imports.
func (s *Server) evidenceAPIRoutes() []route {
	return []route{
		{"GET", "/api/v1/indicators", authz.ViewEvidence, s.apiIndicators},
		{"GET", "/api/v1/indicators/{code}", authz.ViewEvidence, s.apiIndicator},
		{"GET", "/api/v1/evidence/areas", authz.ViewEvidence, s.apiEvidenceAreas},
		{"GET", "/api/v1/series/{id}", authz.ViewEvidence, s.apiSeries},
		{"GET", "/api/v1/series/{id}/observations", authz.ViewEvidence, s.apiObservations},
		{"POST", "/api/v1/indicators/import", authz.ImportEvidence, s.apiIndicatorImport},
		{"GET", "/api/v1/indicators/{code}/metrics", authz.ViewEvidence, s.apiIndicatorMetrics},
		{"GET", "/api/v1/indicators/{code}/groups", authz.ViewEvidence, s.apiIndicatorGroups},
		{"GET", "/api/v1/indicators/{code}/peers", authz.ViewEvidence, s.apiIndicatorPeers},
		{"GET", "/api/v1/evidence/check", authz.ViewEvidence, s.apiClaimCheck},
		{"GET", "/api/v1/statements/{id}/claims", authz.ViewEvidence, s.apiStatementClaims},
		{"POST", "/api/v1/statements/{id}/claims", authz.CheckClaims, s.apiStatementClaimAdd},
	}
}
