package web

import "roundtable/internal/authz"

// trackerRoutes are the pages of the public tracker of commitments: filters, charts, exports (CSV, XLSX, JSON), and a country's commitments.
func (s *Server) trackerRoutes() []route {
	return []route{
		{"GET", "/commitments", authz.ViewAction, s.trackerPage},
		{"GET", "/commitments.csv", authz.ViewAction, s.trackerCSV},
		{"GET", "/commitments.xlsx", authz.ViewAction, s.trackerXLSX},
		{"GET", "/commitments.json", authz.ViewAction, s.trackerJSON},
		{"GET", "/countries/{iso3}/commitments", authz.ViewAction, s.trackerCountryPage},
	}
}

// trackerAPIRoutes are /api/v1's the tracker's lists, summaries and exports.
func (s *Server) trackerAPIRoutes() []route {
	return []route{
		{"GET", "/api/v1/commitments", authz.ViewAction, s.apiCommitments},
		{"GET", "/api/v1/commitments/summary", authz.ViewAction, s.apiCommitmentSummary},
		{"GET", "/api/v1/countries/{iso3}/commitments", authz.ViewAction, s.apiCountryCommitments},
	}
}
