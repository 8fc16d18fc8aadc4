package web

import (
	"roundtable/internal/ground"
	"roundtable/internal/ground/consensus"
)

// The map and the discovered groups as the API and map.json carry them.
// Package consensus is arithmetic that knows no JSON and names its counts
// in its own short words (LiveWith, Object); clients name stances as they
// send them (can_live_with, cannot_accept), so the counts are renamed
// here, and every key is snake_case like the rest of the API.

// apiCounts are the positions of a set of delegations on one
// proposition.
type apiCounts struct {
	Support      int `json:"support"`
	CanLiveWith  int `json:"can_live_with"`
	CannotAccept int `json:"cannot_accept"`
	Pending      int `json:"pending"`
}

func apiCountsOf(c consensus.Counts) apiCounts {
	return apiCounts{Support: c.Support, CanLiveWith: c.LiveWith, CannotAccept: c.Object, Pending: c.Pending}
}

func apiCountsOfAll(cs []consensus.Counts) []apiCounts {
	out := make([]apiCounts, len(cs))
	for i, c := range cs {
		out[i] = apiCountsOf(c)
	}
	return out
}

// apiScore is consensus.Score: p per group (bloc or discovered group, in
// the order of the document's list), their product, geometric mean and
// minimum, and the majority test over everyone.
type apiScore struct {
	P             []float64   `json:"p"`
	Product       float64     `json:"product"`
	GeometricMean float64     `json:"geometric_mean"`
	Weakest       float64     `json:"weakest"`
	WeakestGroup  int         `json:"weakest_group"` // index in p; -1 with no groups
	Majority      apiMajority `json:"majority"`
	Objections    int         `json:"objections"`
	Unopposed     bool        `json:"unopposed"`
	All           apiCounts   `json:"all"`
}

type apiMajority struct {
	PA     float64 `json:"pa"`
	Z      float64 `json:"z"`
	Common bool    `json:"common"`
}

func apiScoreOf(s consensus.Score) apiScore {
	p := s.P
	if p == nil {
		p = []float64{}
	}
	return apiScore{P: p, Product: s.Product, GeometricMean: s.GeoMean, Weakest: s.Weakest, WeakestGroup: s.WeakestGroup,
		Majority:   apiMajority{PA: s.Majority.PA, Z: s.Majority.Z, Common: s.Majority.Common},
		Objections: s.Objections, Unopposed: s.Unopposed(), All: apiCountsOf(s.All)}
}

type apiMap struct {
	EditionID      int64              `json:"edition_id"`
	Blocs          []ground.Bloc      `json:"blocs"`
	Delegations    int                `json:"delegations"`
	Propositions   []apiMapRow        `json:"propositions"`
	Representative [][]apiRepresented `json:"representative"`
}

type apiMapRow struct {
	Rank        int                `json:"rank"`
	Proposition ground.Proposition `json:"proposition"`
	Blocs       []apiCounts        `json:"blocs"`
	Score       apiScore           `json:"score"`
	Objections  []ground.Position  `json:"objections"`
}

// apiRepresented is a proposition a bloc stands for: its members agree with
// it ratio times as likely as the others, with the test's z.
type apiRepresented struct {
	PropositionID int64   `json:"proposition_id"`
	Ratio         float64 `json:"ratio"`
	Z             float64 `json:"z"`
}

func apiMapOf(m ground.Map) apiMap {
	out := apiMap{EditionID: m.EditionID, Blocs: m.Blocs, Delegations: m.Delegations,
		Propositions: make([]apiMapRow, len(m.Rows)), Representative: make([][]apiRepresented, len(m.Representative))}
	for i, r := range m.Rows {
		out.Propositions[i] = apiMapRow{Rank: r.Rank, Proposition: r.Proposition, Blocs: apiCountsOfAll(r.Blocs),
			Score: apiScoreOf(r.Score), Objections: r.Objections}
	}
	for i, reps := range m.Representative {
		out.Representative[i] = make([]apiRepresented, len(reps))
		for j, x := range reps {
			out.Representative[i][j] = apiRepresented{PropositionID: x.PropositionID, Ratio: x.Repness.Ratio, Z: x.Repness.Z}
		}
	}
	return out
}

type apiGroups struct {
	EditionID   int64           `json:"edition_id"`
	Delegations []ground.Placed `json:"delegations"`
	Clustering  apiClustering   `json:"clustering"`
	Bridges     []apiBridge     `json:"bridges"`
	Splits      []ground.Split  `json:"splits"`
	Blocs       []ground.Bloc   `json:"blocs"`
}

// apiClustering is how the groups were found; where each delegation
// stands is in delegations.
type apiClustering struct {
	K          int             `json:"k"`           // groups found; 0 when none could be
	Reason     string          `json:"reason"`      // why k is 0, else ""
	Explained  [2]float64      `json:"explained"`   // variance share of the two axes
	Silhouette map[int]float64 `json:"silhouettes"` // mean silhouette per k tried
	Seed       uint64          `json:"seed"`
}

type apiBridge struct {
	Proposition ground.Proposition `json:"proposition"`
	Groups      []apiCounts        `json:"groups"`
	Score       apiScore           `json:"score"`
}

func apiGroupsOf(g ground.Groups) apiGroups {
	res := g.Result
	out := apiGroups{EditionID: g.EditionID, Delegations: g.Delegations, Splits: g.Splits, Blocs: g.Blocs,
		Clustering: apiClustering{K: res.K, Reason: res.Reason, Explained: res.Explained, Silhouette: res.Silhouette, Seed: res.Seed},
		Bridges:    make([]apiBridge, len(g.Bridges))}
	if out.Clustering.Silhouette == nil {
		out.Clustering.Silhouette = map[int]float64{}
	}
	for i, b := range g.Bridges {
		out.Bridges[i] = apiBridge{Proposition: b.Proposition, Groups: apiCountsOfAll(b.Groups), Score: apiScoreOf(b.Score)}
	}
	return out
}
