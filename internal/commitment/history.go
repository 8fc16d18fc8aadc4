package commitment

import "context"

// History lists what happened to a commitment, oldest first, leaving out
// events about reports v may not read.
func (s *Service) History(ctx context.Context, v Viewer, commitmentID int64) ([]Event, error) {
	return nil, errNotYet
}
