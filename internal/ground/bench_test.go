package ground_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/refdata"
	"roundtable/internal/store/storetest"
	thes "roundtable/internal/thesaurus"
)

// The benchmarks read an edition of the size issue 9 sets — 35
// delegations, 8 blocs with overlapping members, 300 published
// propositions, every country delegation's position on every one (34 ×
// 300), 20 tagged statements per delegation — on SQLite, as a delegate (who sees
// positions). Each seeds its own edition through the services, once
// (b.Loop runs the body's setup once), so `-bench Map` alone costs one
// seeding. bench/ground measures the same edition over HTTP, on both
// databases.
//
//	go test ./internal/ground -run '^$' -bench . -benchtime 300x

func BenchmarkMap(b *testing.B) {
	s, v, e := benchEdition(b)
	for b.Loop() {
		if _, err := s.Map(context.Background(), v, e); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGroups(b *testing.B) {
	s, v, e := benchEdition(b)
	for b.Loop() {
		if _, err := s.Groups(context.Background(), v, e); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPriorities(b *testing.B) {
	s, v, e := benchEdition(b)
	for b.Loop() {
		if _, err := s.Priorities(context.Background(), v, e); err != nil {
			b.Fatal(err)
		}
	}
}

// benchCodes are China and the 33 states of Latin America and the
// Caribbean, every country the countries table holds; the 35th delegation
// is CELAC, a group, which files statements but takes no position (a
// delegate account belongs to a country).
var benchCodes = []string{"CHN", "ARG", "ATG", "BHS", "BRB", "BLZ", "BOL", "BRA", "CHL", "COL", "CRI", "CUB", "DMA", "DOM",
	"ECU", "SLV", "GRD", "GTM", "GUY", "HTI", "HND", "JAM", "MEX", "NIC", "PAN", "PRY", "PER", "KNA", "LCA", "VCT",
	"SUR", "TTO", "URY", "VEN"}

// benchBlocs are 8 blocs whose members overlap (Bolivia sits in four).
var benchBlocs = [][]string{
	{"CHN", "CHN"},
	{"MERCOSUR", "ARG", "BRA", "PRY", "URY", "BOL"},
	{"CAN", "BOL", "COL", "ECU", "PER"},
	{"CARICOM", "ATG", "BHS", "BRB", "BLZ", "DMA", "GRD", "GUY", "HTI", "JAM", "KNA", "LCA", "VCT", "SUR", "TTO"},
	{"SICA", "BLZ", "CRI", "SLV", "GTM", "HND", "NIC", "PAN", "DOM"},
	{"ALBA", "VEN", "CUB", "NIC", "BOL", "ATG", "DMA", "GRD", "KNA", "LCA", "VCT"},
	{"PACIFIC", "CHL", "COL", "MEX", "PER"},
	{"ACTO", "BOL", "BRA", "COL", "ECU", "GUY", "PER", "SUR", "VEN"},
}

// benchCamp is how a delegation tends to vote, across the blocs.
func benchCamp(code string) int {
	switch code {
	case "CHN", "CUB", "VEN", "NIC", "BOL":
		return 0
	case "CHL", "MEX", "PER", "COL", "ARG", "BRA", "URY", "PRY":
		return 1
	}
	return 2
}

// benchEdition seeds the edition through the services and returns the
// service, the delegate of BRA and the edition's id; the timer starts
// after it.
func benchEdition(b *testing.B) (*ground.Service, *account.User, int64) {
	b.Helper()
	ctx := context.Background()
	db := storetest.SQLite(b)
	start := time.Now()
	set, err := refdata.Load()
	benchMust(b, err)
	_, err = country.Sync(ctx, db, set)
	benchMust(b, err)
	accounts, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	benchMust(b, err)
	dlg := &dialogue.Service{DB: db}
	s := &ground.Service{DB: db, Dialogue: dlg}
	user := func(email string, r account.Role, delegation string) *account.User {
		u, err := accounts.Create(ctx, audit.System("bench"), account.NewUser{Email: email, DisplayName: email, Role: r,
			Delegation: delegation, Password: "a password long enough"})
		benchMust(b, err)
		return &u
	}
	sec, chair := user("sec@example.org", account.Administrator, ""), user("chair@example.org", account.Chair, "")
	f, err := dlg.CreateForum(ctx, sec, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable"}})
	benchMust(b, err)
	e, err := dlg.CreateEdition(ctx, sec, dialogue.Edition{ForumID: f.ID, Number: 3, Titles: dialogue.Texts{"en": "Third Roundtable"},
		StartsOn: "2026-06-01", EndsOn: "2026-06-03", VenueCity: "Santiago", VenueCountry: "CHL", Host: "Chile",
		Languages: []string{"zh", "es", "pt", "en"}, Published: true})
	benchMust(b, err)
	delegates := map[string]*account.User{}
	for _, c := range benchCodes {
		d, err := dlg.AddDelegation(ctx, sec, dialogue.Delegation{EditionID: e.ID, Kind: dialogue.KindCountry, Code: c})
		benchMust(b, err)
		benchMust(b, dlg.Accredit(ctx, sec, d.ID, true))
		delegates[c] = user("delegate-"+c+"@example.org", account.Delegate, c)
	}
	celac, err := dlg.AddDelegation(ctx, sec, dialogue.Delegation{EditionID: e.ID, Kind: dialogue.KindGroup, Code: "CELAC"})
	benchMust(b, err)
	benchMust(b, dlg.Accredit(ctx, sec, celac.ID, true))
	delegates["CELAC"] = sec // the secretariat files a group's statements
	for i, bl := range benchBlocs {
		_, err := s.CreateBloc(ctx, sec, e.ID, ground.BlocInput{Code: bl[0], Names: dialogue.Texts{"en": bl[0]}, Position: i + 1, Members: bl[1:]})
		benchMust(b, err)
	}
	stmts := benchStatements(b, dlg, delegates, e.ID)
	props := benchPropositions(b, s, chair, delegates, e.ID, stmts)
	benchPositions(b, s, delegates, props)
	b.Logf("seeded %d propositions, %d positions, %d statements in %s", len(props), len(props)*len(benchCodes), len(stmts), time.Since(start).Round(time.Millisecond))
	return s, delegates["BRA"], e.ID
}

// benchStatements files 20 public statements per delegation, as its
// delegate (CELAC's as the secretariat), each tagged by hand with two or three concepts, mostly from
// its camp's third of the thesaurus.
func benchStatements(b *testing.B, dlg *dialogue.Service, delegates map[string]*account.User, edition int64) []int64 {
	ctx := context.Background()
	shipped, err := thes.Shipped()
	benchMust(b, err)
	dels, err := dlg.Delegations(ctx, nil, edition)
	benchMust(b, err)
	rng := rand.New(rand.NewPCG(1, 2))
	var ids []int64
	for _, d := range dels {
		for i := range 20 {
			st, err := dlg.SaveStatement(ctx, delegates[d.Code], dialogue.Statement{EditionID: edition, DelegationID: d.ID,
				Language: "en", Title: fmt.Sprintf("Statement %d of %s", i+1, d.Code),
				Body: "The delegation shares its national experience of the theme.", DeliveredOn: "2026-06-01", Visibility: dialogue.Public})
			benchMust(b, err)
			var tags []string
			for range 2 + rng.IntN(2) {
				k := benchCamp(d.Code)*len(shipped)/3 + rng.IntN(len(shipped)/3)
				tags = append(tags, shipped[k].ID)
			}
			_, err = dlg.CorrectTags(ctx, delegates[d.Code], st.ID, tags, nil)
			benchMust(b, err)
			ids = append(ids, st.ID)
		}
	}
	return ids
}

// benchPropositions puts 300 forward: one in five by a delegation, then
// published by the chair; every fifth cites two statements.
func benchPropositions(b *testing.B, s *ground.Service, chair *account.User, delegates map[string]*account.User, edition int64, stmts []int64) []int64 {
	ctx := context.Background()
	var ids []int64
	for i := range 300 {
		in := ground.PropositionInput{Language: "en", Text: fmt.Sprintf("Proposition %d: deepen cooperation on theme %d.", i+1, i%6)}
		if i%5 == 0 {
			in.Sources = []int64{stmts[(i*7)%len(stmts)], stmts[(i*13+1)%len(stmts)]}
		}
		var p ground.Proposition
		var err error
		if i%5 == 4 {
			if p, err = s.Propose(ctx, delegates[benchCodes[i%len(benchCodes)]], edition, in); err == nil {
				p, err = s.Publish(ctx, chair, p.ID)
			}
		} else {
			p, err = s.Propose(ctx, chair, edition, in)
		}
		benchMust(b, err)
		ids = append(ids, p.ID)
	}
	return ids
}

// benchPositions has every delegation take a position on every
// proposition through SetPosition, as its own delegate; each proposition
// leans differently in each camp.
func benchPositions(b *testing.B, s *ground.Service, delegates map[string]*account.User, props []int64) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	for j, id := range props {
		lean := [3]float64{rng.Float64(), rng.Float64(), rng.Float64()}
		for _, c := range benchCodes {
			in := ground.PositionInput{Stance: ground.CannotAccept, Reason: fmt.Sprintf("%s cannot accept proposition %d.", c, j+1)}
			switch x := rng.Float64(); {
			case x < 0.05:
				in = ground.PositionInput{Stance: ground.Pending}
			case x < 0.05+0.95*lean[benchCamp(c)]*0.6:
				in = ground.PositionInput{Stance: ground.Support}
			case x < 0.05+0.95*lean[benchCamp(c)]:
				in = ground.PositionInput{Stance: ground.CanLiveWith}
			}
			_, err := s.SetPosition(ctx, delegates[c], id, in)
			benchMust(b, err)
		}
	}
}

func benchMust(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}
