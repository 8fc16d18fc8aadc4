package web

// followupRoutes are the pages of reminders of reports due, the feed of published reports, uploaded files, and the UN recommendations with their import.
func (s *Server) followupRoutes() []route {
	return nil
}

// followupAPIRoutes are /api/v1's reminders, uploads and recommendations.
func (s *Server) followupAPIRoutes() []route {
	return nil
}
