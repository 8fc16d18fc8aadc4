package commitment

import (
	"context"
	"database/sql"
	"errors"

	"roundtable/internal/account"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// AddComment adds civil society's comment on a published report: an
// observer's, where the forum of the commitment's edition allows it. A
// commitment without an edition belongs to no forum, so no forum has
// opened it to comments: its reports take none. The comment waits for the
// secretariat's moderation.
func (s *Service) AddComment(ctx context.Context, v Viewer, reportID int64, lang, body string) (Comment, error) {
	if v == nil || v.Role != account.Observer {
		return Comment{}, errObserversOnly
	}
	r, c, err := s.readReport(ctx, v, reportID)
	if err != nil {
		return Comment{}, err
	}
	if r.State != ReportPublished {
		return Comment{}, errNotPublished
	}
	open, err := s.commentsOpen(ctx, v, c)
	if err != nil {
		return Comment{}, err
	}
	if !open {
		return Comment{}, errCommentsClosed
	}
	if err := checkLang("language", lang); err != nil {
		return Comment{}, err
	}
	if body, err = checkText("body", body, maxComment); err != nil {
		return Comment{}, err
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO report_comments (report_id, author_id, language, body, state, created_at)
			VALUES (?, ?, ?, ?, 'pending', ?) RETURNING id`, reportID, v.ID, lang, body, store.Now()).Scan(&id); err != nil {
			return err
		}
		return record(ctx, tx, v, "report.comment", "report_comment", id, map[string]any{"report": reportID, "language": lang, "body": body})
	})
	if err != nil {
		return Comment{}, err
	}
	return loadComment(ctx, s.DB.Reader(), id)
}

// commentsOpen: the forum of c's edition lets civil society comment.
func (s *Service) commentsOpen(ctx context.Context, v Viewer, c Commitment) (bool, error) {
	if c.EditionID == 0 {
		return false, nil
	}
	e, err := s.Dialogue.Edition(ctx, v, c.EditionID)
	if err != nil {
		return false, err
	}
	return s.CommentsAllowed(ctx, e.ForumID)
}

// Moderate approves or rejects a pending comment (the secretariat). An
// approved comment enters the commitment's history.
func (s *Service) Moderate(ctx context.Context, v Viewer, commentID int64, approve bool) (Comment, error) {
	if !isSecretariat(v) {
		return Comment{}, errSecretariatOnly
	}
	cm, err := loadComment(ctx, s.DB.Reader(), commentID)
	if err != nil {
		return cm, err
	}
	r, _, err := s.readReport(ctx, v, cm.ReportID)
	if err != nil {
		return Comment{}, err
	}
	state := CommentRejected
	if approve {
		state = CommentApproved
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		res, err := tx.Exec(ctx, "UPDATE report_comments SET state = ?, moderated_by = ?, moderated_at = ? WHERE id = ? AND state = 'pending'",
			state, v.ID, now, commentID)
		if err := oneRow(res, err, errModerated); err != nil {
			return err
		}
		if approve {
			if err := event(ctx, tx, v, r.CommitmentID, EventCommentApproved, r.Country, r.ID, itoa(commentID)); err != nil {
				return err
			}
		}
		return record(ctx, tx, v, "report.moderate", "report_comment", commentID, map[string]any{"state": state})
	})
	if err != nil {
		return Comment{}, err
	}
	return loadComment(ctx, s.DB.Reader(), commentID)
}

// Comments lists a report's comments v may read, oldest first: the
// approved ones; every one for the secretariat; and an author's own,
// whatever their moderation.
func (s *Service) Comments(ctx context.Context, v Viewer, reportID int64) ([]Comment, error) {
	if _, _, err := s.readReport(ctx, v, reportID); err != nil {
		return nil, err
	}
	query := "SELECT " + commentColumns + " FROM report_comments WHERE report_id = ?"
	args := []any{reportID}
	switch {
	case isSecretariat(v):
	case v != nil:
		query += " AND (state = 'approved' OR author_id = ?)"
		args = append(args, v.ID)
	default:
		query += " AND state = 'approved'"
	}
	return store.QueryAll(ctx, s.DB.Reader(), scanComment, query+" ORDER BY created_at, id", args...)
}

// PendingComments lists the comments waiting for moderation (the
// secretariat), oldest first.
func (s *Service) PendingComments(ctx context.Context, v Viewer) ([]Comment, error) {
	if !isSecretariat(v) {
		return nil, errSecretariatOnly
	}
	return store.QueryAll(ctx, s.DB.Reader(), scanComment, "SELECT "+commentColumns+" FROM report_comments WHERE state = 'pending' ORDER BY created_at, id")
}

// CommentsAllowed reports whether civil society may comment on the
// published reports of a forum's commitments (not until the secretariat
// allows it).
func (s *Service) CommentsAllowed(ctx context.Context, forumID int64) (bool, error) {
	var allowed bool
	err := s.DB.Reader().QueryRow(ctx, "SELECT civil_society_comments FROM action_settings WHERE forum_id = ?", forumID).Scan(&allowed)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return allowed, err
}

// SetCommentsAllowed opens or closes a forum's reports to civil society's
// comments (the secretariat).
func (s *Service) SetCommentsAllowed(ctx context.Context, v Viewer, forumID int64, allowed bool) error {
	if !isSecretariat(v) {
		return errSecretariatOnly
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO action_settings (forum_id, civil_society_comments) VALUES (?, ?)
			ON CONFLICT (forum_id) DO UPDATE SET civil_society_comments = excluded.civil_society_comments`, forumID, allowed); err != nil {
			if containsAny(err.Error(), "FOREIGN KEY", "23503") {
				return errs.ErrNotFound
			}
			return err
		}
		return record(ctx, tx, v, "action.settings", "forum", forumID, map[string]any{"civil_society_comments": allowed})
	})
}

const commentColumns = "id, report_id, author_id, language, body, state, created_at, moderated_by, moderated_at"

func scanComment(sc store.Scanner) (Comment, error) {
	var c Comment
	var by sql.NullInt64
	var at sql.NullTime
	err := sc.Scan(&c.ID, &c.ReportID, &c.AuthorID, &c.Language, &c.Body, &c.State, &c.CreatedAt, &by, &at)
	c.ModeratedBy, c.ModeratedAt = by.Int64, timePtr(at)
	return c, err
}

func loadComment(ctx context.Context, q store.Querier, id int64) (Comment, error) {
	c, err := scanComment(q.QueryRow(ctx, "SELECT "+commentColumns+" FROM report_comments WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, errs.ErrNotFound
	}
	return c, err
}
