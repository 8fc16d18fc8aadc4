package web

// groundAPIRoutes are the JSON API of common ground.
func (s *Server) groundAPIRoutes() []route {
	return []route{}
}
