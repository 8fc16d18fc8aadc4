package web

// evidenceMethodRoutes are the method page: how every figure is computed, with its formulas.
func (s *Server) evidenceMethodRoutes() []route {
	return nil
}
