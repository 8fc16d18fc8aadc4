package commitment

import "context"

// AddComment adds civil society's comment on a published report (an
// observer, where the forum allows it); it waits for moderation.
func (s *Service) AddComment(ctx context.Context, v Viewer, reportID int64, lang, body string) (Comment, error) {
	return Comment{}, errNotYet
}

// Moderate approves or rejects a pending comment (the secretariat).
func (s *Service) Moderate(ctx context.Context, v Viewer, commentID int64, approve bool) (Comment, error) {
	return Comment{}, errNotYet
}

// Comments lists a report's comments v may read, oldest first: approved
// ones; pending ones too for the secretariat and their author.
func (s *Service) Comments(ctx context.Context, v Viewer, reportID int64) ([]Comment, error) {
	return nil, errNotYet
}

// PendingComments lists the comments waiting for moderation (the
// secretariat), oldest first.
func (s *Service) PendingComments(ctx context.Context, v Viewer) ([]Comment, error) {
	return nil, errNotYet
}

// CommentsAllowed reports whether civil society may comment on the
// published reports of a forum's commitments.
func (s *Service) CommentsAllowed(ctx context.Context, forumID int64) (bool, error) {
	return false, errNotYet
}

// SetCommentsAllowed opens or closes a forum's reports to civil society's
// comments (the secretariat).
func (s *Service) SetCommentsAllowed(ctx context.Context, v Viewer, forumID int64, allowed bool) error {
	return errNotYet
}
