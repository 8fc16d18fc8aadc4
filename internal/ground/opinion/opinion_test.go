package opinion

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
)

var nan = math.NaN()

// planted builds groups×perGroup delegations × cols propositions: the
// delegations of group g support the propositions of block g (cols split
// evenly into groups blocks) and object to the rest. Noise from a fixed
// generator: about 1 cell in 10 softened to LiveWith or flipped, 1 in 20
// left pending.
func planted(groups, perGroup, cols int, seed uint64) Matrix {
	rng := rand.New(rand.NewPCG(seed, 0))
	m := Matrix{}
	for j := range cols {
		m.Cols = append(m.Cols, int64(100+j))
	}
	block := cols / groups
	for g := range groups {
		for r := range perGroup {
			m.Rows = append(m.Rows, "D"+strconv.Itoa(g)+strconv.Itoa(r))
			row := make([]float64, cols)
			for j := range row {
				v := Object
				if j/block == g {
					v = Support
				}
				switch x := rng.Float64(); {
				case x < 0.05:
					v = nan
				case x < 0.10:
					v = LiveWith
				case x < 0.15:
					v = -v
				}
				row[j] = v
			}
			m.Cells = append(m.Cells, row)
		}
	}
	return m
}

func discover(t *testing.T, m Matrix) Result {
	t.Helper()
	res, err := Discover(m, 7)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	return res
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestTwoPlantedGroups(t *testing.T) {
	res := discover(t, planted(2, 10, 30, 1))
	if res.K != 2 || res.Reason != "" {
		t.Fatalf("K = %d (%q), want 2", res.K, res.Reason)
	}
	want := []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	if !reflect.DeepEqual(res.Groups, want) {
		t.Errorf("Groups = %v, want %v", res.Groups, want)
	}
	// 20 delegations: k = 2, 3, 4, 5 are tried.
	for k := 2; k <= 5; k++ {
		if _, ok := res.Silhouette[k]; !ok {
			t.Errorf("no silhouette for k=%d: %v", k, res.Silhouette)
		}
	}
	if len(res.Silhouette) != 4 {
		t.Errorf("Silhouette = %v, want k 2..5", res.Silhouette)
	}
}

func TestThreePlantedGroups(t *testing.T) {
	res := discover(t, planted(3, 10, 30, 2))
	if res.K != 3 {
		t.Fatalf("K = %d (%q), want 3; silhouettes %v", res.K, res.Reason, res.Silhouette)
	}
	want := []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}
	if !reflect.DeepEqual(res.Groups, want) {
		t.Errorf("Groups = %v, want %v", res.Groups, want)
	}
}

// The same positions must always draw the same map and groups, also when the
// delegations have no clear groups and k-means restarts could settle apart.
func TestSameSeedSameResult(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 0))
	scattered := Matrix{}
	for i := range 30 {
		scattered.Rows = append(scattered.Rows, strconv.Itoa(i))
		row := make([]float64, 20)
		for j := range row {
			row[j] = []float64{Support, LiveWith, Object, nan}[rng.IntN(4)]
		}
		scattered.Cells = append(scattered.Cells, row)
	}
	for j := range 20 {
		scattered.Cols = append(scattered.Cols, int64(j))
	}
	for name, m := range map[string]Matrix{"planted": planted(3, 8, 40, 3), "scattered": scattered} {
		first := discover(t, m)
		for range 3 {
			if again := discover(t, m); !reflect.DeepEqual(first, again) {
				t.Fatalf("%s: second run differs:\n%+v\n%+v", name, first, again)
			}
		}
	}
}

// Reordering the delegations must not change who is grouped with whom, nor
// mirror the map.
func TestRowOrderDoesNotMatter(t *testing.T) {
	m := planted(2, 10, 30, 1)
	perm := []int{13, 2, 19, 7, 0, 11, 5, 16, 9, 18, 3, 14, 1, 10, 6, 17, 4, 12, 8, 15}
	var p Matrix
	p.Cols = m.Cols
	for _, i := range perm {
		p.Rows = append(p.Rows, m.Rows[i])
		p.Cells = append(p.Cells, m.Cells[i])
	}
	res, pres := discover(t, m), discover(t, p)
	if pres.K != res.K {
		t.Fatalf("K = %d reordered, %d in order", pres.K, res.K)
	}
	// Row 13 comes first, so its group (rows 10–19) is group 0.
	want := []int{0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0}
	if !reflect.DeepEqual(pres.Groups, want) {
		t.Errorf("reordered Groups = %v, want %v", pres.Groups, want)
	}
	for a, i := range perm {
		q, r := pres.Points[a], res.Points[i]
		if !near(q[0], r[0]) || !near(q[1], r[1]) {
			t.Errorf("row %d at %v reordered, %v in order", i, q, r)
		}
	}
}

