package consensus

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// near reports whether got is within tol of want; expected values below are
// worked by hand, so they carry a few decimals only.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// The worked example of the negotiation reference: three blocs with
// (agree, seen) = (8, 10), (3, 6), (4, 4), and 30 of 40 delegations agreeing
// overall.
func TestWorkedExample(t *testing.T) {
	groups := []Counts{
		{Support: 8, Object: 2},                          // (8, 10): p = 9/12 = 0.75
		{Support: 2, LiveWith: 1, Object: 2, Pending: 1}, // (3, 6):  p = 4/8  = 0.5
		{Support: 4}, // (4, 4):  p = 5/6  ≈ 0.8333
	}
	// 30 agree (25 + 5) of 40 seen (30 + 6 + 4).
	all := Counts{Support: 25, LiveWith: 5, Object: 6, Pending: 4}
	s := ScoreOf(groups, all)

	for i, want := range []float64{0.75, 0.5, 0.8333} {
		if !near(s.P[i], want, 1e-4) {
			t.Errorf("P[%d] = %v, want %v", i, s.P[i], want)
		}
	}
	// 0.75 × 0.5 × 5/6 = 0.3125 exactly.
	if !near(s.Product, 0.3125, 1e-12) {
		t.Errorf("Product = %v, want 0.3125", s.Product)
	}
	// 0.3125^(1/3) ≈ 0.679 (0.679³ = 0.3130).
	if !near(s.GeoMean, 0.679, 1e-3) {
		t.Errorf("GeoMean = %v, want ≈ 0.679", s.GeoMean)
	}
	if s.Weakest != 0.5 || s.WeakestGroup != 1 {
		t.Errorf("Weakest = %v in group %d, want 0.5 in group 1", s.Weakest, s.WeakestGroup)
	}
	// pa = 31/42 ≈ 0.738; z = 2·sqrt(41)·(31/41 − 0.5) = 2 × 6.4031 × 0.25610 ≈ 3.280.
	if !near(s.Majority.PA, 0.738, 1e-3) || !near(s.Majority.Z, 3.280, 1e-3) || !s.Majority.Common {
		t.Errorf("Majority = %+v, want PA ≈ 0.738, Z ≈ 3.280, common", s.Majority)
	}
	if s.Objections != 6 || s.All != all {
		t.Errorf("Objections = %d, All = %+v, want 6 and %+v", s.Objections, s.All, all)
	}
}

func TestPendingIsSeenNotAgreed(t *testing.T) {
	c := Counts{Support: 2, LiveWith: 3, Object: 1, Pending: 4}
	if c.Agree() != 5 || c.Seen() != 10 {
		t.Fatalf("Agree, Seen = %d, %d, want 5, 10", c.Agree(), c.Seen())
	}
	// (5+1)/(10+2) = 0.5; without the four pending, (5+1)/(6+2) = 0.75.
	if got := Smoothed(c); got != 0.5 {
		t.Errorf("Smoothed with 4 pending = %v, want 0.5", got)
	}
	if got := Smoothed(Counts{Support: 2, LiveWith: 3, Object: 1}); got != 0.75 {
		t.Errorf("Smoothed without pending = %v, want 0.75", got)
	}
	// A bloc whose three members all await instructions: (0+1)/(3+2) = 0.2,
	// and nobody has agreed, so it is not unopposed.
	s := ScoreOf([]Counts{{Pending: 3}}, Counts{Pending: 3})
	if s.P[0] != 0.2 || s.Unopposed() {
		t.Errorf("all pending: P = %v, unopposed = %v, want 0.2, false", s.P[0], s.Unopposed())
	}
}

func TestLiveWithIsAgreement(t *testing.T) {
	c := Counts{LiveWith: 4}
	if c.Agree() != 4 || c.Seen() != 4 {
		t.Fatalf("Agree, Seen = %d, %d, want 4, 4", c.Agree(), c.Seen())
	}
	// (4+1)/(4+2), the same as four supporting.
	if got := Smoothed(c); !near(got, 5.0/6, 1e-12) {
		t.Errorf("Smoothed = %v, want 5/6", got)
	}
	s := ScoreOf([]Counts{{Support: 1, LiveWith: 2}}, Counts{Support: 1, LiveWith: 2})
	if !s.Unopposed() || s.Objections != 0 {
		t.Errorf("support and live with: unopposed = %v, objections = %d, want true, 0", s.Unopposed(), s.Objections)
	}
}

