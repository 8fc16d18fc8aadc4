package opinion

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestDistinctPoints(t *testing.T) {
	tests := []struct {
		name string
		pts  [][2]float64
		want int
	}{
		{"none", nil, 0},
		{"duplicates", [][2]float64{{0, 0}, {1, 1}, {0, 0}, {1, 1}, {2, 0}}, 3},
		// 1e-10 apart is a squared distance of 1e-20, below samePoint:
		// rounding in the projection, not a different place.
		{"rounding apart", [][2]float64{{0, 0}, {1e-10, 0}}, 1},
		// 1e-6 apart (squared 1e-12) is a real, if small, difference.
		{"close but apart", [][2]float64{{0, 0}, {1e-6, 0}}, 2},
	}
	for _, tt := range tests {
		if got := distinctPoints(tt.pts); got != tt.want {
			t.Errorf("%s: distinctPoints = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestNearestTakesLowerIndexOnTie(t *testing.T) {
	p := [2]float64{0, 0}
	if g := nearest(p, [][2]float64{{1, 0}, {-1, 0}, {0, 1}}); g != 0 {
		t.Errorf("three centres at distance 1: nearest = %d, want 0", g)
	}
	if g := nearest(p, [][2]float64{{5, 0}, {0, 2}, {-2, 0}}); g != 1 {
		t.Errorf("centres at 5, 2, 2: nearest = %d, want 1", g)
	}
}

// k-means++: after the first centre, each point is drawn with probability
// proportional to its squared distance from the nearest centre. Points on a
// line at 0, 1 and 3; worked by hand, the second centre is
//
//	after 0: 1 with weight 1, 3 with weight 9 → 3 with probability 9/10
//	after 1: 0 with weight 1, 3 with weight 4 → 3 with probability 4/5
//	after 3: 0 with weight 9, 1 with weight 4 → 0 with probability 9/13
//
// and never the first centre again. 3000 draws from a fixed generator; the
// tolerance 0.05 is over 5 standard deviations of each share.
func TestSeedCentresWeightsBySquaredDistance(t *testing.T) {
	pts := [][2]float64{{0, 0}, {1, 0}, {3, 0}}
	index := map[float64]int{0: 0, 1: 1, 3: 2}
	rng := rand.New(rand.NewPCG(11, 11))
	var count [3][3]int
	for range 3000 {
		c := seedCentres(pts, 2, rng)
		if len(c) != 2 {
			t.Fatalf("seedCentres gave %d centres, want 2", len(c))
		}
		count[index[c[0][0]]][index[c[1][0]]]++
	}
	for first := range 3 {
		if count[first][first] > 0 {
			t.Errorf("the point at %v was picked twice %d times", pts[first], count[first][first])
		}
	}
	share := func(first, second int) float64 {
		n := count[first][0] + count[first][1] + count[first][2]
		return float64(count[first][second]) / float64(n)
	}
	for _, w := range []struct {
		first, second int
		want          float64
	}{{0, 2, 9.0 / 10}, {1, 2, 4.0 / 5}, {2, 0, 9.0 / 13}} {
		if got := share(w.first, w.second); math.Abs(got-w.want) > 0.05 {
			t.Errorf("after %v, %v picked in %.3f of draws, want %.3f", pts[w.first], pts[w.second], got, w.want)
		}
	}
}

// Points at an already chosen place weigh nothing: three delegations at P
// and one at Q give the centres P and Q, whichever comes first.
func TestSeedCentresSkipsTakenPlaces(t *testing.T) {
	p, q := [2]float64{0, 0}, [2]float64{0.5, 0.5}
	pts := [][2]float64{p, p, q, p}
	rng := rand.New(rand.NewPCG(3, 3))
	for range 50 {
		c := seedCentres(pts, 2, rng)
		if !(c[0] == p && c[1] == q) && !(c[0] == q && c[1] == p) {
			t.Fatalf("centres %v, want P and Q", c)
		}
	}
}

// Lloyd from centres where the first has nobody: every point is nearest
// (0,0), so group 0 starts empty and is refilled with the point farthest
// from (0,0), the one at 10. Worked by hand: the means are then 10 and 1,
// and no point changes group again.
func TestLloydRefillsAnEmptyGroup(t *testing.T) {
	pts := [][2]float64{{0, 0}, {1, 0}, {2, 0}, {10, 0}}
	centres := [][2]float64{{100, 0}, {0, 0}}
	labels := lloyd(pts, centres)
	if want := []int{1, 1, 1, 0}; !reflect.DeepEqual(labels, want) {
		t.Errorf("labels = %v, want %v", labels, want)
	}
	if want := [][2]float64{{10, 0}, {1, 0}}; !reflect.DeepEqual(centres, want) {
		t.Errorf("centres = %v, want %v", centres, want)
	}
}

// refill hands each empty group the point farthest from its own centre,
// taking it only from a group of two or more. Distances are kept below 1 on
// purpose: the farthest point is found however close the points are.
func TestRefill(t *testing.T) {
	tests := []struct {
		name        string
		pts         [][2]float64
		labels      []int
		centres     [][2]float64
		wantLabels  []int
		wantCentres [][2]float64
	}{
		{
			// Squared distances from their centres: 0, 0.04, 0.09 in group 0;
			// 0.16 for the point alone in group 1, which must stay there.
			name:        "last group empty",
			pts:         [][2]float64{{0, 0}, {0.2, 0}, {0.3, 0}, {0.5, 0}},
			labels:      []int{0, 0, 0, 1},
			centres:     [][2]float64{{0, 0}, {0.9, 0}, {-3, -3}},
			wantLabels:  []int{0, 0, 2, 1},
			wantCentres: [][2]float64{{0, 0}, {0.9, 0}, {0.3, 0}},
		},
		{
			// Squared distances from (0.1, 0): 0.01, 0.01, 0.25.
			name:        "first group empty",
			pts:         [][2]float64{{0, 0}, {0.2, 0}, {0.6, 0}},
			labels:      []int{1, 1, 1},
			centres:     [][2]float64{{-3, -3}, {0.1, 0}},
			wantLabels:  []int{1, 1, 0},
			wantCentres: [][2]float64{{0.6, 0}, {0.1, 0}},
		},
		{
			name:        "no group empty",
			pts:         [][2]float64{{0, 0}, {0.2, 0}, {0.6, 0}},
			labels:      []int{0, 0, 1},
			centres:     [][2]float64{{0.1, 0}, {0.6, 0}},
			wantLabels:  []int{0, 0, 1},
			wantCentres: [][2]float64{{0.1, 0}, {0.6, 0}},
		},
	}
	for _, tt := range tests {
		refill(tt.pts, tt.labels, tt.centres)
		if !reflect.DeepEqual(tt.labels, tt.wantLabels) || !reflect.DeepEqual(tt.centres, tt.wantCentres) {
			t.Errorf("%s: labels %v centres %v, want %v %v", tt.name, tt.labels, tt.centres, tt.wantLabels, tt.wantCentres)
		}
	}
}

// Worked by hand: group 0 is (0,0), (2,0), (1,3) with mean (1,1); group 1 is
// (5,5) alone. Squared distances to the means: 2, 2, 4 and 0, inertia 8.
func TestMeansAndInertia(t *testing.T) {
	pts := [][2]float64{{0, 0}, {2, 0}, {1, 3}, {5, 5}}
	labels := []int{0, 0, 0, 1}
	if got, want := means(pts, labels, 2), [][2]float64{{1, 1}, {5, 5}}; !reflect.DeepEqual(got, want) {
		t.Errorf("means = %v, want %v", got, want)
	}
	if got := inertia(pts, labels, 2); got != 8 {
		t.Errorf("inertia = %v, want 8", got)
	}
}

func TestSilhouette(t *testing.T) {
	line := func(xs ...float64) [][2]float64 {
		pts := make([][2]float64, len(xs))
		for i, x := range xs {
			pts[i] = [2]float64{x, 0}
		}
		return pts
	}
	tests := []struct {
		name   string
		pts    [][2]float64
		labels []int
		k      int
		want   float64
	}{
		// Points 0, 2 | 6, 8 | 20. a is 2 for each of the first four; b is
		// the mean distance to the nearer other group:
		//   0: b = min((6+8)/2, 20) = 7   → (7−2)/7 = 5/7
		//   2: b = min((4+6)/2, 18) = 5   → (5−2)/5 = 3/5
		//   6: b = min((6+4)/2, 14) = 5   → 3/5
		//   8: b = min((8+6)/2, 12) = 7   → 5/7
		//  20: alone                      → 0
		// mean (2·5/7 + 2·3/5)/5 = 92/175.
		{"three groups", line(0, 2, 6, 8, 20), []int{0, 0, 1, 1, 2}, 3, 92.0 / 175},
		// A point nearer the other group scores below 0: 0, 4 | 5, 6.
		//   0: a = 4,   b = 5.5 → 1.5/5.5 = 3/11
		//   4: a = 4,   b = 1.5 → (1.5−4)/4 = −5/8
		//   5: a = 1,   b = 3   → 2/3
		//   6: a = 1,   b = 4   → 3/4
		// mean (3/11 − 5/8 + 2/3 + 3/4)/4 = (72 − 165 + 176 + 198)/264/4 = 281/1056.
		{"misplaced point", line(0, 4, 5, 6), []int{0, 0, 1, 1}, 2, 281.0 / 1056},
		// Three delegations at one place split into two groups: a = b = 0
		// for the pair, the third is alone. The score is 0, never NaN (a
		// NaN cannot be sent as JSON).
		{"one place", line(1, 1, 1), []int{0, 0, 1}, 2, 0},
	}
	for _, tt := range tests {
		if got := silhouette(tt.pts, tt.labels, tt.k); !(math.Abs(got-tt.want) < 1e-12) {
			t.Errorf("%s: silhouette = %v, want %v", tt.name, got, tt.want)
		}
	}
}
