package web

// evidenceClaimRoutes are checks of figures quoted in statements, against the data.
func (s *Server) evidenceClaimRoutes() []route {
	return nil
}
