package ground_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"roundtable/internal/ground"
	"roundtable/internal/ground/consensus"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// The delegations of the map and groups tests, by declared bloc; CHN is in
// none.
var (
	southAmerica   = []string{"ARG", "BOL", "BRA", "CHL", "COL", "ECU", "PER", "PRY", "URY", "VEN"}
	centralAmerica = []string{"CRI", "GTM", "HND", "MEX", "NIC", "PAN", "SLV"}
	caribbean      = []string{"BRB", "CUB", "JAM", "TTO"}
)

func everyone() []string {
	return slices.Concat(southAmerica, centralAmerica, caribbean, []string{"CHN"})
}

// The map reproduces the worked example of the negotiation reference on one
// proposition: blocs with (agree, seen) = (8, 10), (3, 6), (4, 4), whose
// group-informed consensus is 0.75 × 0.5 × 5/6 = 0.3125.
func TestMapWorkedExample(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, everyone()...)
		// Declared out of order: the map lists blocs by their position.
		f.bloc(t, "CAR", 2, caribbean...)
		f.bloc(t, "SA", 0, southAmerica...)
		f.bloc(t, "CAM", 1, centralAmerica...)

		// Put forward in the reverse of the order they rank in.
		divided := f.propose(t, "OP2: Unilateral coercive measures must end.")
		worked := f.propose(t, "OP3: Development cooperation respects national ownership.")
		unanimous := f.propose(t, "OP1: Everyone has the right to development.")
		gone := f.propose(t, "OP4: A new mechanism is created.")
		stance := func(p ground.Proposition, st ground.Stance, reason string, codes ...string) {
			for _, c := range codes {
				f.set(t, c, p.ID, st, reason)
			}
		}

		// OP1: every delegation but Panama, which never takes a position,
		// supports it.
		stance(unanimous, ground.Support, "", slices.DeleteFunc(everyone(), func(c string) bool { return c == "PAN" })...)
		// OP3, the worked example.
		// South America (8, 10): 6 support, 2 can live with, 1 objects, 1 pending.
		stance(worked, ground.Support, "", "ARG", "BOL", "BRA", "CHL", "COL", "ECU")
		stance(worked, ground.CanLiveWith, "", "PER", "PRY")
		stance(worked, ground.CannotAccept, "Ownership is not defined.", "VEN")
		stance(worked, ground.Pending, "", "URY")
		// Central America and Mexico (3, 6), Panama silent: 2 support, 1 can
		// live with, 2 object, 1 pending.
		stance(worked, ground.Support, "", "CRI", "GTM")
		stance(worked, ground.CanLiveWith, "", "MEX")
		stance(worked, ground.CannotAccept, "Conditionality must be excluded.", "HND")
		stance(worked, ground.CannotAccept, "The paragraph repeats OP2.", "NIC")
		stance(worked, ground.Pending, "", "SLV")
		// The Caribbean (4, 4); China, in no bloc, supports it too.
		stance(worked, ground.Support, "", append(slices.Clone(caribbean), "CHN")...)
		// OP2: the Caribbean objects, the mainland supports, China is silent.
		stance(divided, ground.Support, "", slices.DeleteFunc(slices.Concat(southAmerica, centralAmerica), func(c string) bool { return c == "PAN" })...)
		stance(divided, ground.CannotAccept, "Not without the Caribbean's amendment.", caribbean...)
		// OP4 is withdrawn: its objections, Panama's included, no longer count.
		stance(gone, ground.CannotAccept, "No new mechanisms.", "PAN", "CHN", "BRA")
		_, err := f.svc.Withdraw(bg, f.chair, gone.ID)
		must(t, err)

		m, err := f.svc.Map(bg, f.delegate["CHN"], f.edition.ID)
		must(t, err)
		var blocs []string
		for _, b := range m.Blocs {
			blocs = append(blocs, b.Code)
		}
		if strings.Join(blocs, ",") != "SA,CAM,CAR" || m.Delegations != 21 {
			t.Fatalf("blocs %v, %d delegations; want SA,CAM,CAR and 21 (Panama took no position)", blocs, m.Delegations)
		}
		var order []string
		for _, r := range m.Rows {
			order = append(order, fmt.Sprintf("%d %s", r.Rank, r.Proposition.Text[:3]))
		}
		// OP1 is unopposed; OP3 (0.3125) before OP2 (11/12 × 7/8 × 1/6 ≈ 0.1337).
		if got := strings.Join(order, ", "); got != "1 OP1, 2 OP3, 3 OP2" {
			t.Fatalf("ranks %s, want 1 OP1, 2 OP3, 3 OP2", got)
		}
		w := m.Rows[1]
		want := []consensus.Counts{{Support: 6, LiveWith: 2, Object: 1, Pending: 1}, {Support: 2, LiveWith: 1, Object: 2, Pending: 1}, {Support: 4}}
		if !slices.Equal(w.Blocs, want) {
			t.Errorf("OP3 per bloc %+v, want %+v", w.Blocs, want)
		}
		s := w.Score
		if len(s.P) != 3 || !near(s.P[0], 0.75, 1e-9) || !near(s.P[1], 0.5, 1e-9) || !near(s.P[2], 0.8333, 1e-4) {
			t.Errorf("OP3 P = %v, want 0.75 (9/12), 0.5 (4/8), 0.8333 (5/6)", s.P)
		}
		if !near(s.Product, 0.3125, 1e-9) || !near(s.GeoMean, 0.679, 1e-3) || s.Weakest != 0.5 || s.WeakestGroup != 1 {
			t.Errorf("OP3 score %+v, want product 0.3125, geometric mean ≈ 0.679, weakest 0.5 in CAM", s)
		}
		// Everyone: 13 support, 3 can live with, 3 object, 2 pending: 16 of 21.
		// pa = 17/23 ≈ 0.739; z = 2·sqrt(22)·(17/22 − 0.5) ≈ 2.558.
		if s.All != (consensus.Counts{Support: 13, LiveWith: 3, Object: 3, Pending: 2}) || s.Objections != 3 ||
			!near(s.Majority.PA, 0.739, 1e-3) || !near(s.Majority.Z, 2.558, 1e-3) || !s.Majority.Common {
			t.Errorf("OP3 over everyone %+v, majority %+v", s.All, s.Majority)
		}
		var objections []string
		for _, o := range w.Objections {
			objections = append(objections, o.Delegation+": "+o.Reason)
		}
		if got, want := objections, []string{"HND: Conditionality must be excluded.", "NIC: The paragraph repeats OP2.", "VEN: Ownership is not defined."}; !slices.Equal(got, want) {
			t.Errorf("OP3 objections %q, want %q", got, want)
		}
		u := m.Rows[0]
		// 11/12 × 7/8 × 5/6 ≈ 0.6684, nobody objects.
		if len(u.Objections) != 0 || !u.Score.Unopposed() || !near(u.Score.Product, 0.6684, 1e-4) || u.Score.All != (consensus.Counts{Support: 21}) {
			t.Errorf("OP1 %+v", u.Score)
		}
		if d := m.Rows[2]; len(d.Objections) != 4 || d.Objections[0].Delegation != "BRB" || !near(d.Score.Product, 0.1337, 1e-4) {
			t.Errorf("OP2 objections %v, product %v", d.Objections, d.Score.Product)
		}

		// What each bloc stands for, against everyone outside it:
		// SA on OP2: 10 of 10 against 6 of 10; ratio (11/12)/(7/12) ≈ 1.571, z ≈ 2.211.
		// CAM on OP2: 6 of 6 against 10 of 14; ratio (7/8)/(11/16) ≈ 1.273, z ≈ 1.510.
		// CAR on OP3: 4 of 4 against 12 of 17; ratio (5/6)/(13/19) ≈ 1.218, z ≈ 1.332.
		// Everything else is under the z threshold 1.2816 (OP1: everyone agrees, z = 0).
		wantRep := []struct {
			id       int64
			ratio, z float64
		}{{divided.ID, 1.571, 2.211}, {divided.ID, 1.273, 1.510}, {worked.ID, 1.218, 1.332}}
		if len(m.Representative) != 3 {
			t.Fatalf("representative lists for %d blocs, want 3", len(m.Representative))
		}
		for i, r := range m.Representative {
			if len(r) != 1 || r[0].PropositionID != wantRep[i].id || !near(r[0].Repness.Ratio, wantRep[i].ratio, 1e-3) || !near(r[0].Repness.Z, wantRep[i].z, 1e-3) {
				t.Errorf("%s stands for %+v, want proposition %d with ratio %v, z %v", blocs[i], r, wantRep[i].id, wantRep[i].ratio, wantRep[i].z)
			}
		}
	})
}
