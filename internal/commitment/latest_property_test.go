package commitment_test

import (
	"database/sql"
	"maps"
	"math/rand"
	"reflect"
	"slices"
	"testing"

	"roundtable/internal/commitment"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// Each owner's latest published status and day, kept on the owner, are
// after every step of a seeded random walk — reports filed, changed,
// submitted, approved, returned, owners written again — what a plain
// recomputation from progress_reports gives: of the owner's published
// reports, the one of the latest day spoken of, then of the greatest id.
// Reports share few days, so approvals out of order meet ties. The
// tracker's reads (a commitment's statuses, the dates beside them, the
// counts by status, the status filter) give the same.
func TestOwnersLatestStatusFollowsPublishedReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := wfSetup(t, db)
		rec := f.recommendation(t, "r1", "BRA", "Reduce child mortality.")
		input := func(owners ...string) commitment.Input {
			in := commitment.Input{RecommendationID: rec, Title: "Child mortality", StartsOn: "2025-01-01", DueOn: "2030-12-31"}
			for _, o := range owners {
				in.Owners = append(in.Owners, commitment.Owner{Country: o})
			}
			return in
		}
		commitments := []int64{f.commit(t, input("BRA", "ARG")).ID, f.commit(t, input("BRA")).ID, f.commit(t, input("ARG", "CHN")).ID}
		delegates := map[string][]*accountUser{"BRA": {f.bra, f.bra2}, "ARG": {f.arg}}
		validators := map[string]*accountUser{"BRA": f.valBRA, "ARG": f.valARG}
		days := []string{"2025-06-30", "2025-12-31", "2026-03-31"}
		states := []string{"BRA", "ARG", "CHN"}

		rnd := rand.New(rand.NewSource(2026))
		published, ownersChanged := 0, 0
		for step := 0; step < 300; step++ {
			in := commitment.ReportInput{ReportedOn: days[rnd.Intn(len(days))], Status: commitment.Statuses[rnd.Intn(len(commitment.Statuses))],
				Narrative: "Step.", Language: "en"}
			var err error
			var action string
			switch act := rnd.Intn(10); {
			case act < 3:
				action = "file"
				state := []string{"BRA", "ARG"}[rnd.Intn(2)]
				u := delegates[state][rnd.Intn(len(delegates[state]))]
				_, err = f.svc.FileReport(wbg, u, commitments[rnd.Intn(len(commitments))], in)
			case act == 3:
				action = "update"
				if r, ok := lpPick(t, db, rnd, "draft", "returned"); ok {
					_, err = f.svc.UpdateReport(wbg, delegates[r.country][rnd.Intn(len(delegates[r.country]))], r.id, in)
				}
			case act < 6:
				action = "submit"
				if r, ok := lpPick(t, db, rnd, "draft", "returned"); ok {
					_, err = f.svc.SubmitReport(wbg, delegates[r.country][0], r.id)
				}
			case act < 8:
				action = "approve"
				if r, ok := lpPick(t, db, rnd, "submitted"); ok {
					if _, err = f.svc.Validate(wbg, validators[r.country], r.id, true, ""); err == nil {
						published++
					}
				}
			case act == 8:
				action = "return"
				if r, ok := lpPick(t, db, rnd, "submitted"); ok {
					_, err = f.svc.Validate(wbg, validators[r.country], r.id, false, "Say more.")
				}
			default:
				action = "owners"
				var owners []string
				for _, s := range states {
					if rnd.Intn(2) == 0 {
						owners = append(owners, s)
					}
				}
				if len(owners) == 0 {
					owners = states[rnd.Intn(len(states)):][:1]
				}
				if _, err = f.svc.Update(wbg, f.admin, commitments[rnd.Intn(len(commitments))], input(owners...)); err == nil {
					ownersChanged++
				}
			}
			// A delegate filing on a commitment their state no longer
			// owns is refused; nothing else may fail.
			if err != nil && !(action == "file" && errs.As(err).Code == "not_your_commitment") {
				t.Fatalf("step %d: %s: %v", step, action, err)
			}
			lpCheck(t, f, db, step, commitments)
		}
		if published < 20 || ownersChanged < 10 {
			t.Fatalf("the walk published %d reports and rewrote owners %d times: too few to say anything", published, ownersChanged)
		}
		t.Logf("%d reports published, owners rewritten %d times", published, ownersChanged)
	})
}

type lpReport struct {
	id                  int64
	commitmentID        int64
	country, on, status string
	state               string
}

type lpOwner struct {
	commitmentID int64
	country      string
}

