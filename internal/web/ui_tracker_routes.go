package web

// trackerRoutes are the pages of the public tracker of commitments: filters, charts, exports (CSV, XLSX, JSON), and a country's commitments.
func (s *Server) trackerRoutes() []route {
	return nil
}

// trackerAPIRoutes are /api/v1's the tracker's lists, summaries and exports.
func (s *Server) trackerAPIRoutes() []route {
	return nil
}
