package web

import (
	"net/http"

	"roundtable/internal/commitment"
)

// /api/v1's tracker: the list of commitments under the tracker's filters
// (the page's parameters), its summary, and a country's commitments. Each
// answers what the reader may read; the service decides.

// apiCommitments is GET /api/v1/commitments: {items, limit, offset, total}.
func (s *Server) apiCommitments(w http.ResponseWriter, r *http.Request) error {
	f, err := s.trackerFilter(r.Context(), r.URL.Query())
	if err != nil {
		return err
	}
	return s.apiTrackerList(w, r, f)
}

// apiCountryCommitments is GET /api/v1/countries/{iso3}/commitments: the
// list with the country as its owner filter; 404 for a code the
// reference data do not know.
func (s *Server) apiCountryCommitments(w http.ResponseWriter, r *http.Request) error {
	c, err := s.trackerCountry(r.Context(), r.PathValue("iso3"))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	q.Del("country")
	f, err := s.trackerFilter(r.Context(), q)
	if err != nil {
		return err
	}
	f.Country = c.ISO3
	return s.apiTrackerList(w, r, f)
}

func (s *Server) apiTrackerList(w http.ResponseWriter, r *http.Request, f commitment.Filter) error {
	if err := trackerPaging(r, &f); err != nil {
		return err
	}
	page, err := s.commitments.List(r.Context(), stateOf(r).user, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// apiCommitmentSummary is GET /api/v1/commitments/summary: the counts the
// tracker's charts draw, for the same filters.
func (s *Server) apiCommitmentSummary(w http.ResponseWriter, r *http.Request) error {
	f, err := s.trackerFilter(r.Context(), r.URL.Query())
	if err != nil {
		return err
	}
	sum, err := s.commitments.Summary(r.Context(), stateOf(r).user, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sum)
}
