package web

// outcomeAPIRoutes are the joint outcome's API.
func (s *Server) outcomeAPIRoutes() []route {
	return []route{}
}
