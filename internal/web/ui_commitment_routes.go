package web

// commitmentRoutes are the pages of a commitment's page and history, its recording (from an adopted paragraph, a pledge, a recommendation), progress reports, their validation and civil society's comments.
func (s *Server) commitmentRoutes() []route {
	return nil
}

// commitmentAPIRoutes are /api/v1's commitments, reports, validation and comments.
func (s *Server) commitmentAPIRoutes() []route {
	return nil
}
