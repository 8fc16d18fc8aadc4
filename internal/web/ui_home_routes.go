package web

import "roundtable/internal/authz"

// homeRoutes lists the home page's companions (the Declaration's index).
func (s *Server) homeRoutes() []route {
	return []route{
		{"GET", "/udhr", authz.ViewPublic, s.udhrIndex},
	}
}
