package consensus

import "math"

// Repness says how much a group agrees with a proposition beyond everyone
// outside it (Pol.is "repness" on agreement). The map uses it to show what
// a bloc stands for: the propositions its members back and the others do not.
type Repness struct {
	Ratio      float64 // Smoothed(in) / Smoothed(out)
	Z          float64 // two-proportion z-test of in against out
	Represents bool    // Ratio > 1 && Z > Z90
}

// Representative compares a group with everyone outside it. Ratio is
// Smoothed(in)/Smoothed(out); Z is Pol.is's two-proportion test with +1
// pseudo-counts on successes and populations:
//
//	s1=in.Agree()+1, n1=in.Seen()+1, s2=out.Agree()+1, n2=out.Seen()+1,
//	p1=s1/n1, p2=s2/n2, ph=(s1+s2)/(n1+n2),
//	Z=(p1-p2)/sqrt(ph(1-ph)(1/n1+1/n2)), Z=0 when ph==1.
//
// Both are needed: a bloc of two that agrees against a lukewarm rest has a
// high ratio on too little evidence, and the test keeps it from being called
// representative. When everyone on both sides agrees (ph == 1) there is no
// difference to test and Z is 0 rather than 0/0.
func Representative(in, out Counts) Repness {
	s1, n1 := float64(in.Agree()+1), float64(in.Seen()+1)
	s2, n2 := float64(out.Agree()+1), float64(out.Seen()+1)
	r := Repness{Ratio: Smoothed(in) / Smoothed(out)}
	if ph := (s1 + s2) / (n1 + n2); ph != 1 {
		r.Z = (s1/n1 - s2/n2) / math.Sqrt(ph*(1-ph)*(1/n1+1/n2))
	}
	r.Represents = r.Ratio > 1 && r.Z > Z90
	return r
}
