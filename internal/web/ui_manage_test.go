package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"roundtable/internal/account"
	"roundtable/internal/dialogue"
)

// manageSite is a site with setupRecord's edition (Brasília, so on São
// Paulo's clock), the secretariat signed in on the pages, and Brazil's
// delegate.
type manageSite struct {
	s        *site
	ids      recordIDs
	sec, bra *client
}

func newManageSite(t *testing.T, s *site) manageSite {
	t.Helper()
	c := s.client()
	ids := setupRecord(t, s, c, s.token("sec@example.org", account.Administrator))
	s.user("bra@example.org", account.Delegate)
	return manageSite{s: s, ids: ids, sec: s.client().signIn("sec@example.org"), bra: s.client().signIn("bra@example.org")}
}

func (m manageSite) statement(t *testing.T, c *client, visibility string) string {
	t.Helper()
	res := c.postForm(fmt.Sprintf("/editions/%d/statements", m.ids.edition), url.Values{
		"delegation_id": {fmt.Sprint(m.ids.bra)}, "session_id": {fmt.Sprint(m.ids.session)}, "language": {"pt"},
		"title": {"Erradicação da pobreza"}, "text": {"A erradicação da pobreza é a base de todos os direitos."}, "visibility": {visibility}})
	wantStatus(t, res, 303)
	return res.Header.Get("Location")
}

func flashOf(t *testing.T, c *client, path string) string {
	t.Helper()
	for _, p := range find(doc(t, c.get(path)), "p", "role", "status") {
		return strings.TrimSpace(text(p))
	}
	return ""
}

func TestDeletingASessionAsksFirstAndIsRefusedWhileStatementsBelongToIt(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		m := newManageSite(t, s)
		loc := m.statement(t, m.bra, "public")
		path := fmt.Sprintf("/sessions/%d/delete", m.ids.session)

		// Without confirm=yes: the question, and nothing deleted.
		res := m.sec.postForm(path, url.Values{})
		wantStatus(t, res, 200)
		d := doc(t, res)
		if f := one(t, d, "form", "id", "confirm-form"); attr(f, "action") != path {
			t.Fatalf("the confirmation posts to %q", attr(f, "action"))
		}
		if !strings.Contains(text(one(t, d, "h1")), "The right to development") {
			t.Fatalf("question %q", text(one(t, d, "h1")))
		}
		wantStatus(t, s.client().get(fmt.Sprintf("/sessions/%d", m.ids.session)), 200)

		// Confirmed, while a statement belongs to it: 409, saying what to do.
		res = m.sec.postForm(path, url.Values{"confirm": {"yes"}})
		wantStatus(t, res, 409)
		if body := text(doc(t, res)); !strings.Contains(body, "move them to another session or delete them first") {
			t.Fatalf("409 page says %q", body)
		}
		// The statement is moved out of the session; now it goes, with a
		// redirect (a reload repeats nothing) and a message.
		res = m.sec.postForm(loc, url.Values{"delegation_id": {fmt.Sprint(m.ids.bra)}, "session_id": {""}, "language": {"pt"},
			"title": {"Erradicação da pobreza"}, "text": {"A erradicação da pobreza é a base de todos os direitos."}, "visibility": {"public"}})
		wantStatus(t, res, 303)
		res = m.sec.postForm(path, url.Values{"confirm": {"yes"}})
		wantStatus(t, res, 303)
		manage := fmt.Sprintf("/editions/%d/manage", m.ids.edition)
		if got := res.Header.Get("Location"); got != manage {
			t.Fatalf("redirected to %q", got)
		}
		if f := flashOf(t, m.sec, manage); f != "The session was deleted." {
			t.Fatalf("flash %q", f)
		}
		wantStatus(t, s.client().get(fmt.Sprintf("/sessions/%d", m.ids.session)), 404)
	})
}

func TestStatementDeletionFromItsPage(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		m := newManageSite(t, s)
		loc := m.statement(t, m.bra, "public")
		// The page offers Brazil's delegate the deletion, not the public.
		one(t, doc(t, m.bra.get(loc)), "form", "id", "delete-statement")
		if n := len(find(doc(t, s.client().get(loc)), "form", "id", "delete-statement")); n != 0 {
			t.Fatal("the public is offered the deletion")
		}
		res := m.bra.postForm(loc+"/delete", url.Values{})
		wantStatus(t, res, 200)
		if detail := text(doc(t, res)); !strings.Contains(detail, "It is public") {
			t.Fatalf("the question does not say the statement is public: %q", detail)
		}
		wantStatus(t, s.client().get(loc), 200) // asked, not deleted
		// China's delegate is refused even when confirming.
		s.user("chn@example.org", account.Delegate)
		s.db.Reader().Exec(context.Background(), "UPDATE users SET delegation = 'CHN' WHERE email = 'chn@example.org'")
		wantStatus(t, s.client().signIn("chn@example.org").postForm(loc+"/delete", url.Values{"confirm": {"yes"}}), 403)
		res = m.bra.postForm(loc+"/delete", url.Values{"confirm": {"yes"}})
		wantStatus(t, res, 303)
		if got := res.Header.Get("Location"); got != fmt.Sprintf("/editions/%d#statements", m.ids.edition) {
			t.Fatalf("redirected to %q", got)
		}
		wantStatus(t, s.client().get(loc), 404)
	})
}

