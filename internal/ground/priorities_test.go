package ground_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// profile writes a reader's priorities as one line a person can check:
// concepts in order, each delegation's and each bloc's counts, the shared
// concepts. Concept ids are shortened to their theme (development, water, …).
func profile(pr ground.Priorities) string {
	short := func(c string) string { return strings.SplitN(strings.TrimPrefix(c, "right-to-"), "-", 2)[0] }
	counts := func(m map[string]int) string {
		var out []string
		for c, n := range m {
			out = append(out, fmt.Sprintf("%s %d", short(c), n))
		}
		slices.Sort(out)
		return strings.Join(out, ", ")
	}
	var b strings.Builder
	var cs []string
	for _, c := range pr.Concepts {
		cs = append(cs, short(c))
	}
	fmt.Fprintf(&b, "concepts %s\n", strings.Join(cs, " "))
	for _, d := range pr.Delegations {
		fmt.Fprintf(&b, "%s: %s\n", d.Delegation.Code, counts(d.Statements))
	}
	for _, bp := range pr.Blocs {
		fmt.Fprintf(&b, "%s members: %s; statements: %s\n", bp.Bloc.Code, counts(bp.Members), counts(bp.Statements))
	}
	cs = nil
	for _, c := range pr.Shared {
		cs = append(cs, short(c))
	}
	fmt.Fprintf(&b, "shared %s", strings.Join(cs, " "))
	return b.String()
}

// Priorities count the themes each delegation and bloc raised, in the
// statements the reader may read.
func TestPrioritiesCountWhatTheReaderReads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "ARG", "BRA", "CHN", "CUB")
		f.publishEdition(t)
		f.bloc(t, "SA", 0, "ARG", "BRA")
		f.bloc(t, "CN", 1, "CHN")
		f.bloc(t, "CAR", 2, "CUB")
		say := func(code, vis, text string) dialogue.Statement {
			st, err := f.dlg.SaveStatement(bg, f.delegate[code], dialogue.Statement{EditionID: f.edition.ID, SessionID: f.session.ID,
				DelegationID: f.del[code].ID, Language: "en", Body: text, Visibility: vis})
			must(t, err)
			return st
		}
		say("BRA", dialogue.Public, "The right to development and the end of poverty.")
		say("BRA", dialogue.Public, "Development cooperation among the South.")
		say("ARG", dialogue.Public, "The rights of women and girls.")
		say("CHN", dialogue.Public, "Development is the master key.")
		say("CHN", dialogue.Participants, "Eight hundred million people lifted out of poverty.")
		// Tagged by hand: CUB's statement names no keyword.
		cub := say("CUB", dialogue.Public, "Solidarity among peoples.")
		_, err := f.dlg.CorrectTags(bg, f.delegate["CUB"], cub.ID, []string{"right-to-development"}, nil)
		must(t, err)
		// A tag removed by hand no longer counts.
		bra := say("BRA", dialogue.Public, "Women diplomats of Brazil.")
		_, err = f.dlg.CorrectTags(bg, f.delegate["BRA"], bra.ID, nil, []string{"gender-equality"})
		must(t, err)
		// ARG's draft counts for ARG and the secretariat only.
		say("ARG", dialogue.Draft, "Water and development.")

		room := `concepts development poverty gender
ARG: gender 1
BRA: development 2, poverty 1
CHN: development 1, poverty 1
CUB: development 1
SA members: development 1, gender 1, poverty 1; statements: development 2, gender 1, poverty 1
CN members: development 1, poverty 1; statements: development 1, poverty 1
CAR members: development 1; statements: development 1
shared development`
		withDraft := `concepts development poverty gender water
ARG: development 1, gender 1, water 1
BRA: development 2, poverty 1
CHN: development 1, poverty 1
CUB: development 1
SA members: development 2, gender 1, poverty 1, water 1; statements: development 3, gender 1, poverty 1, water 1
CN members: development 1, poverty 1; statements: development 1, poverty 1
CAR members: development 1; statements: development 1
shared development`
		public := `concepts development gender poverty
ARG: gender 1
BRA: development 2, poverty 1
CHN: development 1
CUB: development 1
SA members: development 1, gender 1, poverty 1; statements: development 2, gender 1, poverty 1
CN members: development 1; statements: development 1
CAR members: development 1; statements: development 1
shared development`
		for _, r := range []struct {
			who  string
			v    ground.Viewer
			want string
		}{{"BRA", f.delegate["BRA"], room}, {"the chair", f.chair, room}, {"ARG", f.delegate["ARG"], withDraft},
			{"the secretariat", f.admin, withDraft}, {"the public", nil, public}} {
			pr, err := f.svc.Priorities(bg, r.v, f.edition.ID)
			must(t, err)
			if got := profile(pr); got != r.want {
				t.Errorf("%s reads\n%s\nwant\n%s", r.who, got, r.want)
			}
		}
		pr, err := f.svc.Priorities(bg, f.delegate["BRA"], f.edition.ID)
		must(t, err)
		if sa := pr.Blocs[0]; sa.Share("right-to-development") != 0.5 || sa.Share("gender-equality") != 0.5 {
			t.Errorf("SA's share of development %v, of gender %v; want 1 of 2 members each", sa.Share("right-to-development"), sa.Share("gender-equality"))
		}
	})
}
