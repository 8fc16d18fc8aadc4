package web_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/commitment"
	"roundtable/internal/store"
)

func followupAPI(t *testing.T, c *client, method, path, contentType string, body []byte) *http.Response {
	t.Helper()
	h := http.Header{"X-Csrf-Token": {c.csrf()}}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return c.do(method, path, bytes.NewReader(body), h)
}

func followupBody(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A file is served as the type it was recognised as, never sniffed, and
// in a sandbox; a PDF is shown in the browser, a text file downloaded;
// a page is refused; someone who reads no text holding it gets 404.
func TestFollowupUploadsAreServedSafely(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.user("ana@bra.example.org", account.Delegate)
		s.user("obs@example.org", account.Observer)
		ana := s.client().signIn("ana@bra.example.org")
		res := followupAPI(t, ana, "POST", "/api/v1/uploads?name=informe.pdf", "application/octet-stream", []byte("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"))
		if res.StatusCode != 201 {
			t.Fatalf("upload: %d %s", res.StatusCode, followupBody(t, res))
		}
		pdf := decode[struct {
			ID        int64  `json:"id"`
			MediaType string `json:"media_type"`
			SHA256    string `json:"sha256"`
		}](t, res)
		if pdf.MediaType != "application/pdf" {
			t.Errorf("stored as %q", pdf.MediaType)
		}
		path := "/uploads/" + followupID(pdf.ID)
		got := ana.get(path)
		want := map[string]string{
			"Content-Type":            "application/pdf",
			"X-Content-Type-Options":  "nosniff",
			"Content-Security-Policy": "sandbox; default-src 'none'",
			"Content-Disposition":     `inline; filename=informe.pdf`,
			"Etag":                    `"` + pdf.SHA256 + `"`,
		}
		for k, v := range want {
			if got.Header.Get(k) != v {
				t.Errorf("%s: %q, want %q", k, got.Header.Get(k), v)
			}
		}
		if body := followupBody(t, got); !strings.HasPrefix(body, "%PDF-1.4") {
			t.Errorf("body %q", body)
		}
		again := ana.do("GET", path, nil, http.Header{"If-None-Match": {`"` + pdf.SHA256 + `"`}})
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match: %d, want 304", again.StatusCode)
		}
		// A text file named like a page is downloaded as text.
		res = followupAPI(t, ana, "POST", "/api/v1/uploads?name=page.html", "text/html", []byte("Plain words, not a page.\n"))
		txt := decode[struct{ ID int64 }](t, res)
		got = ana.get("/uploads/" + followupID(txt.ID))
		if got.Header.Get("Content-Type") != "text/plain; charset=utf-8" || got.Header.Get("Content-Disposition") != "attachment; filename=page.html.txt" {
			t.Errorf("text file served as %q, %q", got.Header.Get("Content-Type"), got.Header.Get("Content-Disposition"))
		}
		// A page is refused, in the reader's language.
		res = followupAPI(t, ana, "POST", "/api/v1/uploads?name=x.pdf", "application/pdf", []byte("<!DOCTYPE html><script>alert(1)</script>"))
		if e := followupErr(t, res); res.StatusCode != 400 || e.Code != "upload_type" {
			t.Errorf("a page: %d %+v", res.StatusCode, e)
		}
		// Nobody but its uploader and the secretariat reads a file no
		// text holds.
		if res := s.client().signIn("obs@example.org").get(path); res.StatusCode != 404 {
			t.Errorf("an observer reads a file no text holds: %d", res.StatusCode)
		}
		if res := s.client().get(path); res.StatusCode != 404 {
			t.Errorf("the public reads a file no text holds: %d", res.StatusCode)
		}
	})
}

type followupError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Details []struct {
		Line    int    `json:"line"`
		Field   string `json:"field"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"details"`
}

func followupErr(t *testing.T, res *http.Response) followupError {
	t.Helper()
	return decode[struct {
		Error followupError `json:"error"`
	}](t, res).Error
}

func followupID(n int64) string { return strconv.FormatInt(n, 10) }

func postRecommendationFile(t *testing.T, c *client, name, body string) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf())
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(body))
	mw.Close()
	return c.do("POST", "/recommendations/import", &buf, http.Header{"Content-Type": {mw.FormDataContentType()}})
}

