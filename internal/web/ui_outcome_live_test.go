package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// The status view's stream sends the document's version on connect, the
// one the page was drawn with, and a new one after a write, made through
// any instance; a reader kept from the document gets no stream.
func TestOutcomeStreamSendsTheVersionAfterAWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := liveSite(t, db)
		o := setupOutcome(t, s, "en")
		o.add(t, "operative", "Agree to cooperate;")
		bra := s.client().signIn(o.delegate["BRA"])
		events := digests(t, bra, o.docPath("/events"))
		first := next(t, events, 5*time.Second, "the first event")
		if got := attr(one(t, doc(t, bra.get(o.docPath(""))), "div", "id", "outcome-desk"), "data-version"); got != first {
			t.Errorf("the page's version %q, the stream's %q", got, first)
		}
		// The chair brackets OP1 on another instance.
		other := startSite(t, db, s.accounts)
		chair := other.client().signIn(o.commonGround.chair)
		wantStatus(t, chair.postForm(o.docPath("/paragraphs/OP1/status"), url.Values{"status": {"bracketed"}, "reason": {"instructions"}}), http.StatusSeeOther)
		got := next(t, events, 5*time.Second, "after OP1 was bracketed")
		var before, after int
		fmt.Sscan(first, &before)
		fmt.Sscan(got, &after)
		if after <= before {
			t.Errorf("version %d after the write, %d before", after, before)
		}
		// The page drawn now carries the new version and the new status.
		d := doc(t, bra.get(o.docPath("")))
		if v := attr(one(t, d, "div", "id", "outcome-desk"), "data-version"); v != got {
			t.Errorf("the page's version %q, the stream's %q", v, got)
		}
		if st := attr(one(t, d, "article", "id", "para-OP1"), "data-status"); st != "bracketed" {
			t.Errorf("OP1 is %q", st)
		}
		wantStatus(t, s.client().signIn(o.obs).get(o.docPath("/events")), http.StatusNotFound)
	})
}
