package ground_test

import (
	"slices"
	"strings"
	"testing"

	"roundtable/internal/ground"
	"roundtable/internal/ground/consensus"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// Two camps of delegations that vote opposite ways on five propositions
// and alike on a sixth: the groups found are the two camps, the sixth is
// the bridge between them, and a declared bloc with members in both camps
// is split.
func TestGroupsFindPlantedCamps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// Camp A is one larger, so that most delegations agree with each
		// of OP1–OP5: only the other camp's refusal keeps them from bridging.
		campA := append(slices.Clone(southAmerica), "DOM")
		campB := []string{"BRB", "CRI", "CUB", "GTM", "HND", "JAM", "MEX", "NIC", "PAN", "SLV"}
		f := setup(t, db, slices.Concat(campA, campB, []string{"CHN", "HTI"})...)
		f.bloc(t, "SA", 0, southAmerica...)
		f.bloc(t, "MIX", 1, "BRA", "CUB", "MEX", "VEN")

		var ps []ground.Proposition
		for _, text := range []string{"OP1 development", "OP2 sovereignty", "OP3 cooperation", "OP4 civil society", "OP5 monitoring", "OP6 poverty"} {
			ps = append(ps, f.propose(t, text))
		}
		for i, p := range ps[:5] {
			for _, c := range campA {
				st, reason := ground.Support, ""
				if i >= 3 {
					st, reason = ground.CannotAccept, "Camp A objects."
				} else if i == 0 && c == "ARG" {
					st = ground.CanLiveWith // one delegation a little apart in each camp
				}
				f.set(t, c, p.ID, st, reason)
			}
			for _, c := range campB {
				st, reason := ground.CannotAccept, "Camp B objects."
				if i >= 3 {
					st, reason = ground.Support, ""
					if i == 3 && c == "CRI" {
						st = ground.CanLiveWith
					}
				}
				f.set(t, c, p.ID, st, reason)
			}
		}
		for _, c := range slices.Concat(campA, campB) {
			f.set(t, c, ps[5].ID, ground.Support, "")
		}
		// China awaits instructions on everything: no position, no point.
		f.set(t, "CHN", ps[0].ID, ground.Pending, "")
		// Haiti objected only to a proposition since withdrawn: it has no
		// position on anything the picture shows, so it is not on it.
		gone := f.propose(t, "OP9 withdrawn")
		f.set(t, "HTI", gone.ID, ground.CannotAccept, "Withdraw it.")
		_, err := f.svc.Withdraw(bg, f.chair, gone.ID)
		must(t, err)

		g, err := f.svc.Groups(bg, f.chair, f.edition.ID)
		must(t, err)
		if g.Result.K != 2 {
			t.Fatalf("K = %d (silhouettes %v), want 2", g.Result.K, g.Result.Silhouette)
		}
		// Rows in code order: ARG first, so camp A is group 0.
		groupOf := map[string]int{}
		for _, pl := range g.Delegations {
			groupOf[pl.Delegation.Code] = pl.Group
		}
		if _, ok := groupOf["HTI"]; len(g.Delegations) != 22 || groupOf["CHN"] != -1 || ok {
			t.Errorf("%d delegations placed, CHN in group %d, HTI placed %v; want 22, -1 and HTI left out", len(g.Delegations), groupOf["CHN"], ok)
		}
		for _, c := range campA {
			if groupOf[c] != 0 {
				t.Errorf("%s of camp A in group %d", c, groupOf[c])
			}
		}
		for _, c := range campB {
			if groupOf[c] != 1 {
				t.Errorf("%s of camp B in group %d", c, groupOf[c])
			}
		}
		bra := g.Delegations[slices.IndexFunc(g.Delegations, func(p ground.Placed) bool { return p.Delegation.Code == "BRA" })]
		if strings.Join(bra.Blocs, ",") != "SA,MIX" {
			t.Errorf("BRA's blocs %v, want SA,MIX", bra.Blocs)
		}

		// Only OP6 has both groups agreeing: (11+1)/(11+2) and (10+1)/(10+2).
		// Each other one has 1/13 or 1/12 in one group, though 11 of the 21
		// delegations answering OP2 and OP3 agree with them.
		if len(g.Bridges) != 1 || g.Bridges[0].Proposition.ID != ps[5].ID {
			t.Fatalf("bridges %+v, want OP6 alone", g.Bridges)
		}
		b := g.Bridges[0]
		if !slices.Equal(b.Groups, []consensus.Counts{{Support: 11}, {Support: 10}}) || !near(b.Score.Weakest, 11.0/12, 1e-9) {
			t.Errorf("OP6 across groups %+v, weakest %v; want 11 and 10 support, 11/12", b.Groups, b.Score.Weakest)
		}
		// MIX has BRA and VEN in camp A, CUB and MEX in camp B; SA is whole.
		if len(g.Splits) != 1 || g.Splits[0].Bloc != "MIX" || strings.Join(g.Splits[0].Groups[0], ",") != "BRA,VEN" ||
			strings.Join(g.Splits[0].Groups[1], ",") != "CUB,MEX" || len(g.Splits[0].Groups) != 2 {
			t.Errorf("splits %+v, want MIX: 0 BRA,VEN; 1 CUB,MEX", g.Splits)
		}
	})
}