func TestAddSub(t *testing.T) {
	a := Counts{Support: 1, LiveWith: 2, Object: 3, Pending: 4}
	b := Counts{Support: 10, LiveWith: 20, Object: 30, Pending: 40}
	if got, want := a.Add(b), (Counts{11, 22, 33, 44}); got != want {
		t.Errorf("Add = %+v, want %+v", got, want)
	}
	if got, want := b.Sub(a), (Counts{9, 18, 27, 36}); got != want {
		t.Errorf("Sub = %+v, want %+v", got, want)
	}
}

func TestMajorityNeedsEnoughDelegations(t *testing.T) {
	for _, tc := range []struct {
		name  string
		all   Counts
		pa, z float64
	}{
		// 2 of 3: pa = 3/5 = 0.6 but z = 2·sqrt(4)·(3/4 − 0.5) = 1.0 < 1.2816.
		{"two of three", Counts{Support: 2, Object: 1}, 0.6, 1.0},
		// Nobody answered: pa = 1/2, z = 2·1·(1 − 0.5) = 1.
		{"nobody", Counts{}, 0.5, 1.0},
		// 10 of 40: pa = 11/42 ≈ 0.262, z = 2·sqrt(41)·(11/41 − 0.5) ≈ −2.967.
		{"a quarter", Counts{Support: 10, Object: 30}, 0.262, -2.967},
	} {
		m := MajorityOf(tc.all)
		if !near(m.PA, tc.pa, 1e-3) || !near(m.Z, tc.z, 1e-3) || m.Common {
			t.Errorf("%s: %+v, want PA ≈ %v, Z ≈ %v, not common", tc.name, m, tc.pa, tc.z)
		}
	}
}

func TestRepresentative(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in, out   Counts
		ratio, z  float64
		represent bool
	}{
		// A bloc of 6 all agreeing against 10 of 29 outside.
		// s1 = 7, n1 = 7, s2 = 11, n2 = 30; p1 = 1, p2 = 0.36667;
		// ph = 18/37 = 0.48649; ph(1−ph) = 342/1369 = 0.24982;
		// 1/7 + 1/30 = 37/210 = 0.17619; sqrt(0.24982 × 0.17619) = 0.20980;
		// Z = 0.63333 / 0.20980 ≈ 3.019.
		// Ratio = (7/8) / (11/31) = 0.875 / 0.35484 ≈ 2.466.
		{"a bloc apart", Counts{Support: 4, LiveWith: 2}, Counts{Support: 8, LiveWith: 2, Object: 15, Pending: 4}, 2.466, 3.019, true},
		// Two delegations agreeing against 20 of 30 outside: a higher ratio
		// on too little evidence.
		// s1 = 3, n1 = 3, s2 = 21, n2 = 31; p1 = 1, p2 = 0.67742;
		// ph = 24/34 = 0.70588; ph(1−ph) = 0.20761; 1/3 + 1/31 = 0.36559;
		// sqrt(0.20761 × 0.36559) = 0.27550; Z = 0.32258 / 0.27550 ≈ 1.171.
		// Ratio = (3/4) / (21/32) ≈ 1.143.
		{"too few to tell", Counts{Support: 2}, Counts{Support: 20, Object: 10}, 1.143, 1.171, false},
		// Everyone agrees on both sides: ph = 10/10 = 1, so Z = 0.
		// Ratio = (4/5) / (6/7) ≈ 0.933.
		{"everyone agrees", Counts{Support: 3}, Counts{LiveWith: 5}, 0.933, 0, false},
		// Nobody has answered: ratio 1, ph = 2/2, Z = 0.
		{"nobody answered", Counts{}, Counts{}, 1, 0, false},
	} {
		r := Representative(tc.in, tc.out)
		if !near(r.Ratio, tc.ratio, 1e-3) || !near(r.Z, tc.z, 1e-3) || r.Represents != tc.represent {
			t.Errorf("%s: %+v, want Ratio ≈ %v, Z ≈ %v, Represents %v", tc.name, r, tc.ratio, tc.z, tc.represent)
		}
	}
}

// With no groups there is nothing to say about groups: every group score is
// 0 and there is no weakest group, while the majority is still computed.
func TestNoGroups(t *testing.T) {
	s := ScoreOf(nil, Counts{Support: 3, Object: 1})
	if len(s.P) != 0 || s.Product != 0 || s.GeoMean != 0 || s.Weakest != 0 || s.WeakestGroup != -1 {
		t.Errorf("no groups: %+v, want no P, zero scores and WeakestGroup -1", s)
	}
	// pa = (3+1)/(4+2) = 2/3.
	if !near(s.Majority.PA, 2.0/3, 1e-12) || s.Objections != 1 {
		t.Errorf("no groups: Majority.PA = %v, Objections = %d, want 2/3, 1", s.Majority.PA, s.Objections)
	}
}

