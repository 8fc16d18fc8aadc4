package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/dialogue"
	"roundtable/internal/speakers"
	"roundtable/internal/store"
)

type limitJSON struct {
	TimeLimit  int64 `json:"time_limit_seconds"`
	WarnBefore int64 `json:"warn_before_seconds"`
	Error      struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// TestSpeakersTimeLimit: the chair sets the speaking time on the list
// page and through the API; the page says it; bad values are refused with
// a stable code, a message in the reader's language that names the field,
// the field marked invalid and drawn again as typed; the limit stays.
func TestSpeakersTimeLimit(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := setupFloor(t, s, true)
		chair, bra := s.client().signIn(f.chair), s.client().signIn(f.delegate)
		var b limitJSON
		getLimit := func() limitJSON {
			t.Helper()
			var b limitJSON
			wantStatus(t, chair.api("GET", "/api/v1"+f.path(""), "", &b), 200)
			return b
		}

		res := chair.postForm(f.path("/time-limit"), url.Values{"time_limit": {"3"}})
		wantStatus(t, res, 303)
		if got := res.Header.Get("Location"); got != f.path("#speakers-head") {
			t.Fatalf("after setting the limit the chair goes to %q", got)
		}
		if b = getLimit(); b.TimeLimit != 180 || b.WarnBefore != 30 {
			t.Fatalf("after 3 minutes: limit %d, warning %d", b.TimeLimit, b.WarnBefore)
		}
		page := doc(t, chair.get(f.path("")))
		if got := text(one(t, page, "span", "id", "speakers-limit")); got != "Limit: 03:00" {
			t.Fatalf("the list says %q", got)
		}
		if got := attr(one(t, page, "input", "name", "time_limit"), "value"); got != "3:00" {
			t.Fatalf("the form holds %q", got)
		}
		wantStatus(t, chair.postForm(f.path("/time-limit"), url.Values{"time_limit": {"1:30"}}), 303)
		if b = getLimit(); b.TimeLimit != 90 || b.WarnBefore != 22 {
			t.Fatalf("after 1:30: limit %d, warning %d", b.TimeLimit, b.WarnBefore)
		}

		for _, bad := range []string{"abc", "-1", "61", "60:01", "3:75", "1.5", "3:5"} {
			res := chair.postForm(f.path("/time-limit"), url.Values{"time_limit": {bad}})
			wantStatus(t, res, 400)
			page := doc(t, res)
			want := "Speaking time: Give the speaking time in minutes (3) or minutes and seconds (1:30), at most 60 minutes, or 0 for no limit."
			if got := text(one(t, page, "p", "id", "form-error")); got != want {
				t.Fatalf("%q is refused with %q", bad, got)
			}
			in := one(t, page, "input", "name", "time_limit")
			if attr(in, "value") != bad || attr(in, "aria-invalid") != "true" || attr(in, "aria-describedby") != "form-error" {
				t.Fatalf("%q: the field is drawn again as %v", bad, in.Attr)
			}
		}
		// The signed-in reader's language wins over the browser's.
		speak := func(lang string) {
			t.Helper()
			wantStatus(t, chair.postForm("/language", url.Values{"lang": {lang}}), 303)
		}
		speak("es")
		res = chair.postForm(f.path("/time-limit"), url.Values{"time_limit": {"90"}})
		wantStatus(t, res, 400)
		if got := text(one(t, doc(t, res), "p", "id", "form-error")); got != "Tiempo de palabra: Indique el tiempo de palabra en minutos (3) o en minutos y segundos (1:30), como máximo 60 minutos, o 0 para no fijar límite." {
			t.Fatalf("in Spanish the refusal reads %q", got)
		}
		speak("en")
		if b = getLimit(); b.TimeLimit != 90 {
			t.Fatalf("a refused value changed the limit to %d", b.TimeLimit)
		}
		wantStatus(t, bra.postForm(f.path("/time-limit"), url.Values{"time_limit": {"5"}}), 403)

		// The API, in seconds.
		b = limitJSON{}
		wantStatus(t, chair.api("POST", "/api/v1"+f.path("/time-limit"), `{"time_limit_seconds": 3600}`, &b), 200)
		if b.TimeLimit != 3600 || b.WarnBefore != 30 {
			t.Fatalf("the API answers limit %d, warning %d", b.TimeLimit, b.WarnBefore)
		}
		for _, c := range []struct{ body, code string }{
			{`{"time_limit_seconds": -5}`, "invalid_time_limit"},
			{`{"time_limit_seconds": 3601}`, "invalid_time_limit"},
			{`{}`, "required"},
		} {
			b = limitJSON{}
			wantStatus(t, chair.api("POST", "/api/v1"+f.path("/time-limit"), c.body, &b), 400)
			if b.Error.Code != c.code {
				t.Fatalf("%s: code %q, want %q", c.body, b.Error.Code, c.code)
			}
		}
		speak("fr")
		b = limitJSON{}
		wantStatus(t, chair.api("POST", "/api/v1"+f.path("/time-limit"), `{"time_limit_seconds": 7200}`, &b), 400)
		if b.Error.Message != "Indiquez le temps de parole en minutes (3) ou en minutes et secondes (1:30), 60 minutes au plus, ou 0 pour ne fixer aucune limite." {
			t.Fatalf("in French the API says %q", b.Error.Message)
		}
		speak("en")
		wantStatus(t, bra.api("POST", "/api/v1"+f.path("/time-limit"), `{"time_limit_seconds": 60}`, nil), 403)
		wantStatus(t, chair.postForm(f.path("/time-limit"), url.Values{"time_limit": {""}}), 303)
		if b = getLimit(); b.TimeLimit != 0 || b.WarnBefore != 0 {
			t.Fatalf("an empty limit leaves %d, %d", b.TimeLimit, b.WarnBefore)
		}
		if got := text(one(t, doc(t, chair.get(f.path(""))), "span", "id", "speakers-limit")); got != "No time limit" {
			t.Fatalf("without a limit the list says %q", got)
		}
	})
}

