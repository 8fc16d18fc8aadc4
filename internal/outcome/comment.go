package outcome

import (
	"context"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/store"
)

// Comment is a delegation's remark on a paragraph: under the single-text
// procedure, with positions, all a delegation does to the text.
type Comment struct {
	ID           int64     `json:"id"`
	Label        string    `json:"label"`
	DelegationID int64     `json:"delegation_id"`
	Delegation   string    `json:"delegation"` // its code
	Text         string    `json:"text"`
	By           string    `json:"by,omitempty"` // the account's name as it was then
	CreatedAt    time.Time `json:"created_at"`
}

const maxComment = 4000

// AddComment adds a comment of the writer's own delegation on a
// paragraph of the working text. Who may is MayTakePosition's rule.
func (s *Service) AddComment(ctx context.Context, v Viewer, docID int64, label, text string) (Comment, error) {
	own, err := s.actingDelegation(ctx, v, docID, 0)
	if err != nil {
		return Comment{}, err
	}
	if text, err = dialogue.CheckText("text", text, maxComment, true); err != nil {
		return Comment{}, err
	}
	c := Comment{DelegationID: own.ID, Delegation: own.Code, Text: text, By: userName(v)}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := lockOpen(ctx, tx, docID); err != nil {
			return err
		}
		p, err := liveParagraph(ctx, tx, docID, label)
		if err != nil {
			return err
		}
		c.Label, c.CreatedAt = p.Label, store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO outcome_comments (paragraph_id, delegation_id, text, created_by, created_by_name, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, p.ID, own.ID, text, userID(v), c.By, c.CreatedAt).Scan(&c.ID); err != nil {
			return err
		}
		return touch(ctx, tx, v, docID, "outcome.comment.add", "outcome_paragraph", p.ID, c)
	})
	if err != nil {
		return Comment{}, err
	}
	return c, nil
}

// Comments lists the comments on a paragraph, oldest first. They are the
// negotiation's record: they stay in the room.
func (s *Service) Comments(ctx context.Context, v Viewer, docID int64, label string) ([]Comment, error) {
	p, err := s.roomParagraph(ctx, v, docID, label)
	if err != nil {
		return nil, err
	}
	return store.QueryAll(ctx, s.DB.Reader(), func(sc store.Scanner) (Comment, error) {
		c := Comment{Label: p.Label}
		err := sc.Scan(&c.ID, &c.DelegationID, &c.Delegation, &c.Text, &c.By, &c.CreatedAt)
		c.CreatedAt = c.CreatedAt.UTC()
		return c, err
	}, `SELECT c.id, c.delegation_id, d.code, c.text, c.created_by_name, c.created_at FROM outcome_comments c
		JOIN delegations d ON d.id = c.delegation_id WHERE c.paragraph_id = ? ORDER BY c.id`, p.ID)
}
