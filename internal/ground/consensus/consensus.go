// Package consensus is the arithmetic behind Roundtable's common-ground map.
//
// Delegations record a position on each short proposition: support, can live
// with, cannot accept, or pending instructions. Delegations are grouped into
// blocs declared by the secretariat (China; South America; Central America and
// Mexico; the Caribbean …) or into opinion groups found by clustering. This
// package turns the counts of positions, per group and over everyone, into
// the scores the map shows and sorts by. It is adapted from Pol.is, whose
// formulas it keeps so that the numbers can be checked against its papers,
// with one change of meaning: between states consensus is "no objection", so
// "can live with" counts as agreement.
//
// The package knows nothing of storage or of who the delegations are: callers
// count, this package scores. Everything here is a pure function of counts.
package consensus

import "math"

// Counts are the positions taken on one proposition by a set of delegations.
// All fields are non-negative; the functions here do not check it.
type Counts struct {
	Support, LiveWith, Object, Pending int // support · can live with · cannot accept · pending instructions
}

// Agree is Support + LiveWith. Consensus between states means that no
// delegation objects, not that all are enthusiastic, so a delegation that can
// live with a text is counted with those who support it.
func (c Counts) Agree() int { return c.Support + c.LiveWith }

// Seen is every delegation that answered, pending instructions included.
// A pending delegation has seen the proposition but is not (yet) agreeing,
// like a pass in Pol.is: it lowers the share of agreement without objecting.
func (c Counts) Seen() int { return c.Support + c.LiveWith + c.Object + c.Pending }

// Add sums two sets of counts, e.g. to pool the members of several blocs.
func (c Counts) Add(o Counts) Counts {
	return Counts{
		Support:  c.Support + o.Support,
		LiveWith: c.LiveWith + o.LiveWith,
		Object:   c.Object + o.Object,
		Pending:  c.Pending + o.Pending,
	}
}

// Sub removes o from c. Representative compares a group with everyone
// outside it; when the group's members are among everyone, the outside is
// all.Sub(in).
func (c Counts) Sub(o Counts) Counts {
	return Counts{
		Support:  c.Support - o.Support,
		LiveWith: c.LiveWith - o.LiveWith,
		Object:   c.Object - o.Object,
		Pending:  c.Pending - o.Pending,
	}
}

// Smoothed is the Laplace-smoothed probability of agreement (A+1)/(S+2).
// The prior keeps a small bloc from reading as certain: one delegation out of
// one gives 2/3, not 1, and a group that has seen nothing gives 1/2.
func Smoothed(c Counts) float64 {
	return float64(c.Agree()+1) / float64(c.Seen()+2)
}

// Z90 is the one-sided 90% critical value of the standard normal
// distribution, the threshold Pol.is uses for both of its tests.
const Z90 = 1.2816

// Majority is Pol.is's majority consensus over everyone, ignoring groups.
// It answers "do most delegations agree, and is that more than chance
// with this few of them?".
type Majority struct {
	PA     float64 // (na+1)/(ns+2) over everyone
	Z      float64 // 2·sqrt(ns+1)·((na+1)/(ns+1) − 0.5)
	Common bool    // PA > 0.5 && Z > Z90
}

// MajorityOf computes the majority consensus of counts over everyone, with
// na = all.Agree() and ns = all.Seen(). Z is Pol.is's one-sample proportion
// test against 1/2 with +1 pseudo-counts, so that no one seeing the
// proposition gives Z = 1, not a division by zero.
func MajorityOf(all Counts) Majority {
	na, ns := float64(all.Agree()), float64(all.Seen())
	m := Majority{
		PA: (na + 1) / (ns + 2),
		Z:  2 * math.Sqrt(ns+1) * ((na+1)/(ns+1) - 0.5),
	}
	// Z > Z90 already implies PA > 0.5 (with na = ns/2, Z = 1/sqrt(ns+1) ≤ 1);
	// both are kept as Pol.is states the rule.
	m.Common = m.PA > 0.5 && m.Z > Z90
	return m
}
