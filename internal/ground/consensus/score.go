package consensus

import "math"

// Score is what the common-ground map shows for one proposition.
type Score struct {
	// P is the smoothed agreement of each group, in the order given.
	P []float64
	// Product is Pol.is's group-informed consensus, the product of P: it is
	// high only when every group is likely to agree, and one hostile group
	// drives it towards 0. With no groups it is 0, not the empty product 1:
	// without groups there is no evidence that groups agree, and 1 would
	// rank an ungrouped proposition above every grouped one. The price: the
	// rule that another group never raises the product holds from one group
	// on, not from none.
	Product float64
	// GeoMean is Product^(1/len(P)). The product shrinks as groups are
	// added; the geometric mean reads on the same scale as one group's P
	// whatever the number of groups. 0 with no groups.
	GeoMean float64
	// Weakest is min P, the plain diplomatic reading: how likely is the
	// least convinced bloc to agree. 0 with no groups.
	Weakest float64
	// WeakestGroup is the index in P of Weakest (the first on ties), so the
	// map can name the bloc to talk to; -1 with no groups.
	WeakestGroup int
	// Majority is the majority consensus over everyone.
	Majority Majority
	// Objections is all.Object: consensus is no objection, so any objection
	// is shown, whatever the probabilities say.
	Objections int
	// All are the counts over everyone, kept so the map can show the counts
	// behind every probability.
	All Counts
}

// ScoreOf scores one proposition from its counts per group and over everyone.
// Everyone is passed separately because groups may overlap: a delegation may
// belong to several blocs, or to none, so the sum of the groups is not
// everyone.
func ScoreOf(groups []Counts, all Counts) Score {
	s := Score{
		P:            make([]float64, len(groups)),
		WeakestGroup: -1,
		Majority:     MajorityOf(all),
		Objections:   all.Object,
		All:          all,
	}
	if len(groups) == 0 {
		return s
	}
	for i, g := range groups {
		s.P[i] = Smoothed(g)
		if s.WeakestGroup < 0 || s.P[i] < s.Weakest {
			s.Weakest, s.WeakestGroup = s.P[i], i
		}
	}
	s.Product = product(s.P)
	s.GeoMean = math.Pow(s.Product, 1/float64(len(s.P)))
	return s
}

// product multiplies p in the order given. Rounding can make two equal
// products differ in the last bits; Compare allows for it.
func product(p []float64) float64 {
	prod := 1.0
	for _, v := range p {
		prod *= v
	}
	return prod
}
