package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/web"
)

// liveSite is a site whose server follows the live events, as `roundtable
// serve` runs it, behind an HTTP server with short timeouts: a room
// display's stream must outlive them.
func liveSite(t *testing.T, db *store.DB) *site {
	s, _ := liveSiteStop(t, db)
	return s
}

// liveSiteStop also returns what `roundtable serve` does at shutdown: stop
// following the live events.
func liveSiteStop(t *testing.T, db *store.DB) (*site, context.CancelFunc) {
	t.Helper()
	base := newSite(t, db) // reference data and accounts
	base.srv.Close()
	s, err := web.New(web.Options{DB: db, Accounts: base.accounts, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go s.RunLive(ctx)
	srv := httptest.NewUnstartedServer(s.Handler())
	// Short enough for a stream to outlive them in a test, long enough that
	// an ordinary request (a sign-in under -race on a loaded machine)
	// finishes within them.
	srv.Config.ReadTimeout = time.Second
	srv.Config.WriteTimeout = time.Second
	srv.Start()
	t.Cleanup(func() { cancel(); srv.Close() })
	return &site{t: t, db: db, accounts: base.accounts, srv: srv}, cancel
}

// floor is a published edition with one session and two accredited
// delegations, Brazil and China, and their people.
type floor struct {
	session, chn, bra   int64
	chair, delegate, cn string // e-mail addresses
}

func setupFloor(t *testing.T, s *site, published bool) floor {
	t.Helper()
	ctx := context.Background()
	n := s.counter()
	f := floor{chair: fmt.Sprintf("chair%d@example.org", n), delegate: fmt.Sprintf("bra%d@example.org", n), cn: fmt.Sprintf("chn%d@example.org", n)}
	admin := s.user(fmt.Sprintf("sec%d@example.org", n), account.Administrator)
	s.user(f.chair, account.Chair)
	s.user(f.delegate, account.Delegate) // bound to BRA
	if _, err := s.accounts.Create(ctx, audit.System("test"), account.NewUser{Email: f.cn, DisplayName: "cn", Role: account.Delegate, Delegation: "CHN", Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	dlg := &dialogue.Service{DB: s.db}
	forum, err := dlg.CreateForum(ctx, &admin, dialogue.Forum{Slug: fmt.Sprintf("china-lac-%d", n), Names: dialogue.Texts{"en": "China–LAC Roundtable"}})
	if err != nil {
		t.Fatal(err)
	}
	ed, err := dlg.CreateEdition(ctx, &admin, dialogue.Edition{ForumID: forum.ID, Number: 2, Titles: dialogue.Texts{"en": "Second Roundtable"}, Published: published,
		StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en", "zh"}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2024, 11, 19, 9, 0, 0, 0, time.UTC)
	sess, err := dlg.SaveSession(ctx, &admin, dialogue.Session{EditionID: ed.ID, Titles: dialogue.Texts{"en": "The right to development"}, StartsAt: start, EndsAt: start.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	f.session = sess.ID
	for _, code := range []string{"BRA", "CHN"} {
		d, err := dlg.AddDelegation(ctx, &admin, dialogue.Delegation{EditionID: ed.ID, Kind: dialogue.KindCountry, Code: code})
		if err != nil {
			t.Fatal(err)
		}
		if err := dlg.Accredit(ctx, &admin, d.ID, true); err != nil {
			t.Fatal(err)
		}
		*map[string]*int64{"BRA": &f.bra, "CHN": &f.chn}[code] = d.ID
	}
	return f
}

func (f floor) path(action string) string {
	return fmt.Sprintf("/sessions/%d/speakers%s", f.session, action)
}

// api posts JSON as the site's own scripts do (session cookie and CSRF
// header) and decodes the answer into out.
func (c *client) api(method, path, body string, out any) *http.Response {
	c.s.t.Helper()
	h := http.Header{"Content-Type": {"application/json"}, "X-Csrf-Token": {c.csrf()}}
	res := c.do(method, path, strings.NewReader(body), h)
	if out != nil {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			c.s.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return res
}

type boardJSON struct {
	Status   string `json:"status"`
	Speaking *struct {
		Code string `json:"code"`
		Name string `json:"name"`
	} `json:"speaking"`
	Waiting []struct {
		ID   int64  `json:"id"`
		Code string `json:"code"`
	} `json:"waiting"`
	Done  []struct{ Code string } `json:"done"`
	Error struct{ Code string }   `json:"error"`
}

// board reads a session's list through the API.
func (c *client) board(f floor) boardJSON {
	var b boardJSON
	wantStatus(c.s.t, c.api("GET", "/api/v1"+f.path(""), "", &b), 200)
	return b
}

func (b boardJSON) speaker() string {
	if b.Speaking == nil {
		return ""
	}
	return b.Speaking.Code
}

func TestSpeakersRules(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := setupFloor(t, s, true)
		chair, bra, cn, public := s.client().signIn(f.chair), s.client().signIn(f.delegate), s.client().signIn(f.cn), s.client()

		wantStatus(t, public.get(f.path("")), 200)
		wantStatus(t, bra.postForm(f.path("/open"), nil), 403)
		wantStatus(t, chair.postForm(f.path("/open"), nil), 303)

		// A delegate asks only for their own delegation, on both surfaces.
		res := bra.postForm(f.path("/request"), url.Values{"delegation_id": {fmt.Sprint(f.chn)}})
		wantStatus(t, res, 403)
		one(t, doc(t, res), "p", "id", "form-error")
		var b boardJSON
		wantStatus(t, bra.api("POST", "/api/v1"+f.path("/request"), fmt.Sprintf(`{"delegation_id": %d}`, f.chn), &b), 403)
		if b.Error.Code != "not_your_delegation" {
			t.Fatalf("error code %q", b.Error.Code)
		}
		wantStatus(t, bra.postForm(f.path("/request"), url.Values{"on_behalf_of": {"CELAC"}}), 303)
		wantStatus(t, cn.api("POST", "/api/v1"+f.path("/request"), `{"kind": "right_of_reply"}`, nil), 201)
		b = boardJSON{}
		wantStatus(t, cn.api("POST", "/api/v1"+f.path("/request"), `{"kind": "right_of_reply"}`, &b), 409)
		if b.Error.Code != "already_requested" {
			t.Fatalf("error code %q", b.Error.Code)
		}

		// Chair-only actions are refused to delegates.
		wantStatus(t, bra.postForm(f.path("/start"), nil), 403)
		wantStatus(t, bra.api("POST", "/api/v1"+f.path("/start"), "", nil), 403)
		wantStatus(t, cn.api("POST", "/api/v1"+f.path("/reorder"), `{"order": []}`, nil), 403)
		// Delegates see no chair controls; the chair does.
		if len(find(doc(t, bra.get(f.path(""))), "form", "action", f.path("/start"))) != 0 {
			t.Fatal("a delegate is offered the chair's controls")
		}

		// Reorder: China's reply moves ahead of Brazil.
		b = chair.board(f)
		if len(b.Waiting) != 2 || b.Waiting[0].Code != "BRA" {
			t.Fatalf("waiting %+v", b.Waiting)
		}
		page := doc(t, chair.get(f.path("")))
		if len(find(page, "form", "action", f.path("/start"))) != 3 { // next, and one per waiting entry
			t.Fatal("the chair has no start controls")
		}
		wantStatus(t, chair.postForm(f.path("/move"), url.Values{"entry": {fmt.Sprint(b.Waiting[1].ID)}, "by": {"-1"}}), 303)
		braEntry := b.Waiting[0].ID
		wantStatus(t, cn.api("POST", "/api/v1"+f.path("/withdraw"), fmt.Sprintf(`{"entry_id": %d}`, braEntry), nil), 403)

		// One speaker at a time: starting the next ends the previous.
		wantStatus(t, chair.postForm(f.path("/start"), nil), 303)
		b = chair.board(f)
		if b.speaker() != "CHN" || len(b.Waiting) != 1 {
			t.Fatalf("after the first start: %+v", b)
		}
		b = boardJSON{}
		wantStatus(t, chair.api("POST", "/api/v1"+f.path("/start"), "", &b), 200)
		if b.speaker() != "BRA" || len(b.Waiting) != 0 || len(b.Done) != 1 || b.Done[0].Code != "CHN" {
			t.Fatalf("after the second start: %+v", b)
		}
		b = boardJSON{}
		wantStatus(t, chair.api("POST", "/api/v1"+f.path("/start"), "", &b), 409)
		if b.Error.Code != "no_waiting_speaker" {
			t.Fatalf("error code %q", b.Error.Code)
		}

		// The public display names the speaker in the reader's language.
		public.lang = "zh"
		name := one(t, doc(t, public.get(f.path("/display"))), "p", "id", "now-name")
		if text(name) != "巴西" {
			t.Fatalf("display shows %q", text(name))
		}
	})
}

func TestSpeakersOfUnpublishedEditionAreNotPublic(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	f := setupFloor(t, s, false)
	for _, p := range []string{f.path(""), f.path("/display"), f.path("/events"), "/api/v1" + f.path("")} {
		wantStatus(t, s.client().get(p), 404)
	}
	wantStatus(t, s.client().signIn(f.delegate).get(f.path("")), 200)
}

// stream reads a server-sent event stream, sending each event's data.
func stream(t *testing.T, c *client, path string) <-chan boardJSON {
	t.Helper()
	res := c.get(path)
	wantStatus(t, res, 200)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	out := make(chan boardJSON, 16)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var b boardJSON
				if json.Unmarshal([]byte(data), &b) == nil {
					out <- b
				}
			}
		}
	}()
	return out
}

// awaitSpeaker waits up to five seconds for an event naming code as the speaker
// and returns how long it took.
func awaitSpeaker(t *testing.T, events <-chan boardJSON, code string, since time.Time) time.Duration {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case b, ok := <-events:
			if !ok {
				t.Fatal("the stream ended")
			}
			if b.speaker() == code {
				return time.Since(since)
			}
		case <-deadline:
			t.Fatalf("no event naming %s as speaker within five seconds", code)
		}
	}
}

func TestSpeakersStreamDeliversChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, shutdown := liveSiteStop(t, db)
		f := setupFloor(t, s, true)
		chair := s.client().signIn(f.chair)
		wantStatus(t, chair.postForm(f.path("/open"), nil), 303)
		wantStatus(t, s.client().signIn(f.delegate).postForm(f.path("/request"), nil), 303)

		events := stream(t, s.client(), f.path("/events"))
		if b := <-events; b.Status != "open" || len(b.Waiting) != 1 || b.speaker() != "" {
			t.Fatalf("first event %+v", b)
		}
		// Outlive the server's timeouts, as a display in a room does.
		time.Sleep(1500 * time.Millisecond)
		start := time.Now()
		wantStatus(t, chair.postForm(f.path("/start"), nil), 303)
		t.Logf("change reached the stream after %v", awaitSpeaker(t, events, "BRA", start))

		// At shutdown the stream ends, so the server need not wait for it.
		shutdown()
		for deadline := time.After(time.Second); ; {
			select {
			case _, open := <-events:
				if !open {
					return
				}
			case <-deadline:
				t.Fatal("the stream outlived the server's shutdown")
			}
		}
	})
}