// Two camps on two propositions. Worked by hand: column means are −0.25 and
// 0, so the centred rows are ±(0.75, −1); the first component is
// ±(0.6, −0.8), oriented so the larger loading (−0.8 on the second
// proposition) is positive: (−0.6, 0.8). The first camp projects to
// 0.75·(−0.6) + (−1)·0.8 = −1.25, the second to +1.25; the second component
// carries no variance.
func TestTinyPCA(t *testing.T) {
	m := Matrix{
		Rows: []string{"A", "B", "C", "D"},
		Cols: []int64{1, 2},
		Cells: [][]float64{
			{LiveWith, Object},
			{LiveWith, Object},
			{Object, Support},
			{Object, Support},
		},
	}
	res := discover(t, m)
	if !near(res.Explained[0], 1) || !near(res.Explained[1], 0) {
		t.Errorf("Explained = %v, want [1 0]", res.Explained)
	}
	want := []float64{-1.25, -1.25, 1.25, 1.25}
	for i, w := range want {
		if p := res.Points[i]; !near(p[0], w) || !near(p[1], 0) {
			t.Errorf("Points[%d] = %v, want [%v 0]", i, p, w)
		}
	}
	if res.K != 2 || !reflect.DeepEqual(res.Groups, []int{0, 0, 1, 1}) {
		t.Errorf("K = %d, Groups = %v; want 2, [0 0 1 1]", res.K, res.Groups)
	}
}

// Pending cells are filled with the column's mean. Worked by hand: column 1
// is {1, −1, –, –}, mean 0; column 2 is {–, –, 1, 0.5}, mean 0.75, so A and
// B are filled with 0.75. Centred rows: A (1, 0), B (−1, 0), C (0, 0.25),
// D (0, −0.25). The columns are uncorrelated, so the components are the
// axes, with variances 2 and 0.125 (times 1/3): Explained 16/17 and 1/17.
// Filling with 0 instead would move C and D and tilt the axes.
func TestMissingFilledWithColumnMean(t *testing.T) {
	m := Matrix{
		Rows: []string{"A", "B", "C", "D"},
		Cols: []int64{1, 2},
		Cells: [][]float64{
			{Support, nan},
			{Object, nan},
			{nan, Support},
			{nan, LiveWith},
		},
	}
	res := discover(t, m)
	if !near(res.Explained[0], 16.0/17) || !near(res.Explained[1], 1.0/17) {
		t.Errorf("Explained = %v, want [16/17 1/17]", res.Explained)
	}
	want := [][2]float64{{1, 0}, {-1, 0}, {0, 0.25}, {0, -0.25}}
	for i, w := range want {
		if p := res.Points[i]; !near(p[0], w[0]) || !near(p[1], w[1]) {
			t.Errorf("Points[%d] (%s) = %v, want %v", i, m.Rows[i], p, w)
		}
	}
}

// A delegation with no position at all is not grouped, sits at the origin,
// and does not disturb the others' groups.
func TestDelegationWithoutPositions(t *testing.T) {
	m := planted(2, 10, 30, 1)
	blank := make([]float64, 30)
	for j := range blank {
		blank[j] = nan
	}
	m.Rows = append(m.Rows[:5], append([]string{"XX"}, m.Rows[5:]...)...)
	m.Cells = append(m.Cells[:5], append([][]float64{blank}, m.Cells[5:]...)...)
	res := discover(t, m)
	want := []int{0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	if res.K != 2 || !reflect.DeepEqual(res.Groups, want) {
		t.Errorf("K = %d, Groups = %v; want 2, %v", res.K, res.Groups, want)
	}
	if res.Points[5] != [2]float64{0, 0} {
		t.Errorf("Points[5] = %v, want the origin", res.Points[5])
	}
}

func TestTooFewToGroup(t *testing.T) {
	tests := []struct {
		name   string
		cells  [][]float64
		reason string
	}{
		// Four rows, but only three delegations with a position.
		{"three delegations", [][]float64{
			{Support, Object}, {Object, Support}, {Support, Support}, {nan, nan},
		}, ReasonTooFewDelegations},
		// Two columns, but nobody answered the second.
		{"one proposition", [][]float64{
			{Support, nan}, {Object, nan}, {Support, nan}, {Object, nan}, {LiveWith, nan},
		}, ReasonTooFewPropositions},
		{"everyone agrees", [][]float64{
			{Support, LiveWith}, {Support, LiveWith}, {Support, LiveWith}, {Support, LiveWith},
		}, ReasonNoDifference},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Matrix{Cols: []int64{1, 2}, Cells: tt.cells}
			for i := range tt.cells {
				m.Rows = append(m.Rows, strconv.Itoa(i))
			}
			res := discover(t, m)
			if res.K != 0 || res.Reason != tt.reason {
				t.Errorf("K = %d, Reason = %q; want 0, %q", res.K, res.Reason, tt.reason)
			}
			for i, g := range res.Groups {
				if g != -1 {
					t.Errorf("Groups[%d] = %d, want -1", i, g)
				}
			}
			// A share of variance, even of none: never NaN.
			for _, e := range res.Explained {
				if !(e >= 0 && e <= 1) {
					t.Errorf("Explained = %v, want shares in 0..1", res.Explained)
				}
			}
		})
	}
}

