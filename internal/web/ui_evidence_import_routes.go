package web

// evidenceImportRoutes are the secretariat's import of indicator files from the browser.
func (s *Server) evidenceImportRoutes() []route {
	return nil
}
