package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"roundtable/internal/errs"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// TestForumOutcomeRulesFromTheManagePage: the secretariat sets the
// forum's rules on an edition's management page; a silence shorter than
// the new minimum is then refused, and a bad number is refused with the
// form drawn again.
func TestForumOutcomeRulesFromTheManagePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFlowFixture(t, newSite(t, db), false)
		admin := f.as(f.admin)
		manage := fmt.Sprintf("/editions/%d/manage", f.edition.ID)
		page := f.page(t, admin, manage)
		if got := attr(one(t, page, "input", "id", "silence_min_hours"), "value"); got != "72" {
			t.Errorf("the form shows %q hours, want the default 72", got)
		}
		action := fmt.Sprintf("/editions/%d/outcome-rules", f.edition.ID)
		res := f.send(t, admin, action, url.Values{"silence_min_hours": {"96"}, "adoption": {"consensus_or_vote"}}, http.StatusSeeOther)
		if got := res.Header.Get("Location"); got != manage+"#outcome-rules" {
			t.Errorf("saving went to %q", got)
		}
		page = f.page(t, admin, manage)
		if got := attr(one(t, page, "input", "id", "silence_min_hours"), "value"); got != "96" {
			t.Errorf("the form shows %q hours after saving 96", got)
		}
		if !hasAttr(one(t, page, "option", "value", "consensus_or_vote"), "selected") {
			t.Error("a recorded vote is not shown as allowed after saving it")
		}
		// 80 hours was long enough under the default; not any more.
		_, err := f.svc.StartSilence(t.Context(), f.users[f.chair], f.doc, outcome.SilenceInput{Deadline: time.Now().Add(80 * time.Hour), TimeZone: "UTC"})
		if errs.As(err).Code != "silence_too_short" {
			t.Errorf("an 80-hour silence under a 96-hour minimum: %v, want silence_too_short", err)
		}
		f.send(t, admin, action, url.Values{"silence_min_hours": {"0"}, "adoption": {"consensus"}}, http.StatusBadRequest)
		f.send(t, f.as(f.chair), action, url.Values{"silence_min_hours": {"100"}, "adoption": {"consensus"}}, http.StatusForbidden)
	})
}
