package web

// evidencePeerRoutes are peer learning: countries that started from a similar place and improved most.
func (s *Server) evidencePeerRoutes() []route {
	return nil
}
