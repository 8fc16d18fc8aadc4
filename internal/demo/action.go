package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"roundtable/data"
	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/commitment"
	"roundtable/internal/outcome"
	"roundtable/internal/practice"
)

// ActionFile is the demo's practical action inside the embedded data: an
// adopted joint communiqué of the demo edition, a commitment of two states
// from one of its operative paragraphs with its reports, a practice of a
// third state, a request and an offer.
const ActionFile = "demo/china-lac-2-action.json"

// ValidatorEmail is the demo validator's sign-in: bound to the state of
// the demo's published report, it approves that state's reports.
const ValidatorEmail = "validator@roundtable.example"

// actionContent is ActionFile as written.
type actionContent struct {
	// Validator is the state the demo validator is bound to.
	Validator  string            `json:"validator"`
	Notice     map[string]string `json:"notice"`
	Outcome    communiqueSpec    `json:"outcome"`
	Commitment commitmentSpec    `json:"commitment"`
	Reports    []reportSpec      `json:"reports"`
	Practice   practiceSpec      `json:"practice"`
	Asks       []askSpec         `json:"asks"`
}

type communiqueSpec struct {
	Kind         string          `json:"kind"`
	Title        string          `json:"title"`
	Language     string          `json:"language"`
	Facilitators []string        `json:"facilitators"`
	RevisionNote string          `json:"revision_note"`
	Paragraphs   []paragraphSpec `json:"paragraphs"`
}

type commitmentSpec struct {
	Paragraph   string                     `json:"paragraph"` // the communiqué's label
	Title       string                     `json:"title"`
	Level       string                     `json:"level"`
	StartsOn    string                     `json:"starts_on"`
	DueOn       string                     `json:"due_on"`
	ReportEvery int                        `json:"report_every"`
	Owners      []commitment.Owner         `json:"owners"`
	Concepts    []string                   `json:"concepts"`
	Targets     []string                   `json:"targets"`
	Milestones  []commitment.Milestone     `json:"milestones"`
	Indicators  []commitment.IndicatorLink `json:"indicators"`
}

type reportSpec struct {
	Country    string                `json:"country"`
	ReportedOn string                `json:"reported_on"`
	Status     commitment.Status     `json:"status"`
	Language   string                `json:"language"`
	Narrative  string                `json:"narrative"`
	Evidence   []commitment.Evidence `json:"evidence"`
	// Publish: submitted by the focal point and approved by the
	// validator; otherwise left a draft.
	Publish bool `json:"publish"`
}

type practiceSpec struct {
	Country      string          `json:"country"`
	Language     string          `json:"language"`
	PeriodFrom   int             `json:"period_from"`
	PeriodTo     int             `json:"period_to"`
	Institutions string          `json:"institutions"`
	Costs        string          `json:"costs"`
	Contact      string          `json:"contact"`
	Concepts     []string        `json:"concepts"`
	Targets      []string        `json:"targets"`
	Indicators   []string        `json:"indicators"`
	Texts        []practice.Text `json:"texts"` // the original first
}

type askSpec struct {
	Kind          string   `json:"kind"`
	Country       string   `json:"country"`
	Title         string   `json:"title"`
	Body          string   `json:"body"`
	Language      string   `json:"language"`
	IndicatorCode string   `json:"indicator_code"`
	Level         string   `json:"level"`
	Concepts      []string `json:"concepts"`
}

// loadActionContent reads the embedded action file once, strictly, and
// checks what the services would only find out halfway through.
var loadActionContent = sync.OnceValues(func() (*actionContent, error) {
	b, err := fs.ReadFile(data.FS(), ActionFile)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c actionContent
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("data/%s: %w", ActionFile, err)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("data/%s: %s", ActionFile, fmt.Sprintf(format, args...))
	}
	if len(c.Commitment.Owners) < 2 {
		return nil, bad("the commitment has %d owners, the demo shows two", len(c.Commitment.Owners))
	}
	if len(c.Practice.Texts) == 0 || c.Practice.Texts[0].Language != c.Practice.Language {
		return nil, bad("the practice's first text must be its original, in %s", c.Practice.Language)
	}
	found := false
	for _, p := range c.Outcome.Paragraphs {
		found = found || (p.Label == c.Commitment.Paragraph && p.Kind == outcome.Operative)
	}
	if !found {
		return nil, bad("the commitment's paragraph %s is not an operative paragraph of the communiqué", c.Commitment.Paragraph)
	}
	for _, lang := range []string{"en", "es", "pt", "zh"} {
		if c.Notice[lang] == "" {
			return nil, bad("no notice in %s", lang)
		}
	}
	for _, r := range c.Reports {
		if c.Notice[r.Language] == "" {
			return nil, bad("no notice in %s for the report of %s", r.Language, r.Country)
		}
		if r.Publish && r.Country != c.Validator {
			return nil, bad("the published report of %s needs a validator of %s; the demo's is of %s", r.Country, r.Country, c.Validator)
		}
	}
	return &c, nil
})

