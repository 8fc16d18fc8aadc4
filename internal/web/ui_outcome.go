package web

// outcomeRoutes are the pages of the joint outcome.
func (s *Server) outcomeRoutes() []route {
	return []route{}
}
