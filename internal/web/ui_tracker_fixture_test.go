package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/commitment"
	"roundtable/internal/dialogue"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
	"roundtable/internal/web"
)

// The tracker's fixture, written by hand and recorded through the
// services as people would (the secretariat records, a focal point files,
// the state's validator publishes):
//
//	c6 "Birth registration backlog"  BRA           2023-06-30  E1 public        BRA achieved (published)
//	c1 "Child mortality"             BRA+CHN       2024-12-31  E1 public        BRA in progress (published), CHN none
//	c2 "Universal birth registration" BRA          today+30    E1 public        BRA achieved (published) and a later draft not achieved
//	c4 "Secretariat's draft"         BRA           2027-06-30  E1 draft         —
//	c5 "Room only"                   ARG           2028-06-30  E1 participants  —
//	c3 "Rural water"                 CHN           2030-12-31  E2 public        CHN partly achieved (published)
//
// Themes: c1 health; c2 and c6 civil-registration; c3 water; targets: c1
// 3.2, c2 16.9, c3 6.1. The public reads c6, c1, c2, c3 (soonest due
// first); the delegates and the chair c5 as well; the secretariat all six.
type trackerFixture struct {
	s      *site
	ids    map[string]int64 // c1 … c6
	e1, e2 int64
	admin  account.User
	// who signs in, by column: observer, delegate of BRA, delegate of
	// CHN, validator of BRA, chair, administrator.
	emails map[string]string
	soon   string // c2's due day
}

// trackerThesaurus knows the fixture's three themes and tags nothing by
// itself.
type trackerThesaurus struct{}

func (trackerThesaurus) Tag(lang, text string) []string { return nil }
func (trackerThesaurus) Known(id string) bool {
	return id == "health" || id == "civil-registration" || id == "water"
}

// trackerLabels names the themes in English and Spanish.
func trackerLabels(id, lang string) string {
	labels := map[string]map[string]string{
		"health":             {"en": "Health", "es": "Salud"},
		"civil-registration": {"en": "Civil registration", "es": "Registro civil"},
		"water":              {"en": "Water", "es": "Agua"},
	}
	if l := labels[id][lang]; l != "" {
		return l
	}
	return labels[id]["en"]
}

