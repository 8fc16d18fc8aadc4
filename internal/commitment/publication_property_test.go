package commitment_test

import (
	"math/rand"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/commitment"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/visibility"
)

// No report is ever published but by the validator of its state, who did
// not write it, approving it once submitted: a seeded random walk of
// every action by every kind of user over random reports, checked after
// each step against the database.
func TestNoReportPublishedWithoutItsValidator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := wfSetup(t, db)
		rec := f.recommendation(t, "r1", "BRA", "Reduce child mortality.")
		mk := func(level visibility.Level, owners ...string) int64 {
			in := commitment.Input{RecommendationID: rec, Title: "Child mortality", Level: level, StartsOn: "2025-01-01", DueOn: "2030-12-31"}
			for _, o := range owners {
				in.Owners = append(in.Owners, commitment.Owner{Country: o})
			}
			return f.commit(t, in).ID
		}
		commitments := []int64{mk(visibility.Public, "BRA", "ARG"), mk(visibility.Participants, "ARG"), mk(visibility.Public, "CHN"), mk(visibility.Draft, "BRA"), 424242}
		// bra2 files as a delegate of BRA, and acts as BRA's validator
		// (an account whose role changed): it must not approve its own.
		turned := *f.bra2
		turned.Role, turned.Delegation = account.Validator, "BRA"
		users := []*accountUser{nil, f.admin, f.chair, f.obs, f.bra, f.bra2, f.arg, f.chn, f.valBRA, f.valARG, f.valNone, &turned}
		// Who validates for which state (bra2 once its role changed).
		validators := map[int64]string{f.valBRA.ID: "BRA", f.valARG.ID: "ARG", f.bra2.ID: "BRA"}
		statuses := append([]commitment.Status{"bogus"}, commitment.Statuses...)

		rnd := rand.New(rand.NewSource(14))
		var reports []int64
		published := 0
		delegates := []*accountUser{f.bra, f.bra2, f.arg, f.chn}
		// Validators, and the delegates who must not be able to validate.
		deciders := []*accountUser{f.valBRA, f.valARG, &turned, f.bra, f.arg, f.chn}
		for step := 0; step < 1000; step++ {
			act := rnd.Intn(5)
			// Most steps by someone who might be allowed, so that reports
			// move; the others by anyone.
			u := users[rnd.Intn(len(users))]
			if rnd.Intn(3) > 0 {
				if act < 3 {
					u = delegates[rnd.Intn(len(delegates))]
				} else {
					u = deciders[rnd.Intn(len(deciders))]
				}
			}
			pick := func() int64 {
				if len(reports) == 0 || rnd.Intn(10) == 0 {
					return int64(rnd.Intn(1000) + 1)
				}
				return reports[rnd.Intn(len(reports))]
			}
			in := commitment.ReportInput{ReportedOn: "2025-12-31", Status: statuses[rnd.Intn(len(statuses))], Narrative: "Step.", Language: "en"}
			var id int64
			var err error
			var action string
			switch act {
			case 0:
				action = "file"
				var r commitment.Report
				r, err = f.svc.FileReport(wbg, u, commitments[rnd.Intn(len(commitments))], in)
				if err == nil {
					reports = append(reports, r.ID)
				}
			case 1:
				action, id = "update", pick()
				_, err = f.svc.UpdateReport(wbg, u, id, in)
			case 2:
				action, id = "submit", pick()
				_, err = f.svc.SubmitReport(wbg, u, id)
			case 3:
				action, id = "approve", pick()
				// Mostly a report waiting for validation, by someone of
				// its state (its validator, its delegates, the turned
				// author), or there is little to approve.
				if waiting := submitted(t, db); len(waiting) > 0 && rnd.Intn(3) > 0 {
					id = waiting[rnd.Intn(len(waiting))]
					var near []*accountUser
					for _, x := range users {
						if x != nil && x.Delegation == reportCountry(t, db, id) {
							near = append(near, x)
						}
					}
					u = near[rnd.Intn(len(near))]
				}
				before := state(t, db, id)
				_, err = f.svc.Validate(wbg, u, id, true, "")
				if err == nil {
					if before != "submitted" {
						t.Fatalf("step %d: %s approved report %d that was %q", step, who(u), id, before)
					}
					published++
				}
			default:
				action, id = "return", pick()
				note := ""
				if rnd.Intn(2) == 0 {
					note = "Fix it."
				}
				_, err = f.svc.Validate(wbg, u, id, false, note)
			}
			if err != nil && errs.As(err).Kind == errs.Internal {
				t.Fatalf("step %d: %s %s %d: internal error %v", step, who(u), action, id, err)
			}
			checkPublished(t, db, step, validators)
		}
		// The walk must have published some reports, and refused many.
		if published < 5 {
			t.Fatalf("the walk published %d reports: too few to say anything", published)
		}
		t.Logf("%d reports filed, %d published", len(reports), published)
	})
}

