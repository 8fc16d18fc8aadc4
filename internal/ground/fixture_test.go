package ground_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
)

// keywords is the thesaurus of these tests: a word in a text tags it with a
// concept. It tags statements (as the dialogue's Tagger) and propositions
// (as common ground's Thesaurus), and knows exactly these concepts.
type keywords map[string]string

var thesaurus = keywords{
	"development": "right-to-development",
	"poverty":     "poverty-reduction",
	"women":       "gender-equality",
	"water":       "right-to-water",
}

func (k keywords) Tag(lang, text string) []string {
	var out []string
	for word, c := range k {
		if strings.Contains(strings.ToLower(text), word) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

func (k keywords) Known(id string) bool {
	for _, c := range k {
		if c == id {
			return true
		}
	}
	return false
}

// fixture is one edition of the China–LAC roundtable with a delegation and
// a delegate account for each code given, the secretariat, a chair and an
// observer.
type fixture struct {
	db      *store.DB
	dlg     *dialogue.Service
	svc     *ground.Service
	acc     *account.Service
	admin   *account.User // the secretariat
	chair   *account.User
	obs     *account.User
	edition dialogue.Edition
	session dialogue.Session
	del     map[string]dialogue.Delegation
	// delegate is one delegate account per delegation code.
	delegate map[string]*account.User
}

var bg = context.Background()

func setup(t *testing.T, db *store.DB, codes ...string) *fixture {
	t.Helper()
	set, err := refdata.Load()
	must(t, err)
	_, err = country.Sync(bg, db, set)
	must(t, err)
	acc, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	must(t, err)
	dlg := &dialogue.Service{DB: db, Tagger: thesaurus}
	f := &fixture{db: db, dlg: dlg, svc: &ground.Service{DB: db, Dialogue: dlg, Thesaurus: thesaurus}, acc: acc,
		del: map[string]dialogue.Delegation{}, delegate: map[string]*account.User{}}
	f.admin = f.user(t, "secretariat@example.org", account.Administrator, "")
	f.chair = f.user(t, "chair@example.org", account.Chair, "")
	f.obs = f.user(t, "observer@example.org", account.Observer, "")
	forum, err := dlg.CreateForum(bg, f.admin, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable on Human Rights"}})
	must(t, err)
	f.edition, err = dlg.CreateEdition(bg, f.admin, dialogue.Edition{ForumID: forum.ID, Number: 2, Titles: dialogue.Texts{"en": "Second Roundtable"},
		StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Government of Brazil", Languages: []string{"zh", "es", "pt", "en"}})
	must(t, err)
	start := time.Date(2024, 11, 19, 9, 0, 0, 0, time.UTC)
	f.session, err = dlg.SaveSession(bg, f.admin, dialogue.Session{EditionID: f.edition.ID, Titles: dialogue.Texts{"en": "The right to development"}, StartsAt: start, EndsAt: start.Add(2 * time.Hour)})
	must(t, err)
	for _, code := range codes {
		d, err := dlg.AddDelegation(bg, f.admin, dialogue.Delegation{EditionID: f.edition.ID, Kind: dialogue.KindCountry, Code: code})
		must(t, err)
		must(t, dlg.Accredit(bg, f.admin, d.ID, true))
		d.Accredited = true
		f.del[code] = d
		f.delegate[code] = f.user(t, strings.ToLower(code)+"@example.org", account.Delegate, code)
	}
	return f
}

func (f *fixture) user(t *testing.T, email string, r account.Role, delegation string) *account.User {
	t.Helper()
	u, err := f.acc.Create(bg, audit.System("test"), account.NewUser{Email: email, DisplayName: email, Role: r, Delegation: delegation, Password: "long enough password"})
	must(t, err)
	return &u
}

// publishEdition opens the edition to the public.
func (f *fixture) publishEdition(t *testing.T) {
	t.Helper()
	e := f.edition
	e.Published = true
	var err error
	f.edition, err = f.dlg.UpdateEdition(bg, f.admin, e)
	must(t, err)
}

// propose puts a proposition of the chair's forward: published at once.
func (f *fixture) propose(t *testing.T, text string) ground.Proposition {
	t.Helper()
	p, err := f.svc.Propose(bg, f.chair, f.edition.ID, ground.PropositionInput{Language: "en", Text: text})
	must(t, err)
	if p.Status != ground.Published {
		t.Fatalf("the chair's proposition is %s, want published", p.Status)
	}
	return p
}

// set records the position of delegation code through its delegate.
func (f *fixture) set(t *testing.T, code string, propositionID int64, st ground.Stance, reason string) {
	t.Helper()
	if _, err := f.svc.SetPosition(bg, f.delegate[code], propositionID, ground.PositionInput{Stance: st, Reason: reason}); err != nil {
		t.Fatalf("%s %s on %d: %v", code, st, propositionID, err)
	}
}

// bloc declares a bloc through the secretariat.
func (f *fixture) bloc(t *testing.T, code string, position int, members ...string) ground.Bloc {
	t.Helper()
	b, err := f.svc.CreateBloc(bg, f.admin, f.edition.ID, ground.BlocInput{Code: code, Names: dialogue.Texts{"en": code}, Position: position, Members: members})
	must(t, err)
	return b
}

func (f *fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	must(t, f.db.Reader().QueryRow(bg, query, args...).Scan(&n))
	return n
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantErr checks the stable code and the HTTP status a user gets.
func wantErr(t *testing.T, what string, err error, code string, status int) {
	t.Helper()
	e := errs.As(err)
	if err == nil || e.Code != code || e.Kind.Status() != status {
		t.Errorf("%s: got %v (status %d), want %s (%d)", what, err, e.Kind.Status(), code, status)
	}
}

// wantField checks a validation error's code and field (status 400).
func wantField(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	wantErr(t, what, err, code, 400)
	if e := errs.As(err); err != nil && e.Field != field {
		t.Errorf("%s: field %q, want %q", what, e.Field, field)
	}
}

// near reports whether got is within tol of want, for numbers worked by
// hand to a few decimals.
func near(got, want, tol float64) bool { return got >= want-tol && got <= want+tol }

func stances(ps []ground.Position) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%s:%s ", p.Delegation, p.Stance)
	}
	return strings.TrimSpace(b.String())
}
