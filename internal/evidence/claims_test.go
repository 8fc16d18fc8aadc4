package evidence_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"roundtable/data"
	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/groups"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

var bg = context.Background()

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// claimFixture is an edition with China's delegation, a public and a
// draft statement of it, the shipped areas and the shipped WDI population
// and life expectancy from 2015 on.
type claimFixture struct {
	book                        evidence.ClaimBook
	admin, chair, obs, delegate *account.User
	public, draft               int64
}

func setupClaims(t *testing.T, db *store.DB) *claimFixture {
	t.Helper()
	set, err := refdata.Load()
	must(t, err)
	_, err = country.Sync(bg, db, set)
	must(t, err)
	acc, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	must(t, err)
	user := func(email string, r account.Role, del string) *account.User {
		u, err := acc.Create(bg, audit.System("test"), account.NewUser{Email: email, DisplayName: email, Role: r, Delegation: del, Password: "long enough password"})
		must(t, err)
		return &u
	}
	f := &claimFixture{admin: user("secretariat@example.org", account.Administrator, ""), chair: user("chair@example.org", account.Chair, ""),
		obs: user("observer@example.org", account.Observer, ""), delegate: user("chn@example.org", account.Delegate, "CHN")}
	dlg := &dialogue.Service{DB: db}
	forum, err := dlg.CreateForum(bg, f.admin, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable"}})
	must(t, err)
	ed, err := dlg.CreateEdition(bg, f.admin, dialogue.Edition{ForumID: forum.ID, Number: 2, Titles: dialogue.Texts{"en": "Second Roundtable"},
		StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Government of Brazil", Languages: []string{"zh", "es", "pt", "en"}})
	must(t, err)
	ed.Published = true
	_, err = dlg.UpdateEdition(bg, f.admin, ed)
	must(t, err)
	d, err := dlg.AddDelegation(bg, f.admin, dialogue.Delegation{EditionID: ed.ID, Kind: dialogue.KindCountry, Code: "CHN"})
	must(t, err)
	must(t, dlg.Accredit(bg, f.admin, d.ID, true))
	for _, s := range []struct {
		vis string
		id  *int64
	}{{dialogue.Public, &f.public}, {dialogue.Draft, &f.draft}} {
		st, err := dlg.SaveStatement(bg, f.delegate, dialogue.Statement{EditionID: ed.ID, DelegationID: d.ID, Language: "en", Title: "Together",
			Body: "China and Latin America together represent nearly one-third of the world's population.", Visibility: s.vis})
		must(t, err)
		*s.id = st.ID
	}
	loadShipped(t, db, "SP.POP.TOTL", "SP.DYN.LE00.IN")
	ev := evidence.New(db)
	f.book = evidence.ClaimBook{Checker: evidence.Checker{Evidence: ev, Groups: groups.Build(celacOf(t, db))}, Statements: dlg}
	return f
}

func celacOf(t *testing.T, db *store.DB) []string {
	cs, err := country.List(bg, db.Reader(), country.Filter{Group: "CELAC"}, "en")
	must(t, err)
	var out []string
	for _, c := range cs {
		out = append(out, c.ISO3)
	}
	return out
}

// loadShipped writes the shipped areas and the indicators' observations
// from 2015 (wdi_all_areas.csv.gz) as series World Bank WDI 2026-07-01, and
// an older vintage of the population that lacks the world.
func loadShipped(t *testing.T, db *store.DB, codes ...string) {
	t.Helper()
	f, err := data.Indicators().Open("areas.json")
	must(t, err)
	var areas []evidence.Area
	must(t, json.NewDecoder(f).Decode(&areas))
	f.Close()
	gzf, err := data.Indicators().Open("wdi_all_areas.csv.gz")
	must(t, err)
	defer gzf.Close()
	zr, err := gzip.NewReader(gzf)
	must(t, err)
	now := time.Now().UTC()
	must(t, db.Write(bg, func(tx *store.Tx) error {
		for _, a := range areas {
			names, _ := json.Marshal(a.Names)
			if _, err := tx.Exec(bg, "INSERT INTO evidence_areas (code, kind, iso2, numeric, region, names) VALUES (?, ?, ?, ?, ?, ?)",
				a.Code, a.Kind, a.ISO2, a.Numeric, a.Region, string(names)); err != nil {
				return err
			}
		}
		ids := map[string]int64{}
		for i, c := range codes {
			if _, err := tx.Exec(bg, "INSERT INTO indicators (code, names, updated_at) VALUES (?, ?, ?)", c, `{"en":"`+c+`"}`, now); err != nil {
				return err
			}
			ids[c] = int64(i + 1)
			if _, err := tx.Exec(bg, `INSERT INTO indicator_series (id, indicator_code, source, vintage, licence, revision, observations, updated_at)
				VALUES (?, ?, 'World Bank WDI', '2026-07-01', 'CC-BY-4.0', 1, 1, ?)`, ids[c], c, now); err != nil {
				return err
			}
		}
		// An older release of the population, without the world's row:
		// a check that mixed releases would find China in it.
		if _, err := tx.Exec(bg, `INSERT INTO indicator_series (id, indicator_code, source, vintage, licence, revision, observations, updated_at)
			VALUES (99, 'SP.POP.TOTL', 'World Bank WDI', '2020-07-01', 'CC-BY-4.0', 1, 1, ?)`, now); err != nil {
			return err
		}
		if _, err := tx.Exec(bg, "INSERT INTO observations (series_id, area, year, value) VALUES (99, 'CHN', 2025, 1)"); err != nil {
			return err
		}
		sc := bufio.NewScanner(zr)
		for sc.Scan() {
			p := strings.Split(strings.TrimRight(sc.Text(), "\r"), ",")
			id, ok := ids[p[1]]
			if !ok || p[2] < "2015" {
				continue
			}
			year, _ := strconv.Atoi(p[2])
			v, err := strconv.ParseFloat(p[3], 64)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(bg, "INSERT INTO observations (series_id, area, year, value) VALUES (?, ?, ?, ?)", id, p[0], year, v); err != nil {
				return err
			}
		}
		return sc.Err()
	}))
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if e := errs.As(err); err == nil || e.Code != code {
		t.Errorf("%s: error %v, want %s", what, err, code)
	}
}

// chinaCELACShare is the demo's claim: China + CELAC over the world.
var chinaCELACShare = evidence.ClaimSpec{Kind: evidence.ShareClaim, Indicator: "SP.POP.TOTL", Areas: []string{"CHN", "CELAC"}, Of: []string{"WLD"}}

func TestShareOfTheWorldsPopulation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupClaims(t, db)
		// wdi_all_areas.csv, 2025: China 1,406,585,000 + the 33 CELAC
		// members 662,807,600 = 2,069,392,600 of WLD 8,215,424,893.
		a, err := f.book.Check(bg, chinaCELACShare)
		must(t, err)
		if a.Year != 2025 || a.Numerator != 2069392600 || a.Denominator != 8215424893 || math.Abs(a.Value-25.189) > 0.001 {
			t.Errorf("answer = %+v, want 25.189 %% in 2025 (2069392600 / 8215424893)", a)
		}
		if a.Series.Source != "World Bank WDI" || a.Series.Vintage != "2026-07-01" || a.Series.Licence != "CC-BY-4.0" {
			t.Errorf("series = %+v, want World Bank WDI 2026-07-01, CC-BY-4.0", a.Series)
		}
		third := 100.0 / 3
		a.Judge(&third)
		if a.Verdict != evidence.Differs || math.Abs(a.Difference-(25.189-33.333)) > 0.001 {
			t.Errorf("against a third: %s by %.3f, want differs by -8.144", a.Verdict, a.Difference)
		}
		quarter := 25.0
		if a.Judge(&quarter); a.Verdict != evidence.Close {
			t.Errorf("against a quarter: %s, want close", a.Verdict)
		}

		// 2024: 1,408,975,000 + 658,384,812 of 8,140,897,523 = 25.395 %.
		y := chinaCELACShare
		y.Year = 2024
		a, err = f.book.Check(bg, y)
		must(t, err)
		if a.Year != 2024 || math.Abs(a.Value-25.395) > 0.001 {
			t.Errorf("2024 = %.3f in %d, want 25.395", a.Value, a.Year)
		}

		// A group's value: South America's life expectancy, weighted by
		// population, in the latest year it has (2024; 2025 has no data).
		v, err := f.book.Check(bg, evidence.ClaimSpec{Kind: evidence.ValueClaim, Indicator: "SP.DYN.LE00.IN", Areas: []string{"CELAC-SAM"}})
		must(t, err)
		// Σ(life × population) / Σ population over the twelve = 76.415.
		if v.Year != 2024 || math.Abs(v.Value-76.415) > 0.001 || v.Weights == nil || v.Weights.Indicator != "SP.POP.TOTL" {
			t.Errorf("South America = %+v, want 76.415 in 2024 weighted by population", v)
		}
		// An area's own latest value: Bolivia's life expectancy, 2024.
		v, err = f.book.Check(bg, evidence.ClaimSpec{Kind: evidence.ValueClaim, Indicator: "SP.DYN.LE00.IN", Areas: []string{"bol"}})
		must(t, err)
		if v.Year != 2024 || v.Value != 68.739 {
			t.Errorf("Bolivia = %v in %d, want 68.739 in 2024", v.Value, v.Year)
		}
	})
}

