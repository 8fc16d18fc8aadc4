package web

// outcomeFlowRoutes are the pages where the text moves: amendments,
// positions and comments, the silence procedure and adoption.
func (s *Server) outcomeFlowRoutes() []route {
	return []route{}
}