func TestDelegationAndMemberManagement(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		m := newManageSite(t, s)
		wantStatus(t, m.sec.postForm(fmt.Sprintf("/delegations/%d/members", m.ids.chn), url.Values{"name": {"Li Wei"}, "role": {"head"}}), 303)
		edit := fmt.Sprintf("/delegations/%d/edit", m.ids.chn)
		d := doc(t, m.sec.get(edit))
		form := find(d, "form", "class", "inline-form member-form")
		if len(form) != 1 {
			t.Fatalf("%d member forms", len(form))
		}
		action := attr(form[0], "action")
		// A bad role is refused and the member's form drawn again as typed.
		res := m.sec.postForm(action, url.Values{"name": {"Li Wei (renamed)"}, "title": {"Ambassador"}, "role": {"emperor"}})
		wantStatus(t, res, 400)
		d = doc(t, res)
		if v := attr(find(d, "input", "name", "name")[0], "value"); v != "Li Wei (renamed)" {
			t.Fatalf("typed name lost: %q", v)
		}
		wantStatus(t, m.sec.postForm(action, url.Values{"name": {"Li Wei"}, "title": {"Ambassador"}, "role": {"alternate"}}), 303)
		// Removing asks first.
		wantStatus(t, m.sec.postForm(action+"/delete", url.Values{}), 200)
		if n := len(find(doc(t, m.sec.get(edit)), "form", "class", "inline-form member-form")); n != 1 {
			t.Fatal("the member went without confirmation")
		}
		wantStatus(t, m.sec.postForm(action+"/delete", url.Values{"confirm": {"yes"}}), 303)
		if n := len(find(doc(t, m.sec.get(edit)), "form", "class", "inline-form member-form")); n != 0 {
			t.Fatal("the member stayed")
		}
		// China renamed in Chinese; its page and the edition's show it.
		wantStatus(t, m.sec.postForm(fmt.Sprintf("/delegations/%d", m.ids.chn), url.Values{"kind": {"country"}, "name_en": {"China"}, "name_zh": {"中华人民共和国"}}), 303)
		zh := s.client()
		zh.lang = "zh"
		if h := text(one(t, doc(t, zh.get(fmt.Sprintf("/delegations/%d", m.ids.chn))), "h1")); h != "中华人民共和国" {
			t.Fatalf("renamed delegation is %q", h)
		}
		// Brazil has a statement: its removal is refused.
		m.statement(t, m.bra, "public")
		res = m.sec.postForm(fmt.Sprintf("/delegations/%d/delete", m.ids.bra), url.Values{"confirm": {"yes"}})
		wantStatus(t, res, 409)
		if body := text(doc(t, res)); !strings.Contains(body, "move them to another delegation or delete them first") {
			t.Fatalf("409 page says %q", body)
		}
		wantStatus(t, m.sec.postForm(fmt.Sprintf("/delegations/%d/delete", m.ids.chn), url.Values{"confirm": {"yes"}}), 303)
		wantStatus(t, s.client().get(fmt.Sprintf("/delegations/%d", m.ids.chn)), 404)
	})
}

func TestATooLongTextIsKept(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		m := newManageSite(t, s)
		long := strings.Repeat("发展权是一项不可剥夺的人权。", 7200) // 100,800 characters, over the 100,000
		res := m.bra.postForm(fmt.Sprintf("/editions/%d/statements", m.ids.edition), url.Values{
			"delegation_id": {fmt.Sprint(m.ids.bra)}, "language": {"zh"}, "title": {"发展权"}, "text": {long}, "visibility": {"public"}})
		wantStatus(t, res, 400)
		d := doc(t, res)
		if f := attr(one(t, d, "p", "id", "form-error"), "data-field"); f != "text" {
			t.Fatalf("error on %q", f)
		}
		area := one(t, d, "textarea", "id", "text")
		if got := text(area); got != long {
			t.Fatalf("the form came back with %d of %d characters", len([]rune(got)), len([]rune(long)))
		}
		if attr(area, "aria-invalid") != "true" {
			t.Fatal("the text is not marked invalid")
		}
		// The form tells the script the server's limits.
		f := one(t, d, "form", "id", "statement-form")
		if attr(f, "data-max-text") != "100000" || attr(f, "data-max-form") != "1048576" {
			t.Fatalf("limits %q %q", attr(f, "data-max-text"), attr(f, "data-max-form"))
		}
	})
}