func TestClaimChecksRefuseWhatTheyCannotAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupClaims(t, db)
		for _, c := range []struct {
			spec evidence.ClaimSpec
			code string
		}{
			{evidence.ClaimSpec{Kind: "guess", Indicator: "SP.POP.TOTL", Areas: []string{"CHN"}}, "invalid_kind"},
			{evidence.ClaimSpec{Kind: "share", Indicator: "SP.POP.TOTL", Areas: []string{"CHN"}}, "of_required"},
			{evidence.ClaimSpec{Kind: "share", Indicator: "SP.POP.TOTL", Areas: []string{"CHN"}, Of: []string{"XXX"}}, "unknown_area"},
			{evidence.ClaimSpec{Kind: "share", Indicator: "NO.SUCH", Areas: []string{"CHN"}, Of: []string{"WLD"}}, "unknown_indicator"},
			{evidence.ClaimSpec{Kind: "share", Indicator: "SP.DYN.LE00.IN", Areas: []string{"CHN"}, Of: []string{"WLD"}}, "share_needs_total"},
			{evidence.ClaimSpec{Kind: "value", Indicator: "SP.POP.TOTL", Areas: []string{"CHN", "BRA"}}, "one_area"},
			{evidence.ClaimSpec{Kind: "value", Indicator: "SP.POP.TOTL", Areas: []string{"CHN"}, Year: 1990}, "claim_no_data"},
		} {
			_, err := f.book.Check(bg, c.spec)
			wantCode(t, c.code, err, c.code)
		}
	})
}

func TestClaimsFollowTheirStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupClaims(t, db)
		third := 100.0 / 3
		quote := "China and Latin America together represent nearly one-third of the world's population"

		_, err := f.book.AddClaim(bg, f.obs, f.public, quote, chinaCELACShare, &third)
		wantCode(t, "an observer adds", err, "forbidden")
		_, err = f.book.AddClaim(bg, f.chair, f.draft, quote, chinaCELACShare, &third)
		wantCode(t, "the chair adds to a draft it cannot read", err, "statement_not_found")
		_, err = f.book.AddClaim(bg, f.chair, f.public, "  ", chinaCELACShare, &third)
		wantCode(t, "empty quote", err, "quote_required")

		c, err := f.book.AddClaim(bg, f.chair, f.public, quote, chinaCELACShare, &third)
		must(t, err)
		if c.Answer == nil || c.Answer.Verdict != evidence.Differs {
			t.Fatalf("added = %+v, want answered: differs", c)
		}

		// The public reads it, answered again from the data.
		list, err := f.book.Claims(bg, nil, f.public)
		must(t, err)
		if len(list) != 1 || list[0].Quote != quote || list[0].Answer == nil || list[0].Answer.Year != 2025 ||
			math.Abs(list[0].Answer.Value-25.189) > 0.001 || *list[0].Stated != third {
			t.Fatalf("public list = %+v", list)
		}
		_, err = f.book.Claims(bg, nil, f.draft)
		wantCode(t, "the public reads a draft's claims", err, "statement_not_found")

		// A re-import that drops the world's 2025 row moves the answer
		// to 2024 the next time it is shown.
		must(t, db.Write(bg, func(tx *store.Tx) error {
			if _, err := tx.Exec(bg, "DELETE FROM observations WHERE series_id = 1 AND area = 'WLD' AND year = 2025"); err != nil {
				return err
			}
			_, err := tx.Exec(bg, "UPDATE indicator_series SET revision = revision + 1 WHERE id = 1")
			return err
		}))
		list, err = f.book.Claims(bg, f.obs, f.public)
		must(t, err)
		if len(list) != 1 || list[0].Answer == nil || list[0].Answer.Year != 2024 {
			t.Fatalf("after the re-import = %+v, want the 2024 share", list)
		}

		wantCode(t, "an observer deletes", f.book.DeleteClaim(bg, f.obs, c.ID), "forbidden")
		must(t, f.book.DeleteClaim(bg, f.admin, c.ID))
		wantCode(t, "deleted twice", f.book.DeleteClaim(bg, f.admin, c.ID), "claim_not_found")
		if list, _ := f.book.Claims(bg, nil, f.public); len(list) != 0 {
			t.Errorf("after delete: %+v", list)
		}
	})
}