// TestSpeakersAcrossInstances runs two servers on one PostgreSQL database,
// each following the live events: the chair acts through A, and a display
// connected to B follows.
func TestSpeakersAcrossInstances(t *testing.T) {
	u := storetest.PostgresURL(t)
	open := func() *store.DB { return storetest.Open(t, u) }
	a := liveSite(t, open())
	b := liveSite(t, open())
	f := setupFloor(t, a, true)
	chair := a.client().signIn(f.chair)
	wantStatus(t, chair.postForm(f.path("/open"), nil), 303)
	wantStatus(t, a.client().signIn(f.cn).postForm(f.path("/request"), nil), 303)

	events := stream(t, b.client(), f.path("/events"))
	if first := <-events; len(first.Waiting) != 1 || first.Waiting[0].Code != "CHN" {
		t.Fatalf("B's first event %+v", first)
	}
	var worst time.Duration
	for i := range 5 {
		start := time.Now()
		wantStatus(t, chair.postForm(f.path("/start"), nil), 303)
		d := awaitSpeaker(t, events, "CHN", start)
		worst = max(worst, d)
		t.Logf("change %d made on A reached B's stream after %v", i+1, d)
		// Put China back on the list for the next round.
		wantStatus(t, chair.postForm(f.path("/stop"), nil), 303)
		wantStatus(t, a.client().signIn(f.cn).postForm(f.path("/request"), nil), 303)
	}
	t.Logf("worst cross-instance delay: %v", worst)
}

