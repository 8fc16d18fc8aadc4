package ground

import (
	"cmp"
	"context"
	"slices"

	"roundtable/internal/dialogue"
)

// Priorities are the themes each delegation and each bloc raised in the
// statements the reader may read, from their concept tags: what the
// secretariat looks at before drafting, to see which themes every bloc
// brought to the table.
type Priorities struct {
	EditionID   int64          `json:"edition_id"`
	Concepts    []string       `json:"concepts"` // every concept raised, most widely raised first
	Delegations []Profile      `json:"delegations"`
	Blocs       []BlocPriority `json:"blocs"`
	// Shared are the concepts every bloc raised (some member of each).
	Shared []string `json:"shared"`
}

// Profile is one delegation's priorities: statements per concept.
type Profile struct {
	Delegation dialogue.Delegation `json:"delegation"`
	Statements map[string]int      `json:"statements"`
}

// BlocPriority is one bloc's priorities: per concept, how many of its
// members raised it and in how many statements.
type BlocPriority struct {
	Bloc       Bloc           `json:"bloc"`
	Members    map[string]int `json:"members"`
	Statements map[string]int `json:"statements"`
}

// Share is the part of the bloc's members that raised concept c.
func (b BlocPriority) Share(c string) float64 {
	if len(b.Bloc.Members) == 0 {
		return 0
	}
	return float64(b.Members[c]) / float64(len(b.Bloc.Members))
}

// Priorities reads an edition's priorities. They come from statements,
// not positions, so each reader sees the priorities of what they may read.
func (s *Service) Priorities(ctx context.Context, v Viewer, editionID int64) (Priorities, error) {
	counts, err := s.Dialogue.ConceptCounts(ctx, v, editionID)
	if err != nil {
		return Priorities{}, err
	}
	blocs, err := s.blocs(ctx, s.DB.Reader(), editionID)
	if err != nil {
		return Priorities{}, err
	}
	dels, err := s.Dialogue.Delegations(ctx, v, editionID)
	if err != nil {
		return Priorities{}, err
	}
	return buildPriorities(editionID, counts, blocs, dels), nil
}

func buildPriorities(editionID int64, counts []dialogue.ConceptCount, blocs []Bloc, dels []dialogue.Delegation) Priorities {
	pr := Priorities{EditionID: editionID, Concepts: []string{}, Delegations: []Profile{}, Blocs: []BlocPriority{}, Shared: []string{}}
	byDel := map[int64]map[string]int{}
	raisedBy := map[string]int{}
	for _, c := range counts {
		if byDel[c.DelegationID] == nil {
			byDel[c.DelegationID] = map[string]int{}
		}
		byDel[c.DelegationID][c.Concept] += c.Statements
		raisedBy[c.Concept]++
	}
	for c := range raisedBy {
		pr.Concepts = append(pr.Concepts, c)
	}
	slices.SortFunc(pr.Concepts, func(a, b string) int {
		return cmp.Or(cmp.Compare(raisedBy[b], raisedBy[a]), cmp.Compare(a, b))
	})
	for _, d := range dels {
		if byDel[d.ID] != nil {
			pr.Delegations = append(pr.Delegations, Profile{Delegation: d, Statements: byDel[d.ID]})
		}
	}
	for _, b := range blocs {
		bp := BlocPriority{Bloc: b, Members: map[string]int{}, Statements: map[string]int{}}
		for _, id := range b.memberIDs {
			for c, n := range byDel[id] {
				bp.Members[c]++
				bp.Statements[c] += n
			}
		}
		pr.Blocs = append(pr.Blocs, bp)
	}
	for _, c := range pr.Concepts {
		every := len(pr.Blocs) > 0
		for _, bp := range pr.Blocs {
			every = every && bp.Members[c] > 0
		}
		if every {
			pr.Shared = append(pr.Shared, c)
		}
	}
	return pr
}