func lpReports(t *testing.T, db *store.DB) []lpReport {
	t.Helper()
	list, err := store.QueryAll(wbg, db.Reader(), func(sc store.Scanner) (lpReport, error) {
		var r lpReport
		return r, sc.Scan(&r.id, &r.commitmentID, &r.country, &r.on, &r.status, &r.state)
	}, "SELECT id, commitment_id, country, reported_on, status, state FROM progress_reports ORDER BY id")
	wfMust(t, err)
	return list
}

// lpPick picks a report in one of states, if any.
func lpPick(t *testing.T, db *store.DB, rnd *rand.Rand, states ...string) (lpReport, bool) {
	t.Helper()
	var in []lpReport
	for _, r := range lpReports(t, db) {
		if slices.Contains(states, r.state) {
			in = append(in, r)
		}
	}
	if len(in) == 0 {
		return lpReport{}, false
	}
	return in[rnd.Intn(len(in))], true
}

// lpCheck recomputes every owner's latest published report in Go from
// the reports and compares the owners' columns and the tracker's reads
// with it.
func lpCheck(t *testing.T, f *wfFixture, db *store.DB, step int, commitments []int64) {
	t.Helper()
	type latest struct{ status, on string } // "" for none
	reports := lpReports(t, db)
	want := map[lpOwner]latest{}
	bestID := map[lpOwner]int64{}
	got := map[lpOwner]latest{}
	rows, err := store.QueryAll(wbg, db.Reader(), func(sc store.Scanner) (lpOwner, error) {
		var o lpOwner
		var st, on sql.NullString
		err := sc.Scan(&o.commitmentID, &o.country, &st, &on)
		got[o] = latest{st.String, on.String}
		return o, err
	}, "SELECT commitment_id, country, latest_status, latest_on FROM commitment_owners")
	wfMust(t, err)
	for _, o := range rows {
		want[o] = latest{}
		for _, r := range reports {
			if r.commitmentID != o.commitmentID || r.country != o.country || r.state != "published" {
				continue
			}
			w := want[o]
			if r.on > w.on || (r.on == w.on && r.id > bestID[o]) {
				want[o], bestID[o] = latest{r.status, r.on}, r.id
			}
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("step %d: owners' latest %v, recomputed from the reports %v", step, got, want)
	}

	// What the tracker reads from them.
	byStatus := map[commitment.Status]int{}
	wantLatest := map[int64]map[string]commitment.Status{}
	wantDates := map[int64]map[string]string{}
	for o, l := range want {
		if wantLatest[o.commitmentID] == nil {
			wantLatest[o.commitmentID] = map[string]commitment.Status{}
		}
		if l.status == "" {
			byStatus[commitment.NoReport]++
			continue
		}
		byStatus[commitment.Status(l.status)]++
		wantLatest[o.commitmentID][o.country] = commitment.Status(l.status)
		if wantDates[o.commitmentID] == nil {
			wantDates[o.commitmentID] = map[string]string{}
		}
		wantDates[o.commitmentID][o.country] = l.on
	}
	for _, id := range commitments {
		c, err := f.svc.Get(wbg, f.admin, id)
		wfMust(t, err)
		if !maps.Equal(c.Latest, wantLatest[id]) {
			t.Fatalf("step %d: commitment %d's latest statuses %v, want %v", step, id, c.Latest, wantLatest[id])
		}
	}
	dates, err := f.svc.LatestReportDates(wbg, commitments)
	wfMust(t, err)
	if !reflect.DeepEqual(dates, wantDates) {
		t.Fatalf("step %d: latest report dates %v, want %v", step, dates, wantDates)
	}
	sum, err := f.svc.Summary(wbg, f.admin, commitment.Filter{})
	wfMust(t, err)
	if !maps.Equal(sum.ByStatus, byStatus) {
		t.Fatalf("step %d: summary by status %v, want %v", step, sum.ByStatus, byStatus)
	}
	for _, st := range append([]commitment.Status{commitment.NoReport}, commitment.Statuses...) {
		var ids []int64
		for _, id := range commitments {
			for o, l := range want {
				if o.commitmentID == id && (l.status == string(st) || (l.status == "" && st == commitment.NoReport)) {
					ids = append(ids, id)
					break
				}
			}
		}
		page, err := f.svc.List(wbg, f.admin, commitment.Filter{Status: st})
		wfMust(t, err)
		var listed []int64
		for _, c := range page.Items {
			listed = append(listed, c.ID)
		}
		slices.Sort(ids)
		slices.Sort(listed)
		if !slices.Equal(listed, ids) {
			t.Fatalf("step %d: listed as %s %v, want %v", step, st, listed, ids)
		}
	}
}
