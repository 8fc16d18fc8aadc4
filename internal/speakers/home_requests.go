package speakers

import (
	"context"

	"roundtable/internal/dialogue"
	"roundtable/internal/store"
)

// Pending is a delegation's request for the floor not yet over: waiting
// (Place is its place in its session's queue, from 1) or speaking (Place 0).
type Pending struct {
	Entry
	SessionID int64
	Place     int
}

// Requests returns a delegation's requests that are waiting or speaking,
// in every session of its edition, in one query: what the delegation's
// home page reminds it of. The delegation must be one the viewer may see.
func (s *Service) Requests(ctx context.Context, v dialogue.Viewer, delegationID int64) ([]Pending, error) {
	d, err := s.Dialogue.Delegation(ctx, v, delegationID)
	if err != nil {
		return nil, err
	}
	return store.QueryAll(ctx, s.DB.Reader(), func(rows store.Scanner) (Pending, error) {
		p := Pending{Entry: Entry{Code: d.Code, Names: d.Names}}
		err := rows.Scan(&p.ID, &p.SessionID, &p.DelegationID, &p.Kind, &p.OnBehalfOf, &p.Position, &p.Status, &p.RequestedAt, &p.StartedAt, &p.Place)
		return p, err
	}, `SELECT e.id, e.session_id, e.delegation_id, e.kind, e.on_behalf_of, e.position, e.status, e.requested_at, e.started_at,
		CASE WHEN e.status = 'waiting' THEN (SELECT COUNT(*) FROM speaker_entries w WHERE w.session_id = e.session_id AND w.status = 'waiting'
			AND (w.position < e.position OR (w.position = e.position AND w.id <= e.id))) ELSE 0 END
		FROM speaker_entries e WHERE e.delegation_id = ? AND e.status IN ('waiting', 'speaking')
		ORDER BY e.requested_at, e.id`, delegationID)
}
