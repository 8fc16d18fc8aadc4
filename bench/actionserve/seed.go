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
	"roundtable/internal/audit"
	"roundtable/internal/commitment"
	"roundtable/internal/dialogue"
	"roundtable/internal/evidence"
	"roundtable/internal/outcome"
	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/thesaurus"
)

// codes are the states that may own a commitment: China and the 33 states
// of Latin America and the Caribbean (the forum's participants; the issue's
// "35" counts CELAC, a group, which owns nothing).
var codes = []string{"CHN", "ARG", "ATG", "BHS", "BRB", "BLZ", "BOL", "BRA", "CHL", "COL", "CRI", "CUB", "DMA", "DOM",
	"ECU", "SLV", "GRD", "GTM", "GUY", "HTI", "HND", "JAM", "MEX", "NIC", "PAN", "PRY", "PER", "KNA", "LCA", "VCT",
	"SUR", "TTO", "URY", "VEN"}

// themes are the concepts commitments, practices and requests are tagged
// with by hand, so the theme filter and the suggestions have something to
// find.
var themes = []string{"child-mortality", "maternal-mortality", "right-to-health", "universal-health-coverage",
	"education", "free-primary-and-secondary-education", "literacy", "poverty-alleviation", "right-to-subsistence",
	"rural-development", "rights-of-women", "rights-of-the-child", "decent-work", "malnutrition", "health-systems",
	"early-childhood-development", "inclusive-education", "birth-registration", "sustainable-agriculture", "mental-health"}

// indicators are shipped WDI codes a commitment or a practice links.
var indicators = []string{"SH.DYN.MORT", "SH.STA.MMRT", "SP.DYN.LE00.IN", "SE.PRM.ENRR", "SE.SEC.ENRR"}

var targets = []string{"1.2", "1.3", "2.1", "3.1", "3.2", "3.8", "4.1", "4.2", "5.1", "8.5"}

var languages = []string{"en", "es", "pt", "zh"}

var statusMix = []commitment.Status{commitment.InProgress, commitment.InProgress, commitment.InProgress,
	commitment.PartlyAchieved, commitment.NotStarted, commitment.Achieved, commitment.NotAchieved}

const password = "a password long enough"

// services are the ones the server uses, on one database.
type services struct {
	db          *store.DB
	accounts    *account.Service
	dialogue    *dialogue.Service
	outcome     *outcome.Service
	evidence    *evidence.Service
	commitments *commitment.Service
	practices   *practice.Service
}

// concepts is the shipped thesaurus as the services' tagger.
type concepts struct{ t *thesaurus.Thesaurus }

func (c concepts) Tag(lang, text string) []string { return c.t.Tag(lang, text) }
func (c concepts) Known(id string) bool {
	_, ok := c.t.Concept(id)
	return ok
}

func newServices(db *store.DB) (services, error) {
	acc, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		return services{}, err
	}
	shipped, err := thesaurus.Shipped()
	if err != nil {
		return services{}, err
	}
	th, err := thesaurus.New(shipped)
	if err != nil {
		return services{}, err
	}
	dlg := &dialogue.Service{DB: db}
	out := &outcome.Service{DB: db, Dialogue: dlg}
	ev := evidence.New(db)
	return services{db: db, accounts: acc, dialogue: dlg, outcome: out, evidence: ev,
		commitments: &commitment.Service{DB: db, Dialogue: dlg, Outcome: out, Evidence: ev, Thesaurus: concepts{th}},
		practices:   &practice.Service{DB: db, Dialogue: dlg, Evidence: ev, Thesaurus: concepts{th}},
	}, nil
}

// size is what the seeder builds.
type size struct {
	commitments, reports, practices, requests, offers, paragraphs int
	reportsVia                                                    string // sql or services
}

// fixture is what was seeded and who acts on it.
type fixture struct {
	edition, doc int64
	secretariat  account.User
	chair        account.User
	delegates    map[string]account.User
	validators   map[string]account.User
	commitments  []int64
	owners       [][]string // of each commitment
	reports      int
	practices    []int64
	requests     []int64 // with their country, for the suggestions
	requesters   []string
}