// startedAgo gives the floor to the first waiting speaker and moves the
// start of its turn back by d, as if it had been speaking that long.
func startedAgo(t *testing.T, db *store.DB, session int64, d time.Duration) {
	t.Helper()
	ctx := context.Background()
	if err := db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE speaker_entries SET started_at = ? WHERE session_id = ? AND status = 'speaking'", store.Now().Add(-d), session)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// TestSpeakersClockData: the list page and the room display carry the
// clock's data (limit, warning span, seconds spoken) for the script, and
// say without it what it shows: the time left, the warning near the end,
// the overrun signed "+", and in words the time spoken and the limit.
func TestSpeakersClockData(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := setupFloor(t, s, true)
		chair, bra := s.client().signIn(f.chair), s.client().signIn(f.delegate)
		wantStatus(t, chair.postForm(f.path("/open"), nil), 303)
		wantStatus(t, bra.postForm(f.path("/request"), nil), 303)
		wantStatus(t, chair.postForm(f.path("/time-limit"), url.Values{"time_limit": {"3"}}), 303)
		res := chair.postForm(f.path("/start"), nil)
		wantStatus(t, res, 303)
		if got := res.Header.Get("Location"); got != f.path("#speakers-now") {
			t.Fatalf("after giving the floor the chair goes to %q", got)
		}
		// Each case's seconds are far from the next state's, so that a slow
		// machine reading the page a few seconds late sees the same.
		for _, c := range []struct {
			ago          time.Duration
			state, label string
			value        *regexp.Regexp
			spoken       *regexp.Regexp
		}{
			{10 * time.Second, "running", "Time left", regexp.MustCompile(`^02:(4\d|50)$`), regexp.MustCompile(`^0:1\d$`)},
			{160 * time.Second, "warning", "Time nearly up", regexp.MustCompile(`^00:(1\d|20)$`), regexp.MustCompile(`^2:[45]\d$`)},
			{200 * time.Second, "over", "Over time", regexp.MustCompile(`^\+00:(2\d|3\d)$`), regexp.MustCompile(`^3:[2-5]\d$`)},
		} {
			startedAgo(t, s.db, f.session, c.ago)
			for _, p := range []string{"", "/display"} {
				page := doc(t, bra.get(f.path(p)))
				clock := find(page, "div", "class", map[string]string{"": "speakers-clock", "/display": "speakers-clock display-clock"}[p])
				if len(clock) != 1 {
					t.Fatalf("%s: %d clocks", p, len(clock))
				}
				el := clock[0]
				if attr(el, "data-limit") != "180" || attr(el, "data-warn") != "30" || attr(el, "data-state") != c.state {
					t.Fatalf("%s %v ago: the clock carries limit %q, warning %q, state %q; want 180, 30, %s", p, c.ago,
						attr(el, "data-limit"), attr(el, "data-warn"), attr(el, "data-state"), c.state)
				}
				if got := attr(el, "data-elapsed"); got < fmt.Sprint(int(c.ago.Seconds())) || len(got) != len(fmt.Sprint(int(c.ago.Seconds()))) {
					t.Fatalf("%s %v ago: data-elapsed %q", p, c.ago, got)
				}
				if got := text(one(t, el, "span", "class", "clock-label")); got != c.label {
					t.Fatalf("%s %v ago: the clock is labelled %q, want %q", p, c.ago, got, c.label)
				}
				if got := text(one(t, el, "span", "class", "clock-value")); !c.value.MatchString(got) {
					t.Fatalf("%s %v ago: the clock shows %q", p, c.ago, got)
				}
				if got := text(one(t, el, "span", "class", "clock-limit")); got != "Limit: 03:00" {
					t.Fatalf("%s: the limit reads %q", p, got)
				}
				if p == "" {
					if got := text(one(t, el, "span", "class", "clock-elapsed")); !c.spoken.MatchString(got) {
						t.Fatalf("%v ago: the list says %q spoken", c.ago, got)
					}
				}
			}
		}
	})
}

