package demo

import (
	"context"
	"fmt"

	"roundtable/internal/account"
	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
)

// cast is who writes the demo: the secretariat declares the blocs, the
// chair proposes, publishes, merges and withdraws, and each delegation's
// delegate proposes in its name and records its positions.
type cast struct {
	admin     *account.User
	chair     *account.User
	delegates map[string]*account.User // by delegation code
}

// by is the account that puts a proposition forward.
func (w cast) by(proposedBy string) *account.User {
	if proposedBy == Chair {
		return w.chair
	}
	return w.delegates[proposedBy]
}

// loadGround writes the edition's common ground through the ground
// service in the order a roundtable would: the blocs; every proposition
// with its translations; the chair publishes the delegations' ones (all
// but those left waiting and the duplicate); the delegations take their
// positions; last the chair merges the duplicate and withdraws what the
// file says was withdrawn. The positions setting is left as it is
// (delegations only), so an observer sees no positions.
func loadGround(ctx context.Context, svc *ground.Service, w cast, ed loaded, g *groundContent) error {
	for i, b := range g.Blocs {
		if _, err := svc.CreateBloc(ctx, w.admin, ed.EditionID, ground.BlocInput{
			Code: b.Code, Names: b.Names, Position: i + 1, Members: b.Members,
		}); err != nil {
			return fmt.Errorf("bloc %q: %w", b.Code, err)
		}
	}
	ids := map[string]int64{}
	for _, x := range g.Propositions {
		id, err := propose(ctx, svc, w, ed, x)
		if err != nil {
			return fmt.Errorf("proposition %q: %w", x.Key, err)
		}
		ids[x.Key] = id
	}
	for _, x := range g.Propositions {
		if x.ProposedBy == Chair || (x.Status != ground.Published && x.Status != ground.Withdrawn) {
			continue
		}
		if _, err := svc.Publish(ctx, w.chair, ids[x.Key]); err != nil {
			return fmt.Errorf("proposition %q: publish: %w", x.Key, err)
		}
	}
	for _, x := range g.Propositions {
		for _, ps := range x.Positions {
			if _, err := svc.SetPosition(ctx, w.delegates[ps.Delegation], ids[x.Key], ground.PositionInput{
				Stance: ps.Stance, Reason: ps.Reason,
			}); err != nil {
				return fmt.Errorf("proposition %q: position of %s: %w", x.Key, ps.Delegation, err)
			}
		}
	}
	for _, x := range g.Propositions {
		var err error
		switch x.Status {
		case ground.Merged:
			_, err = svc.Merge(ctx, w.chair, ids[x.Key], ids[x.MergedInto])
		case ground.Withdrawn:
			_, err = svc.Withdraw(ctx, w.chair, ids[x.Key])
		}
		if err != nil {
			return fmt.Errorf("proposition %q: %s: %w", x.Key, x.Status, err)
		}
	}
	return nil
}

// propose puts one proposition forward as its proposer, who then gives its
// translations.
func propose(ctx context.Context, svc *ground.Service, w cast, ed loaded, x propositionSpec) (int64, error) {
	v := w.by(x.ProposedBy)
	sources := make([]int64, len(x.Sources))
	for i, n := range x.Sources {
		sources[i] = ed.Statements[n-1] // checked by parseGround
	}
	p, err := svc.Propose(ctx, v, ed.EditionID, ground.PropositionInput{Language: x.Language, Text: x.Text, Sources: sources})
	if err != nil {
		return 0, err
	}
	for _, t := range x.Translations {
		if _, err := svc.SetTranslation(ctx, v, p.ID, dialogue.Translation{
			Language: t.Language, Body: t.Text, Origin: t.Origin, Review: t.Review,
		}); err != nil {
			return 0, fmt.Errorf("translation %q: %w", t.Language, err)
		}
	}
	return p.ID, nil
}
