package ground

import (
	"cmp"
	"context"
	"math"
	"slices"

	"roundtable/internal/dialogue"
	"roundtable/internal/ground/consensus"
	"roundtable/internal/ground/opinion"
)

// GroupSeed fixes the clustering's random start, so that the same
// positions always draw the same groups.
const GroupSeed = 20250725

// Groups is how delegations actually stand, found from their positions
// rather than declared: a principal-component projection and a k-means
// clustering of the delegation × proposition matrix (ground/opinion says
// how k is chosen and how positions are encoded).
type Groups struct {
	EditionID int64 `json:"edition_id"`
	// Delegations are the rows: every delegation that took a position on
	// a published proposition, in code order, with its point and group (a
	// delegation that lost its accreditation keeps the positions it took).
	Delegations []Placed       `json:"delegations"`
	Result      opinion.Result `json:"result"`
	// Bridges are the propositions every discovered group is likely to
	// agree with (each group's smoothed agreement above one half), widest
	// common ground first.
	Bridges []Bridge `json:"bridges"`
	// Splits are the declared blocs whose members fall in more than one
	// discovered group.
	Splits []Split `json:"splits"`
	Blocs  []Bloc  `json:"blocs"`
}

// Placed is one delegation on the picture.
type Placed struct {
	Delegation dialogue.Delegation `json:"delegation"`
	X          float64             `json:"x"`
	Y          float64             `json:"y"`
	Group      int                 `json:"group"` // -1: none
	Blocs      []string            `json:"blocs"` // codes of its declared blocs
}

// Bridge is a proposition across discovered groups.
type Bridge struct {
	Proposition Proposition        `json:"proposition"`
	Groups      []consensus.Counts `json:"groups"`
	Score       consensus.Score    `json:"score"`
}

// Split is a declared bloc divided between discovered groups.
type Split struct {
	Bloc string `json:"bloc"`
	// Groups maps each discovered group to the bloc's members in it.
	Groups map[int][]string `json:"groups"`
}

// encode is a stance on the scale the clustering reads; pending
// instructions are not a position yet.
func encode(st Stance) float64 {
	switch st {
	case Support:
		return opinion.Support
	case CanLiveWith:
		return opinion.LiveWith
	case CannotAccept:
		return opinion.Object
	}
	return math.NaN()
}

// Groups discovers an edition's opinion groups for a reader allowed to
// read its positions.
func (s *Service) Groups(ctx context.Context, v Viewer, editionID int64) (Groups, error) {
	if _, err := s.requirePositions(ctx, v, editionID); err != nil {
		return Groups{}, err
	}
	blocs, err := s.blocs(ctx, s.DB.Reader(), editionID)
	if err != nil {
		return Groups{}, err
	}
	props, t, err := s.published(ctx, v, editionID)
	if err != nil {
		return Groups{}, err
	}
	dels, err := s.Dialogue.Delegations(ctx, v, editionID)
	if err != nil {
		return Groups{}, err
	}
	return buildGroups(editionID, blocs, props, t, dels)
}

func buildGroups(editionID int64, blocs []Bloc, props []Proposition, t tally, dels []dialogue.Delegation) (Groups, error) {
	g := Groups{EditionID: editionID, Blocs: blocs, Delegations: []Placed{}, Bridges: []Bridge{}, Splits: []Split{}}
	// A position on a proposition no longer on the table (withdrawn,
	// merged) puts nobody on the picture, as it counts nobody on the map.
	took := map[int64]bool{}
	for _, p := range props {
		for d := range t[p.ID] {
			took[d] = true
		}
	}
	var rows []dialogue.Delegation
	for _, d := range dels {
		if took[d.ID] {
			rows = append(rows, d)
		}
	}
	slices.SortFunc(rows, func(a, b dialogue.Delegation) int { return cmp.Compare(a.Code, b.Code) })
	m := opinion.Matrix{Cells: make([][]float64, len(rows))}
	for _, p := range props {
		m.Cols = append(m.Cols, p.ID)
	}
	for i, d := range rows {
		m.Rows = append(m.Rows, d.Code)
		m.Cells[i] = make([]float64, len(props))
		for j, p := range props {
			m.Cells[i][j] = math.NaN()
			if x, ok := t[p.ID][d.ID]; ok {
				m.Cells[i][j] = encode(x.Stance)
			}
		}
	}
	res, err := opinion.Discover(m, GroupSeed)
	if err != nil {
		return g, err
	}
	g.Result = res
	for i, d := range rows {
		pl := Placed{Delegation: d, X: res.Points[i][0], Y: res.Points[i][1], Group: res.Groups[i], Blocs: []string{}}
		for _, b := range blocs {
			if slices.Contains(b.memberIDs, d.ID) {
				pl.Blocs = append(pl.Blocs, b.Code)
			}
		}
		g.Delegations = append(g.Delegations, pl)
	}
	if res.K < 2 {
		return g, nil
	}
	groupOf := map[int64]int{}
	for i, d := range rows {
		groupOf[d.ID] = res.Groups[i]
	}
	for _, p := range props {
		counts := make([]consensus.Counts, res.K)
		for k := range counts {
			counts[k] = countsOf(t[p.ID], func(d int64) bool { c, ok := groupOf[d]; return ok && c == k })
		}
		sc := consensus.ScoreOf(counts, countsOf(t[p.ID], nil))
		if sc.Weakest > 0.5 {
			g.Bridges = append(g.Bridges, Bridge{Proposition: p, Groups: counts, Score: sc})
		}
	}
	slices.SortStableFunc(g.Bridges, func(a, b Bridge) int { return consensus.Compare(a.Score, b.Score) })
	for _, b := range blocs {
		split := Split{Bloc: b.Code, Groups: map[int][]string{}}
		for _, pl := range g.Delegations {
			if pl.Group >= 0 && slices.Contains(pl.Blocs, b.Code) {
				split.Groups[pl.Group] = append(split.Groups[pl.Group], pl.Delegation.Code)
			}
		}
		if len(split.Groups) > 1 {
			g.Splits = append(g.Splits, split)
		}
	}
	return g, nil
}
