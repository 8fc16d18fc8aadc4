package web

// outcomeExportRoutes are the downloads of the joint outcome.
func (s *Server) outcomeExportRoutes() []route {
	return []route{}
}