const recFile = "state_under_review_iso3,cycle_derived,paragraph_ref,recommendation_text,recommending_state_raw,decision_raw\n" +
	"BRA,2,119.1,Ratify the Optional Protocol to the Convention against Torture.,Chile,support\n" +
	"BRA,2,119.1,Ratify the Optional Protocol to the Convention against Torture.,Norway,support\n" +
	"BRA,2,119.2,Strengthen the protection of human rights defenders.,Mexico,noted\n" +
	"ARG,2,99.1,Adopt a national plan on disability.,Brazil,accepted\n"

// The secretariat imports a file from the browser; a faulty file names
// its lines and stores nothing; everyone reads the list, filters it and
// opens a recommendation, from which the secretariat records a commitment.
func TestFollowupRecommendationPages(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		s.user("sec@example.org", account.Administrator)
		s.user("ana@bra.example.org", account.Delegate)
		sec := s.client().signIn("sec@example.org")
		bad := recFile + "BRA,2,119.3,Abolish something.,Peru,maybe\nXYZ,2,1.1,Do.,Peru,noted\n"
		res := postRecommendationFile(t, sec, "bad.csv", bad)
		if res.StatusCode != 400 {
			t.Fatalf("a faulty file: %d", res.StatusCode)
		}
		page := doc(t, res)
		var lines []string
		for _, tr := range find(one(t, page, "table", "id", "import-errors"), "tr") {
			if c := attr(tr, "data-code"); c != "" {
				lines = append(lines, text(find(tr, "th")[0])+" "+c)
			}
		}
		if strings.Join(lines, ", ") != "6 bad_response, 7 unknown_state" {
			t.Errorf("faulty lines: %v", lines)
		}
		if res := s.client().get("/api/v1/recommendations"); decode[struct{ Total int }](t, res).Total != 0 {
			t.Error("a faulty file stored recommendations")
		}
		res = postRecommendationFile(t, sec, "upr.csv", recFile)
		if res.StatusCode != 200 {
			t.Fatalf("import: %d", res.StatusCode)
		}
		if got := text(one(t, doc(t, res), "p", "id", "import-result")); got != "4 lines read: 3 recommendations, 3 of them new." {
			t.Errorf("result: %q", got)
		}
		// The list, filtered by state under review and response.
		list := doc(t, s.client().get("/recommendations?state=BRA&response=supported"))
		rows := find(one(t, list, "table", "id", "recommendations"), "tr", "data-state", "BRA")
		if len(rows) != 1 || !strings.Contains(text(rows[0]), "Chile, Norway") || !strings.Contains(text(rows[0]), "119.1") {
			t.Fatalf("Brazil's supported recommendations: %d rows", len(rows))
		}
		if got := text(one(t, list, "p", "id", "recommendation-count")); got != "1 recommendation" {
			t.Errorf("count: %q", got)
		}
		if len(find(list, "link", "rel", "alternate", "type", "application/atom+xml")) != 1 {
			t.Error("no feed link in the head")
		}
		link := attr(find(rows[0], "a")[0], "href")
		// Recommending states found by code or by name.
		if n := decode[struct{ Total int }](t, s.client().get("/api/v1/recommendations?by=MEX")).Total; n != 1 {
			t.Errorf("recommended by Mexico: %d", n)
		}
		if n := decode[struct{ Total int }](t, s.client().get("/api/v1/recommendations?by=Norway")).Total; n != 1 {
			t.Errorf("recommended by Norway: %d", n)
		}
		// The page: the secretariat may record a commitment from it, a
		// delegate may not.
		p := doc(t, sec.get(link))
		rec := attr(one(t, p, "a", "id", "record-commitment"), "href")
		if !strings.HasPrefix(rec, "/commitments/new?recommendation=") || "/recommendations/"+strings.TrimPrefix(rec, "/commitments/new?recommendation=") != link {
			t.Errorf("record link %q for %s", rec, link)
		}
		if got := text(one(t, p, "dd", "id", "response")); got != "Supported" {
			t.Errorf("response %q", got)
		}
		if len(find(doc(t, s.client().signIn("ana@bra.example.org").get(link)), "a", "id", "record-commitment")) != 0 {
			t.Error("a delegate is offered to record a commitment")
		}
		// In Spanish.
		c := s.client()
		c.lang = "es"
		if got := text(one(t, doc(t, c.get(link)), "dd", "id", "response")); got != "Apoyada" {
			t.Errorf("in Spanish: %q", got)
		}
		// The API import: a second import of the file adds nothing.
		res = followupAPI(t, sec, "POST", "/api/v1/recommendations/import?name=upr.csv", "text/csv", []byte(recFile))
		if r := decode[struct{ Added, Recommendations int }](t, res); res.StatusCode != 201 || r.Added != 0 || r.Recommendations != 3 {
			t.Errorf("second import: %d %+v", res.StatusCode, r)
		}
		res = followupAPI(t, sec, "POST", "/api/v1/recommendations/import", "text/csv", []byte(strings.Replace(recFile, "decision_raw", "decision", 1)))
		if e := followupErr(t, res); res.StatusCode != 400 || e.Code != "import_failed" || len(e.Details) != 1 || e.Details[0].Line != 1 || e.Details[0].Code != "missing_column" ||
			!strings.HasPrefix(e.Details[0].Message, "Line 1: The column response / decision_raw is missing") {
			t.Errorf("a file without its response column: %d %+v", res.StatusCode, e)
		}
	})
}

