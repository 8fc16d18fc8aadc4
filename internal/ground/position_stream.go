package ground

import (
	"context"

	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// The exports and the history API read positions a chunk or a page at a
// time after a keyset cursor, so that memory and the cost of each read
// stay the same however many positions an edition holds.

// positionChunk is how many rows EachPosition and EachChange read at once;
// a variable so that a test can cross chunk boundaries with a few rows.
var positionChunk = 500

// The column lists and scanners of positions and their history, shared by
// the whole lists (Positions, History) and the chunked reads. A position's
// delegation is xd and a change's hd, leaving d to the proposition's own
// delegation, which the visibility rule (propositionColumns) names.
const (
	positionColumns = "x.proposition_id, x.delegation_id, xd.code, x.stance, x.reason, x.updated_at"
	positionFrom    = " FROM positions x JOIN propositions p ON p.id = x.proposition_id JOIN delegations xd ON xd.id = x.delegation_id"
	changeColumns   = "h.id, h.proposition_id, h.delegation_id, hd.code, h.stance, h.reason, h.set_by_name, h.note, h.at"
	changeFrom      = " FROM position_history h JOIN delegations hd ON hd.id = h.delegation_id"
	// propositionScope joins what propositionColumns reads.
	propositionScope = " JOIN editions e ON e.id = p.edition_id LEFT JOIN delegations d ON d.id = p.delegation_id"
)

func scanPosition(sc store.Scanner) (Position, error) {
	var x Position
	var st string
	err := sc.Scan(&x.PropositionID, &x.DelegationID, &x.Delegation, &st, &x.Reason, &x.UpdatedAt)
	x.Stance = Stance(st)
	return x, err
}

func scanChange(sc store.Scanner) (Change, error) {
	var c Change
	var st string
	err := sc.Scan(&c.ID, &c.PropositionID, &c.DelegationID, &c.Delegation, &st, &c.Reason, &c.By, &c.Note, &c.At)
	c.Stance = Stance(st)
	return c, err
}

// EachPosition calls fn with every current position on an edition's
// propositions the reader may read, by proposition id then delegation id,
// reading positionChunk at a time. A reader the edition keeps positions
// from gets positions_restricted before fn is ever called, so an export
// can still answer with an error page.
func (s *Service) EachPosition(ctx context.Context, v Viewer, editionID int64, fn func(Position) error) error {
	if _, err := s.requirePositions(ctx, v, editionID); err != nil {
		return err
	}
	cond, vis := visibility.Of(v).Where(propositionColumns, store.Now())
	read := func(after string, afterArgs []any, n int) ([]Position, error) {
		args := append(append(append([]any{editionID}, vis...), afterArgs...), n)
		return store.QueryAll(ctx, s.DB.Reader(), scanPosition, "SELECT "+positionColumns+positionFrom+propositionScope+
			" WHERE p.edition_id = ? AND "+cond+after+" ORDER BY x.proposition_id, x.delegation_id LIMIT ?", args...)
	}
	n := positionChunk
	list, err := read("", nil, n)
	for {
		if err != nil {
			return err
		}
		for _, x := range list {
			if err := fn(x); err != nil {
				return err
			}
		}
		if len(list) < n {
			return nil
		}
		// After the cursor in two steps, each a seek on the primary key:
		// the rest of its proposition, then the propositions after it.
		// One row-value condition would let SQLite seek on the
		// proposition only and read its positions again for each chunk.
		last := list[len(list)-1]
		list, err = read(" AND x.proposition_id = ? AND x.delegation_id > ?", []any{last.PropositionID, last.DelegationID}, n)
		if err == nil && len(list) < n {
			var more []Position
			more, err = read(" AND x.proposition_id > ?", []any{last.PropositionID}, n-len(list))
			list = append(list, more...)
		}
	}
}

// EachChange calls fn with every change of the positions on an edition's
// propositions the reader may read, in the order they were recorded,
// reading positionChunk at a time; positions_restricted comes before fn is
// called, as for EachPosition.
func (s *Service) EachChange(ctx context.Context, v Viewer, editionID int64, fn func(Change) error) error {
	if _, err := s.requirePositions(ctx, v, editionID); err != nil {
		return err
	}
	cond, vis := visibility.Of(v).Where(propositionColumns, store.Now())
	q := "SELECT " + changeColumns + changeFrom + " JOIN propositions p ON p.id = h.proposition_id" + propositionScope +
		" WHERE p.edition_id = ? AND h.id > ? AND " + cond + " ORDER BY h.id LIMIT ?"
	var after int64
	for {
		args := append(append([]any{editionID, after}, vis...), positionChunk)
		list, err := store.QueryAll(ctx, s.DB.Reader(), scanChange, q, args...)
		if err != nil {
			return err
		}
		for _, c := range list {
			if err := fn(c); err != nil {
				return err
			}
		}
		if len(list) < positionChunk {
			return nil
		}
		after = list[len(list)-1].ID
	}
}

// HistoryPage lists up to limit changes of the positions on a proposition
// after the change id after (0: from the first), oldest first, when the
// reader may read positions: a page costs the same however long the
// history.
func (s *Service) HistoryPage(ctx context.Context, v Viewer, propositionID, after int64, limit int) ([]Change, error) {
	p, err := s.Proposition(ctx, v, propositionID)
	if err != nil {
		return nil, err
	}
	if _, err := s.requirePositions(ctx, v, p.EditionID); err != nil {
		return nil, err
	}
	return store.QueryAll(ctx, s.DB.Reader(), scanChange, "SELECT "+changeColumns+changeFrom+
		" WHERE h.proposition_id = ? AND h.id > ? ORDER BY h.id LIMIT ?", propositionID, after, limit)
}