func submitted(t *testing.T, db *store.DB) []int64 {
	t.Helper()
	ids, err := store.QueryAll(wbg, db.Reader(), func(sc store.Scanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, "SELECT id FROM progress_reports WHERE state = 'submitted' ORDER BY id")
	wfMust(t, err)
	return ids
}

func reportCountry(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	var s string
	wfMust(t, db.Reader().QueryRow(wbg, "SELECT country FROM progress_reports WHERE id = ?", id).Scan(&s))
	return s
}

func who(u *accountUser) string {
	if u == nil {
		return "the public"
	}
	return string(u.Role) + " " + u.Delegation + " #" + itoa(u.ID)
}

func state(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	var s string
	_ = db.Reader().QueryRow(wbg, "SELECT state FROM progress_reports WHERE id = ?", id).Scan(&s)
	return s
}

// checkPublished: every published report was validated by the validator
// of its state, not its author, and its history says so.
func checkPublished(t *testing.T, db *store.DB, step int, validators map[int64]string) {
	t.Helper()
	rows, err := db.Reader().Query(wbg, `SELECT r.id, r.country, r.author_id, r.validated_by,
		(SELECT COUNT(*) FROM commitment_events e WHERE e.report_id = r.id AND e.kind = 'report_published' AND e.actor_id = r.validated_by),
		(SELECT COUNT(*) FROM commitment_events e WHERE e.report_id = r.id AND e.kind = 'report_submitted')
		FROM progress_reports r WHERE r.state = 'published'`)
	wfMust(t, err)
	defer rows.Close()
	for rows.Next() {
		var id, author, validator, events, submitted int64
		var country string
		wfMust(t, rows.Scan(&id, &country, &author, &validator, &events, &submitted))
		if validators[validator] != country || validator == author || events != 1 || submitted == 0 {
			t.Fatalf("step %d: report %d of %s published by user %d (author %d, %d publication events, %d submissions)",
				step, id, country, validator, author, events, submitted)
		}
	}
	wfMust(t, rows.Err())
}

// The database itself refuses a published report without a validator, a
// validation time or a publication time, whatever the code does.
func TestDatabaseRefusesUnvalidatedPublication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := wfSetup(t, db)
		c, err := f.svc.FromParagraph(wbg, f.admin, f.op1.ID, commitment.Input{StartsOn: "2025-01-01", DueOn: "2030-12-31", Owners: []commitment.Owner{{Country: "BRA"}}})
		wfMust(t, err)
		r, err := f.svc.FileReport(wbg, f.bra, c.ID, commitment.ReportInput{ReportedOn: "2025-12-31", Status: commitment.Achieved, Narrative: "Done.", Language: "en"})
		wfMust(t, err)
		now := store.Now()
		for _, c := range []struct {
			name string
			sql  string
			args []any
		}{
			{"published alone", "UPDATE progress_reports SET state = 'published' WHERE id = ?", []any{r.ID}},
			{"published without a validator", "UPDATE progress_reports SET state = 'published', validated_at = ?, published_at = ? WHERE id = ?", []any{now, now, r.ID}},
			{"published without a validation time", "UPDATE progress_reports SET state = 'published', validated_by = ?, published_at = ? WHERE id = ?", []any{f.valBRA.ID, now, r.ID}},
			{"published without a publication time", "UPDATE progress_reports SET state = 'published', validated_by = ?, validated_at = ? WHERE id = ?", []any{f.valBRA.ID, now, r.ID}},
			{"inserted published", `INSERT INTO progress_reports (commitment_id, country, reported_on, status, narrative, language, state, created_at, updated_at)
				VALUES (?, 'BRA', '2025-12-31', 'achieved', 'x', 'en', 'published', ?, ?)`, []any{c.ID, now, now}},
		} {
			err := db.Write(wbg, func(tx *store.Tx) error {
				_, err := tx.Exec(wbg, c.sql, c.args...)
				return err
			})
			if err == nil {
				t.Errorf("%s: the database took it", c.name)
			}
		}
		if s := state(t, db, r.ID); s != "draft" {
			t.Errorf("the report is %q after the refused updates, want draft", s)
		}
		// With all three, the same update goes through: the check is
		// what refused the others.
		wfMust(t, db.Write(wbg, func(tx *store.Tx) error {
			_, err := tx.Exec(wbg, "UPDATE progress_reports SET state = 'published', validated_by = ?, validated_at = ?, published_at = ? WHERE id = ?", f.valBRA.ID, now, now, r.ID)
			return err
		}))
	})
}
