package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"roundtable/bench/measure"
	"roundtable/internal/account"
	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/outcome"
	"roundtable/internal/reference"
	"roundtable/internal/store"
)

// codes are the country delegations: China and the 33 states of Latin
// America and the Caribbean. The 35th delegation is CELAC (a group), which
// takes no position: a delegate account belongs to a country.
var codes = []string{"CHN", "ARG", "ATG", "BHS", "BRB", "BLZ", "BOL", "BRA", "CHL", "COL", "CRI", "CUB", "DMA", "DOM",
	"ECU", "SLV", "GRD", "GTM", "GUY", "HTI", "HND", "JAM", "MEX", "NIC", "PAN", "PRY", "PER", "KNA", "LCA", "VCT",
	"SUR", "TTO", "URY", "VEN"}

// other are the working languages besides the negotiating one (English).
var other = []string{"zh", "es", "pt", "fr"}

const password = "a password long enough"

// services are the ones the server uses, on one database.
type services struct {
	db       *store.DB
	accounts *account.Service
	dialogue *dialogue.Service
	ground   *ground.Service
	outcome  *outcome.Service
}

func newServices(db *store.DB) (services, error) {
	acc, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		return services{}, err
	}
	dlg := &dialogue.Service{DB: db}
	gnd := &ground.Service{DB: db, Dialogue: dlg}
	return services{db: db, accounts: acc, dialogue: dlg, ground: gnd, outcome: &outcome.Service{DB: db, Dialogue: dlg, Ground: gnd}}, nil
}

// fixture is the seeded document and the accounts that act on it.
type fixture struct {
	edition, doc int64
	secretariat  account.User
	chair        account.User
	delegates    map[string]account.User
	amendments   int
	positions    int
	revisions    int
}

// size is the document the seeder builds.
type size struct {
	paragraphs, revisions, amendments int
}

// seed builds the document through the services, as the chair and each
// delegation's delegate would: paragraphs drawn from the Universal
// Declaration (its real text in the five languages, so Chinese is
// Chinese), the zero draft, then per revision an even share of the
// amendments (half accepted, a quarter rejected, a quarter left), status
// changes, and every delegation's position on every paragraph twice (after
// the middle revision and after the last), so that positions on earlier
// wordings and the history are there too.
func seed(ctx context.Context, s services, n size) (fixture, error) {
	fx := fixture{delegates: map[string]account.User{}}
	start := time.Now()
	if err := measure.Reference(ctx, s.db); err != nil {
		return fx, err
	}
	if err := people(ctx, s, &fx); err != nil {
		return fx, err
	}
	if err := edition(ctx, s, &fx); err != nil {
		return fx, err
	}
	stage("edition, 35 delegations, 34 delegates", start)
	arts, err := articles()
	if err != nil {
		return fx, err
	}
	start = time.Now()
	chair := &fx.chair
	d, err := s.outcome.CreateDocument(ctx, chair, fx.edition, outcome.DocumentInput{Kind: outcome.Declaration, Title: "Declaration of the Third Roundtable", Language: "en"})
	if err != nil {
		return fx, err
	}
	fx.doc = d.ID
	for i := range n.paragraphs {
		kind := outcome.Operative
		if i < n.paragraphs/5 {
			kind = outcome.Preambular
		}
		a := arts[i%len(arts)]
		p, err := s.outcome.AddParagraph(ctx, chair, d.ID, outcome.ParagraphInput{Kind: kind, Text: a["en"]})
		if err != nil {
			return fx, err
		}
		for _, l := range other {
			if _, err := s.outcome.SetTranslation(ctx, chair, d.ID, p.Label, l, outcome.TranslationInput{Text: a[l], Status: "reviewed"}); err != nil {
				return fx, err
			}
		}
	}
	if _, err := s.outcome.IssueRevision(ctx, chair, d.ID, outcome.RevisionInput{}); err != nil {
		return fx, err
	}
	stage(fmt.Sprintf("%d paragraphs in %d languages, zero draft", n.paragraphs, len(other)+1), start)
	rng := rand.New(rand.NewPCG(10, 300))
	per := n.amendments / n.revisions
	for r := 1; r <= n.revisions; r++ {
		start = time.Now()
		if err := round(ctx, s, &fx, rng, per); err != nil {
			return fx, fmt.Errorf("round %d: %w", r, err)
		}
		if _, err := s.outcome.IssueRevision(ctx, chair, d.ID, outcome.RevisionInput{}); err != nil {
			return fx, err
		}
		fx.revisions++
		if r == n.revisions/2 || r == n.revisions {
			if err := positions(ctx, s, &fx, rng); err != nil {
				return fx, err
			}
		}
		stage(fmt.Sprintf("Rev.%d (%d amendments so far, %d positions)", r, fx.amendments, fx.positions), start)
	}
	if s.db.Dialect() == store.Postgres {
		_, err = s.db.Reader().Exec(ctx, "ANALYZE")
	}
	return fx, err
}

