package outcome

import (
	"context"
	"database/sql"
	"errors"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// A forum's adoption rule: consensus only (a vote is refused), or a vote
// when consensus fails.
const (
	RuleConsensus       = "consensus"
	RuleConsensusOrVote = "consensus_or_vote"
)

// Bounds of a forum's minimum silence, in hours: the UN General Assembly
// uses 72; a forum may ask for as little as an hour or as much as 90 days.
const (
	DefaultSilenceHours = 72
	maxSilenceHours     = 2160
)

// Rules are a forum's rules for its outcome documents.
type Rules struct {
	ForumID         int64  `json:"forum_id"`
	SilenceMinHours int    `json:"silence_min_hours"`
	Adoption        string `json:"adoption"` // consensus, consensus_or_vote
}

var (
	errSecretariatOnly = errs.New(errs.Forbidden, "secretariat_only", "outcome.error.secretariat_only")
	errSilenceHours    = errs.Field("silence_min_hours", "invalid_silence_min_hours", "outcome.error.silence_min_hours", "max", maxSilenceHours)
	errAdoptionRule    = errs.Field("adoption", "invalid_adoption_rule", "outcome.error.adoption_rule")
)

// Rules reads a forum's rules; a forum that never set them has the
// defaults: 72 hours of silence at least, consensus only. Rules are no
// secret: anyone may read them.
func (s *Service) Rules(ctx context.Context, forumID int64) (Rules, error) {
	var n int
	if err := s.DB.Reader().QueryRow(ctx, "SELECT count(*) FROM forums WHERE id = ?", forumID).Scan(&n); err != nil {
		return Rules{}, err
	}
	if n == 0 {
		return Rules{}, errs.ErrNotFound
	}
	return rulesOf(ctx, s.DB.Reader(), forumID)
}

func rulesOf(ctx context.Context, q store.Querier, forumID int64) (Rules, error) {
	r := Rules{ForumID: forumID}
	err := q.QueryRow(ctx, "SELECT silence_min_hours, adoption FROM outcome_rules WHERE forum_id = ?", forumID).Scan(&r.SilenceMinHours, &r.Adoption)
	if errors.Is(err, sql.ErrNoRows) {
		return Rules{ForumID: forumID, SilenceMinHours: DefaultSilenceHours, Adoption: RuleConsensus}, nil
	}
	return r, err
}

// SetRules sets a forum's rules. Only the secretariat sets them: they bind
// every edition of the forum. A zero SilenceMinHours or an empty Adoption
// takes the default.
func (s *Service) SetRules(ctx context.Context, v Viewer, forumID int64, in Rules) (Rules, error) {
	if v == nil || v.Role != account.Administrator {
		return Rules{}, errSecretariatOnly
	}
	if in.SilenceMinHours == 0 {
		in.SilenceMinHours = DefaultSilenceHours
	}
	if in.SilenceMinHours < 1 || in.SilenceMinHours > maxSilenceHours {
		return Rules{}, errSilenceHours
	}
	if in.Adoption == "" {
		in.Adoption = RuleConsensus
	}
	if in.Adoption != RuleConsensus && in.Adoption != RuleConsensusOrVote {
		return Rules{}, errAdoptionRule
	}
	in.ForumID = forumID
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM forums WHERE id = ?", forumID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errs.ErrNotFound
		}
		if _, err := tx.Exec(ctx, `INSERT INTO outcome_rules (forum_id, silence_min_hours, adoption, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (forum_id) DO UPDATE SET silence_min_hours = excluded.silence_min_hours, adoption = excluded.adoption, updated_at = excluded.updated_at`,
			forumID, in.SilenceMinHours, in.Adoption, store.Now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Actor: account.ActorOf(v), Action: "outcome.rules", EntityType: "forum", EntityID: itoa(forumID), Change: in})
	})
	if err != nil {
		return Rules{}, err
	}
	return in, nil
}
