package web

import (
	"context"

	"roundtable/internal/ground"
	"roundtable/internal/outcome"
)

// A zero draft started from common ground: the propositions of the
// edition's map that reached consensus, for the chair to pick from, and
// the paragraphs made of those picked.

// apiCandidate is an outcome.Candidate with its score named as the map
// names it (apiScore: snake_case, stances as clients send them).
type apiCandidate struct {
	Proposition ground.Proposition `json:"proposition"`
	Rank        int                `json:"rank"`
	Score       apiScore           `json:"score"`
	Text        string             `json:"text"`
}

func apiCandidatesOf(cs []outcome.Candidate) list[apiCandidate] {
	out := make([]apiCandidate, len(cs))
	for i, c := range cs {
		out[i] = apiCandidate{Proposition: c.Proposition, Rank: c.Rank, Score: apiScoreOf(c.Score), Text: c.Text}
	}
	return apiAll(out)
}

// apiZeroDraftIn names the propositions, in the order of the paragraphs
// they become.
type apiZeroDraftIn struct {
	Propositions []int64 `json:"propositions" required:"true"`
}

func apiZeroDraft(o *outcome.Service, ctx context.Context, v outcome.Viewer, id int64, in apiZeroDraftIn) (list[outcome.Paragraph], error) {
	ps, err := o.ZeroDraftFromGround(ctx, v, id, in.Propositions)
	return apiAll(ps), err
}