// Everyone in one place: no variance, so each component explains nothing.
func TestNoDifferenceExplainsNothing(t *testing.T) {
	m := Matrix{Rows: []string{"A", "B", "C", "D"}, Cols: []int64{1, 2}}
	for range m.Rows {
		m.Cells = append(m.Cells, []float64{Support, LiveWith})
	}
	if res := discover(t, m); res.Explained != [2]float64{0, 0} {
		t.Errorf("Explained = %v, want [0 0]", res.Explained)
	}
}

// Two delegations are too few to group but are still drawn on the map.
// Worked by hand: the column means are 0, the centred rows ±(1, −1); the
// loadings (1, −1)/√2 tie in magnitude, so the first column's is positive.
// A projects to (1 + 1)/√2 = √2, B to −√2.
func TestTwoDelegationsAreDrawn(t *testing.T) {
	m := Matrix{
		Rows:  []string{"A", "B"},
		Cols:  []int64{1, 2},
		Cells: [][]float64{{Support, Object}, {Object, Support}},
	}
	res := discover(t, m)
	if res.K != 0 || res.Reason != ReasonTooFewDelegations {
		t.Errorf("K = %d, Reason = %q; want 0, %q", res.K, res.Reason, ReasonTooFewDelegations)
	}
	for i, w := range []float64{math.Sqrt2, -math.Sqrt2} {
		if p := res.Points[i]; !near(p[0], w) || !near(p[1], 0) {
			t.Errorf("Points[%d] = %v, want [%v 0]", i, p, w)
		}
	}
	if !near(res.Explained[0], 1) || !near(res.Explained[1], 0) {
		t.Errorf("Explained = %v, want [1 0]", res.Explained)
	}
}

// One proposition is too few to group, but the map still shows it: the
// column {1, −1, 1, −1} has mean 0, so the points are its values on the
// first axis and there is no second component.
func TestOnePropositionIsDrawn(t *testing.T) {
	m := Matrix{
		Rows:  []string{"A", "B", "C", "D"},
		Cols:  []int64{1},
		Cells: [][]float64{{Support}, {Object}, {Support}, {Object}},
	}
	res := discover(t, m)
	if res.K != 0 || res.Reason != ReasonTooFewPropositions {
		t.Errorf("K = %d, Reason = %q; want 0, %q", res.K, res.Reason, ReasonTooFewPropositions)
	}
	for i, w := range []float64{1, -1, 1, -1} {
		if p := res.Points[i]; !near(p[0], w) || !near(p[1], 0) {
			t.Errorf("Points[%d] = %v, want [%v 0]", i, p, w)
		}
	}
	if !near(res.Explained[0], 1) || res.Explained[1] != 0 {
		t.Errorf("Explained = %v, want [1 0]", res.Explained)
	}
}

// Four delegations on a line at 0, 2, 3 and 5 (scaled to −1, −0.2, 0.2, 1
// on both propositions; the silhouette does not change with scale). Only
// k = 2 and 3 are tried (n − 1 = 3). Worked by hand:
//
//	k = 2, {0, 2} {3, 5}: 0 → (4−2)/4 = 1/2; 2 → b = a = 2 → 0; 3 → 0;
//	                       5 → 1/2; mean 1/4.
//	k = 3, {0} {2, 3} {5}: 0 and 5 alone → 0; 2 → a = 1, b = 2 → 1/2;
//	                       3 → 1/2; mean 1/4.
//
// The scores tie, up to rounding in the projection, and a tie keeps the
// smaller number of groups.
func TestSilhouetteTieKeepsFewerGroups(t *testing.T) {
	m := Matrix{Rows: []string{"A", "B", "C", "D"}, Cols: []int64{1, 2}}
	for _, v := range []float64{-1, -0.2, 0.2, 1} {
		m.Cells = append(m.Cells, []float64{v, v})
	}
	res := discover(t, m)
	if len(res.Silhouette) != 2 || !near(res.Silhouette[2], 0.25) || !near(res.Silhouette[3], 0.25) {
		t.Errorf("Silhouette = %v, want 2: 0.25, 3: 0.25", res.Silhouette)
	}
	if res.K != 2 || !reflect.DeepEqual(res.Groups, []int{0, 0, 1, 1}) {
		t.Errorf("K = %d, Groups = %v; want 2, [0 0 1 1]", res.K, res.Groups)
	}
}

func TestMalformedMatrix(t *testing.T) {
	for name, m := range map[string]Matrix{
		"ragged":   {Rows: []string{"A", "B"}, Cols: []int64{1, 2}, Cells: [][]float64{{1, 1}, {1}}},
		"rows":     {Rows: []string{"A"}, Cols: []int64{1}, Cells: [][]float64{{1}, {1}}},
		"infinite": {Rows: []string{"A"}, Cols: []int64{1}, Cells: [][]float64{{math.Inf(1)}}},
	} {
		if _, err := Discover(m, 1); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
}

// 35 delegations × 300 propositions, the size of a real session.
func BenchmarkDiscover(b *testing.B) {
	m := planted(5, 7, 300, 4)
	for b.Loop() {
		if _, err := Discover(m, 1); err != nil {
			b.Fatal(err)
		}
	}
}
