package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/account"
	"roundtable/internal/demo"
	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/web"
)

// The demo notice's opening words in English and Chinese, as written in
// data/demo/china-lac-2.json.
const (
	demoNoticeEn = "Illustrative demonstration content"
	demoNoticeZh = "演示用示例内容"
)

// demoNoticeSite is a site told which forum is the demo's; with the demo
// loaded (withDemo) it is a demonstration site. It returns an edition with
// sessions and public statements: the demo's, or an ordinary one.
func demoNoticeSite(t *testing.T, db *store.DB, withDemo bool) (*site, int64) {
	t.Helper()
	ctx := context.Background()
	base := newSite(t, db)
	dlg := &dialogue.Service{DB: db}
	if withDemo {
		if _, err := demo.Load(ctx, db, base.accounts, &ground.Service{DB: db, Dialogue: dlg}); err != nil {
			t.Fatal(err)
		}
	} else {
		admin := base.user("sec@example.org", account.Administrator)
		f, err := dlg.CreateForum(ctx, &admin, dialogue.Forum{Slug: "real-forum", Names: dialogue.Texts{"en": "A real forum"}})
		if err != nil {
			t.Fatal(err)
		}
		e, err := dlg.CreateEdition(ctx, &admin, dialogue.Edition{ForumID: f.ID, Number: 1, Titles: dialogue.Texts{"en": "First"}, StartsOn: "2025-07-24", EndsOn: "2025-07-25",
			VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en"}, Status: dialogue.Open, Published: true})
		if err != nil {
			t.Fatal(err)
		}
		d, err := dlg.AddDelegation(ctx, &admin, dialogue.Delegation{EditionID: e.ID, Kind: dialogue.KindCountry, Code: "BRA"})
		if err != nil {
			t.Fatal(err)
		}
		if err := dlg.Accredit(ctx, &admin, d.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := dlg.SaveStatement(ctx, &admin, dialogue.Statement{EditionID: e.ID, DelegationID: d.ID, Language: "en", Body: "Real words.", Visibility: dialogue.Public}); err != nil {
			t.Fatal(err)
		}
	}
	s, err := web.New(web.Options{DB: db, Accounts: base.accounts, Logger: quietLog(),
		Demo: &web.Demo{ForumSlug: demo.ForumSlug, Notice: demo.Notice}})
	if err != nil {
		t.Fatal(err)
	}
	base.srv.Config.Handler = s.Handler()
	eds, err := dlg.Editions(ctx, nil)
	if err != nil || len(eds) == 0 {
		t.Fatalf("editions: %v %v", eds, err)
	}
	return base, eds[0].ID
}

func body(t *testing.T, c *client, path string) string {
	t.Helper()
	res := c.get(path)
	wantStatus(t, res, 200)
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDemoNoticeEverywhere: a site holding the demo says so once atop every
// page, in the reader's language, and in its feed, calendar and record
// files; a site without it says nothing of the kind.
func TestDemoNoticeEverywhere(t *testing.T) {
	for _, withDemo := range []bool{true, false} {
		t.Run(fmt.Sprintf("demo=%v", withDemo), func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				s, ed := demoNoticeSite(t, db, withDemo)
				checkNotice(t, s, ed, withDemo)
			})
		})
	}
}

func checkNotice(t *testing.T, s *site, ed int64, want bool) {
	t.Helper()
	c := s.client()
	pages := []string{"/", "/editions", fmt.Sprintf("/editions/%d", ed), "/countries", "/countries/BRA", "/signin", "/no-such-page"}
	for _, p := range pages {
		res := c.get(p)
		// Any note saying it counts: a page that shows the notice itself
		// must not show the layout's too.
		var notes []*html.Node
		for _, n := range find(doc(t, res), "p", "role", "note") {
			if strings.HasPrefix(text(n), demoNoticeEn) {
				notes = append(notes, n)
			}
		}
		switch {
		case want && len(notes) != 1:
			t.Errorf("%s: %d notices, want 1", p, len(notes))
		case want && (attr(notes[0], "role") != "note" || !strings.HasPrefix(text(notes[0]), demoNoticeEn)):
			t.Errorf("%s: notice %q role %q", p, text(notes[0]), attr(notes[0], "role"))
		case !want && len(notes) != 0:
			t.Errorf("%s: a site without the demo shows %q", p, text(notes[0]))
		}
	}
	if want {
		// The outcome pages show the notice themselves, to the room.
		admin := s.user(fmt.Sprintf("notice%d@example.org", s.counter()), account.Administrator)
		docs, err := (&outcome.Service{DB: s.db, Dialogue: &dialogue.Service{DB: s.db}}).Documents(context.Background(), &admin, ed)
		if err != nil || len(docs) == 0 {
			t.Fatalf("the demo's outcome documents: %v %v", docs, err)
		}
		in := s.client().signIn(admin.Email)
		for _, p := range []string{fmt.Sprintf("/outcomes/%d", docs[0].ID), fmt.Sprintf("/editions/%d/outcomes", ed)} {
			var notes int
			for _, n := range find(doc(t, in.get(p)), "p", "role", "note") {
				if strings.HasPrefix(text(n), demoNoticeEn) {
					notes++
				}
			}
			if notes != 1 {
				t.Errorf("%s: %d notices, want 1", p, notes)
			}
		}
	}
	zh := s.client()
	zh.lang = "zh"
	if notes := find(doc(t, zh.get("/")), "p", "role", "note"); want && (len(notes) != 1 || !strings.HasPrefix(text(notes[0]), demoNoticeZh)) {
		t.Errorf("the notice in Chinese: %d notices", len(notes))
	}

	// The feed: a subtitle, and every entry's text led by the notice.
	var feed struct {
		Subtitle string `xml:"subtitle"`
		Entries  []struct {
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body(t, c, "/feeds/statements.atom")), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) == 0 {
		t.Fatal("the feed is empty")
	}
	if strings.HasPrefix(feed.Subtitle, demoNoticeEn) != want {
		t.Errorf("feed subtitle %q", feed.Subtitle)
	}
	for i, e := range feed.Entries {
		if strings.HasPrefix(e.Content, demoNoticeEn) != want {
			t.Errorf("feed entry %d: %.80q", i, e.Content)
		}
	}

	// The calendar: its description and every event's.
	ics := strings.ReplaceAll(body(t, c, fmt.Sprintf("/editions/%d/calendar.ics?lang=zh", ed)), "\r\n ", "")
	events := strings.Count(ics, "BEGIN:VEVENT\r\n")
	if want {
		if events == 0 || !strings.Contains(ics, "\r\nX-WR-CALDESC;LANGUAGE=zh:"+demoNoticeZh) {
			t.Errorf("calendar: %d events, description %v", events, strings.Contains(ics, "X-WR-CALDESC"))
		}
		if n := strings.Count(ics, "\r\nDESCRIPTION;LANGUAGE=zh:"+demoNoticeZh); n != events {
			t.Errorf("calendar: %d of %d events described", n, events)
		}
	} else if strings.Contains(ics, "X-WR-CALDESC") || strings.Contains(ics, "DESCRIPTION") {
		t.Error("a calendar without the demo describes it")
	}

	// The record as CSV: a first column "notice" on every row.
	raw := strings.TrimPrefix(body(t, c, fmt.Sprintf("/editions/%d/record.csv", ed)), "\uFEFF")
	rows, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 {
		t.Fatalf("record.csv has %d rows", len(rows))
	}
	if (rows[0][0] == "notice") != want {
		t.Errorf("record.csv header starts %q", rows[0][0])
	}
	for i, row := range rows[1:] {
		if strings.HasPrefix(row[0], demoNoticeEn) != want {
			t.Errorf("record.csv row %d starts %.60q", i+1, row[0])
		}
	}

	// The record as JSON: a "notice" on every item.
	var items []map[string]any
	if err := json.NewDecoder(bytes.NewReader([]byte(body(t, c, fmt.Sprintf("/editions/%d/record.json", ed))))).Decode(&items); err != nil {
		t.Fatal(err)
	}
	if len(items) == 0 {
		t.Fatal("record.json is empty")
	}
	for i, it := range items {
		n, has := it["notice"].(string)
		if has != want || (want && !strings.HasPrefix(n, demoNoticeEn)) {
			t.Errorf("record.json item %d: notice %q", i, n)
		}
	}
}
