package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"roundtable/bench/measure"
	"roundtable/internal/account"
	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/store"
	"roundtable/internal/thesaurus"
)

// codes are the country delegations: China and the 33 states of Latin
// America and the Caribbean, every country of the countries table. The
// 35th delegation is CELAC (group), which files statements but takes no
// position: a delegate account belongs to a country, so no one may set a
// group's position.
var codes = []string{"CHN", "ARG", "ATG", "BHS", "BRB", "BLZ", "BOL", "BRA", "CHL", "COL", "CRI", "CUB", "DMA", "DOM",
	"ECU", "SLV", "GRD", "GTM", "GUY", "HTI", "HND", "JAM", "MEX", "NIC", "PAN", "PRY", "PER", "KNA", "LCA", "VCT",
	"SUR", "TTO", "URY", "VEN"}

// blocs are 8 blocs whose memberships overlap, as real ones do (Bolivia
// sits in four).
var blocs = []ground.BlocInput{
	{Code: "CHN", Names: dialogue.Texts{"en": "China"}, Members: []string{"CHN"}},
	{Code: "MERCOSUR", Names: dialogue.Texts{"en": "Mercosur"}, Members: []string{"ARG", "BRA", "PRY", "URY", "BOL"}},
	{Code: "CAN", Names: dialogue.Texts{"en": "Andean Community"}, Members: []string{"BOL", "COL", "ECU", "PER"}},
	{Code: "CARICOM", Names: dialogue.Texts{"en": "Caribbean Community"}, Members: []string{"ATG", "BHS", "BRB", "BLZ", "DMA",
		"GRD", "GUY", "HTI", "JAM", "KNA", "LCA", "VCT", "SUR", "TTO"}},
	{Code: "SICA", Names: dialogue.Texts{"en": "Central American Integration System"}, Members: []string{"BLZ", "CRI", "SLV",
		"GTM", "HND", "NIC", "PAN", "DOM"}},
	{Code: "ALBA", Names: dialogue.Texts{"en": "ALBA"}, Members: []string{"VEN", "CUB", "NIC", "BOL", "ATG", "DMA", "GRD", "KNA", "LCA", "VCT"}},
	{Code: "PACIFIC", Names: dialogue.Texts{"en": "Pacific Alliance"}, Members: []string{"CHL", "COL", "MEX", "PER"}},
	{Code: "ACTO", Names: dialogue.Texts{"en": "Amazon Cooperation Treaty"}, Members: []string{"BOL", "BRA", "COL", "ECU", "GUY", "PER", "SUR", "VEN"}},
}

// camp is the way a delegation tends to vote (0, 1 or 2): the groups the
// clustering should find, cutting across the declared blocs.
func camp(code string) int {
	switch code {
	case "CHN", "CUB", "VEN", "NIC", "BOL":
		return 0
	case "CHL", "MEX", "PER", "COL", "ARG", "BRA", "URY", "PRY":
		return 1
	}
	return 2
}

// group is the 35th delegation.
const group = "CELAC"

// Password of every account the seeder makes.
const password = "a password long enough"

// fixture is the seeded edition and the accounts that act in it.
type fixture struct {
	edition     int64
	secretariat account.User
	chair       account.User
	delegates   map[string]account.User // by delegation code
	delegations map[string]int64        // delegation ids by code
	props       []int64                 // the published propositions
	// stance is the position CHN holds on each proposition, so that the
	// live check can flip it.
	stance map[int64]ground.Stance
}

// size is the edition the seeder builds.
type size struct {
	propositions, statements int // statements per delegation
	// sources: every fifth proposition cites two statements.
	sources bool
}

// services are the ones the server uses, on one database.
type services struct {
	db       *store.DB
	accounts *account.Service
	dialogue *dialogue.Service
	ground   *ground.Service
}

func newServices(db *store.DB) (services, error) {
	acc, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		return services{}, err
	}
	dlg := &dialogue.Service{DB: db}
	return services{db: db, accounts: acc, dialogue: dlg, ground: &ground.Service{DB: db, Dialogue: dlg}}, nil
}

