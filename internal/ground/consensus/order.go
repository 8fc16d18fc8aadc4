package consensus

import (
	"cmp"
	"math"
)

// Unopposed reports whether no delegation objects and at least one agrees.
// Adoption by consensus needs only the absence of objection, so this is the
// first thing the map sorts on. Pending instructions are not a position yet:
// a proposition on which every answer is pending has not been agreed by
// anyone, and it is not put above one that is widely agreed.
func (s Score) Unopposed() bool { return s.Objections == 0 && s.All.Agree() > 0 }

// Compare orders propositions from the widest common ground to the deepest
// division, returning a negative number when a comes first:
//
//  1. an unopposed proposition (see Unopposed) before any other, because a
//     single objection blocks consensus however likely the blocs are to
//     agree;
//  2. higher Product, the group-informed consensus (for Scores over the same
//     groups this is the same order as GeoMean);
//  3. higher Weakest, so that between equal products the one whose least
//     convinced bloc is closer to agreeing comes first;
//  4. higher Majority.PA;
//  5. fewer Objections.
//
// Scores compared should come from ScoreOf over the same groups. Ties are
// 0, so sorting with slices.SortStableFunc keeps the caller's order (e.g.
// paragraph order) among equals.
func Compare(a, b Score) int {
	if a.Unopposed() != b.Unopposed() {
		if a.Unopposed() {
			return -1
		}
		return 1
	}
	if c := compareProducts(b.Product, a.Product); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Weakest, a.Weakest); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Majority.PA, a.Majority.PA); c != 0 {
		return c
	}
	return cmp.Compare(a.Objections, b.Objections)
}

// productTolerance is the relative difference below which two products are
// taken as equal. Rounding makes equal products differ: 1/2·1/3·3/5 and
// 1/2·1/4·4/5 are both 1/10, yet one multiplies out to 0.1 and the other to
// 0.09999999999999999, which would order them by rounding instead of by
// their weakest bloc. Products of n probabilities carry an error of about
// n·1e-16, while two different products (A+1)/(S+2) multiplied over groups
// differ by at least 1/(D1·D2), where D is the product of the groups'
// (S+2): more than 1e-12 as long as D stays under a million, e.g. five
// groups of up to 14 delegations or four of up to 30.
const productTolerance = 1e-12

// compareProducts is cmp.Compare with products within productTolerance of
// each other counted as equal.
func compareProducts(x, y float64) int {
	if math.Abs(x-y) <= productTolerance*max(math.Abs(x), math.Abs(y)) {
		return 0
	}
	return cmp.Compare(x, y)
}
