package web

// evidenceAPIRoutes are /api/v1's evidence: indicators, series,
// observations, metrics, group figures, peer suggestions and imports.
func (s *Server) evidenceAPIRoutes() []route {
	return nil
}