// TestSpeakersDisplayInBrowser drives Chromium through the room display:
// its timer runs, and it follows the chair's change without a reload.
func TestSpeakersDisplayInBrowser(t *testing.T) {
	exe := "/usr/bin/chromium"
	if _, err := os.Stat(exe); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must run the browser tests, and there is no " + exe)
		}
		t.Skip("browser test skipped: no " + exe)
	}
	s := liveSite(t, sqliteDB(t))
	f := setupFloor(t, s, true)
	chair := s.client().signIn(f.chair)
	wantStatus(t, chair.postForm(f.path("/open"), nil), 303)
	wantStatus(t, s.client().signIn(f.delegate).postForm(f.path("/request"), nil), 303)
	wantStatus(t, s.client().signIn(f.cn).postForm(f.path("/request"), nil), 303)
	wantStatus(t, chair.postForm(f.path("/start"), nil), 303)

	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, chromedp.ExecPath(exe), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("no-first-run", true),
		// The network is closed: nothing may try to call home.
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true))
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(alloc)
	defer cancelTab()
	if err := chromedp.Do(tab, chromedp.Navigate(s.srv.URL+f.path("/display")), chromedp.WaitVisible(chromedp.CSS("#now-timer"))); err != nil {
		t.Fatal(err)
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(tab, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// waitFor polls the page until expr is true. The bounds are looser
	// than the stream test's second: a browser under a loaded CI machine
	// adds its own delays.
	waitFor := func(expr, what string) time.Duration {
		t.Helper()
		start := time.Now()
		for eval(`String(`+expr+`)`) != "true" {
			if time.Since(start) > 3*time.Second {
				t.Fatalf("%s: not within 3 s", what)
			}
			time.Sleep(20 * time.Millisecond)
		}
		return time.Since(start)
	}
	before := eval(`document.getElementById("now-timer").textContent`)
	waitFor(`document.getElementById("now-timer").textContent !== "`+before+`"`, "the timer runs")
	wantStatus(t, chair.postForm(f.path("/start"), nil), 303)
	d := waitFor(`document.getElementById("now-name").dataset.code === "CHN"`, "the display follows the chair")
	t.Logf("the display in the browser changed after %v", d)
	if next := eval(`document.getElementById("next-list").textContent.trim()`); next != "Nobody is waiting to speak." {
		t.Fatalf("next: %q", next)
	}
}
