package commitment

import "context"

// List pages the commitments v may read that f selects, soonest due first.
func (s *Service) List(ctx context.Context, v Viewer, f Filter) (Page, error) {
	return Page{}, errNotYet
}

// Summary counts the commitments v may read that f selects.
func (s *Service) Summary(ctx context.Context, v Viewer, f Filter) (Summary, error) {
	return Summary{}, errNotYet
}

// Each calls fn for every commitment v may read that f selects (Limit and
// Offset ignored), in the order of List, for exports.
func (s *Service) Each(ctx context.Context, v Viewer, f Filter, fn func(Commitment) error) error {
	return errNotYet
}
