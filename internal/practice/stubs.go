package practice

import (
	"context"

	"roundtable/internal/errs"
)

// errNotYet stands for a method still being written.
var errNotYet = errs.New(errs.Unavailable, "not_implemented", "practice.error.not_implemented")

// Create writes a new practice as a draft: a delegate for their own state
// only (forbidden, code not_your_state, otherwise), the secretariat for any.
func (s *Service) Create(ctx context.Context, v Viewer, in Input) (Practice, error) {
	return Practice{}, errNotYet
}

// Update rewrites a practice's facts and its original text: its state's
// delegates while it is a draft or submitted, the secretariat always.
func (s *Service) Update(ctx context.Context, v Viewer, id int64, in Input) (Practice, error) {
	return Practice{}, errNotYet
}

// SetText writes a translation made by a person (origin human) in lang;
// t.Review says whether it is reviewed.
func (s *Service) SetText(ctx context.Context, v Viewer, id int64, lang string, t Text) (Practice, error) {
	return Practice{}, errNotYet
}

// Submit sends a draft to the secretariat.
func (s *Service) Submit(ctx context.Context, v Viewer, id int64) (Practice, error) {
	return Practice{}, errNotYet
}

// Publish publishes a submitted practice (the secretariat only).
func (s *Service) Publish(ctx context.Context, v Viewer, id int64) (Practice, error) {
	return Practice{}, errNotYet
}

// Return sends a submitted practice back to its delegation as a draft,
// with a note kept in the audit log (the secretariat only).
func (s *Service) Return(ctx context.Context, v Viewer, id int64, note string) (Practice, error) {
	return Practice{}, errNotYet
}

// Get reads one practice; not found when the reader may not read it.
func (s *Service) Get(ctx context.Context, v Viewer, id int64) (Practice, error) {
	return Practice{}, errNotYet
}

// List pages the practices the reader may read.
func (s *Service) List(ctx context.Context, v Viewer, f Filter) (Page, error) {
	return Page{}, errNotYet
}

// DifferentPaths is the published practices of every country on concept,
// grouped by country (see Paths for the order).
func (s *Service) DifferentPaths(ctx context.Context, v Viewer, concept string) (Paths, error) {
	return Paths{}, errNotYet
}

// Themes lists the concepts with published practices of at least two
// countries, by concept id.
func (s *Service) Themes(ctx context.Context, v Viewer) ([]Theme, error) {
	return nil, errNotYet
}

// CreateAsk writes a request or an offer: a delegate for their own state,
// the secretariat for any.
func (s *Service) CreateAsk(ctx context.Context, v Viewer, in AskInput) (Ask, error) {
	return Ask{}, errNotYet
}

// UpdateAsk rewrites an open ask (its state's delegates, the secretariat).
func (s *Service) UpdateAsk(ctx context.Context, v Viewer, id int64, in AskInput) (Ask, error) {
	return Ask{}, errNotYet
}

// CloseAsk closes an ask (its state's delegates, the secretariat).
func (s *Service) CloseAsk(ctx context.Context, v Viewer, id int64) (Ask, error) {
	return Ask{}, errNotYet
}

// Ask reads one request or offer.
func (s *Service) Ask(ctx context.Context, v Viewer, id int64) (Ask, error) {
	return Ask{}, errNotYet
}

// Asks pages the requests and offers the reader may read.
func (s *Service) Asks(ctx context.Context, v Viewer, f AskFilter) (AskPage, error) {
	return AskPage{}, errNotYet
}

// Suggest lists what may answer a request, best first.
func (s *Service) Suggest(ctx context.Context, v Viewer, requestID int64) ([]Suggestion, error) {
	return nil, errNotYet
}

// ProposeMatch matches a request to an offer, a practice or a state (the
// secretariat only).
func (s *Service) ProposeMatch(ctx context.Context, v Viewer, requestID int64, in MatchInput) (Match, error) {
	return Match{}, errNotYet
}

// SetMatchStatus moves a match on.
func (s *Service) SetMatchStatus(ctx context.Context, v Viewer, matchID int64, ch StatusChange) (Match, error) {
	return Match{}, errNotYet
}

// Match reads one match with its history.
func (s *Service) Match(ctx context.Context, v Viewer, id int64) (Match, error) {
	return Match{}, errNotYet
}

// Matches pages the matches the reader may read.
func (s *Service) Matches(ctx context.Context, v Viewer, f MatchFilter) (MatchPage, error) {
	return MatchPage{}, errNotYet
}