// Action is what the demo's practical action is written through: the
// services `serve` runs, so every write is checked, audited and indexed
// like any other.
type Action struct {
	Accounts    *account.Service
	Outcome     *outcome.Service
	Commitments *commitment.Service
	Practices   *practice.Service
}

// ActionLoaded says what LoadAction wrote, for the tests and the journeys.
type ActionLoaded struct {
	Communique   int64 // the adopted communiqué's id
	Commitment   int64
	Reports      []int64 // in the order of the file
	Practice     int64
	Request      int64
	Offer        int64
	AlreadyThere bool // the demo's commitments were there: nothing written
}

// LoadAction adds the demo's practical action after Load, as the people of
// the demo would do it: the chair adopts the communiqué, the secretariat
// records the commitment from its operative paragraph, each owner's focal
// point (its delegate) files a report, the validator bound to the state
// publishes one, China's delegate writes a practice that the secretariat
// publishes, Bolivia asks and Brazil offers. It binds the demo validator
// to its state first (accounts of a demo loaded by an earlier version have
// none). On a database that already has a commitment it writes nothing,
// so `serve --demo` may run any number of times.
func LoadAction(ctx context.Context, a Action) (ActionLoaded, error) {
	var out ActionLoaded
	c, err := loadActionContent()
	if err != nil {
		return out, err
	}
	w, err := actionCastOf(ctx, a.Accounts, c)
	if err != nil {
		return out, err
	}
	page, err := a.Commitments.List(ctx, w.admin, commitment.Filter{Limit: 1})
	if err != nil {
		return out, fmt.Errorf("demo commitments: %w", err)
	}
	if page.Total > 0 {
		out.AlreadyThere = true
		return out, nil
	}
	if err := bindValidator(ctx, a.Accounts, w, c.Validator); err != nil {
		return out, err
	}
	if out.Communique, err = loadCommunique(ctx, a.Outcome, w, &c.Outcome); err != nil {
		return out, fmt.Errorf("demo communiqué: %w", err)
	}
	if err := loadCommitment(ctx, a, w, c, &out); err != nil {
		return out, fmt.Errorf("demo commitment: %w", err)
	}
	if err := loadPractice(ctx, a.Practices, w, c, &out); err != nil {
		return out, fmt.Errorf("demo practice: %w", err)
	}
	return out, nil
}

// actionCast are the demo accounts the action is written by.
type actionCast struct {
	cast
	validator *account.User
}

func actionCastOf(ctx context.Context, accounts *account.Service, c *actionContent) (actionCast, error) {
	w := actionCast{cast: cast{delegates: map[string]*account.User{}}}
	get := func(email string) (*account.User, error) {
		u, err := accounts.GetByEmail(ctx, email)
		if err != nil {
			return nil, fmt.Errorf("demo account %s (run the demo's Load first): %w", email, err)
		}
		return &u, nil
	}
	var err error
	if w.admin, err = get(AdminEmail); err != nil {
		return w, err
	}
	if w.chair, err = get(ChairEmail); err != nil {
		return w, err
	}
	if w.validator, err = get(ValidatorEmail); err != nil {
		return w, err
	}
	codes := []string{c.Practice.Country}
	for _, o := range c.Commitment.Owners {
		codes = append(codes, o.Country)
	}
	for _, x := range c.Asks {
		codes = append(codes, x.Country)
	}
	for _, code := range codes {
		if w.delegates[code], err = get(DelegateEmail(code)); err != nil {
			return w, err
		}
	}
	return w, nil
}

// DelegateEmail is the sign-in of the demo delegate of a state.
func DelegateEmail(code string) string {
	return "delegate." + strings.ToLower(code) + "@roundtable.example"
}

// bindValidator binds the demo validator to its state, once.
func bindValidator(ctx context.Context, accounts *account.Service, w actionCast, code string) error {
	if w.validator.Delegation == code {
		return nil
	}
	u, err := accounts.Update(ctx, audit.System("demo"), w.validator.ID, account.Patch{Delegation: &code})
	if err != nil {
		return fmt.Errorf("binding the demo validator to %s: %w", code, err)
	}
	*w.validator = u
	return nil
}