func TestStatementsOutsideTheWorkingLanguagesAreRefused(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		m := newManageSite(t, s)
		res := m.bra.postForm(fmt.Sprintf("/editions/%d/statements", m.ids.edition), url.Values{
			"delegation_id": {fmt.Sprint(m.ids.bra)}, "language": {"fr"}, "text": {"Le droit au développement."}, "visibility": {"public"}})
		wantStatus(t, res, 400)
		d := doc(t, res)
		if msg := text(one(t, d, "p", "id", "form-error")); !strings.Contains(msg, "中文, Español, Português, English") {
			t.Fatalf("refusal %q", msg)
		}
		// The form offers the working languages only.
		var offered []string
		for _, o := range find(one(t, d, "select", "id", "language"), "option") {
			offered = append(offered, attr(o, "value"))
		}
		if strings.Join(offered, " ") != "zh es pt en" {
			t.Fatalf("languages offered %v", offered)
		}
	})
}

func TestEditionDatesInFiveLanguages(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		m := newManageSite(t, s)
		for lang, want := range map[string][2]string{
			"en": {"19–20 November 2024", "19 November 2024, 06:00–08:00 (UTC−3)"},
			"es": {"19–20 de noviembre de 2024", "19 de noviembre de 2024, 06:00–08:00 (UTC−3)"},
			"pt": {"19–20 de novembro de 2024", "19 de novembro de 2024, 06:00–08:00 (UTC−3)"},
			"zh": {"2024年11月19日至20日", "2024年11月19日 06:00–08:00 (UTC−3)"},
			"fr": {"19–20 novembre 2024", "19 novembre 2024, 06:00–08:00 (UTC−3)"},
		} {
			c := s.client()
			c.lang = lang
			d := doc(t, c.get(fmt.Sprintf("/editions/%d", m.ids.edition)))
			if got := text(one(t, d, "dd", "id", "edition-dates")); got != want[0] {
				t.Errorf("%s: dates %q, want %q", lang, got, want[0])
			}
			// The session (09:00–11:00 UTC) on São Paulo's clock.
			if got := text(find(one(t, d, "section", "class", "session-block"), "time")[0]); got != want[1] {
				t.Errorf("%s: session %q, want %q", lang, got, want[1])
			}
		}
	})
}

func TestSessionTimesAreTypedOnTheVenuesClock(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		m := newManageSite(t, s)
		edit := fmt.Sprintf("/sessions/%d/edit", m.ids.session)
		d := doc(t, m.sec.get(edit))
		if v := attr(one(t, d, "input", "id", "starts_at"), "value"); v != "2024-11-19T06:00" {
			t.Fatalf("the form shows the start as %q, not São Paulo's 06:00", v)
		}
		if hint := text(one(t, d, "span", "id", "venue-clock")); hint != "Venue time, America/Sao_Paulo (UTC−3)" {
			t.Fatalf("hint %q", hint)
		}
		form := url.Values{"title_en": {"The right to development"}, "starts_at": {"2024-11-19T10:30"}, "ends_at": {"2024-11-19T12:00"}, "room": {"Plenary"}}
		wantStatus(t, m.sec.postForm(fmt.Sprintf("/sessions/%d", m.ids.session), form), 303)
		x, err := (&dialogue.Service{DB: s.db}).Session(context.Background(), nil, m.ids.session)
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2024, 11, 19, 13, 30, 0, 0, time.UTC); !x.StartsAt.Equal(want) {
			t.Fatalf("stored %v, want %v", x.StartsAt, want)
		}
		// A time that does not parse comes back as typed.
		form.Set("ends_at", "tomorrow")
		res := m.sec.postForm(fmt.Sprintf("/sessions/%d", m.ids.session), form)
		wantStatus(t, res, 400)
		if v := attr(one(t, doc(t, res), "input", "id", "ends_at"), "value"); v != "tomorrow" {
			t.Fatalf("typed end %q", v)
		}
	})
}

