package web

// evidenceRoutes are the evidence pages: the indicator catalogue, an
// indicator's charts and map, a country's development profile, downloads
// and embeds.
func (s *Server) evidenceRoutes() []route {
	return nil
}
