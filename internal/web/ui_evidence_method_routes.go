package web

import "roundtable/internal/authz"

// evidenceMethodRoutes are the method page: how every figure is computed, with its formulas.
func (s *Server) evidenceMethodRoutes() []route {
	return []route{
		{"GET", "/evidence/method", authz.ViewEvidence, s.evidenceMethodPage},
	}
}