// seed builds the fixture: people, an edition with an adopted declaration
// whose operative paragraphs the commitments come from, the commitments
// (through commitment.Service), their reports (bulk SQL or the services),
// the practices and the requests and offers (through practice.Service).
func seed(ctx context.Context, s services, n size, withEvidence bool) (fixture, error) {
	fx := fixture{delegates: map[string]account.User{}, validators: map[string]account.User{}}
	start := time.Now()
	if err := measure.Reference(ctx, s.db); err != nil {
		return fx, err
	}
	if withEvidence {
		if err := s.evidence.LoadShipped(ctx, nil); err != nil {
			return fx, fmt.Errorf("shipped indicators: %w", err)
		}
		stage("reference data and the shipped indicators", start)
	}
	start = time.Now()
	c, err := measure.People(ctx, s.accounts, codes, password, "actionbench")
	if err != nil {
		return fx, err
	}
	fx.secretariat, fx.chair, fx.delegates = c.Secretariat, c.Chair, c.Delegates
	for _, code := range codes {
		u, err := s.accounts.Create(ctx, audit.System("actionbench"), account.NewUser{Email: "validator-" + code + "@roundtable.example",
			DisplayName: "Validator of " + code, Role: account.Validator, Delegation: code, Password: password})
		if err != nil {
			return fx, fmt.Errorf("validator of %s: %w", code, err)
		}
		fx.validators[code] = u
	}
	if err := adopted(ctx, s, &fx, n.paragraphs); err != nil {
		return fx, err
	}
	stage(fmt.Sprintf("people, edition, adopted declaration of %d operative paragraphs", n.paragraphs), start)
	rng := rand.New(rand.NewPCG(14, 5000))
	if err := commitments(ctx, s, &fx, rng, n); err != nil {
		return fx, err
	}
	if err := reports(ctx, s, &fx, rng, n); err != nil {
		return fx, err
	}
	if err := practices(ctx, s, &fx, rng, n); err != nil {
		return fx, err
	}
	if s.db.Dialect() == store.Postgres {
		if _, err := s.db.Reader().Exec(ctx, "ANALYZE"); err != nil {
			return fx, err
		}
	}
	return fx, nil
}

// adopted makes the forum, a published edition with its delegations, and
// an adopted declaration of k operative paragraphs.
func adopted(ctx context.Context, s services, fx *fixture, k int) error {
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
	chair := &fx.chair
	d, err := s.outcome.CreateDocument(ctx, chair, e.ID, outcome.DocumentInput{Kind: outcome.Declaration, Title: "Santiago Plan of Action", Language: "en"})
	if err != nil {
		return err
	}
	fx.doc = d.ID
	for i := range k {
		text := fmt.Sprintf("Undertake to %s, in line with target %s of the Sustainable Development Goals, and to report on progress at each edition (undertaking %d);",
			undertakings[i%len(undertakings)], targets[i%len(targets)], i+1)
		if _, err := s.outcome.AddParagraph(ctx, chair, d.ID, outcome.ParagraphInput{Kind: outcome.Operative, Text: text}); err != nil {
			return err
		}
	}
	rev, err := s.outcome.IssueRevision(ctx, chair, d.ID, outcome.RevisionInput{})
	if err != nil {
		return err
	}
	a, err := s.outcome.Adopt(ctx, chair, d.ID, outcome.AdoptInput{Method: outcome.MethodConsensus, Revision: rev.Number})
	if err == nil && !a.Adopted {
		err = fmt.Errorf("the declaration was not adopted: %+v", a)
	}
	return err
}

var undertakings = []string{
	"reduce preventable deaths of newborns and children under five, with priority to rural and remote areas",
	"reduce maternal mortality through skilled care at every birth",
	"ensure that all girls and boys complete free and quality primary and secondary education",
	"extend social protection floors to all, including workers in the informal economy",
	"end hunger and ensure access to safe and nutritious food all year round",
	"register every birth and give every child a legal identity",
	"achieve universal health coverage, including financial risk protection",
	"eliminate all forms of discrimination against women and girls",
}

// commitments records n.commitments commitments through the service, as
// the secretariat: each from an operative paragraph, owned by one to three
// states, with two or three themes, a target, two milestones and an
// indicator per owner.
func commitments(ctx context.Context, s services, fx *fixture, rng *rand.Rand, n size) error {
	start := time.Now()
	paras, err := s.outcome.Paragraphs(ctx, &fx.chair, fx.doc)
	if err != nil {
		return err
	}
	sec := &fx.secretariat
	for i := range n.commitments {
		p := paras[i%len(paras)]
		owners := pick(rng, codes, 1+rng.IntN(3))
		in := commitment.Input{
			Title:    fmt.Sprintf("Commitment %d: %s", i+1, undertakings[i%len(undertakings)]),
			StartsOn: fmt.Sprintf("%d-01-01", 2024+rng.IntN(3)), DueOn: fmt.Sprintf("%d-12-31", 2026+rng.IntN(5)),
			Concepts: pick(rng, themes, 2+rng.IntN(2)), Targets: []string{targets[rng.IntN(len(targets))]},
			Milestones: []commitment.Milestone{{Title: "National plan adopted", DueOn: "2026-06-30"}, {Title: "Mid-term review", DueOn: "2028-06-30"}},
		}
		code := indicators[rng.IntN(len(indicators))]
		for _, o := range owners {
			in.Owners = append(in.Owners, commitment.Owner{Country: o, Institution: "Ministry responsible (" + o + ")"})
			base := 10 + rng.Float64()*40
			in.Indicators = append(in.Indicators, commitment.IndicatorLink{Code: code, Country: o, BaselineYear: 2020, Baseline: round1(base), TargetYear: 2030, Target: round1(base * 0.6)})
		}
		c, err := s.commitments.FromParagraph(ctx, sec, p.ID, in)
		if err != nil {
			return fmt.Errorf("commitment %d: %w", i+1, err)
		}
		fx.commitments = append(fx.commitments, c.ID)
		fx.owners = append(fx.owners, owners)
		if (i+1)%1000 == 0 {
			stage(fmt.Sprintf("%d commitments (commitment.Service.FromParagraph)", i+1), start)
		}
	}
	return nil
}

