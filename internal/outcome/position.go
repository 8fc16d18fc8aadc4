package outcome

import (
	"context"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/store"
)

// A delegation's position on a paragraph uses the scale of common ground
// (ground.Stance): support, can live with, cannot accept (an objection,
// with its reason), pending instructions. A position names the wording it
// was taken on, so that once the text changes it reads as taken on an
// earlier wording instead of counting for the new one.

// Position is a delegation's current position on a paragraph.
type Position struct {
	Label        string        `json:"label"`
	DelegationID int64         `json:"delegation_id"`
	Delegation   string        `json:"delegation"` // its code
	Stance       ground.Stance `json:"stance"`
	Reason       string        `json:"reason,omitempty"`
	TextVersion  int           `json:"text_version"`
	// Current: taken on the paragraph's wording as it stands now.
	Current   bool      `json:"current"`
	UpdatedAt time.Time `json:"updated_at"`
}

// PositionInput is what the API, the form and the demo send to take a
// position on a paragraph.
type PositionInput struct {
	// DelegationID is the delegation whose position it is; 0: the
	// writer's own.
	DelegationID int64         `json:"delegation_id,omitempty"`
	Stance       ground.Stance `json:"stance"`
	Reason       string        `json:"reason,omitempty"`
	// TextVersion is the wording the delegate read (the paragraph's
	// text_version): a position on a text that changed meanwhile is
	// refused with the text as it is now.
	TextVersion int `json:"text_version"`
}

// PositionChange is one entry of the history of positions on a paragraph.
type PositionChange struct {
	ID           int64         `json:"id"`
	Label        string        `json:"label"`
	DelegationID int64         `json:"delegation_id"`
	Delegation   string        `json:"delegation"`
	Stance       ground.Stance `json:"stance"`
	Reason       string        `json:"reason,omitempty"`
	TextVersion  int           `json:"text_version"`
	By           string        `json:"by,omitempty"` // the account's name as it was then
	At           time.Time     `json:"at"`
}

// errRoomOnly answers a reader outside the room who asks for the record
// of the negotiation of an adopted document: its text is public, the
// positions and comments that led to it are not.
var errRoomOnly = errs.New(errs.Forbidden, "room_only", "outcome.error.room_only")

// MayTakePosition is who may take a position on (or comment on) a
// paragraph of d: the members of an accredited delegation (dels are the
// edition's), in its own name (delegationID 0, or its id), while d is not
// adopted. Single-text mode does not stop them: commenting and taking
// positions is what it leaves the delegations. It returns the delegation
// acting, or the refusal. SetPosition and AddComment ask it, and so do
// pages before offering their forms, so the rule has one home.
func MayTakePosition(v Viewer, dels []dialogue.Delegation, d Document, delegationID int64) (*dialogue.Delegation, error) {
	own := dialogue.OwnIn(v, dels)
	switch {
	case own == nil && delegationID == 0:
		return nil, errNoDelegation
	case own == nil || (delegationID != 0 && delegationID != own.ID):
		return nil, errNotYourDelegation
	case !own.Accredited:
		return nil, errNotAccredited
	case d.Status == Adopted:
		return nil, errAdopted
	}
	return own, nil
}

// actingDelegation reads the document and the delegation v acts for.
func (s *Service) actingDelegation(ctx context.Context, v Viewer, docID, delegationID int64) (*dialogue.Delegation, error) {
	d, err := s.Document(ctx, v, docID)
	if err != nil {
		return nil, err
	}
	dels, err := s.Dialogue.Delegations(ctx, v, d.EditionID)
	if err != nil {
		return nil, err
	}
	return MayTakePosition(v, dels, d, delegationID)
}

