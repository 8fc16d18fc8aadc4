package web

import (
	"context"
	"net/http"

	"roundtable/internal/authz"
	"roundtable/internal/outbox"
	"roundtable/internal/translate"
)

// statusRoutes is the secretariat's status page: machine translation
// (engines, the pairs none offers, the queue and its failures) and the
// search index's progress.
func (s *Server) statusRoutes() []route {
	return []route{
		{"GET", "/admin/status", authz.ManageRecord, s.statusPage},
	}
}

// siteStatus is what the status page and its JSON show.
type siteStatus struct {
	Translation translate.Status `json:"translation"`
	SearchIndex *indexProgress   `json:"search_index,omitempty"`
}

// indexProgress is how far this instance's search index has applied the
// search outbox: Applied of Head.
type indexProgress struct {
	Head    int64 `json:"head"`
	Applied int64 `json:"applied"`
	Behind  int64 `json:"behind"`
}

// failuresShown is how many failing jobs the status lists.
const failuresShown = 50

func (s *Server) siteStatus(ctx context.Context) (siteStatus, error) {
	var st siteStatus
	var err error
	if st.Translation, err = translate.CurrentStatus(ctx, s.db.Reader(), s.translation, failuresShown); err != nil {
		return st, err
	}
	if s.search != nil && s.search.Index != nil {
		head, err := outbox.Head(ctx, s.db.Reader(), "search_outbox")
		if err != nil {
			return st, err
		}
		applied, err := s.search.Index.Progress()
		if err != nil {
			return st, err
		}
		st.SearchIndex = &indexProgress{Head: head, Applied: applied, Behind: max(head-applied, 0)}
	}
	return st, nil
}

type statusPage struct {
	layout
	siteStatus
}

func (s *Server) statusPage(w http.ResponseWriter, r *http.Request) error {
	st, err := s.siteStatus(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "status.html", statusPage{layout: s.layout(w, r, "status.title", "status"), siteStatus: st})
}
