package dialogue_test

import (
	"context"
	"testing"

	"roundtable/internal/dialogue"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// TestHeadlinesFollowTheVisibilityRule: a page of search hits reads who
// delivered each statement, in which session and when, in one call; a
// statement the reader may not read gets no headline.
func TestHeadlinesFollowTheVisibilityRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		e := f.edition
		e.Published = true
		if _, err := f.svc.UpdateEdition(ctx, f.admin, e); err != nil {
			t.Fatal(err)
		}
		pub := f.statement(f.bra, f.dBRA, dialogue.Public)
		pub.DeliveredOn = "2024-11-19"
		p, err := f.svc.SaveStatement(ctx, f.bra, pub)
		if err != nil {
			t.Fatal(err)
		}
		noSession := f.statement(f.chn, f.dCHN, dialogue.Public)
		noSession.SessionID = 0
		n, err := f.svc.SaveStatement(ctx, f.chn, noSession)
		if err != nil {
			t.Fatal(err)
		}
		d, err := f.svc.SaveStatement(ctx, f.bra, f.statement(f.bra, f.dBRA, dialogue.Draft))
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Headlines(ctx, nil, []int64{p.ID, n.ID, d.ID, 9999})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("the public gets %d headlines, want 2 (not the draft, not a missing id): %v", len(got), got)
		}
		h := got[p.ID]
		if h.DelegationID != f.dBRA.ID || h.DelegationNames["pt"] != "Brasil" || h.SessionID != f.session.ID ||
			h.SessionTitles["en"] != "The right to development" || h.DeliveredOn != "2024-11-19" {
			t.Errorf("headline %+v", h)
		}
		if h := got[n.ID]; h.SessionID != 0 || len(h.SessionTitles) != 0 || h.DelegationNames["en"] != "China" {
			t.Errorf("headline without a session %+v", h)
		}
		if got, _ := f.svc.Headlines(ctx, f.bra, []int64{d.ID}); len(got) != 1 {
			t.Errorf("the delegation does not get its own draft's headline")
		}
	})
}
