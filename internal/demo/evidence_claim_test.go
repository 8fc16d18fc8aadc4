package demo

import (
	"context"
	"math"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/groups"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// TestDemoClaimCheck: with the shipped indicators loaded, the demo's check
// of "nearly one-third of the world's population" lands on the statement
// whose English translation quotes it and shows what the data gives:
// wdi_all_areas.csv, 2025, China 1,406,585,000 + the 33 CELAC states
// 662,807,600 = 2,069,392,600 of WLD 8,215,424,893 = 25.19 %, which differs
// from the third stated.
func TestDemoClaimCheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		set, err := refdata.Load()
		claimMust(t, err)
		_, err = country.Sync(ctx, db, set)
		claimMust(t, err)
		accounts, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
		claimMust(t, err)
		admin, err := accounts.Create(ctx, audit.System("test"), account.NewUser{Email: "sec@example.org", DisplayName: "Secretariat",
			Role: account.Administrator, Password: "long enough password"})
		claimMust(t, err)
		dlg := &dialogue.Service{DB: db}
		f, err := dlg.CreateForum(ctx, &admin, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC"}})
		claimMust(t, err)
		e, err := dlg.CreateEdition(ctx, &admin, dialogue.Edition{ForumID: f.ID, Number: 2, Titles: dialogue.Texts{"en": "Second"}, StartsOn: "2024-11-19",
			EndsOn: "2024-11-20", VenueCity: "São Paulo", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"zh", "es", "pt", "en"}, Published: true})
		claimMust(t, err)
		d, err := dlg.AddDelegation(ctx, &admin, dialogue.Delegation{EditionID: e.ID, Kind: dialogue.KindCountry, Code: "CHN"})
		claimMust(t, err)
		claimMust(t, dlg.Accredit(ctx, &admin, d.ID, true))
		var ids []int64
		for _, body := range []string{"中方认为，生存权和发展权是首要的基本人权。", "中国和拉美人口合计接近世界人口的三分之一。"} {
			st, err := dlg.SaveStatement(ctx, &admin, dialogue.Statement{EditionID: e.ID, DelegationID: d.ID, Language: "zh", Body: body, Visibility: dialogue.Public})
			claimMust(t, err)
			ids = append(ids, st.ID)
		}
		_, err = dlg.SetTranslation(ctx, &admin, ids[1], dialogue.Translation{Language: "en", Origin: "human", Review: "reviewed",
			Body: "We note that " + ClaimQuote + "."})
		claimMust(t, err)

		if err := loadClaims(ctx, db, dlg, &admin, ids[:1]); err == nil || !strings.Contains(err.Error(), "no statement") {
			t.Fatalf("without the quote: %v, want an error naming it", err)
		}
		claimMust(t, loadEvidence(ctx, db))
		claimMust(t, loadClaims(ctx, db, dlg, &admin, ids))

		gs, err := groups.Load(ctx, db.Reader())
		claimMust(t, err)
		book := evidence.ClaimBook{Checker: evidence.Checker{Evidence: evidence.New(db), Groups: gs}, Statements: dlg}
		if list, _ := book.Claims(ctx, nil, ids[0]); len(list) != 0 {
			t.Errorf("the statement without the quote has %d checks", len(list))
		}
		list, err := book.Claims(ctx, nil, ids[1])
		claimMust(t, err)
		if len(list) != 1 || list[0].Answer == nil {
			t.Fatalf("checks = %+v, want one answered", list)
		}
		a := list[0].Answer
		if a.Year != 2025 || a.Numerator != 2069392600 || a.Denominator != 8215424893 || math.Abs(a.Value-25.189) > 0.001 {
			t.Errorf("answer = %.3f %% in %d (%v / %v), want 25.189 %% in 2025", a.Value, a.Year, a.Numerator, a.Denominator)
		}
		if a.Series.Source != "World Bank WDI" || a.Series.Vintage != "2026-07-01" || a.Series.Licence != "CC-BY-4.0" {
			t.Errorf("series = %s %s %s", a.Series.Source, a.Series.Vintage, a.Series.Licence)
		}
		if a.Verdict != evidence.Differs || *a.Stated != 100.0/3 {
			t.Errorf("verdict %q against %v, want differs from a third", a.Verdict, *a.Stated)
		}
	})
}

func claimMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
