package ground

import (
	"cmp"
	"context"
	"slices"

	"roundtable/internal/ground/consensus"
	"roundtable/internal/store"
)

// Map is where an edition's blocs meet: every published proposition with
// the counts of each bloc, its scores, and its rank from the widest common
// ground to the deepest division.
type Map struct {
	EditionID int64  `json:"edition_id"`
	Blocs     []Bloc `json:"blocs"`
	// Delegations counts the delegations that took at least one position.
	Delegations int      `json:"delegations"`
	Rows        []MapRow `json:"propositions"`
	// Representative lists, per bloc (in the order of Blocs), the
	// propositions it agrees with much more than everyone else does.
	Representative [][]Represented `json:"representative"`
}

// MapRow is one proposition on the map.
type MapRow struct {
	Rank        int                `json:"rank"` // 1 is the widest common ground
	Proposition Proposition        `json:"proposition"`
	Blocs       []consensus.Counts `json:"blocs"` // per bloc, in the order of Map.Blocs
	Score       consensus.Score    `json:"score"`
	// Objections are the delegations that cannot accept it, with their
	// reasons, in code order.
	Objections []Position `json:"objections"`
}

// Represented is a proposition a bloc stands for.
type Represented struct {
	PropositionID int64             `json:"proposition_id"`
	Repness       consensus.Repness `json:"repness"`
}

// maxRepresentative bounds the propositions shown for one bloc.
const maxRepresentative = 5

// tally is the positions of an edition by proposition and delegation.
type tally map[int64]map[int64]Position

// Map computes an edition's map for a reader allowed to read its positions.
func (s *Service) Map(ctx context.Context, v Viewer, editionID int64) (Map, error) {
	if _, err := s.requirePositions(ctx, v, editionID); err != nil {
		return Map{}, err
	}
	blocs, err := s.blocs(ctx, s.DB.Reader(), editionID)
	if err != nil {
		return Map{}, err
	}
	props, t, err := s.published(ctx, v, editionID)
	if err != nil {
		return Map{}, err
	}
	return buildMap(editionID, blocs, props, t), nil
}

// published reads an edition's published propositions and their
// positions. The map needs every stance but the reasons of objections
// only, so the stances come in one narrow query (three columns, no text,
// no time) and the objections, with their reasons, in another: reading
// every position whole was half the cost of a map.
func (s *Service) published(ctx context.Context, v Viewer, editionID int64) ([]Proposition, tally, error) {
	props, err := s.Propositions(ctx, v, PropositionFilter{EditionID: editionID, Statuses: []string{Published}})
	if err != nil {
		return nil, nil, err
	}
	q := s.DB.Reader()
	version, err := editionVersion(ctx, q, editionID)
	if err != nil {
		return nil, nil, err
	}
	if t, ok := s.tallies.get(editionID, version); ok {
		return props, t, nil
	}
	t, err := readTally(ctx, q, editionID)
	if err != nil {
		return nil, nil, err
	}
	s.tallies.put(editionID, version, t)
	return props, t, nil
}

// readTally reads the positions on an edition's published propositions.
// Callers share what it returns (through the cache): nobody may change it.
func readTally(ctx context.Context, q store.Querier, editionID int64) (tally, error) {
	t := tally{}
	rows, err := q.Query(ctx, `SELECT x.proposition_id, x.delegation_id, x.stance FROM positions x
		JOIN propositions p ON p.id = x.proposition_id WHERE p.edition_id = ? AND p.status = 'published'`, editionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var x Position
		var st string
		if err := rows.Scan(&x.PropositionID, &x.DelegationID, &st); err != nil {
			return nil, err
		}
		x.Stance = Stance(st)
		if t[x.PropositionID] == nil {
			t[x.PropositionID] = map[int64]Position{}
		}
		t[x.PropositionID][x.DelegationID] = x
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	objections, err := store.QueryAll(ctx, q, func(sc store.Scanner) (Position, error) {
		x := Position{Stance: CannotAccept}
		return x, sc.Scan(&x.PropositionID, &x.DelegationID, &x.Delegation, &x.Reason, &x.UpdatedAt)
	}, `SELECT x.proposition_id, x.delegation_id, d.code, x.reason, x.updated_at FROM positions x
		JOIN propositions p ON p.id = x.proposition_id JOIN delegations d ON d.id = x.delegation_id
		WHERE p.edition_id = ? AND p.status = 'published' AND x.stance = 'cannot_accept'`, editionID)
	if err != nil {
		return nil, err
	}
	for _, x := range objections {
		if t[x.PropositionID] != nil {
			t[x.PropositionID][x.DelegationID] = x
		}
	}
	return t, nil
}

// count adds one stance to c.
func count(c consensus.Counts, st Stance) consensus.Counts {
	switch st {
	case Support:
		c.Support++
	case CanLiveWith:
		c.LiveWith++
	case CannotAccept:
		c.Object++
	case Pending:
		c.Pending++
	}
	return c
}

// countsOf counts the positions on one proposition of the delegations in
// member (nil: everyone).
func countsOf(ps map[int64]Position, member func(int64) bool) consensus.Counts {
	var c consensus.Counts
	for d, p := range ps {
		if member == nil || member(d) {
			c = count(c, p.Stance)
		}
	}
	return c
}

func buildMap(editionID int64, blocs []Bloc, props []Proposition, t tally) Map {
	m := Map{EditionID: editionID, Blocs: blocs, Rows: []MapRow{}, Representative: make([][]Represented, len(blocs))}
	took := map[int64]bool{}
	in := make([]func(int64) bool, len(blocs))
	out := make([]func(int64) bool, len(blocs))
	for i, b := range blocs {
		in[i] = func(d int64) bool { return slices.Contains(b.memberIDs, d) }
		out[i] = func(d int64) bool { return !slices.Contains(b.memberIDs, d) }
	}
	for _, p := range props {
		ps := t[p.ID]
		row := MapRow{Proposition: p, Blocs: make([]consensus.Counts, len(blocs)), Objections: []Position{}}
		for i := range blocs {
			row.Blocs[i] = countsOf(ps, in[i])
		}
		row.Score = consensus.ScoreOf(row.Blocs, countsOf(ps, nil))
		for d, x := range ps {
			took[d] = true
			if x.Stance == CannotAccept {
				row.Objections = append(row.Objections, x)
			}
		}
		slices.SortFunc(row.Objections, func(a, b Position) int { return cmp.Compare(a.Delegation, b.Delegation) })
		for i := range blocs {
			r := consensus.Representative(row.Blocs[i], countsOf(ps, out[i]))
			if r.Represents {
				m.Representative[i] = append(m.Representative[i], Represented{p.ID, r})
			}
		}
		m.Rows = append(m.Rows, row)
	}
	slices.SortStableFunc(m.Rows, func(a, b MapRow) int { return consensus.Compare(a.Score, b.Score) })
	for i := range m.Rows {
		m.Rows[i].Rank = i + 1
	}
	for i, reps := range m.Representative {
		slices.SortStableFunc(reps, func(a, b Represented) int { return cmp.Compare(b.Repness.Z, a.Repness.Z) })
		m.Representative[i] = reps[:min(len(reps), maxRepresentative)]
		if m.Representative[i] == nil {
			m.Representative[i] = []Represented{}
		}
	}
	m.Delegations = len(took)
	return m
}