// A group none of whose members answered knows nothing: p = (0+1)/(0+2).
func TestGroupsThatSawNothing(t *testing.T) {
	s := ScoreOf([]Counts{{}, {}}, Counts{})
	if !slices.Equal(s.P, []float64{0.5, 0.5}) {
		t.Errorf("P = %v, want [0.5 0.5]", s.P)
	}
	if s.Product != 0.25 || s.GeoMean != 0.5 || s.Weakest != 0.5 || s.WeakestGroup != 0 {
		t.Errorf("%+v, want Product 0.25, GeoMean 0.5, Weakest 0.5 in group 0 (first on ties)", s)
	}
	if s.Unopposed() {
		t.Error("a proposition nobody answered is unopposed")
	}
}

// proposition is a proposition on the map in the ordering tests.
type proposition struct {
	name   string
	groups []Counts
	all    Counts
}

func (p proposition) score() Score { return ScoreOf(p.groups, p.all) }

// The map lists propositions from the widest common ground to the deepest
// division, and keeps paragraph order among equals; products worked by hand
// over two blocs.
func TestLessOrdersWidestCommonGroundFirst(t *testing.T) {
	split := []Counts{{Support: 5}, {Object: 5}}
	paragraphs := []proposition{
		// 1/4 × 1/4 = 0.0625, nobody objects but nobody agrees yet.
		{"OP1 all pending", []Counts{{Pending: 2}, {Pending: 2}}, Counts{Pending: 4}},
		// 6/7 × 1/7 = 0.122: the blocs are split.
		{"OP2 blocs split", split, Counts{Support: 5, Object: 5}},
		// 10/12 × 11/12 = 0.764, high, but one delegation objects.
		{"OP3 one objection in large blocs", []Counts{{Support: 9, Object: 1}, {Support: 10}}, Counts{Support: 19, Object: 1}},
		// 2/4 × 2/3 = 0.333, nobody objects.
		{"OP4 live with and pending", []Counts{{Support: 1, Pending: 2}, {LiveWith: 1}}, Counts{Support: 1, LiveWith: 1, Pending: 2}},
		// The same counts as OP2: stays after it.
		{"OP5 blocs split too", split, Counts{Support: 5, Object: 5}},
		// 2/3 × 2/3 = 0.444, nobody objects.
		{"OP6 unanimous, few answers", []Counts{{Support: 1}, {Support: 1}}, Counts{Support: 2}},
	}
	want := []string{
		"OP6 unanimous, few answers",
		"OP4 live with and pending",
		"OP3 one objection in large blocs",
		"OP2 blocs split",
		"OP5 blocs split too",
		"OP1 all pending",
	}
	names := func(ps []proposition) []string {
		var n []string
		for _, p := range ps {
			n = append(n, p.name)
		}
		return n
	}

	viaCompare := slices.Clone(paragraphs)
	slices.SortStableFunc(viaCompare, func(a, b proposition) int { return Compare(a.score(), b.score()) })
	if got := names(viaCompare); !slices.Equal(got, want) {
		t.Errorf("with Compare:\n got %q\nwant %q", got, want)
	}
	viaLess := slices.Clone(paragraphs)
	sort.SliceStable(viaLess, func(i, j int) bool { return Compare(viaLess[i].score(), viaLess[j].score()) < 0 })
	if got := names(viaLess); !slices.Equal(got, want) {
		t.Errorf("with Less:\n got %q\nwant %q", got, want)
	}
}

