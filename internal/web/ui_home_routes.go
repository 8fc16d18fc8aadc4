package web

// homeRoutes lists the home page's companions (the Declaration's index).
func (s *Server) homeRoutes() []route {
	return nil
}
