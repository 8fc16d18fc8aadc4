package commitment

import "context"

// DataProgress compares, for each linked indicator of each owner, the
// latest value with the baseline and target, beside what the owner
// reported.
func (s *Service) DataProgress(ctx context.Context, v Viewer, commitmentID int64) ([]Progress, error) {
	return nil, errNotYet
}