// TestSpeakersDisplayQueue: the room display lists the first twelve
// waiting (in their order) and says how many more wait; the stream the
// script follows carries the whole queue.
func TestSpeakersDisplayQueue(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := setupFloor(t, s, true)
		ctx := context.Background()
		admin := s.user(fmt.Sprintf("queue%d@example.org", s.counter()), account.Administrator)
		dlg := &dialogue.Service{DB: s.db}
		svc := &speakers.Service{DB: s.db, Dialogue: dlg}
		sess, err := dlg.Session(ctx, &admin, f.session)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Open(ctx, &admin, f.session); err != nil {
			t.Fatal(err)
		}
		// Brazil and China, then 23 more, in this order.
		codes := []string{"BRA", "CHN", "ARG", "BOL", "CHL", "COL", "CRI", "CUB", "DOM", "ECU", "SLV", "GTM", "HND",
			"MEX", "NIC", "PAN", "PRY", "PER", "URY", "VEN", "JAM", "TTO", "BRB", "GUY", "SUR"}
		ids := map[string]int64{"BRA": f.bra, "CHN": f.chn}
		for _, c := range codes[2:] {
			d, err := dlg.AddDelegation(ctx, &admin, dialogue.Delegation{EditionID: sess.EditionID, Kind: dialogue.KindCountry, Code: c})
			if err != nil {
				t.Fatalf("%s: %v", c, err)
			}
			if err := dlg.Accredit(ctx, &admin, d.ID, true); err != nil {
				t.Fatal(err)
			}
			ids[c] = d.ID
		}
		request := func(cs ...string) {
			for _, c := range cs {
				if _, err := svc.Request(ctx, &admin, f.session, speakers.Request{DelegationID: ids[c]}); err != nil {
					t.Fatalf("%s: %v", c, err)
				}
			}
		}
		display := func(lang string) (listed []string, more, moreText string, hidden bool) {
			t.Helper()
			c := s.client()
			c.lang = lang
			page := doc(t, c.get(f.path("/display")))
			for _, li := range find(one(t, page, "ol", "id", "next-list"), "li") {
				listed = append(listed, attr(li, "data-code"))
			}
			m := one(t, page, "p", "id", "next-more")
			return listed, attr(m, "data-more"), text(m), has(m, "hidden")
		}

		request(codes[:12]...)
		if listed, more, _, hidden := display("en"); len(listed) != 12 || more != "0" || !hidden {
			t.Fatalf("twelve waiting: the display lists %d, more %q (hidden %v)", len(listed), more, hidden)
		}
		request(codes[12])
		if _, more, txt, hidden := display("fr"); more != "1" || txt != "+1 autre" || hidden {
			t.Fatalf("thirteen waiting: more %q, %q, hidden %v", more, txt, hidden)
		}
		request(codes[13:]...)
		listed, more, txt, hidden := display("en")
		want := []string{"BRA", "CHN", "ARG", "BOL", "CHL", "COL", "CRI", "CUB", "DOM", "ECU", "SLV", "GTM"}
		if fmt.Sprint(listed) != fmt.Sprint(want) || more != "13" || txt != "+13 more" || hidden {
			t.Fatalf("25 waiting: the display lists %v and %q (%s, hidden %v); want %v and +13 more", listed, txt, more, hidden, want)
		}
		if _, _, txt, _ := display("fr"); txt != "+13 autres" {
			t.Fatalf("in French: %q", txt)
		}
		if _, _, txt, _ := display("zh"); txt != "另有 13 个" {
			t.Fatalf("in Chinese: %q", txt)
		}
		// The stream gives the script the whole queue, to fit to the screen.
		events := stream(t, s.client(), f.path("/events"))
		if b := <-events; len(b.Waiting) != 25 || b.Waiting[24].Code != "SUR" {
			t.Fatalf("the stream's queue holds %d", len(b.Waiting))
		}
	})
}
