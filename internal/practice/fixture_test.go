package practice_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"slices"
	"strings"
	"testing"

	"roundtable/data"
	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/practice"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
)

var bg = context.Background()

// keywords is the thesaurus of these tests: a word in a text tags it with
// a concept, and it knows exactly these concepts.
type keywords map[string]string

var thesaurus = keywords{
	"mortality": "child-health",
	"remote":    "rural-development",
	"rural":     "rural-development",
	"school":    "education",
	"water":     "right-to-water",
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

// fixture is one edition of the roundtable with the delegations of Brazil,
// Argentina, Colombia, Mexico and China, a delegate for each, and the
// other readers of the visibility table.
type fixture struct {
	db        *store.DB
	svc       *practice.Service
	admin     *account.User // the secretariat
	chair     *account.User
	observer  *account.User
	validator *account.User // bound to Brazil
	delegate  map[string]*account.User
	dialogue  *dialogue.Service
	edition   int64
}

var participants = []string{"BRA", "ARG", "COL", "MEX", "CHN"}

func setup(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	set, err := refdata.Load()
	must(t, err)
	_, err = country.Sync(bg, db, set)
	must(t, err)
	acc, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	must(t, err)
	dlg := &dialogue.Service{DB: db, Tagger: thesaurus}
	ev := evidence.New(db)
	must(t, ev.SyncCatalogue(bg))
	f := &fixture{db: db, svc: &practice.Service{DB: db, Dialogue: dlg, Evidence: ev, Thesaurus: thesaurus}, delegate: map[string]*account.User{}}
	user := func(email string, r account.Role, delegation string) *account.User {
		u, err := acc.Create(bg, audit.System("test"), account.NewUser{Email: email, DisplayName: email, Role: r, Delegation: delegation, Password: "long enough password"})
		must(t, err)
		return &u
	}
	f.admin = user("secretariat@example.org", account.Administrator, "")
	f.chair = user("chair@example.org", account.Chair, "")
	f.observer = user("observer@example.org", account.Observer, "")
	f.validator = user("validator@example.org", account.Validator, "BRA")
	forum, err := dlg.CreateForum(bg, f.admin, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable on Human Rights"}})
	must(t, err)
	ed, err := dlg.CreateEdition(bg, f.admin, dialogue.Edition{ForumID: forum.ID, Number: 2, Titles: dialogue.Texts{"en": "Second Roundtable"},
		StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Government of Brazil", Languages: []string{"zh", "es", "pt", "en"}})
	must(t, err)
	f.dialogue, f.edition = dlg, ed.ID
	for _, code := range participants {
		d, err := dlg.AddDelegation(bg, f.admin, dialogue.Delegation{EditionID: ed.ID, Kind: dialogue.KindCountry, Code: code})
		must(t, err)
		must(t, dlg.Accredit(bg, f.admin, d.ID, true))
		f.delegate[code] = user(strings.ToLower(code)+"@example.org", account.Delegate, code)
	}
	return f
}

// loadMortality imports, from the shipped World Bank file, the rows of
// the three indicators peer learning needs for under-five mortality: the
// indicator itself, GDP per capita (PPP) and population.
func loadMortality(t testing.TB, f *fixture) {
	t.Helper()
	src, err := data.Indicators().Open("wdi_all_areas.csv.gz")
	must(t, err)
	defer src.Close()
	z, err := gzip.NewReader(src)
	must(t, err)
	var buf bytes.Buffer
	sc := bufio.NewScanner(z)
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first || strings.Contains(line, ",SH.DYN.MORT,") || strings.Contains(line, ",NY.GDP.PCAP.PP.CD,") || strings.Contains(line, ",SP.POP.TOTL,") {
			buf.WriteString(line + "\n")
		}
		first = false
	}
	must(t, sc.Err())
	_, err = f.svc.Evidence.Import(bg, bytes.NewReader(buf.Bytes()), evidence.ImportOptions{FileName: "wdi_all_areas.csv", Format: "long",
		Source: "World Bank WDI", Vintage: "2026-07-01", Licence: "CC-BY-4.0", Actor: audit.System("test")})
	must(t, err)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// practiceIn is a practice of country with the text given, in English.
func practiceIn(country, title, context, results string) practice.Input {
	return practice.Input{Country: country, Language: "en", Title: title, Context: context, Actions: "What was done.", Results: results,
		Contact: "focal.point@" + strings.ToLower(country) + ".example", PeriodFrom: 2015, PeriodTo: 2020}
}

// published writes a practice through its delegate and has the
// secretariat publish it.
func (f *fixture) published(t *testing.T, in practice.Input) practice.Practice {
	t.Helper()
	p, err := f.svc.Create(bg, f.delegate[in.Country], in)
	must(t, err)
	_, err = f.svc.Submit(bg, f.delegate[in.Country], p.ID)
	must(t, err)
	p, err = f.svc.Publish(bg, f.admin, p.ID)
	must(t, err)
	return p
}

// code is the stable code of an error, "" for nil.
func code(err error) string {
	if err == nil {
		return ""
	}
	return errs.As(err).Code
}