// seed builds the edition through the services, as the secretariat, the
// chair and each delegation's own delegate would, and reports how long
// each stage took.
func seed(ctx context.Context, s services, n size) (fixture, error) {
	fx := fixture{delegates: map[string]account.User{}, delegations: map[string]int64{}, stance: map[int64]ground.Stance{}}
	start := time.Now()
	if err := measure.Reference(ctx, s.db); err != nil {
		return fx, err
	}
	if err := people(ctx, s, &fx); err != nil {
		return fx, err
	}
	if err := editionOf(ctx, s, &fx); err != nil {
		return fx, err
	}
	stage("edition, 35 delegations, 34 delegates, 8 blocs", start)
	start = time.Now()
	stmts, err := statements(ctx, s, &fx, n.statements)
	if err != nil {
		return fx, err
	}
	stage(fmt.Sprintf("%d statements with concept tags (SaveStatement + CorrectTags)", len(stmts)), start)
	start = time.Now()
	if !n.sources {
		stmts = nil
	}
	if err := propositions(ctx, s, &fx, n.propositions, stmts); err != nil {
		return fx, err
	}
	stage(fmt.Sprintf("%d propositions published", len(fx.props)), start)
	start = time.Now()
	calls, err := positions(ctx, s, &fx)
	if err != nil {
		return fx, err
	}
	d := stage(fmt.Sprintf("%d positions, one SetPosition each as its delegate", calls), start)
	logf("  %.2f ms per SetPosition", float64(d)/1e6/float64(calls))
	if s.db.Dialect() == store.Postgres {
		_, err = s.db.Reader().Exec(ctx, "ANALYZE")
	}
	return fx, err
}

// people makes the secretariat, the chair and one delegate per country.
func people(ctx context.Context, s services, fx *fixture) error {
	c, err := measure.People(ctx, s.accounts, codes, password, "groundbench")
	fx.secretariat, fx.chair, fx.delegates = c.Secretariat, c.Chair, c.Delegates
	return err
}