// TestProgrammeGrid lays out two days of two rooms on São Paulo's clock,
// written down cell by cell: "Title^n" spans n rows, "·" is an empty cell,
// and a row lacks the cells a longer session above still takes.
func TestProgrammeGrid(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		m := newManageSite(t, s)
		ctx := context.Background()
		dlg := &dialogue.Service{DB: s.db}
		admin := s.user("grid@example.org", account.Administrator)
		// setupRecord's session (19 Nov 06:00–08:00 in São Paulo) goes.
		if _, err := dlg.DeleteSession(ctx, &admin, m.ids.session); err != nil {
			t.Fatal(err)
		}
		sp := time.FixedZone("São Paulo", -3*3600)
		for _, x := range []struct {
			title, room string
			from, to    time.Time
		}{
			{"Opening", "Plenary", time.Date(2024, 11, 19, 9, 0, 0, 0, sp), time.Date(2024, 11, 19, 10, 0, 0, 0, sp)},
			{"Health", "Plenary", time.Date(2024, 11, 19, 10, 0, 0, 0, sp), time.Date(2024, 11, 19, 12, 0, 0, 0, sp)},
			{"Education", "Room B", time.Date(2024, 11, 19, 10, 0, 0, 0, sp), time.Date(2024, 11, 19, 11, 0, 0, 0, sp)},
			{"Poverty", "Room B", time.Date(2024, 11, 19, 11, 0, 0, 0, sp), time.Date(2024, 11, 19, 12, 0, 0, 0, sp)},
			// 21:00 in São Paulo is already the 20th in UTC: still the 19th's.
			{"Reception", "Room B", time.Date(2024, 11, 19, 21, 0, 0, 0, sp), time.Date(2024, 11, 19, 23, 0, 0, 0, sp)},
			{"Closing", "Plenary", time.Date(2024, 11, 20, 9, 30, 0, 0, sp), time.Date(2024, 11, 20, 10, 30, 0, 0, sp)},
		} {
			if _, err := dlg.SaveSession(ctx, &admin, dialogue.Session{EditionID: m.ids.edition, Titles: dialogue.Texts{"en": x.title}, Room: x.room, StartsAt: x.from, EndsAt: x.to}); err != nil {
				t.Fatal(err)
			}
		}
		d := doc(t, s.client().get(fmt.Sprintf("/editions/%d/programme", m.ids.edition)))
		var got []string
		for _, sec := range find(d, "section", "class", "programme-day") {
			got = append(got, "# "+text(one(t, sec, "h2")))
			table := one(t, sec, "table")
			got = append(got, "caption: "+text(one(t, table, "caption")))
			for _, tr := range find(table, "tr") {
				var cells []string
				for c := tr.FirstChild; c != nil; c = c.NextSibling {
					if c.Type != html.ElementNode {
						continue
					}
					cells = append(cells, gridCell(c))
				}
				got = append(got, strings.Join(cells, " | "))
			}
		}
		want := []string{
			"# 19 November 2024",
			"caption: Sessions of 19 November 2024, by room and starting time",
			"th:Starts | th:Plenary | th:Room B",
			"th:09:00 | Opening | ·",
			"th:10:00 | Health^2 | Education",
			"th:11:00 | Poverty",
			"th:21:00 | · | Reception",
			"# 20 November 2024",
			"caption: Sessions of 20 November 2024, by room and starting time",
			"th:Starts | th:Plenary",
			"th:09:30 | Closing",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("grid:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// Headers are scoped; each cell links to its session; the day also
		// reads as a list; the edition page links here.
		for _, th := range find(d, "th") {
			if sc := attr(th, "scope"); sc != "col" && sc != "row" {
				t.Fatalf("a header without scope: %q", text(th))
			}
		}
		if n := len(find(d, "ol", "class", "programme-list")); n != 2 {
			t.Fatalf("%d lists", n)
		}
		one(t, doc(t, s.client().get(fmt.Sprintf("/editions/%d", m.ids.edition))), "a", "href", fmt.Sprintf("/editions/%d/programme", m.ids.edition))
	})
}

// gridCell writes a cell of the grid: a header's text, a session's title
// (with ^n when it spans n rows), or · when empty.
func gridCell(c *html.Node) string {
	if c.Data == "th" {
		return "th:" + strings.TrimSpace(text(c))
	}
	links := find(c, "a")
	if len(links) == 0 {
		return "·"
	}
	out := text(links[0])
	if span := attr(c, "rowspan"); span != "" {
		out += "^" + span
	}
	return out
}

func TestEditionsListOffersManagement(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		m := newManageSite(t, s)
		one(t, doc(t, m.sec.get("/editions")), "a", "id", "new-edition")
		one(t, doc(t, m.sec.get("/editions")), "a", "href", fmt.Sprintf("/editions/%d/manage", m.ids.edition))
		for _, c := range []*client{s.client(), m.bra} {
			d := doc(t, c.get("/editions"))
			if len(find(d, "a", "id", "new-edition"))+len(find(d, "a", "class", "manage-link")) != 0 {
				t.Fatal("management offered to someone who may not manage")
			}
		}
	})
}
