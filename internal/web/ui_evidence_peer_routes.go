package web

import "roundtable/internal/authz"

// evidencePeerRoutes are peer learning: countries that started from a similar place and improved most.
func (s *Server) evidencePeerRoutes() []route {
	return []route{
		// ?country=BOL&indicator=SH.DYN.MORT[&from=2000&to=2020][&format=csv|json]
		{"GET", "/evidence/peers", authz.ViewEvidence, s.evidencePeers},
	}
}