// editionOf makes the forum, the edition, its accredited delegations and
// its blocs, as the secretariat.
func editionOf(ctx context.Context, s services, fx *fixture) error {
	sec := &fx.secretariat
	f, err := s.dialogue.CreateForum(ctx, sec, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable on Human Rights"}})
	if err != nil {
		return err
	}
	e, err := s.dialogue.CreateEdition(ctx, sec, dialogue.Edition{ForumID: f.ID, Number: 3, Titles: dialogue.Texts{"en": "Third Roundtable"},
		StartsOn: "2026-06-01", EndsOn: "2026-06-03", VenueCity: "Santiago", VenueCountry: "CHL", Host: "Chile",
		Languages: []string{"zh", "es", "pt", "en"}, Published: true})
	if err != nil {
		return err
	}
	fx.edition = e.ID
	for _, c := range append(slices.Clone(codes), group) {
		kind := dialogue.KindCountry
		if c == group {
			kind = dialogue.KindGroup
		}
		d, err := s.dialogue.AddDelegation(ctx, sec, dialogue.Delegation{EditionID: e.ID, Kind: kind, Code: c})
		if err != nil {
			return fmt.Errorf("delegation %s: %w", c, err)
		}
		if err := s.dialogue.Accredit(ctx, sec, d.ID, true); err != nil {
			return err
		}
		fx.delegations[c] = d.ID
	}
	for i, b := range blocs {
		b.Position = i + 1
		b.Members = slices.Clone(b.Members)
		if _, err := s.ground.CreateBloc(ctx, sec, e.ID, b); err != nil {
			return fmt.Errorf("bloc %s: %w", b.Code, err)
		}
	}
	return nil
}

// statements has each delegate file n public statements for its own
// delegation (the secretariat files CELAC's) and tag each with two or
// three concepts by hand, drawn mostly from its camp's themes, so that
// the blocs' priorities differ.
func statements(ctx context.Context, s services, fx *fixture, n int) ([]int64, error) {
	shipped, err := thesaurus.Shipped()
	if err != nil {
		return nil, err
	}
	concepts := make([]string, len(shipped))
	for i, c := range shipped {
		concepts[i] = c.ID
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var ids []int64
	for _, c := range append(slices.Clone(codes), group) {
		u, ok := fx.delegates[c]
		if !ok {
			u = fx.secretariat
		}
		for i := range n {
			st, err := s.dialogue.SaveStatement(ctx, &u, dialogue.Statement{EditionID: fx.edition, DelegationID: fx.delegations[c],
				Speaker: "Head of delegation", Language: "en", Title: fmt.Sprintf("Statement %d of %s", i+1, c),
				Body:        "The delegation shares its national experience and its view of the theme under discussion, and proposes ways forward.",
				DeliveredOn: fmt.Sprintf("2026-06-%02d", 1+i%3), Visibility: dialogue.Public})
			if err != nil {
				return nil, fmt.Errorf("statement of %s: %w", c, err)
			}
			tags := []string{}
			for range 2 + rng.IntN(2) {
				// A third of the thesaurus per camp, and now and then anything.
				k := camp(c)*len(concepts)/3 + rng.IntN(len(concepts)/3)
				if rng.IntN(5) == 0 {
					k = rng.IntN(len(concepts))
				}
				if !slices.Contains(tags, concepts[k]) {
					tags = append(tags, concepts[k])
				}
			}
			if _, err := s.dialogue.CorrectTags(ctx, &u, st.ID, tags, nil); err != nil {
				return nil, err
			}
			ids = append(ids, st.ID)
		}
	}
	return ids, nil
}

// propositions puts n forward: four in five by the chair (published at
// once), one in five by a delegation and then published by the chair;
// every fifth cites two statements as its sources.
func propositions(ctx context.Context, s services, fx *fixture, n int, stmts []int64) error {
	for i := range n {
		in := ground.PropositionInput{Language: "en",
			Text: fmt.Sprintf("Proposition %d: the participants agree to deepen cooperation on the theme of session %d.", i+1, 1+i%6)}
		if i%5 == 0 && len(stmts) > 0 {
			in.Sources = []int64{stmts[(i*7)%len(stmts)], stmts[(i*13+1)%len(stmts)]}
		}
		var p ground.Proposition
		var err error
		if i%5 == 4 {
			u := fx.delegates[codes[i%len(codes)]]
			if p, err = s.ground.Propose(ctx, &u, fx.edition, in); err == nil {
				p, err = s.ground.Publish(ctx, &fx.chair, p.ID)
			}
		} else {
			p, err = s.ground.Propose(ctx, &fx.chair, fx.edition, in)
		}
		if err != nil {
			return fmt.Errorf("proposition %d: %w", i+1, err)
		}
		fx.props = append(fx.props, p.ID)
	}
	return nil
}

// positions has every delegation take a position on every proposition,
// each through SetPosition as the delegation's own delegate. Each
// proposition leans differently in each camp, so that the groups exist.
func positions(ctx context.Context, s services, fx *fixture) (int, error) {
	rng := rand.New(rand.NewPCG(3, 4))
	calls := 0
	for j, id := range fx.props {
		lean := [3]float64{rng.Float64(), rng.Float64(), rng.Float64()}
		for _, c := range codes {
			u := fx.delegates[c]
			in := ground.PositionInput{Stance: stanceFor(rng, lean[camp(c)])}
			if in.Stance == ground.CannotAccept {
				in.Reason = fmt.Sprintf("The delegation of %s cannot accept proposition %d as drafted.", c, j+1)
			}
			if _, err := s.ground.SetPosition(ctx, &u, id, in); err != nil {
				return calls, fmt.Errorf("position of %s on %d: %w", c, id, err)
			}
			if c == "CHN" {
				fx.stance[id] = in.Stance
			}
			calls++
		}
	}
	return calls, nil
}

// stanceFor draws a stance for a camp that agrees with probability lean;
// one position in twenty awaits instructions.
func stanceFor(rng *rand.Rand, lean float64) ground.Stance {
	switch x := rng.Float64(); {
	case x < 0.05:
		return ground.Pending
	case x < 0.05+0.95*lean*0.6:
		return ground.Support
	case x < 0.05+0.95*lean:
		return ground.CanLiveWith
	}
	return ground.CannotAccept
}

// stage logs how long a stage of the seeding took and returns it.
func stage(what string, start time.Time) time.Duration {
	d := time.Since(start)
	logf("seeded %s in %s", what, d.Round(time.Millisecond))
	return d
}
