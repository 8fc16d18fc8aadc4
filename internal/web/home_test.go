package web_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/speakers"
)

// homeFixture is a forum whose third edition meets today in São Paulo,
// with a closed first edition and a planned fourth, two delegations
// (Brazil and China), statements of every kind, and a speakers list on
// today's session where China waits first and Brazil second.
type homeFixture struct {
	current, closed, planned int64
	today, tomorrow          int64 // sessions of the current edition
	// statements of the current edition
	public, publicZh, draftBRA, draftCHN, roomBRA int64
	chair, delegate, admin                        string
}

func setupHome(t *testing.T, s *site) homeFixture {
	t.Helper()
	ctx := context.Background()
	n := s.counter()
	fx := homeFixture{chair: fmt.Sprintf("chair%d@example.org", n), delegate: fmt.Sprintf("bra%d@example.org", n), admin: fmt.Sprintf("sec%d@example.org", n)}
	admin := s.user(fx.admin, account.Administrator)
	s.user(fx.chair, account.Chair)
	s.user(fx.delegate, account.Delegate) // bound to BRA
	chn, err := s.accounts.Create(ctx, audit.System("test"), account.NewUser{Email: fmt.Sprintf("chn%d@example.org", n), DisplayName: "cn", Role: account.Delegate, Delegation: "CHN", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	dlg := &dialogue.Service{DB: s.db}
	forum, err := dlg.CreateForum(ctx, &admin, dialogue.Forum{Slug: fmt.Sprintf("home-%d", n), Names: dialogue.Texts{"en": "Roundtable"}})
	if err != nil {
		t.Fatal(err)
	}
	zone, _ := time.LoadLocation("America/Sao_Paulo")
	now := time.Now().In(zone)
	day := func(d int) string { return now.AddDate(0, 0, d).Format(time.DateOnly) }
	edition := func(number int, title, from, to, status string) dialogue.Edition {
		t.Helper()
		e, err := dlg.CreateEdition(ctx, &admin, dialogue.Edition{ForumID: forum.ID, Number: number, Titles: dialogue.Texts{"en": title},
			StartsOn: from, EndsOn: to, VenueCity: "São Paulo", VenueCountry: "BRA", Host: "Brazil", TimeZone: "America/Sao_Paulo",
			Languages: []string{"en", "es", "zh"}, Status: status, Published: true})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	fx.closed = edition(1, "First Roundtable", "2023-11-19", "2023-11-20", dialogue.Closed).ID
	fx.planned = edition(4, "Fourth Roundtable", day(300), day(301), dialogue.Planned).ID
	fx.current = edition(3, "Third Roundtable", day(-1), day(1), dialogue.Open).ID
	session := func(title string, d int) int64 {
		t.Helper()
		y, m, dd := now.AddDate(0, 0, d).Date()
		start := time.Date(y, m, dd, 10, 0, 0, 0, zone)
		x, err := dlg.SaveSession(ctx, &admin, dialogue.Session{EditionID: fx.current, Titles: dialogue.Texts{"en": title}, StartsAt: start, EndsAt: start.Add(90 * time.Minute), Room: "Sala 1"})
		if err != nil {
			t.Fatal(err)
		}
		return x.ID
	}
	session("Yesterday: opening", -1)
	fx.today = session("Today: poverty alleviation", 0)
	fx.tomorrow = session("Tomorrow: the way ahead", 1)
	dels := map[string]int64{}
	for _, code := range []string{"BRA", "CHN"} {
		d, err := dlg.AddDelegation(ctx, &admin, dialogue.Delegation{EditionID: fx.current, Kind: dialogue.KindCountry, Code: code})
		if err != nil {
			t.Fatal(err)
		}
		if err := dlg.Accredit(ctx, &admin, d.ID, true); err != nil {
			t.Fatal(err)
		}
		dels[code] = d.ID
	}
	statement := func(code, lang, title, level string) int64 {
		t.Helper()
		st, err := dlg.SaveStatement(ctx, &admin, dialogue.Statement{EditionID: fx.current, SessionID: fx.today, DelegationID: dels[code],
			Language: lang, Title: title, Body: title + ".", Visibility: level, DeliveredOn: day(0)})
		if err != nil {
			t.Fatal(err)
		}
		return st.ID
	}
	fx.public = statement("BRA", "en", "Brazil on the right to development", dialogue.Public)
	for _, tr := range []dialogue.Translation{{Language: "es", Body: "Brasil.", Origin: "human"}, {Language: "zh", Body: "巴西。", Origin: "human"}} {
		if _, err := dlg.SetTranslation(ctx, &admin, fx.public, tr); err != nil {
			t.Fatal(err)
		}
	}
	fx.publicZh = statement("CHN", "zh", "中国关于减贫的发言", dialogue.Public)
	fx.draftBRA = statement("BRA", "en", "Brazil draft on health", dialogue.Draft)
	fx.draftCHN = statement("CHN", "en", "China draft on education", dialogue.Draft)
	fx.roomBRA = statement("BRA", "es", "Nota de Brasil para la sala", dialogue.Participants)

	spk := &speakers.Service{DB: s.db, Dialogue: dlg}
	if err := spk.Open(ctx, &admin, fx.today); err != nil {
		t.Fatal(err)
	}
	for _, who := range []*account.User{&chn, nil} {
		v, req := who, speakers.Request{}
		if who == nil {
			bra, err := s.accounts.GetByEmail(ctx, fx.delegate)
			if err != nil {
				t.Fatal(err)
			}
			v = &bra
		}
		if _, err := spk.Request(ctx, v, fx.today, req); err != nil {
			t.Fatal(err)
		}
	}
	return fx
}

// texts are the texts of the elements matching tag and attrs.
func texts(n *html.Node, tag string, attrs ...string) []string {
	var out []string
	for _, e := range find(n, tag, attrs...) {
		out = append(out, text(e))
	}
	return out
}

// links are the hrefs of the links inside the element with the given id.
func linksIn(t *testing.T, n *html.Node, id string) []string {
	t.Helper()
	var out []string
	for _, a := range find(one(t, n, "", "id", id), "a") {
		out = append(out, attr(a, "href"))
	}
	return out
}

func TestHomeLeadsEachReader(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		fx := setupHome(t, s)
		id := func(n int64) string { return fmt.Sprint(n) }

		// The public: the edition meeting now, today's session with its
		// speakers list, a search box, the two public statements (newest
		// first), and nobody's drafts.
		d := doc(t, s.client().get("/"))
		lead := one(t, d, "section", "id", "lead-edition")
		if attr(lead, "data-lead") != "current" || text(one(t, lead, "h2")) != "Third Roundtable" {
			t.Fatalf("lead: %q %q", attr(lead, "data-lead"), text(one(t, lead, "h2")))
		}
		if v := text(one(t, d, "dd", "id", "lead-venue")); v != "São Paulo, Brazil" {
			t.Errorf("venue %q", v)
		}
		if got := linksIn(t, d, "lead-today"); !slices.Equal(got, []string{"/sessions/" + id(fx.today), "/sessions/" + id(fx.today) + "/speakers"}) {
			t.Errorf("today's sessions: %v", got)
		}
		form := one(t, d, "form", "role", "search")
		if attr(form, "action") != "/search" || attr(form, "method") != "get" || text(one(t, form, "label", "for", "home-q")) != "Search the record" {
			t.Errorf("search box: action %q method %q", attr(form, "action"), attr(form, "method"))
		}
		one(t, form, "input", "id", "home-q", "name", "q")
		var latest []string
		for _, li := range find(one(t, d, "section", "id", "latest"), "li") {
			latest = append(latest, attr(li, "data-statement"))
		}
		if !slices.Equal(latest, []string{id(fx.publicZh), id(fx.public)}) {
			t.Errorf("latest statements %v, want %v", latest, []string{id(fx.publicZh), id(fx.public)})
		}
		if a := one(t, d, "a", "href", "/statements/"+id(fx.publicZh)); attr(a, "lang") != "zh-Hans" || text(a) != "中国关于减贫的发言" {
			t.Errorf("latest in Chinese: lang %q text %q", attr(a, "lang"), text(a))
		}
		if len(find(d, "", "id", "needs-you")) != 0 {
			t.Error("the public is shown what needs them")
		}
		card := text(one(t, d, "li", "id", "signin-card"))
		if strings.Contains(card, "Human-rights dialogue and cooperation between states") || !strings.Contains(card, "request the floor") {
			t.Errorf("sign-in card says %q", card)
		}

		// The chair: today's sessions (not yesterday's or tomorrow's) with
		// the link to run their speakers list; no drafts.
		d = doc(t, s.client().signIn(fx.chair).get("/"))
		if got := linksIn(t, d, "work-sessions"); !slices.Equal(got, []string{"/sessions/" + id(fx.today), "/sessions/" + id(fx.today) + "/speakers"}) {
			t.Errorf("chair's sessions: %v", got)
		}
		if len(find(d, "", "id", "work-drafts")) != 0 || len(find(d, "", "id", "work-translations")) != 0 {
			t.Error("the chair is shown drafts or translations")
		}

		// Brazil's delegate: Brazil's draft only, and its request, second
		// in today's queue.
		d = doc(t, s.client().signIn(fx.delegate).get("/"))
		if got := texts(one(t, d, "section", "id", "work-drafts"), "a"); !slices.Equal(got, []string{"Brazil draft on health"}) {
			t.Errorf("Brazil's drafts: %v", got)
		}
		if got := linksIn(t, d, "work-drafts"); !slices.Equal(got, []string{"/statements/" + id(fx.draftBRA) + "/edit"}) {
			t.Errorf("Brazil's draft links: %v", got)
		}
		if got := texts(one(t, d, "section", "id", "work-requests"), "li"); !slices.Equal(got, []string{"Today: poverty alleviation — number 2 in the queue"}) {
			t.Errorf("Brazil's requests: %v", got)
		}
		if len(find(d, "", "id", "work-translations")) != 0 || len(find(d, "", "id", "work-sessions")) != 0 {
			t.Error("a delegate is shown the secretariat's or the chair's work")
		}

		// The secretariat: two statements of the third edition lack a
		// translation (China's Chinese one and Brazil's Spanish note for the
		// room; Brazil's English one has both; drafts do not count), every
		// delegation's drafts, and the way to import, create and manage.
		d = doc(t, s.client().signIn(fx.admin).get("/"))
		tr := one(t, d, "section", "id", "work-translations")
		if got := texts(tr, "li"); !slices.Equal(got, []string{"Third Roundtable: 2 statements lack a translation into a working language"}) {
			t.Errorf("untranslated: %v", got)
		}
		one(t, tr, "a", "href", "/editions/"+id(fx.current)+"#statements")
		if got := texts(one(t, d, "section", "id", "work-drafts"), "a"); !slices.Equal(got, []string{"China draft on education", "Brazil draft on health"}) {
			t.Errorf("secretariat's drafts: %v", got)
		}
		if got := linksIn(t, d, "work-secretariat"); !slices.Equal(got, []string{"/editions/" + id(fx.current) + "/import", "/editions/new", "/admin/users"}) {
			t.Errorf("secretariat's links: %v", got)
		}
	})
}

// TestHomeLeadsWithTheNextOrLatestEdition: with no edition open, the home
// page leads with the next planned one, else the latest, with its days as
// the reader's language writes them.
func TestHomeLeadsWithTheNextOrLatestEdition(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	ctx := context.Background()
	admin := s.user("sec@example.org", account.Administrator)
	dlg := &dialogue.Service{DB: s.db}
	forum, err := dlg.CreateForum(ctx, &admin, dialogue.Forum{Slug: "lead", Names: dialogue.Texts{"en": "Roundtable"}})
	if err != nil {
		t.Fatal(err)
	}
	add := func(number int, title, from, to, status string) {
		t.Helper()
		if _, err := dlg.CreateEdition(ctx, &admin, dialogue.Edition{ForumID: forum.ID, Number: number, Titles: dialogue.Texts{"en": title, "fr": title + " (fr)"},
			StartsOn: from, EndsOn: to, VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en"}, Status: status, Published: true}); err != nil {
			t.Fatal(err)
		}
	}
	add(1, "First Roundtable", "2023-11-19", "2023-11-20", dialogue.Closed)
	add(2, "Second Roundtable", "2024-11-19", "2024-11-19", dialogue.Closed)
	lead := func(lang string) (kind, title, dates, venue string) {
		c := s.client()
		c.lang = lang
		d := doc(t, c.get("/"))
		sec := one(t, d, "section", "id", "lead-edition")
		return attr(sec, "data-lead"), text(one(t, sec, "h2")), text(one(t, sec, "dd", "id", "lead-dates")), text(one(t, sec, "dd", "id", "lead-venue"))
	}
	if k, title, dates, venue := lead("en"); k != "latest" || title != "Second Roundtable" || dates != "19 November 2024" || venue != "Brasília, Brazil" {
		t.Fatalf("latest: %q %q %q %q", k, title, dates, venue)
	}
	if k, title, dates, venue := lead("fr"); k != "latest" || title != "Second Roundtable (fr)" || dates != "19 novembre 2024" || venue != "Brasília, Brésil" {
		t.Fatalf("latest in French: %q %q %q %q", k, title, dates, venue)
	}
	add(3, "Third Roundtable", "2999-03-02", "2999-03-04", dialogue.Planned)
	if k, title, dates, _ := lead("en"); k != "next" || title != "Third Roundtable" || dates != "2–4 March 2999" {
		t.Fatalf("next: %q %q %q", k, title, dates)
	}
}
