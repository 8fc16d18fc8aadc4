package commitment

import "context"

// Create records a commitment (the secretariat).
func (s *Service) Create(ctx context.Context, v Viewer, in Input) (Commitment, error) {
	return Commitment{}, errNotYet
}

// FromParagraph records a commitment from an operative paragraph of an
// adopted outcome document (the secretariat).
func (s *Service) FromParagraph(ctx context.Context, v Viewer, paragraphID int64, in Input) (Commitment, error) {
	in.ParagraphID = paragraphID
	return s.Create(ctx, v, in)
}

// Update changes a commitment (the secretariat); its source stays.
func (s *Service) Update(ctx context.Context, v Viewer, id int64, in Input) (Commitment, error) {
	return Commitment{}, errNotYet
}

// Get reads one commitment, if v may read it.
func (s *Service) Get(ctx context.Context, v Viewer, id int64) (Commitment, error) {
	return Commitment{}, errNotYet
}

// SetMilestoneDone marks a milestone done on doneOn (YYYY-MM-DD), or open
// again with "" (the secretariat, or a delegate of an owner state).
func (s *Service) SetMilestoneDone(ctx context.Context, v Viewer, commitmentID, milestoneID int64, doneOn string) (Commitment, error) {
	return Commitment{}, errNotYet
}
