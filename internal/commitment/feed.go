package commitment

import (
	"context"
	"time"

	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// PublishedReport is a published progress report as the feed gives it:
// the report with its commitment's title and concepts.
type PublishedReport struct {
	ID           int64     `json:"id"`
	CommitmentID int64     `json:"commitment_id"`
	Title        string    `json:"title"` // the commitment's
	Country      string    `json:"country"`
	ReportedOn   string    `json:"reported_on"`
	Status       Status    `json:"status"`
	Narrative    string    `json:"narrative"`
	Language     string    `json:"language"`
	PublishedAt  time.Time `json:"published_at"`
	Concepts     []string  `json:"concepts"`
}

// LatestPublishedReports lists the newest published reports the public
// reads (on a public commitment whose edition, if any, is published),
// newest publication first, at most limit.
func (s *Service) LatestPublishedReports(ctx context.Context, limit int) ([]PublishedReport, error) {
	q := s.DB.Reader()
	cond, args := visibility.Anyone().Where(commitmentVisibility, time.Now())
	list, err := store.QueryAll(ctx, q, func(sc store.Scanner) (PublishedReport, error) {
		var x PublishedReport
		err := sc.Scan(&x.ID, &x.CommitmentID, &x.Title, &x.Country, &x.ReportedOn, &x.Status, &x.Narrative, &x.Language, &x.PublishedAt)
		return x, err
	}, `SELECT r.id, r.commitment_id, c.title, r.country, r.reported_on, r.status, r.narrative, r.language, r.published_at
		FROM progress_reports r JOIN commitments c ON c.id = r.commitment_id LEFT JOIN editions e ON e.id = c.edition_id
		WHERE r.state = 'published' AND `+cond+` ORDER BY r.published_at DESC, r.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Concepts, err = store.QueryAll(ctx, q, store.ScanString,
			"SELECT concept_id FROM commitment_concepts WHERE commitment_id = ? ORDER BY concept_id", list[i].CommitmentID)
		if err != nil {
			return nil, err
		}
	}
	return list, nil
}
