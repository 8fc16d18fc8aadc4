package outcome

import (
	"context"
	"strings"
	"time"

	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// StatusInput moves a paragraph to a status. Reason is required for
// bracketed (alternative_wording, contentious, instructions); Until, the
// deadline for the capital's confirmation, for agreed ad ref. Agreeing a
// paragraph of a package needs every other paragraph of the package
// agreed already or named in Together, which are then agreed with it.
type StatusInput struct {
	Status   string     `json:"status"`
	Reason   string     `json:"reason,omitempty"`
	Until    *time.Time `json:"until,omitempty"`
	Together []string   `json:"together,omitempty"`
}

// SetStatus moves a paragraph of the working text to another status.
// Taking an agreed paragraph back to any other status reopens it, and
// with it the paragraphs of its package: nothing in a package is agreed
// until all of it is.
func (s *Service) SetStatus(ctx context.Context, v Viewer, docID int64, label string, in StatusInput) (Paragraph, error) {
	if !presides(v) {
		return Paragraph{}, errChairOnly
	}
	if _, err := s.Document(ctx, v, docID); err != nil {
		return Paragraph{}, err
	}
	if !contains(Statuses, in.Status) {
		return Paragraph{}, errStatus
	}
	switch in.Status {
	case Bracketed:
		if !contains(BracketReasons, in.Reason) {
			return Paragraph{}, errBracketReason
		}
	case AgreedAdRef:
		if in.Until == nil || !in.Until.After(store.Now()) {
			return Paragraph{}, errAdRefDeadline
		}
	}
	if in.Status != Bracketed {
		in.Reason = ""
	}
	if in.Status != AgreedAdRef {
		in.Until = nil
	}
	var p Paragraph
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := lockDrafting(ctx, tx, docID); err != nil {
			return err
		}
		var err error
		if p, err = liveParagraph(ctx, tx, docID, label); err != nil {
			return err
		}
		list := []Paragraph{p}
		if err := attachParagraphs(ctx, tx, docID, list); err != nil {
			return err
		}
		p = list[0]
		moved := []string{p.Label}
		switch {
		case in.Status == Agreed && len(p.Package) > 0:
			others, err := packageReady(ctx, tx, docID, p, in.Together)
			if err != nil {
				return err
			}
			moved = append(moved, others...)
		case p.Status == Agreed && in.Status != Agreed:
			moved = append(moved, p.Package...)
		}
		for i, l := range moved {
			status, reason, until := in.Status, in.Reason, in.Until
			if i > 0 && in.Status != Agreed {
				status, reason, until = Bracketed, "contentious", nil // reopened with its package
			}
			if _, err := tx.Exec(ctx, "UPDATE outcome_paragraphs SET status = ?, bracket_reason = ?, ad_ref_until = ?, updated_at = ? WHERE document_id = ? AND label = ?",
				status, reason, until, store.Now(), docID, l); err != nil {
				return err
			}
		}
		if p, err = paragraphByLabel(ctx, tx, docID, label); err != nil {
			return err
		}
		return touch(ctx, tx, v, docID, "outcome.paragraph.status", "outcome_paragraph", p.ID, map[string]any{"labels": moved, "status": in})
	})
	return p, err
}

// packageReady checks that every paragraph of p's package is agreed or
// named in together, and returns those to agree with p.
func packageReady(ctx context.Context, tx *store.Tx, docID int64, p Paragraph, together []string) ([]string, error) {
	var waiting, with []string
	for _, l := range p.Package {
		q, err := liveParagraph(ctx, tx, docID, l)
		if err != nil {
			return nil, err
		}
		switch {
		case contains(together, l):
			with = append(with, l)
		case q.Status != Agreed:
			waiting = append(waiting, l)
		}
	}
	if len(waiting) > 0 {
		return nil, errs.New(errs.Conflict, "package_not_agreed", "outcome.error.package_not_agreed", "labels", strings.Join(waiting, ", "))
	}
	return with, nil
}

// SetPackage links a paragraph with others: it is agreed only together
// with them (and they with it). An empty list unties it.
func (s *Service) SetPackage(ctx context.Context, v Viewer, docID int64, label string, linked []string) (Paragraph, error) {
	if !presides(v) {
		return Paragraph{}, errChairOnly
	}
	if _, err := s.Document(ctx, v, docID); err != nil {
		return Paragraph{}, err
	}
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := lockDrafting(ctx, tx, docID); err != nil {
			return err
		}
		p, err := liveParagraph(ctx, tx, docID, label)
		if err != nil {
			return err
		}
		var ids []int64
		for _, l := range linked {
			if l == p.Label {
				return errPackageSelf
			}
			q, err := liveParagraph(ctx, tx, docID, l)
			if err != nil {
				return err
			}
			ids = append(ids, q.ID)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM outcome_packages WHERE paragraph_id = ? OR linked_id = ?", p.ID, p.ID); err != nil {
			return err
		}
		for _, id := range ids {
			for _, pair := range [][2]int64{{p.ID, id}, {id, p.ID}} {
				if _, err := tx.Exec(ctx, "INSERT INTO outcome_packages (paragraph_id, linked_id) VALUES (?, ?) ON CONFLICT DO NOTHING", pair[0], pair[1]); err != nil {
					return err
				}
			}
		}
		return touch(ctx, tx, v, docID, "outcome.paragraph.package", "outcome_paragraph", p.ID, map[string]any{"label": p.Label, "linked": linked})
	})
	if err != nil {
		return Paragraph{}, err
	}
	return s.Paragraph(ctx, v, docID, label)
}
