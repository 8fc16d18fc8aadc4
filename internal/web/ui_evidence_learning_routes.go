package web

// evidenceLearningRoutes are the evidence pages that look across
// countries and into the record: peer learning, the method page, the
// secretariat's import page and claim checks on statements.
func (s *Server) evidenceLearningRoutes() []route {
	return nil
}