// SetPosition records a delegation's position on a paragraph of the
// working text, on the wording in.TextVersion. Two members writing at
// once both land in the history; the later write is the position.
func (s *Service) SetPosition(ctx context.Context, v Viewer, docID int64, label string, in PositionInput) (Position, error) {
	own, err := s.actingDelegation(ctx, v, docID, in.DelegationID)
	if err != nil {
		return Position{}, err
	}
	if !in.Stance.Valid() {
		return Position{}, errStance
	}
	if in.Reason, err = dialogue.CheckText("reason", in.Reason, maxReason, in.Stance == ground.CannotAccept); err != nil {
		// CheckText empties the reason on any failure, so only its code
		// tells a missing reason from one too long.
		if errs.As(err).Code == "required" {
			return Position{}, errReasonRequired
		}
		return Position{}, err
	}
	pos := Position{DelegationID: own.ID, Delegation: own.Code, Stance: in.Stance, Reason: in.Reason, Current: true}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		// The document's row lock orders this write with an adoption and
		// with edits: either the edit commits first and the wording is
		// seen changed here, or it waits for this position.
		if _, err := lockOpen(ctx, tx, docID); err != nil {
			return err
		}
		p, err := liveParagraph(ctx, tx, docID, label)
		if err != nil {
			return err
		}
		if in.TextVersion != p.TextVersion {
			return TextChanged(p)
		}
		pos.Label, pos.TextVersion, pos.UpdatedAt = p.Label, p.TextVersion, store.Now()
		if _, err := tx.Exec(ctx, `INSERT INTO outcome_positions (paragraph_id, delegation_id, stance, reason, text_version, set_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (paragraph_id, delegation_id) DO UPDATE SET stance = excluded.stance, reason = excluded.reason,
				text_version = excluded.text_version, set_by = excluded.set_by, updated_at = excluded.updated_at`,
			p.ID, own.ID, string(in.Stance), in.Reason, p.TextVersion, userID(v), pos.UpdatedAt); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO outcome_position_history (paragraph_id, delegation_id, stance, reason, text_version, set_by, set_by_name, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, own.ID, string(in.Stance), in.Reason, p.TextVersion, userID(v), userName(v), pos.UpdatedAt); err != nil {
			return err
		}
		return touch(ctx, tx, v, docID, "outcome.position.set", "outcome_paragraph", p.ID, pos)
	})
	if err != nil {
		return Position{}, err
	}
	return pos, nil
}

// roomParagraph reads a paragraph (deleted ones too: their record stays)
// for a reader in the room.
func (s *Service) roomParagraph(ctx context.Context, v Viewer, docID int64, label string) (Paragraph, error) {
	if _, err := s.Document(ctx, v, docID); err != nil {
		return Paragraph{}, err
	}
	if !inRoom(v) {
		return Paragraph{}, errRoomOnly
	}
	return paragraphByLabel(ctx, s.DB.Reader(), docID, label)
}

// Positions lists the current positions on a paragraph by delegation
// code, each marked whether it was taken on the current wording. The
// record of the negotiation stays in the room.
func (s *Service) Positions(ctx context.Context, v Viewer, docID int64, label string) ([]Position, error) {
	p, err := s.roomParagraph(ctx, v, docID, label)
	if err != nil {
		return nil, err
	}
	return store.QueryAll(ctx, s.DB.Reader(), func(sc store.Scanner) (Position, error) {
		x := Position{Label: p.Label}
		var st string
		err := sc.Scan(&x.DelegationID, &x.Delegation, &st, &x.Reason, &x.TextVersion, &x.UpdatedAt)
		x.Stance, x.Current, x.UpdatedAt = ground.Stance(st), x.TextVersion == p.TextVersion, x.UpdatedAt.UTC()
		return x, err
	}, `SELECT x.delegation_id, d.code, x.stance, x.reason, x.text_version, x.updated_at FROM outcome_positions x
		JOIN delegations d ON d.id = x.delegation_id WHERE x.paragraph_id = ? ORDER BY d.code`, p.ID)
}

// PositionHistory lists every position taken on a paragraph, oldest
// first, with the wording each was taken on and who took it.
func (s *Service) PositionHistory(ctx context.Context, v Viewer, docID int64, label string) ([]PositionChange, error) {
	p, err := s.roomParagraph(ctx, v, docID, label)
	if err != nil {
		return nil, err
	}
	return store.QueryAll(ctx, s.DB.Reader(), func(sc store.Scanner) (PositionChange, error) {
		c := PositionChange{Label: p.Label}
		var st string
		err := sc.Scan(&c.ID, &c.DelegationID, &c.Delegation, &st, &c.Reason, &c.TextVersion, &c.By, &c.At)
		c.Stance, c.At = ground.Stance(st), c.At.UTC()
		return c, err
	}, `SELECT h.id, h.delegation_id, d.code, h.stance, h.reason, h.text_version, h.set_by_name, h.at FROM outcome_position_history h
		JOIN delegations d ON d.id = h.delegation_id WHERE h.paragraph_id = ? ORDER BY h.id`, p.ID)
}
