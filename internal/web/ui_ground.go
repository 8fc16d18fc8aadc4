package web

// groundRoutes are the pages of common ground.
func (s *Server) groundRoutes() []route {
	return []route{}
}
