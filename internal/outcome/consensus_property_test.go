package outcome_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// Consensus means no participating delegation objects. Random histories
// (seeded) of positions taken, wordings changed, paragraphs deleted and
// delegations' accreditation withdrawn or given back; then the chair asks
// for consensus. It must be refused exactly when an accredited delegation
// holds cannot_accept on the current wording of a paragraph still in the
// text — worked out below from what the test itself did, not by asking
// the service — and the refusal must name exactly those delegations and
// paragraphs.
func TestConsensusIffNoObjectionStands(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		codes := []string{"ARG", "BRA", "CHL", "CHN", "URY"}
		f := setup(t, db, codes...)
		rng := rand.New(rand.NewPCG(20241119, 2))
		stances := []ground.Stance{ground.Support, ground.CanLiveWith, ground.CannotAccept, ground.Pending}
		type held struct {
			stance  ground.Stance
			wording int // the paragraph's wording, by the test's count, when taken
		}
		var adopted, refused int
		// void counts, over the trials adopted, the objections that stand
		// for nothing, by why: a test whose histories never hold one
		// could not tell a check left out.
		void := map[string]int{}
		for trial := 0; trial < 16; trial++ {
			accredited := map[string]bool{}
			for _, c := range codes {
				must(t, f.dlg.Accredit(bg, f.admin, f.del[c].ID, true))
				accredited[c] = true
			}
			d := f.document(t, fmt.Sprintf("Declaration %d", trial))
			labels := []string{"OP1", "OP2", "OP3", "OP4"}
			wording := map[string]int{}
			for _, l := range labels {
				f.add(t, d.ID, outcome.Operative, "Paragraph "+l+", wording 1.")
				wording[l] = 1
			}
			deleted := map[string]bool{}
			positions := map[[2]string]held{} // code, label
			live := func() []string {
				var out []string
				for _, l := range labels {
					if !deleted[l] {
						out = append(out, l)
					}
				}
				return out
			}
			for step, steps := 0, 6+rng.IntN(16); step < steps; step++ {
				ls := live()
				label := ls[rng.IntN(len(ls))]
				code := codes[rng.IntN(len(codes))]
				switch r := rng.IntN(20); {
				case r < 11: // a position, if the delegation may take one
					if !accredited[code] {
						continue
					}
					st := stances[rng.IntN(len(stances))]
					takePosition(t, f, d.ID, code, label, st)
					positions[[2]string{code, label}] = held{st, wording[label]}
				case r < 14: // the chair rewords the paragraph
					wording[label]++
					_, err := f.svc.EditParagraph(bg, f.chair, d.ID, label, outcome.EditInput{Text: fmt.Sprintf("Paragraph %s, wording %d.", label, wording[label])})
					must(t, err)
				case r < 16: // the chair deletes it (one paragraph stays)
					if len(ls) == 1 {
						continue
					}
					must(t, f.svc.DeleteParagraph(bg, f.chair, d.ID, label))
					deleted[label] = true
				default: // the secretariat withdraws or gives back accreditation
					accredited[code] = !accredited[code]
					must(t, f.dlg.Accredit(bg, f.admin, f.del[code].ID, accredited[code]))
				}
			}
			f.issue(t, d.ID)

			var objectors, objected []string
			for _, l := range labels { // the text's order
				for _, c := range codes {
					p, ok := positions[[2]string{c, l}]
					if ok && p.stance == ground.CannotAccept && p.wording == wording[l] && !deleted[l] && accredited[c] {
						if !slices.Contains(objectors, c) {
							objectors = append(objectors, c)
						}
						if !slices.Contains(objected, l) {
							objected = append(objected, l)
						}
					}
				}
			}
			slices.Sort(objectors)
			voids := map[string]int{}
			for k, p := range positions {
				switch {
				case p.stance != ground.CannotAccept:
				case deleted[k[1]]:
					voids["on a deleted paragraph"]++
				case p.wording != wording[k[1]]:
					voids["on an earlier wording"]++
				case !accredited[k[0]]:
					voids["by a delegation no longer accredited"]++
				}
			}

			_, err := f.svc.Adopt(bg, f.chair, d.ID, outcome.AdoptInput{Method: "consensus"})
			if len(objectors) == 0 {
				if err != nil {
					t.Errorf("trial %d: no objection stands, yet consensus was refused: %v (positions %v)", trial, err, positions)
				}
				adopted++
				for why, n := range voids {
					void[why] += n
				}
				continue
			}
			refused++
			wantErr(t, fmt.Sprintf("trial %d", trial), err, "objections_remain", 409)
			want := []any{"delegations", strings.Join(objectors, ", "), "labels", strings.Join(objected, ", ")}
			if got := errs.As(err).Args; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("trial %d: refusal names %v, want %v", trial, got, want)
			}
		}
		// A history that always ends one way would prove nothing.
		if adopted < 3 || refused < 3 {
			t.Errorf("%d trials adopted, %d refused: the histories do not try both answers", adopted, refused)
		}
		t.Logf("adopted %d refused %d void %v", adopted, refused, void)
		if len(void) < 3 {
			t.Errorf("objections standing for nothing in the trials adopted: %v; want some of each kind", void)
		}
	})
}
