package commitment_test

import (
	"context"
	"testing"

	"roundtable/internal/commitment"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// The feed gives what the public reads: published reports of public
// commitments, newest publication first.
func TestLatestPublishedReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupReminders(t, db)
		insertReport(t, db, f.b, "BRA", "2026-03-01", "published", f.valMEX.ID, today.AddDate(0, 0, -3), "Rural schools: for participants only.")
		insertReport(t, db, f.a, "MEX", "2026-06-01", "published", f.valMEX.ID, today.AddDate(0, 0, -1), "Mexico registered 12,000 births.")
		got, err := (&commitment.Service{DB: db}).LatestPublishedReports(context.Background(), 50)
		if err != nil {
			t.Fatal(err)
		}
		var narratives []string
		for _, r := range got {
			narratives = append(narratives, r.Country+": "+r.Narrative)
		}
		want := []string{"MEX: Mexico registered 12,000 births.", "BRA: First period done."}
		if len(narratives) != len(want) || narratives[0] != want[0] || narratives[1] != want[1] {
			t.Errorf("feed: %q, want %q", narratives, want)
		}
		if one, err := (&commitment.Service{DB: db}).LatestPublishedReports(context.Background(), 1); err != nil || len(one) != 1 || one[0].Country != "MEX" {
			t.Errorf("newest one: %+v, %v", one, err)
		}
	})
}
