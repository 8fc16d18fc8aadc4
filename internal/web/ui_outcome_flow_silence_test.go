package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"roundtable/internal/i18n"
)

// The chair puts the zero draft under silence until a deadline stated in
// Shanghai's time; China breaks silence on OP3; once the deadline has
// run, the chair's notice names OP3, China and its reason.
func TestFlowSilenceBrokenOnOP3(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newFlowFixture(t, s, false)
		chair, chn := f.as(f.chair), f.as(f.delegate["CHN"])
		cat := i18n.MustLoad()

		page := f.page(t, chair, f.path("/silence"))
		if got := attr(one(t, page, "p", "id", "min-hours"), "data-hours"); got != "72" {
			t.Errorf("the forum's minimum is shown as %s hours, want 72", got)
		}
		if got := attr(one(t, page, "input", "id", "s-zone"), "value"); got != "America/Sao_Paulo" {
			t.Errorf("the zone suggested is %q, want Brasília's, America/Sao_Paulo", got)
		}

		shanghai, _ := time.LoadLocation("Asia/Shanghai")
		// Too short: refused in the reader's words, what was typed kept.
		soon := time.Now().In(shanghai).Add(10 * time.Hour)
		res := f.send(t, chair, f.path("/silence"), url.Values{"date": {soon.Format("2006-01-02")}, "time": {soon.Format("15:04")},
			"time_zone": {"Asia/Shanghai"}, "revision": {"0"}}, http.StatusBadRequest)
		page = doc(t, res)
		if got, want := text(one(t, page, "p", "id", "form-error")), "Deadline: "+cat.T(i18n.En, "outcome.error.silence_too_short", "hours", 72); got != want {
			t.Errorf("a short silence is refused with %q, want %q", got, want)
		}
		if attr(one(t, page, "input", "id", "s-zone"), "value") != "Asia/Shanghai" || attr(one(t, page, "input", "id", "s-time"), "value") != soon.Format("15:04") {
			t.Error("the refused form lost what was typed")
		}

		deadline := time.Now().In(shanghai).Add(100 * time.Hour).Truncate(time.Minute)
		res = f.send(t, chair, f.path("/silence"), url.Values{"date": {deadline.Format("2006-01-02")}, "time": {deadline.Format("15:04")},
			"time_zone": {"Asia/Shanghai"}, "revision": {"0"}}, http.StatusSeeOther)
		if res.Header.Get("Location") != f.path("/silence") {
			t.Errorf("starting went to %q", res.Header.Get("Location"))
		}

		page = f.page(t, chn, f.path("/silence?zone=America/Lima"))
		one(t, page, "section", "id", "silence-running")
		if got, want := text(one(t, page, "time", "id", "deadline")), deadline.Format("2006-01-02 15:04")+" Asia/Shanghai (UTC+08:00)"; got != want {
			t.Errorf("deadline shown as %q, want %q", got, want)
		}
		lima, _ := time.LoadLocation("America/Lima")
		if got, want := text(one(t, page, "dd", "id", "deadline-reader")), deadline.In(lima).Format("2006-01-02 15:04")+" America/Lima (UTC-05:00)"; got != want {
			t.Errorf("deadline in the reader's zone %q, want %q", got, want)
		}
		if got := text(one(t, page, "span", "id", "remaining")); !strings.HasPrefix(got, "4 days, 3 hours") && !strings.HasPrefix(got, "4 days, 4 hours") {
			t.Errorf("time left %q, want about 4 days and 4 hours", got)
		}
		one(t, page, "input", "name", "paragraphs", "value", "OP3")

		// A break without a reason is refused, the paragraph kept ticked.
		res = f.send(t, chn, f.path("/silence/break"), url.Values{"paragraphs": {"OP3"}}, http.StatusBadRequest)
		page = doc(t, res)
		if attr(one(t, page, "p", "id", "form-error"), "data-field") != "reason" || !hasAttr(one(t, page, "input", "name", "paragraphs", "value", "OP3"), "checked") {
			t.Error("a break without a reason: not refused on the reason, or OP3 not kept")
		}
		f.send(t, chn, f.path("/silence/break"), url.Values{"paragraphs": {"OP3"}, "reason": {"The date of the next meeting is not agreed."}}, http.StatusSeeOther)
		// Before the deadline, the chair sees the break as it came.
		page = f.page(t, chair, f.path("/silence"))
		if got := text(one(t, one(t, page, "section", "id", "breaks"), "li", "data-delegation", "CHN")); !strings.Contains(got, "OP3") || !strings.Contains(got, "The date of the next meeting is not agreed.") {
			t.Errorf("the break reads %q, want OP3 and China's reason", got)
		}

		if n, err := f.svc.RunDeadlines(t.Context(), deadline.Add(time.Hour)); err != nil || n != 1 {
			t.Fatalf("the deadline ran %d silences (%v), want 1", n, err)
		}
		page = f.page(t, chair, f.path("/silence"))
		notice := one(t, page, "section", "id", "silence-notice")
		if attr(notice, "data-state") != "broken" {
			t.Fatalf("after the deadline the silence is %q, want broken", attr(notice, "data-state"))
		}
		rows := find(one(t, notice, "table", "id", "objections"), "tr", "data-label", "OP3")
		if len(rows) != 1 || attr(rows[0], "data-delegation") != "CHN" {
			t.Fatalf("the notice lists %d objections to OP3", len(rows))
		}
		cells := flowTexts(find(rows[0], "td"))
		if strings.Join(cells, " | ") != "China | The date of the next meeting is not agreed." {
			t.Errorf("OP3's objection reads %q", cells)
		}
		// The text is back in drafting: the chair may start again.
		one(t, page, "form", "id", "start-form")
	})
}

// Nobody breaks silence: at the deadline the text is adopted under
// silence, dated at the deadline, and both pages say so.
func TestFlowSilenceNobodyBreaks(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newFlowFixture(t, s, false)
		chair := f.as(f.chair)
		deadline := time.Now().UTC().Add(80 * time.Hour).Truncate(time.Minute)
		f.send(t, chair, f.path("/silence"), url.Values{"date": {deadline.Format("2006-01-02")}, "time": {deadline.Format("15:04")},
			"time_zone": {"UTC"}}, http.StatusSeeOther)
		if n, err := f.svc.RunDeadlines(t.Context(), deadline.Add(time.Minute)); err != nil || n != 1 {
			t.Fatalf("the deadline ran %d silences (%v), want 1", n, err)
		}
		page := f.page(t, chair, f.path("/silence"))
		want := i18n.MustLoad().T(i18n.En, "outcome_flow.adopted_under_silence", "deadline", deadline.Format("2006-01-02 15:04")+" UTC (UTC+00:00)")
		if got := text(one(t, page, "p", "id", "adopted-under-silence")); got != want {
			t.Errorf("the notice reads %q, want %q", got, want)
		}
		page = f.page(t, chair, f.path("/adoption"))
		if got := attr(one(t, page, "dd", "id", "method"), "data-method"); got != "silence" {
			t.Errorf("adopted by %q, want silence", got)
		}
		if got := attr(one(t, page, "time", "id", "adopted-at"), "datetime"); got != deadline.Format(time.RFC3339) {
			t.Errorf("adopted at %s, want the deadline %s", got, deadline.Format(time.RFC3339))
		}
	})
}