// Each pair differs in one key of the order only; first comes before second.
func TestCompareTieBreaks(t *testing.T) {
	for _, tc := range []struct {
		why           string
		first, second proposition
	}{
		{
			// Both products are 1/10: 1/2 × 1/3 × 3/5 and 1/2 × 1/4 × 4/5.
			// In floating point the second multiplies out slightly higher
			// (0.1 against 0.09999999999999999); the weakest bloc decides.
			// Majority: 4/8 against 5/9, so it would pick the second.
			"same product, weakest bloc 1/3 before 1/4",
			proposition{"", []Counts{{Support: 1, Object: 1}, {Object: 1}, {Support: 2, Object: 1}}, Counts{Support: 3, Object: 3}},
			proposition{"", []Counts{{Support: 1, Object: 1}, {Object: 2}, {Support: 3}}, Counts{Support: 4, Object: 3}},
		},
		{
			// Blocs 3/4 × 3/4 alike; three delegations outside the blocs can
			// live with it (pa = 8/9) or await instructions (pa = 5/9).
			"same blocs, higher majority",
			proposition{"", []Counts{{Support: 2}, {Support: 2}}, Counts{Support: 4, LiveWith: 3}},
			proposition{"", []Counts{{Support: 2}, {Support: 2}}, Counts{Support: 4, Pending: 3}},
		},
		{
			// Same blocs and pa = 5/9 on both; outside the blocs one
			// objects and one is pending, or both are pending.
			"same blocs and majority, fewer objections",
			proposition{"", []Counts{{Support: 2, Object: 1}, {Support: 2}}, Counts{Support: 4, Object: 1, Pending: 2}},
			proposition{"", []Counts{{Support: 2, Object: 1}, {Support: 2}}, Counts{Support: 4, Object: 2, Pending: 1}},
		},
	} {
		a, b := tc.first.score(), tc.second.score()
		if Compare(a, b) >= 0 || Compare(b, a) <= 0 {
			t.Errorf("%s: Compare = %d, reverse %d; want first before second", tc.why, Compare(a, b), Compare(b, a))
		}
		if Compare(a, a) != 0 {
			t.Errorf("%s: Compare with itself = %d, want 0", tc.why, Compare(a, a))
		}
	}
}

// randomCounts gives each position 0..max delegations.
func randomCounts(r *rand.Rand, max int) Counts {
	return Counts{Support: r.IntN(max + 1), LiveWith: r.IntN(max + 1), Object: r.IntN(max + 1), Pending: r.IntN(max + 1)}
}

// randomGroups gives n groups and everyone: the groups' members plus up to
// a few delegations in no group.
func randomGroups(r *rand.Rand, n int) ([]Counts, Counts) {
	groups := make([]Counts, n)
	var all Counts
	for i := range groups {
		groups[i] = randomCounts(r, 6)
		all = all.Add(groups[i])
	}
	return groups, all.Add(randomCounts(r, 2))
}

// A bloc that rejects a proposition can only lower its common ground, however
// many blocs there already are (at least one: with none, Product and Weakest
// are 0 by convention, see TestNoGroups).
func TestPropertyRejectingGroupNeverRaises(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		groups, all := randomGroups(r, 1+r.IntN(5))
		rejecting := Counts{Object: r.IntN(5), Pending: r.IntN(5)}
		if rejecting.Seen() == 0 {
			rejecting.Object = 1
		}
		before := ScoreOf(groups, all)
		after := ScoreOf(append(slices.Clone(groups), rejecting), all.Add(rejecting))
		if after.Product > before.Product || after.Weakest > before.Weakest {
			t.Fatalf("groups %+v plus rejecting %+v: Product %v → %v, Weakest %v → %v",
				groups, rejecting, before.Product, after.Product, before.Weakest, after.Weakest)
		}
	}
}

// A proposition every delegation supports comes before any that draws an
// objection, however large the blocs behind the latter.
func TestPropertyUnanimousBeforeObjected(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		n := 1 + r.IntN(5)
		unanimous := make([]Counts, n)
		var everyone Counts
		for i := range unanimous {
			unanimous[i] = Counts{Support: 1 + r.IntN(6)}
			everyone = everyone.Add(unanimous[i])
		}
		everyone = everyone.Add(Counts{Support: r.IntN(3)})

		groups, all := randomGroups(r, n)
		if all.Object == 0 {
			all.Object = 1 // someone outside the groups objects
		}
		u, o := ScoreOf(unanimous, everyone), ScoreOf(groups, all)
		if Compare(u, o) >= 0 || Compare(o, u) <= 0 {
			t.Fatalf("unanimous %+v (Product %v) does not come before %+v over %+v (Product %v)",
				unanimous, u.Product, groups, all, o.Product)
		}
	}
}

func TestPropertyGeoMeanBetweenWeakestAndStrongest(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		groups, all := randomGroups(r, 1+r.IntN(6))
		s := ScoreOf(groups, all)
		strongest := slices.Max(s.P)
		if s.GeoMean < s.Weakest-1e-12 || s.GeoMean > strongest+1e-12 {
			t.Fatalf("P %v: GeoMean %v not within [%v, %v]", s.P, s.GeoMean, s.Weakest, strongest)
		}
		if s.P[s.WeakestGroup] != s.Weakest || slices.Min(s.P) != s.Weakest {
			t.Fatalf("P %v: Weakest %v in group %d", s.P, s.Weakest, s.WeakestGroup)
		}
	}
}
