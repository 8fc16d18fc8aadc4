package ground

import (
	"context"
	"database/sql"
	"errors"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Settings are an edition's choices for its common ground.
type Settings struct {
	// Positions is who sees positions, and every number derived from
	// them, before the outcome is adopted: "participants" (the
	// delegations, the chair and the secretariat) or "public".
	Positions visibility.Level `json:"positions"`
}

var errPositionsLevel = errs.Field("positions", "invalid_positions_visibility", "ground.error.positions_visibility")

// Settings reads an edition's settings (delegations only until chosen).
func (s *Service) Settings(ctx context.Context, v Viewer, editionID int64) (Settings, error) {
	if _, err := s.Dialogue.Edition(ctx, v, editionID); err != nil {
		return Settings{}, err
	}
	return s.settings(ctx, s.DB.Reader(), editionID)
}

func (s *Service) settings(ctx context.Context, q store.Querier, editionID int64) (Settings, error) {
	var lv string
	err := q.QueryRow(ctx, "SELECT positions FROM ground_settings WHERE edition_id = ?", editionID).Scan(&lv)
	if errors.Is(err, sql.ErrNoRows) {
		return Settings{Positions: visibility.Participants}, nil
	}
	return Settings{Positions: visibility.Level(lv)}, err
}

// SetSettings changes an edition's settings: the chair or the secretariat.
func (s *Service) SetSettings(ctx context.Context, v Viewer, editionID int64, st Settings) (Settings, error) {
	if _, err := s.Dialogue.Edition(ctx, v, editionID); err != nil {
		return st, err
	}
	if !presides(v) {
		return st, errNotPresiding
	}
	if st.Positions != visibility.Participants && st.Positions != visibility.Public {
		return st, errPositionsLevel
	}
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO ground_settings (edition_id, positions, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (edition_id) DO UPDATE SET positions = excluded.positions, updated_at = excluded.updated_at`,
			editionID, string(st.Positions), store.Now()); err != nil {
			return err
		}
		if err := announce(ctx, tx, editionID); err != nil {
			return err
		}
		return record(ctx, tx, v, "ground.settings", "edition", editionID, st)
	})
	return st, err
}

// SeesPositions reports whether v may read the positions of an edition,
// and so its map, discovered groups and position exports.
func (s *Service) SeesPositions(ctx context.Context, v Viewer, e dialogue.Edition) (bool, error) {
	st, err := s.settings(ctx, s.DB.Reader(), e.ID)
	if err != nil {
		return false, err
	}
	return visibility.Of(v).Sees(visibility.Text{Level: st.Positions, Published: e.Published}), nil
}

// errPositionsHidden answers a reader who may not read positions: the
// edition keeps them to its delegations.
var errPositionsHidden = errs.New(errs.Forbidden, "positions_restricted", "ground.error.positions_restricted")

// requirePositions fails unless v may read the edition's positions.
func (s *Service) requirePositions(ctx context.Context, v Viewer, editionID int64) (dialogue.Edition, error) {
	e, err := s.Dialogue.Edition(ctx, v, editionID)
	if err != nil {
		return e, err
	}
	ok, err := s.SeesPositions(ctx, v, e)
	if err != nil {
		return e, err
	}
	if !ok {
		return e, errPositionsHidden
	}
	return e, nil
}
