package web

// practiceRoutes are the pages of practices, requests and offers, suggested matches and their brokering, and the different paths view.
func (s *Server) practiceRoutes() []route {
	return nil
}

// practiceAPIRoutes are /api/v1's practices, requests, offers and matches.
func (s *Server) practiceAPIRoutes() []route {
	return nil
}
