package commitment_test

import (
	"context"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/commitment"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/upload"
)

// A report's document is read by whoever reads the report.
func TestUploadReadableFollowsTheReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setupReminders(t, db)
		s := &commitment.Service{DB: db}
		attach := func(reportID int64) int64 {
			u, err := upload.Store(ctx, db, audit.System("test"), "evidence.txt", []byte("births registered: 12,000\n"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Reader().Exec(ctx, "INSERT INTO report_evidence (report_id, kind, upload_id) VALUES (?, 'document', ?)", reportID, u.ID); err != nil {
				t.Fatal(err)
			}
			return u.ID
		}
		draft := attach(insertReport(t, db, f.a, "BRA", "2026-05-01", "draft", 0, today, "Brazil's draft."))
		submitted := attach(insertReport(t, db, f.a, "MEX", "2026-05-02", "submitted", 0, today, "Mexico's report for validation."))
		published := attach(insertReport(t, db, f.a, "MEX", "2026-05-03", "published", f.valMEX.ID, today, "Mexico's published report."))
		onParticipants := attach(insertReport(t, db, f.b, "BRA", "2026-03-01", "published", f.valMEX.ID, today, "Rural schools."))
		chile := fixtureUser(t, f.acc, "chl@example.org", account.Delegate, "CHL", "en")
		for _, c := range []struct {
			who                                       string
			v                                         *account.User
			draft, submitted, published, participants bool
		}{
			{"a delegate of Brazil", f.braEN, true, false, true, true},
			{"a delegate of Mexico", f.mexES, false, true, true, true},
			{"the validator of Mexico", f.valMEX, false, true, true, false},
			{"a delegate of Chile", chile, false, false, true, true},
			{"an observer", f.observer, false, false, true, false},
			{"the public", nil, false, false, true, false},
			{"the secretariat", f.admin, true, true, true, true},
		} {
			for _, x := range []struct {
				name string
				id   int64
				want bool
			}{{"draft", draft, c.draft}, {"submitted", submitted, c.submitted}, {"published", published, c.published}, {"participants", onParticipants, c.participants}} {
				got, err := s.UploadReadable(ctx, c.v, x.id)
				if err != nil || got != x.want {
					t.Errorf("%s reads the %s report's document: %v, %v; want %v", c.who, x.name, got, err, x.want)
				}
			}
		}
	})
}
