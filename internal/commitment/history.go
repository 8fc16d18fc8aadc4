package commitment

import (
	"context"
	"database/sql"

	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// History lists what happened to a commitment, oldest first. An event
// about a report is shown to whoever reads the report as it stands now: a
// draft's (or a returned report's) events are its state's, a submitted
// report's also its validator's, a published report's the commitment's
// readers'. The note a report was returned with is its state's.
func (s *Service) History(ctx context.Context, v Viewer, commitmentID int64) ([]Event, error) {
	c, err := s.Get(ctx, v, commitmentID)
	if err != nil {
		return nil, err
	}
	reports, err := s.Reports(ctx, v, commitmentID)
	if err != nil {
		return nil, err
	}
	reads := map[int64]bool{}
	for _, r := range reports {
		reads[r.ID] = true
	}
	all, err := store.QueryAll(ctx, s.DB.Reader(), scanEvent, `SELECT id, commitment_id, at, kind, country, report_id, actor_id, detail
		FROM commitment_events WHERE commitment_id = ? ORDER BY id`, c.ID)
	if err != nil {
		return nil, err
	}
	out := []Event{}
	rd := visibility.Of(v)
	for _, e := range all {
		if e.ReportID != 0 && !reads[e.ReportID] {
			continue
		}
		// Why a validator returned a report stays with its state (and
		// the secretariat) once the report is published.
		if e.Kind == EventReportReturned && !rd.Sees(visibility.Text{Level: visibility.Draft, Owner: e.Country}) {
			e.Detail = ""
		}
		out = append(out, e)
	}
	return out, nil
}

func scanEvent(sc store.Scanner) (Event, error) {
	var e Event
	var report, actor sql.NullInt64
	err := sc.Scan(&e.ID, &e.CommitmentID, &e.At, &e.Kind, &e.Country, &report, &actor, &e.Detail)
	e.ReportID, e.ActorID = report.Int64, actor.Int64
	return e, err
}