func newTrackerFixture(t *testing.T, db *store.DB) *trackerFixture {
	t.Helper()
	ctx := context.Background()
	base := newSite(t, db)
	dlg := &dialogue.Service{DB: db}
	svc := &commitment.Service{DB: db, Dialogue: dlg, Thesaurus: trackerThesaurus{}}
	srv, err := web.New(web.Options{DB: db, Accounts: base.accounts, Dialogue: dlg, Commitments: svc, ConceptLabel: trackerLabels, Logger: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	base.srv.Config.Handler = srv.Handler()
	fx := &trackerFixture{s: base, ids: map[string]int64{}, emails: map[string]string{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	users := map[string]account.User{}
	for _, u := range []struct {
		who, delegation string
		role            account.Role
	}{
		{"observer", "", account.Observer}, {"delegate of BRA", "BRA", account.Delegate}, {"delegate of CHN", "CHN", account.Delegate},
		{"validator of BRA", "BRA", account.Validator}, {"validator of CHN", "CHN", account.Validator},
		{"chair", "", account.Chair}, {"administrator", "", account.Administrator},
	} {
		created, err := base.accounts.Create(ctx, audit.System("test"), account.NewUser{Email: fmt.Sprintf("tracker-%d@example.org", len(users)),
			DisplayName: u.who, Role: u.role, Delegation: u.delegation, Password: testPassword})
		must(err)
		users[u.who], fx.emails[u.who] = created, created.Email
	}
	fx.admin = users["administrator"]
	admin := &fx.admin
	forum, err := dlg.CreateForum(ctx, admin, dialogue.Forum{Slug: "tracker", Names: dialogue.Texts{"en": "Tracker Roundtable"}})
	must(err)
	start := time.Date(2024, 11, 19, 9, 0, 0, 0, time.UTC)
	statement := map[int64]int64{}
	for i, name := range []string{"E1", "E2"} {
		e, err := dlg.CreateEdition(ctx, admin, dialogue.Edition{ForumID: forum.ID, Number: i + 1, Titles: dialogue.Texts{"en": "Roundtable " + name, "es": "Mesa redonda " + name},
			Published: true, StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en", "es"}})
		must(err)
		sess, err := dlg.SaveSession(ctx, admin, dialogue.Session{EditionID: e.ID, Titles: dialogue.Texts{"en": "Follow-up"}, StartsAt: start, EndsAt: start.Add(time.Hour)})
		must(err)
		del, err := dlg.AddDelegation(ctx, admin, dialogue.Delegation{EditionID: e.ID, Kind: dialogue.KindCountry, Code: "BRA"})
		must(err)
		must(dlg.Accredit(ctx, admin, del.ID, true))
		st, err := dlg.SaveStatement(ctx, admin, dialogue.Statement{EditionID: e.ID, SessionID: sess.ID, DelegationID: del.ID, Language: "en",
			Title: "Pledges", Body: "We pledge to act.", Visibility: "public", DeliveredOn: "2024-11-19"})
		must(err)
		statement[e.ID] = st.ID
		if name == "E1" {
			fx.e1 = e.ID
		} else {
			fx.e2 = e.ID
		}
	}
	fx.soon = time.Now().UTC().AddDate(0, 0, 30).Format(time.DateOnly)
	for _, c := range []struct {
		name, title string
		edition     int64
		level       visibility.Level
		due         string
		owners      []commitment.Owner
		concept     string
		target      string
	}{
		{"c6", "Birth registration backlog", fx.e1, visibility.Public, "2023-06-30", []commitment.Owner{{Country: "BRA"}}, "civil-registration", ""},
		{"c1", "Child mortality", fx.e1, visibility.Public, "2024-12-31", []commitment.Owner{{Country: "BRA", Institution: "Ministry of Health"}, {Country: "CHN"}}, "health", "3.2"},
		{"c2", "Universal birth registration", fx.e1, visibility.Public, fx.soon, []commitment.Owner{{Country: "BRA"}}, "civil-registration", "16.9"},
		{"c4", "Secretariat's draft", fx.e1, visibility.Draft, "2027-06-30", []commitment.Owner{{Country: "BRA"}}, "", ""},
		{"c5", "Room only", fx.e1, visibility.Participants, "2028-06-30", []commitment.Owner{{Country: "ARG"}}, "", ""},
		{"c3", "Rural water", fx.e2, visibility.Public, "2030-12-31", []commitment.Owner{{Country: "CHN"}}, "water", "6.1"},
	} {
		in := commitment.Input{StatementID: statement[c.edition], Title: c.title, Text: c.title + ".", Language: "en", Level: c.level,
			StartsOn: "2020-01-01", DueOn: c.due, Owners: c.owners}
		if c.concept != "" {
			in.Concepts = []string{c.concept}
		}
		if c.target != "" {
			in.Targets = []string{c.target}
		}
		made, err := svc.Create(ctx, admin, in)
		must(err)
		fx.ids[c.name] = made.ID
	}
	report := func(who, validator, c, on string, st commitment.Status, publish bool) {
		t.Helper()
		author := users[who]
		r, err := svc.FileReport(ctx, &author, fx.ids[c], commitment.ReportInput{ReportedOn: on, Status: st, Narrative: "Progress of " + on + ".", Language: "en"})
		must(err)
		if !publish {
			return
		}
		_, err = svc.SubmitReport(ctx, &author, r.ID)
		must(err)
		v := users[validator]
		_, err = svc.Validate(ctx, &v, r.ID, true, "")
		must(err)
	}
	report("delegate of BRA", "validator of BRA", "c6", "2023-05-31", commitment.Achieved, true)
	report("delegate of BRA", "validator of BRA", "c1", "2024-06-30", commitment.InProgress, true)
	report("delegate of BRA", "validator of BRA", "c2", "2025-03-01", commitment.Achieved, true)
	report("delegate of BRA", "validator of BRA", "c2", "2025-09-01", commitment.NotAchieved, false)
	report("delegate of CHN", "validator of CHN", "c3", "2025-01-15", commitment.PartlyAchieved, true)
	return fx
}

// as is a client signed in as who ("" or "anonymous": the public).
func (fx *trackerFixture) as(who string) *client {
	c := fx.s.client()
	if email := fx.emails[who]; email != "" {
		c.signIn(email)
	}
	return c
}

// names maps fixture ids back to their names, for messages.
func (fx *trackerFixture) name(id string) string {
	for n, v := range fx.ids {
		if fmt.Sprint(v) == id {
			return n
		}
	}
	return "?" + id
}
