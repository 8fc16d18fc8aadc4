package web

// manageRoutes lists the secretariat's management pages that edit and delete (sessions, delegations, members, statements) and the programme grid.
func (s *Server) manageRoutes() []route {
	return nil
}
