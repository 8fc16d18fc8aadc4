package web_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/store"
)

// bigEdition is more statements in one edition than either engine takes
// bound parameters in one query (SQLite 32,766, PostgreSQL 65,535): a list
// that binds one parameter per statement answers 500 there.
const bigEdition = 70_000

// fillEdition writes n statements of CHN into an edition straight into the
// database (the API would take minutes): every third one public, the others
// drafts or for participants, so lists must filter in the database too.
// Each text holds its number, as "statement <i>".
func fillEdition(t *testing.T, db *store.DB, edition, delegation int64, n int) {
	t.Helper()
	ctx := context.Background()
	now := store.Now()
	err := db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			INSERT INTO statements (edition_id, delegation_id, speaker, on_behalf_of, language, title, body, delivered_on, source, visibility, created_at, updated_at)
			SELECT ?, ?, '', '', 'en', 'Bulk', 'statement ' || i, '2024-11-20', '',
				CASE i % 3 WHEN 0 THEN 'public' WHEN 1 THEN 'draft' ELSE 'participants' END, ?, ? FROM n`,
			n, edition, delegation, now, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestABigEditionStillLoads(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 70,000 statements; not with -short")
	}
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		admin := s.token("sec@example.org", account.Administrator)
		ids := setupRecord(t, s, c, admin)
		fillEdition(t, s.db, ids.edition, ids.chn, bigEdition)
		public := bigEdition / 3

		// The API lists the public's statements a page at a time, following
		// the cursor; the first two pages are the statements 3, 6, … 300.
		type page struct {
			Items []struct {
				Text       string
				Visibility string
			}
			Limit int
			Next  *string
		}
		path := fmt.Sprintf("/api/v1/statements?edition=%d&limit=100", ids.edition)
		// The secretariat reads all 70,000: the first page is statements 1–100.
		all := decode[page](t, c.do("GET", path, nil, admin))
		if len(all.Items) != 100 || all.Next == nil || all.Items[0].Text != "statement 1" || all.Items[99].Text != "statement 100" {
			t.Fatalf("secretariat's first page: %d items, next %v", len(all.Items), all.Next)
		}
		first := decode[page](t, c.get(path))
		if len(first.Items) != 100 || first.Next == nil || first.Items[0].Text != "statement 3" || first.Items[99].Text != "statement 300" {
			t.Fatalf("first page: %d items, next %v, %q … ", len(first.Items), first.Next, first.Items[0].Text)
		}
		second := decode[page](t, c.get(path+"&after="+*first.Next))
		if len(second.Items) != 100 || second.Items[0].Text != "statement 303" {
			t.Fatalf("second page: %d items, first %q", len(second.Items), second.Items[0].Text)
		}
		for _, it := range append(first.Items, second.Items...) {
			if it.Visibility != "public" {
				t.Fatalf("the public reads a %s statement", it.Visibility)
			}
		}
		// The edition page shows a page of 50 and links to the next.
		d := doc(t, c.get(fmt.Sprintf("/editions/%d", ids.edition)))
		if n := len(find(one(t, d, "ul", "class", "statement-list"), "li")); n != 50 {
			t.Fatalf("edition page lists %d statements, want 50", n)
		}
		next := attr(one(t, d, "a", "rel", "next"), "href")
		d = doc(t, c.get(next))
		if got := text(find(one(t, d, "ul", "class", "statement-list"), "a")[0]); got != "Bulk" {
			t.Fatalf("next page starts with %q", got)
		}
		// The feed carries its 50 newest.
		res := c.get(fmt.Sprintf("/feeds/statements.atom?edition=%d", ids.edition))
		wantStatus(t, res, 200)
		body, _ := io.ReadAll(res.Body)
		if n := strings.Count(string(body), "<entry"); n != 50 {
			t.Fatalf("feed has %d entries, want 50", n)
		}
		// The whole record exports: a header and one line per public
		// statement (the texts hold no line breaks).
		res = c.get(fmt.Sprintf("/editions/%d/record.csv", ids.edition))
		wantStatus(t, res, 200)
		lines := 0
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			lines++
		}
		if lines != public+1 {
			t.Fatalf("CSV export has %d lines, want %d", lines, public+1)
		}
		// The secretariat's JSON export holds every statement.
		res = s.client().signIn("sec@example.org").get(fmt.Sprintf("/editions/%d/record.json", ids.edition))
		wantStatus(t, res, 200)
		body, _ = io.ReadAll(res.Body)
		if n := strings.Count(string(body), `"speaker": ""`); n != bigEdition {
			t.Fatalf("JSON export has %d statements, want %d", n, bigEdition)
		}
	})
}

// TestADamagedPageLinkIsExplained: a cursor that is not one a list gave
// answers 400 invalid_cursor, with a message in the reader's language.
func TestADamagedPageLinkIsExplained(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		admin := s.token("sec@example.org", account.Administrator)
		ids := setupRecord(t, s, c, admin)
		h := http.Header{"Accept-Language": {"es"}}
		res := c.do("GET", fmt.Sprintf("/api/v1/statements?edition=%d&after=yesterday", ids.edition), nil, h)
		e := decode[apiErr](t, res)
		if res.StatusCode != 400 || e.Error.Code != "invalid_cursor" || !strings.Contains(e.Error.Message, "primera página") {
			t.Fatalf("%d %+v", res.StatusCode, e.Error)
		}
		res = c.get(fmt.Sprintf("/editions/%d?after=2024-13-40~1", ids.edition))
		wantStatus(t, res, 400)
	})
}
