package dialogue

import (
	"context"
	"slices"

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
	counts, err := store.QueryAll(ctx, s.DB.Reader(), func(sc store.Scanner) (ConceptCount, error) {
		var c ConceptCount
		return c, sc.Scan(&c.DelegationID, &c.Concept, &c.Statements)
	}, "SELECT s.delegation_id, c.concept_id, count(*)"+statementFrom+
		" JOIN statement_concepts c ON c.statement_id = s.id AND c.origin <> 'removed' WHERE s.edition_id = ? AND "+cond[0]+
		" GROUP BY s.delegation_id, c.concept_id ORDER BY s.delegation_id, c.concept_id", append([]any{editionID}, args...)...)
	if known := s.knownConcept(); known != nil && err == nil {
		counts = slices.DeleteFunc(counts, func(c ConceptCount) bool { return !known(c.Concept) })
	}
	return counts, err
}

// readableChunk bounds the ids one query of Readable binds, far below
// either engine's limit on parameters.
const readableChunk = 500

// Readable reports which of the statements ids the viewer may read, in a
// query per 500 ids: areas that cite statements (a proposition's sources)
// list only those their reader may follow.
func (s *Service) Readable(ctx context.Context, v Viewer, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	cond, args := visibleWhere(visibility.Of(v), store.Now())
	for start := 0; start < len(ids); start += readableChunk {
		var chunk []any
		for _, id := range ids[start:min(start+readableChunk, len(ids))] {
			chunk = append(chunk, id)
		}
		found, err := store.QueryAll(ctx, s.DB.Reader(), func(sc store.Scanner) (int64, error) {
			var id int64
			return id, sc.Scan(&id)
		}, "SELECT s.id"+statementFrom+" WHERE s.id IN ("+placeholders(len(chunk))+") AND "+cond[0], append(chunk, args...)...)
		if err != nil {
			return nil, err
		}
		for _, id := range found {
			out[id] = true
		}
	}
	return out, nil
}