// A delegate sees the reports Brazil owes; the feed carries the published
// report the public reads and not the draft.
func TestFollowupRemindersAndFeed(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		val := s.user("val@example.org", account.Validator)
		s.user("ana@bra.example.org", account.Delegate)
		ctx := context.Background()
		now := store.Now()
		day := func(d int) string { return time.Now().UTC().AddDate(0, 0, d).Format(time.DateOnly) }
		var cm int64
		err := s.db.Write(ctx, func(tx *store.Tx) error {
			if err := tx.QueryRow(ctx, `INSERT INTO commitments (source, title, text, language, level, starts_on, due_on, report_every, created_at, updated_at)
				VALUES ('statement', 'Birth registration', 'Register every birth.', 'en', 'public', ?, ?, 12, ?, ?) RETURNING id`,
				day(-400), day(10), now, now).Scan(&cm); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO commitment_owners (commitment_id, country) VALUES (?, 'BRA')", cm); err != nil {
				return err
			}
			for _, r := range []struct{ state, text string }{{"published", "Twelve thousand births registered."}, {"draft", "A draft nobody else reads."}} {
				var by, at any
				if r.state == "published" {
					by, at = val.ID, now
				}
				if _, err := tx.Exec(ctx, `INSERT INTO progress_reports (commitment_id, country, reported_on, status, narrative, language, state,
					validated_by, validated_at, published_at, created_at, updated_at) VALUES (?, 'BRA', ?, 'in_progress', ?, 'en', ?, ?, ?, ?, ?, ?)`,
					cm, day(-390), r.text, r.state, by, at, at, now, now); err != nil {
					return err
				}
			}
			return commitment.RecountLatest(ctx, tx)
		})
		if err != nil {
			t.Fatal(err)
		}
		// Due a year after the start (35 days ago): a report in that year (day
		// -390) met it; the final report, due in 10 days, is coming.
		page := doc(t, s.client().signIn("ana@bra.example.org").get("/reminders"))
		rows := find(one(t, page, "table", "id", "reminders"), "tr", "data-commitment", followupID(cm))
		if len(rows) != 1 || attr(rows[0], "data-kind") != "due" || !strings.Contains(text(rows[0]), "Due in 10 days") {
			t.Fatalf("reminders: %d rows", len(rows))
		}
		if res := s.client().get("/reminders"); res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/signin") {
			t.Errorf("a visitor: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		res := s.client().get("/feeds/reports.atom?lang=en")
		if res.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
			t.Errorf("feed type %q", res.Header.Get("Content-Type"))
		}
		var feed struct {
			Title   string `xml:"title"`
			Entries []struct {
				Title   string `xml:"title"`
				Content string `xml:"content"`
				Link    struct {
					Href string `xml:"href,attr"`
				} `xml:"link"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(followupBody(t, res)), &feed); err != nil {
			t.Fatal(err)
		}
		if feed.Title != "Published progress reports" || len(feed.Entries) != 1 || feed.Entries[0].Title != "Brazil: Birth registration" ||
			feed.Entries[0].Content != "Twelve thousand births registered." || !strings.Contains(feed.Entries[0].Link.Href, "/commitments/"+followupID(cm)) {
			t.Errorf("feed: %+v", feed)
		}
	})
}