// round has k delegations amend random paragraphs (replacing a word by
// another of the text, or adding a clause), and the chair accept half,
// reject a quarter and leave the rest; then moves a few paragraphs'
// statuses.
func round(ctx context.Context, s services, fx *fixture, rng *rand.Rand, k int) error {
	chair := &fx.chair
	paras, err := s.outcome.Paragraphs(ctx, chair, fx.doc)
	if err != nil {
		return err
	}
	touched := map[string]bool{}
	for made := 0; made < k; {
		p := paras[rng.IntN(len(paras))]
		if touched[p.Label] { // an accepted change made the list's wording stale
			continue
		}
		made++
		code := codes[rng.IntN(len(codes))]
		u := fx.delegates[code]
		a, err := s.outcome.ProposeAmendment(ctx, &u, fx.doc, outcome.AmendmentInput{Kind: "replace", Paragraph: p.Label,
			Text: edit(rng, p.Text), Rationale: "Clearer wording.", Sponsors: []string{codes[(slices.Index(codes, code)+1)%len(codes)]}, TextVersion: p.TextVersion})
		if err != nil {
			return err
		}
		fx.amendments++
		switch x := rng.IntN(4); {
		case x < 2 && !touched[p.Label]:
			if _, err := s.outcome.AcceptAmendment(ctx, chair, a.ID, ""); err != nil {
				return err
			}
			touched[p.Label] = true
		case x == 2:
			if _, err := s.outcome.RejectAmendment(ctx, chair, a.ID, "Not this time."); err != nil {
				return err
			}
		}
	}
	for range 10 {
		p := paras[rng.IntN(len(paras))]
		in := outcome.StatusInput{Status: outcome.Agreed}
		if rng.IntN(3) == 0 {
			in = outcome.StatusInput{Status: outcome.Bracketed, Reason: "contentious"}
		}
		if _, err := s.outcome.SetStatus(ctx, chair, fx.doc, p.Label, in); err != nil {
			return err
		}
	}
	return nil
}

// edit changes one word of text for another of it, or adds a clause.
func edit(rng *rand.Rand, text string) string {
	words := strings.Fields(text)
	if len(words) < 4 || rng.IntN(3) == 0 {
		return strings.TrimRight(text, ".;,") + ", in accordance with national conditions."
	}
	i, j := rng.IntN(len(words)), rng.IntN(len(words))
	if words[i] == words[j] {
		return strings.TrimRight(text, ".;,") + ", as appropriate."
	}
	words[i] = words[j]
	return strings.Join(words, " ")
}

// positions has every delegation take a position on every paragraph.
func positions(ctx context.Context, s services, fx *fixture, rng *rand.Rand) error {
	paras, err := s.outcome.Paragraphs(ctx, &fx.chair, fx.doc)
	if err != nil {
		return err
	}
	stances := []ground.Stance{ground.Support, ground.Support, ground.CanLiveWith, ground.Pending, ground.CannotAccept}
	for _, p := range paras {
		for _, code := range codes {
			u := fx.delegates[code]
			in := outcome.PositionInput{Stance: stances[rng.IntN(len(stances))], TextVersion: p.TextVersion}
			if in.Stance == ground.CannotAccept {
				in.Reason = "Instructions from the capital."
			}
			if _, err := s.outcome.SetPosition(ctx, &u, fx.doc, p.Label, in); err != nil {
				return err
			}
			fx.positions++
		}
	}
	return nil
}

// articles are the Universal Declaration's articles, each in the five
// languages, one paragraph each (their paragraphs joined).
func articles() ([]map[string]string, error) {
	all, err := reference.Shipped()
	if err != nil {
		return nil, err
	}
	by := map[int]map[string]string{}
	for _, a := range all {
		if by[a.Number] == nil {
			by[a.Number] = map[string]string{}
		}
		by[a.Number][a.Language] = strings.Join(strings.Fields(a.Body), " ")
	}
	out := make([]map[string]string, 0, len(by))
	for i := 1; i <= len(by); i++ {
		out = append(out, by[i])
	}
	return out, nil
}

// people makes the secretariat, the chair and one delegate per country.
func people(ctx context.Context, s services, fx *fixture) error {
	c, err := measure.People(ctx, s.accounts, codes, password, "outcomebench")
	fx.secretariat, fx.chair, fx.delegates = c.Secretariat, c.Chair, c.Delegates
	return err
}

// edition makes the forum and the edition (five working languages) with
// its accredited delegations, as the secretariat.
func edition(ctx context.Context, s services, fx *fixture) error {
	sec := &fx.secretariat
	f, err := s.dialogue.CreateForum(ctx, sec, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable on Human Rights"}})
	if err != nil {
		return err
	}
	e, err := s.dialogue.CreateEdition(ctx, sec, dialogue.Edition{ForumID: f.ID, Number: 3, Titles: dialogue.Texts{"en": "Third Roundtable"},
		StartsOn: "2026-06-01", EndsOn: "2026-06-03", VenueCity: "Santiago", VenueCountry: "CHL", Host: "Chile",
		Languages: []string{"en", "zh", "es", "pt", "fr"}, Published: true})
	if err != nil {
		return err
	}
	fx.edition = e.ID
	for _, c := range append(slices.Clone(codes), "CELAC") {
		kind := dialogue.KindCountry
		if c == "CELAC" {
			kind = dialogue.KindGroup
		}
		d, err := s.dialogue.AddDelegation(ctx, sec, dialogue.Delegation{EditionID: e.ID, Kind: kind, Code: c})
		if err != nil {
			return fmt.Errorf("delegation %s: %w", c, err)
		}
		if err := s.dialogue.Accredit(ctx, sec, d.ID, true); err != nil {
			return err
		}
	}
	return nil
}

func stage(what string, start time.Time) {
	measure.Logf("%-60s %6.1f s", what, time.Since(start).Seconds())
}
