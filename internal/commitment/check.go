package commitment

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"roundtable/data"
	"roundtable/internal/country"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/visibility"
)

// Limits on what a commitment or a report holds.
const (
	maxTitle     = 300
	maxText      = 20_000
	maxNarrative = 50_000
	maxComment   = 5_000
	maxShort     = 300
)

// Levels a commitment may have: a draft the secretariat prepares, the
// room's, or everyone's (once its edition, if any, is published).
var commitmentLevels = []visibility.Level{visibility.Draft, visibility.Participants, visibility.Public}

// check validates in and copies it into c (whose title, text and
// language its source already set).
func (s *Service) check(ctx context.Context, c *Commitment, in Input) error {
	var err error
	if c.Title, err = checkText("title", c.Title, maxTitle); err != nil {
		return err
	}
	if c.Text, err = checkText("text", c.Text, maxText); err != nil {
		return err
	}
	if err := checkLang("language", c.Language); err != nil {
		return err
	}
	c.Level = in.Level
	if c.Level == "" {
		c.Level = visibility.Public
	}
	if !slices.Contains(commitmentLevels, c.Level) {
		return errLevel
	}
	if !validDay(in.StartsOn) {
		return errDate("starts_on")
	}
	if !validDay(in.DueOn) {
		return errDate("due_on")
	}
	if in.DueOn <= in.StartsOn {
		return errDueBeforeStart
	}
	c.StartsOn, c.DueOn = in.StartsOn, in.DueOn
	c.ReportEvery = in.ReportEvery
	if c.ReportEvery == 0 {
		c.ReportEvery = 12
	}
	if c.ReportEvery < 1 || c.ReportEvery > 60 {
		return errReportEvery
	}
	if c.Owners, err = s.checkOwners(ctx, in.Owners); err != nil {
		return err
	}
	if c.Concepts, err = s.concepts(c.Language, c.Title+"\n"+c.Text, in.Concepts); err != nil {
		return err
	}
	if c.Targets, err = checkTargets(in.Targets); err != nil {
		return err
	}
	c.Milestones = make([]Milestone, 0, len(in.Milestones))
	for _, m := range in.Milestones {
		if m.Title, err = checkText("milestones", m.Title, maxShort); err != nil {
			return err
		}
		if !validDay(m.DueOn) || (m.DoneOn != "" && !validDay(m.DoneOn)) {
			return errDate("milestones")
		}
		c.Milestones = append(c.Milestones, m)
	}
	c.Indicators = make([]IndicatorLink, 0, len(in.Indicators))
	for _, x := range in.Indicators {
		x.Code, x.Country = strings.TrimSpace(x.Code), strings.ToUpper(strings.TrimSpace(x.Country))
		if !ownedBy(*c, x.Country) {
			return errIndicatorOwner(x.Country)
		}
		if s.Evidence == nil {
			return errIndicator(x.Code)
		}
		if _, err := s.Evidence.Indicator(ctx, x.Code); errs.Is(err, errs.NotFound) {
			return errIndicator(x.Code)
		} else if err != nil {
			return err
		}
		if x.BaselineYear < 1900 || x.TargetYear > 2100 || x.TargetYear <= x.BaselineYear {
			return errIndicatorYears
		}
		if x.Target == x.Baseline {
			return errIndicatorTarget
		}
		if slices.ContainsFunc(c.Indicators, func(y IndicatorLink) bool { return y.Code == x.Code && y.Country == x.Country }) {
			continue
		}
		c.Indicators = append(c.Indicators, x)
	}
	return nil
}

// checkOwners: at least one, each a participant of the forum (China and
// the CELAC states, as package country groups them), none twice.
func (s *Service) checkOwners(ctx context.Context, in []Owner) ([]Owner, error) {
	if len(in) == 0 {
		return nil, errNoOwner
	}
	ok, err := participants(ctx, s)
	if err != nil {
		return nil, err
	}
	out := make([]Owner, 0, len(in))
	for _, o := range in {
		o.Country = strings.ToUpper(strings.TrimSpace(o.Country))
		if !ok[o.Country] {
			return nil, errOwner(o.Country)
		}
		if slices.ContainsFunc(out, func(x Owner) bool { return x.Country == o.Country }) {
			return nil, errOwnerTwice(o.Country)
		}
		var err error
		if o.Institution, err = checkOptional("owners", o.Institution, maxShort); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b Owner) int { return strings.Compare(a.Country, b.Country) })
	return out, nil
}

// participants is the set of the forum's states: China and the CELAC
// states, from package country (the reference data of countries is
// theirs).
func participants(ctx context.Context, s *Service) (map[string]bool, error) {
	cs, err := country.List(ctx, s.DB.Reader(), country.Filter{Group: "CELAC"}, "en")
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, c := range cs {
		out[c.ISO3] = true
	}
	if _, err := country.Get(ctx, s.DB.Reader(), "CHN"); err == nil {
		out["CHN"] = true
	} else if !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	return out, nil
}

// concepts are the thesaurus's tags of the text plus those given by hand,
// each a concept the thesaurus knows.
func (s *Service) concepts(lang, text string, byHand []string) ([]string, error) {
	var out []string
	if s.Thesaurus != nil {
		out = append(out, s.Thesaurus.Tag(lang, text)...)
	}
	for _, id := range byHand {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if s.Thesaurus == nil || !s.Thesaurus.Known(id) {
			return nil, errConcept(id)
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// sdgTargets is the set of the 169 SDG targets the product ships.
var sdgTargets = sync.OnceValues(func() (map[string]bool, error) {
	items, err := data.SDG()
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, it := range items {
		if it.Level == "target" {
			out[it.Code] = true
		}
	}
	return out, nil
})

func checkTargets(in []string) ([]string, error) {
	known, err := sdgTargets()
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, t := range in {
		t = strings.TrimSpace(t)
		if !known[t] {
			return nil, errTarget(t)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out, nil
}

// validDay reports whether s is a day written YYYY-MM-DD.
func validDay(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func checkText(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errRequired(field)
	}
	return checkOptional(field, s, max)
}

func checkOptional(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return "", errs.Field(field, "invalid_text", "commitment.error.invalid_text")
	}
	if utf8.RuneCountInString(s) > max {
		return "", errTooLong(field, max)
	}
	return s, nil
}

func checkLang(field, l string) error {
	if _, ok := i18n.Parse(l); !ok || len(l) != 2 {
		return errLanguage(field)
	}
	return nil
}
