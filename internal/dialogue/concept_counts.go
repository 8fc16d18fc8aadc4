package dialogue

import (
	"context"

	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// ConceptCount is how many statements of a delegation, among those the
// reader may read, carry a concept tag.
type ConceptCount struct {
	DelegationID int64
	Concept      string
	Statements   int
}

// ConceptCounts counts, per delegation of an edition and per concept, the
// statements the viewer may read that carry the concept (automatic tags
// and those added by hand, less those removed): what each delegation
// raised, for the priorities of common ground.
func (s *Service) ConceptCounts(ctx context.Context, v Viewer, editionID int64) ([]ConceptCount, error) {
	if _, err := s.Edition(ctx, v, editionID); err != nil {
		return nil, err
	}
	cond, args := visibleWhere(visibility.Of(v), store.Now())
	return store.QueryAll(ctx, s.DB.Reader(), func(sc store.Scanner) (ConceptCount, error) {
		var c ConceptCount
		return c, sc.Scan(&c.DelegationID, &c.Concept, &c.Statements)
	}, "SELECT s.delegation_id, c.concept_id, count(*)"+statementFrom+
		" JOIN statement_concepts c ON c.statement_id = s.id AND c.origin <> 'removed' WHERE s.edition_id = ? AND "+cond[0]+
		" GROUP BY s.delegation_id, c.concept_id ORDER BY s.delegation_id, c.concept_id", append([]any{editionID}, args...)...)
}
