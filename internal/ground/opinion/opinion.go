// Package opinion finds how delegations actually stand, the way Pol.is finds
// opinion groups from votes: positions go into a delegation × proposition
// matrix, the matrix is projected on its first two principal components (the
// map a reader sees), and the projected delegations are clustered with k-means
// into 2–5 groups, k chosen by the best mean silhouette. Nobody is asked which
// group they belong to; the groups come from the positions alone.
//
// With some 35 delegations there is no need for Pol.is's base clusters: the
// delegations are clustered directly.
package opinion

import (
	"errors"
	"fmt"
	"math"
)

// The encoding of positions in a Matrix. "Can live with" sits nearer support
// than objection because a delegation that can live with a text does not block
// it. Pending instructions and no position are math.NaN().
const (
	Support  = 1.0
	LiveWith = 0.5
	Object   = -1.0
)

// Reasons Discover formed no groups (Result.K == 0). They are stable codes a
// page can translate, not sentences.
const (
	// ReasonTooFewDelegations: fewer than 4 delegations have any position.
	ReasonTooFewDelegations = "too_few_delegations"
	// ReasonTooFewPropositions: fewer than 2 propositions have any position.
	ReasonTooFewPropositions = "too_few_propositions"
	// ReasonNoDifference: the delegations stand in fewer than 2 distinct
	// places on the map, so there is nothing to split.
	ReasonNoDifference = "no_difference"
)

const (
	minDelegations  = 4
	minPropositions = 2
	maxGroups       = 5
	// restarts of k-means per k; the run with the lowest inertia is kept,
	// because a single k-means++ start can settle in a poor split.
	restarts      = 10
	maxIterations = 100
	// silhouetteTie: a larger k must beat a smaller one by more than this,
	// so rounding noise never decides the number of groups.
	silhouetteTie = 1e-12
)

// ErrMalformed is returned for a Matrix whose shape or values cannot be
// positions (ragged rows, infinities). It is a caller's bug, not user input.
var ErrMalformed = errors.New("opinion: malformed matrix")

// Matrix is positions: Cells[i][j] is delegation i's position on proposition
// j, encoded Support, LiveWith, Object; math.NaN() for pending instructions
// or no position. Any other finite value is accepted as a position on the
// same scale (0 for an abstention, say).
type Matrix struct {
	Rows  []string // delegation codes (labels only)
	Cols  []int64  // proposition ids (labels only)
	Cells [][]float64
}

// Result is where each delegation stands and which opinion group it is in.
// Every slice has one entry per row of the Matrix, in the Matrix's order.
//
// A row with no position at all is left out of the PCA fit and of the
// clustering: its Points entry is the origin (where a row filled entirely
// with column means lands, i.e. "no known difference from the average") and
// its Groups entry is -1.
//
// The sign of each principal component is fixed so that the proposition with
// the largest-magnitude loading on it has a positive loading (on a tie within
// 1e-9, the lowest column index): delegations that support that proposition
// are drawn to the right (first component) or up (second component), and the
// map does not flip between runs or when rows are reordered.
type Result struct {
	Points    [][2]float64 // each row projected on the first two principal components
	Explained [2]float64   // share of the total variance each component explains (0..1)
	// K is the number of groups chosen; 0 when no grouping was possible,
	// with Reason saying why. Points and Explained are still filled when
	// at least 2 delegations have a position.
	K int
	// Groups is the group of each row, 0..K-1, canonical: groups are
	// numbered by their lowest row index, so group 0 holds the first
	// grouped row. -1 for a row with no position, and for every row when
	// K is 0.
	Groups []int
	// Silhouette is the mean silhouette for each k tried: 2..min(5, n−1)
	// where n is the number of delegations with a position, and k never
	// above the number of distinct points on the map.
	Silhouette map[int]float64
	Seed       uint64
	Reason     string // why K is 0 (a Reason* code), "" otherwise
}

// Discover projects and clusters m.
//
// Missing cells are filled with their column's mean over the delegations
// that took a position (0 when nobody did); columns are centred before PCA
// (gonum's stat.PC). k-means runs on the 2-D points, so the groups are the
// ones the map shows. k is the k in 2..min(5, n−1) with the best mean
// silhouette (ties: smaller k). For each k, k-means runs with k-means++
// seeding and 10 restarts from a generator seeded with seed, keeping the
// lowest inertia; the same matrix and seed always give the same Result.
func Discover(m Matrix, seed uint64) (Result, error) {
	if err := m.check(); err != nil {
		return Result{}, err
	}
	res := Result{
		Points:     make([][2]float64, len(m.Rows)),
		Groups:     make([]int, len(m.Rows)),
		Silhouette: map[int]float64{},
		Seed:       seed,
	}
	for i := range res.Groups {
		res.Groups[i] = -1
	}
	active := activeRows(m)
	var pts [][2]float64
	if len(active) >= 2 && len(m.Cols) >= 1 {
		var err error
		pts, res.Explained, err = project(centred(m, active))
		if err != nil {
			return Result{}, err
		}
		for a, i := range active {
			res.Points[i] = pts[a]
		}
	}
	switch {
	case len(active) < minDelegations:
		res.Reason = ReasonTooFewDelegations
		return res, nil
	case positionedCols(m) < minPropositions:
		res.Reason = ReasonTooFewPropositions
		return res, nil
	}
	kmax := min(maxGroups, len(active)-1, distinctPoints(pts))
	if kmax < 2 {
		res.Reason = ReasonNoDifference
		return res, nil
	}
	var best []int
	bestScore := math.Inf(-1)
	for k := 2; k <= kmax; k++ {
		labels := cluster(pts, k, seed)
		s := silhouette(pts, labels, k)
		res.Silhouette[k] = s
		if s > bestScore+silhouetteTie {
			res.K, best, bestScore = k, labels, s
		}
	}
	for a, g := range canonical(best) {
		res.Groups[active[a]] = g
	}
	return res, nil
}

func (m Matrix) check() error {
	if len(m.Cells) != len(m.Rows) {
		return fmt.Errorf("%w: %d rows of cells for %d delegations", ErrMalformed, len(m.Cells), len(m.Rows))
	}
	for i, row := range m.Cells {
		if len(row) != len(m.Cols) {
			return fmt.Errorf("%w: row %d has %d cells for %d propositions", ErrMalformed, i, len(row), len(m.Cols))
		}
		for j, v := range row {
			if math.IsInf(v, 0) {
				return fmt.Errorf("%w: cell %d,%d is infinite", ErrMalformed, i, j)
			}
		}
	}
	return nil
}

// activeRows lists, in order, the rows holding at least one position.
func activeRows(m Matrix) []int {
	var active []int
	for i, row := range m.Cells {
		for _, v := range row {
			if !math.IsNaN(v) {
				active = append(active, i)
				break
			}
		}
	}
	return active
}

// positionedCols counts the propositions anyone took a position on: a column
// nobody answered is filled with zeros and says nothing about anyone.
func positionedCols(m Matrix) int {
	n := 0
	for j := range m.Cols {
		for _, row := range m.Cells {
			if !math.IsNaN(row[j]) {
				n++
				break
			}
		}
	}
	return n
}

// canonical renumbers labels by first appearance, so the same partition
// always gets the same numbers whatever k-means happened to call its groups.
func canonical(labels []int) []int {
	renum := map[int]int{}
	out := make([]int, len(labels))
	for i, l := range labels {
		g, ok := renum[l]
		if !ok {
			g = len(renum)
			renum[l] = g
		}
		out[i] = g
	}
	return out
}
