package ground

import (
	"context"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// Position is a delegation's current position on a proposition.
type Position struct {
	PropositionID int64     `json:"proposition_id"`
	DelegationID  int64     `json:"delegation_id"`
	Delegation    string    `json:"delegation"` // its code
	Stance        Stance    `json:"stance"`
	Reason        string    `json:"reason,omitempty"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// PositionInput is what the API, the form and the demo send to record a
// position.
type PositionInput struct {
	// DelegationID is the delegation whose position it is; 0: the
	// writer's own.
	DelegationID int64  `json:"delegation_id,omitempty"`
	Stance       Stance `json:"stance"`
	Reason       string `json:"reason,omitempty"`
}

// Change is one entry of a position's history.
type Change struct {
	ID            int64     `json:"id"`
	PropositionID int64     `json:"proposition_id"`
	DelegationID  int64     `json:"delegation_id"`
	Delegation    string    `json:"delegation"`
	Stance        Stance    `json:"stance"`
	Reason        string    `json:"reason,omitempty"`
	By            string    `json:"by,omitempty"`   // the account's display name
	Note          string    `json:"note,omitempty"` // how it came, when not set by hand
	At            time.Time `json:"at"`
}

// MayRecord is who may record a position on p: the members of an
// accredited delegation (dels are the edition's), in its own name
// (delegationID 0, or its id), while p is published. It returns the
// delegation the position is for, or the refusal. SetPosition asks it,
// and so do pages before offering the form, so the rule has one home.
func MayRecord(v Viewer, dels []dialogue.Delegation, p Proposition, delegationID int64) (*dialogue.Delegation, error) {
	own := dialogue.OwnIn(v, dels)
	switch {
	case own == nil && delegationID == 0:
		return nil, errNoDelegation
	case own == nil || (delegationID != 0 && delegationID != own.ID):
		return nil, errNotYourDelegation
	case !own.Accredited:
		return nil, errNotAccredited
	case p.Status != Published:
		return nil, statusConflict(p.Status)
	}
	return own, nil
}

// SetPosition records a delegation's position on a published
// proposition. Only the delegation's members set it. Two members writing
// at once both land in the history; the later write is the position.
func (s *Service) SetPosition(ctx context.Context, v Viewer, propositionID int64, in PositionInput) (Position, error) {
	p, err := s.Proposition(ctx, v, propositionID)
	if err != nil {
		return Position{}, err
	}
	dels, err := s.Dialogue.Delegations(ctx, v, p.EditionID)
	if err != nil {
		return Position{}, err
	}
	own, err := MayRecord(v, dels, p, in.DelegationID)
	if err != nil {
		return Position{}, err
	}
	if !in.Stance.Valid() {
		return Position{}, errStance
	}
	if in.Reason, err = dialogue.CheckText("reason", in.Reason, maxReason, in.Stance == CannotAccept); err != nil {
		// CheckText empties the reason on any failure, so only its code
		// tells a missing reason from one too long.
		if errs.As(err).Code == "required" {
			return Position{}, errReasonRequired
		}
		return Position{}, err
	}
	pos := Position{PropositionID: p.ID, DelegationID: own.ID, Delegation: own.Code, Stance: in.Stance, Reason: in.Reason}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		// Read the status again inside the write, taking the proposition's
		// row lock (an update that changes nothing): a withdrawal or merge
		// either commits before this write, which then sees it, or waits
		// for this write to commit.
		var status string
		if err := tx.QueryRow(ctx, "UPDATE propositions SET status = status WHERE id = ? RETURNING status", p.ID).Scan(&status); err != nil {
			return err
		}
		if status != Published {
			return statusConflict(status)
		}
		pos.UpdatedAt = store.Now()
		if _, err := tx.Exec(ctx, `INSERT INTO positions (proposition_id, delegation_id, stance, reason, set_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (proposition_id, delegation_id) DO UPDATE SET stance = excluded.stance, reason = excluded.reason, set_by = excluded.set_by, updated_at = excluded.updated_at`,
			p.ID, own.ID, string(in.Stance), in.Reason, userID(v), pos.UpdatedAt); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO position_history (proposition_id, delegation_id, stance, reason, set_by, set_by_name, note, at) VALUES (?, ?, ?, ?, ?, ?, '', ?)`,
			p.ID, own.ID, string(in.Stance), in.Reason, userID(v), userName(v), pos.UpdatedAt); err != nil {
			return err
		}
		if err := announce(ctx, tx, p.EditionID); err != nil {
			return err
		}
		return record(ctx, tx, v, "position.set", "proposition", p.ID, pos)
	})
	return pos, err
}

// Positions lists the current positions on an edition's propositions (0
// propositionID: every proposition), when the edition lets the reader see
// positions.
func (s *Service) Positions(ctx context.Context, v Viewer, editionID, propositionID int64) ([]Position, error) {
	e, err := s.Dialogue.Edition(ctx, v, editionID)
	if err != nil {
		return nil, err
	}
	ok, err := s.SeesPositions(ctx, v, e)
	if err != nil {
		return nil, err
	}
	q := "SELECT " + positionColumns + positionFrom + " WHERE p.edition_id = ?"
	args := []any{editionID}
	if propositionID != 0 {
		q += " AND x.proposition_id = ?"
		args = append(args, propositionID)
	}
	if !ok {
		return nil, errPositionsHidden
	}
	return store.QueryAll(ctx, s.DB.Reader(), scanPosition, q+" ORDER BY x.proposition_id, xd.code", args...)
}

// History lists every change of the positions on a proposition, oldest
// first, when the reader may read positions.
func (s *Service) History(ctx context.Context, v Viewer, propositionID int64) ([]Change, error) {
	p, err := s.Proposition(ctx, v, propositionID)
	if err != nil {
		return nil, err
	}
	if _, err := s.requirePositions(ctx, v, p.EditionID); err != nil {
		return nil, err
	}
	return store.QueryAll(ctx, s.DB.Reader(), scanChange, "SELECT "+changeColumns+changeFrom+
		" WHERE h.proposition_id = ? ORDER BY h.id", propositionID)
}