// reports writes n.reports reports per commitment, spread over its owners
// one reporting period after another: most published (filed by the
// owner's delegate, validated by its validator), some waiting for
// validation, some drafts.
func reports(ctx context.Context, s services, fx *fixture, rng *rand.Rand, n size) error {
	start := time.Now()
	type row struct {
		commitment int64
		country    string
		on         string
		status     commitment.Status
		lang       string
		state      commitment.ReportState
	}
	var rows []row
	for i, id := range fx.commitments {
		owners := fx.owners[i]
		for k := range n.reports {
			o := owners[k%len(owners)]
			state := commitment.ReportPublished
			switch x := rng.IntN(20); {
			case x == 0:
				state = commitment.ReportDraft
			case x == 1:
				state = commitment.ReportSubmitted
			}
			day := time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC).AddDate(0, 3*k, rng.IntN(20))
			rows = append(rows, row{id, o, day.Format(time.DateOnly), statusMix[rng.IntN(len(statusMix))], languages[rng.IntN(len(languages))], state})
		}
	}
	if n.reportsVia == "services" {
		for i, r := range rows {
			focal := fx.delegates[r.country]
			rep, err := s.commitments.FileReport(ctx, &focal, r.commitment, commitment.ReportInput{Country: r.country, ReportedOn: r.on,
				Status: r.status, Narrative: narrative(r.lang, i), Language: r.lang})
			if err != nil {
				return fmt.Errorf("report %d: %w", i+1, err)
			}
			if r.state != commitment.ReportDraft {
				if _, err := s.commitments.SubmitReport(ctx, &focal, rep.ID); err != nil {
					return fmt.Errorf("report %d: %w", i+1, err)
				}
			}
			if r.state == commitment.ReportPublished {
				v := fx.validators[r.country]
				if _, err := s.commitments.Validate(ctx, &v, rep.ID, true, ""); err != nil {
					return fmt.Errorf("report %d: %w", i+1, err)
				}
			}
			fx.reports++
			if fx.reports%10000 == 0 {
				stage(fmt.Sprintf("%d reports (commitment.Service: file, submit, validate)", fx.reports), start)
			}
		}
		return nil
	}
	// Bulk SQL, in transactions of 5,000 rows: the columns the service
	// writes for a report in each state (the CHECK on published reports
	// holds), without the history events and search documents it adds.
	const batch = 5000
	for from := 0; from < len(rows); from += batch {
		part := rows[from:min(from+batch, len(rows))]
		err := s.db.Write(ctx, func(tx *store.Tx) error {
			now := store.Now()
			for i, r := range part {
				author := fx.delegates[r.country].ID
				var submitted, validated, published any
				var validator any
				if r.state != commitment.ReportDraft {
					submitted = now
				}
				if r.state == commitment.ReportPublished {
					validator, validated, published = fx.validators[r.country].ID, now, now
				}
				if _, err := tx.Exec(ctx, `INSERT INTO progress_reports (commitment_id, country, reported_on, status, narrative, language, state,
					author_id, submitted_at, validated_by, validated_at, published_at, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					r.commitment, r.country, r.on, r.status, narrative(r.lang, from+i), r.lang, r.state,
					author, submitted, validator, validated, published, now, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		fx.reports += len(part)
		if fx.reports%20000 == 0 {
			stage(fmt.Sprintf("%d reports (bulk SQL into progress_reports)", fx.reports), start)
		}
	}
	// What the service keeps as it publishes: each owner's latest
	// published status and day, on commitment_owners.
	start = time.Now()
	if err := s.db.Write(ctx, func(tx *store.Tx) error { return commitment.RecountLatest(ctx, tx) }); err != nil {
		return err
	}
	stage("owners' latest statuses (commitment.RecountLatest)", start)
	return nil
}

// practices writes n.practices published practices (each state's delegate
// writes and submits, the secretariat publishes), then the requests and
// offers, all through practice.Service.
func practices(ctx context.Context, s services, fx *fixture, rng *rand.Rand, n size) error {
	start := time.Now()
	for i := range n.practices {
		code := codes[i%len(codes)]
		by := fx.delegates[code]
		lang := languages[rng.IntN(len(languages))]
		p, err := s.practices.Create(ctx, &by, practice.Input{Country: code, Language: lang,
			Title:   fmt.Sprintf("Practice %d of %s: %s", i+1, code, undertakings[i%len(undertakings)]),
			Context: narrative(lang, i), Actions: narrative(lang, i+1), Results: narrative(lang, i+2),
			Challenges: "Staff in remote areas; stable funding.", Lessons: "Start where the need is greatest.",
			Transfer: "Needs a public network down to the local level.", PeriodFrom: 2005 + rng.IntN(10), PeriodTo: 2020 + rng.IntN(5),
			Institutions: "Ministry responsible (" + code + ")", Costs: "Public budget.", Contact: "focal-point-" + strings.ToLower(code) + "@example.org",
			Concepts: pick(rng, themes, 2+rng.IntN(2)), Targets: []string{targets[rng.IntN(len(targets))]},
			Indicators: []string{indicators[rng.IntN(len(indicators))]}})
		if err != nil {
			return fmt.Errorf("practice %d: %w", i+1, err)
		}
		if _, err := s.practices.Submit(ctx, &by, p.ID); err != nil {
			return fmt.Errorf("practice %d: %w", i+1, err)
		}
		if _, err := s.practices.Publish(ctx, &fx.secretariat, p.ID); err != nil {
			return fmt.Errorf("practice %d: %w", i+1, err)
		}
		fx.practices = append(fx.practices, p.ID)
	}
	stage(fmt.Sprintf("%d practices (practice.Service: create, submit, publish)", n.practices), start)
	start = time.Now()
	for i := range n.requests + n.offers {
		kind := practice.Request
		if i >= n.requests {
			kind = practice.Offer
		}
		code := codes[rng.IntN(len(codes))]
		by := fx.delegates[code]
		lang := languages[rng.IntN(len(languages))]
		a, err := s.practices.CreateAsk(ctx, &by, practice.AskInput{Kind: kind, Country: code, Language: lang, Level: "public",
			Title: fmt.Sprintf("%s %d of %s: %s", kind, i+1, code, undertakings[i%len(undertakings)]), Body: narrative(lang, i),
			IndicatorCode: indicators[rng.IntN(len(indicators))], Concepts: pick(rng, themes, 1+rng.IntN(2))})
		if err != nil {
			return fmt.Errorf("%s %d: %w", kind, i+1, err)
		}
		if kind == practice.Request {
			fx.requests = append(fx.requests, a.ID)
			fx.requesters = append(fx.requesters, code)
		}
	}
	stage(fmt.Sprintf("%d requests, %d offers (practice.Service.CreateAsk)", n.requests, n.offers), start)
	return nil
}

// narratives are a report's text in each language, of a realistic length.
var narratives = map[string]string{
	"en": "The ministry extended the programme to the remaining rural districts, trained community health workers and midwives, and strengthened referral to district hospitals. Funding for the second phase was approved; staff turnover in remote areas remains the main difficulty.",
	"es": "El ministerio extendió el programa a los distritos rurales restantes, capacitó a agentes comunitarios de salud y parteras y reforzó la derivación a los hospitales distritales. Se aprobó la financiación de la segunda fase; la rotación del personal en las zonas remotas sigue siendo la principal dificultad.",
	"pt": "O ministério estendeu o programa aos distritos rurais restantes, capacitou agentes comunitários de saúde e parteiras e reforçou o encaminhamento aos hospitais distritais. O financiamento da segunda fase foi aprovado; a rotatividade do pessoal nas áreas remotas continua sendo a principal dificuldade.",
	"zh": "该部将项目扩大到其余农村地区，培训了社区卫生工作者和助产士，并加强了向县级医院的转诊。第二阶段的资金已获批准；偏远地区人员流动仍是主要困难。",
}

func narrative(lang string, i int) string {
	return fmt.Sprintf("%s (%d)", narratives[lang], i+1)
}

// pick draws k distinct items of list.
func pick(rng *rand.Rand, list []string, k int) []string {
	idx := rng.Perm(len(list))[:k]
	out := make([]string, k)
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}

func round1(x float64) float64 { return float64(int(x*10+0.5)) / 10 }

func stage(what string, start time.Time) {
	measure.Logf("%-66s %6.1f s", what, time.Since(start).Seconds())
}
