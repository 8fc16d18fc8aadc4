package evidence

import (
	"context"
	"math"
	"slices"
	"strings"

	"roundtable/internal/errs"
)

// Claim kinds: what a quoted figure is.
const (
	// ShareClaim is Σ of an indicator over some areas or groups ÷ Σ over
	// others ("China and Latin America are a third of the world's
	// population"), in percent.
	ShareClaim = "share"
	// ValueClaim is one area's or group's value of an indicator in a year,
	// or its latest.
	ValueClaim = "value"
)

// CloseWithin is how near the data a stated figure must be to be called
// close: within 5 % of the stated figure (a stated third, 33.3 %, is close
// from 31.7 % to 35.0 %).
const CloseWithin = 0.05

// Verdicts.
const (
	Close   = "close"
	Differs = "differs"
)

// ClaimSpec says what a quoted figure is, so the data can check it. It is
// kept as JSON with the claim.
type ClaimSpec struct {
	Kind      string `json:"kind"`
	Indicator string `json:"indicator"`
	// Areas are the numerator of a share (area or group codes), or the one
	// area or group of a value.
	Areas []string `json:"areas"`
	// Of is the denominator of a share.
	Of []string `json:"of,omitempty"`
	// Year is the year asked; 0 asks for the latest year every part has.
	Year int `json:"year,omitempty"`
}

// Answer is what the data gives for a claim, with where it comes from.
type Answer struct {
	// Value is the figure: a share in percent, a value in the indicator's
	// unit.
	Value float64 `json:"value"`
	Year  int     `json:"year"`
	// Series is the one series every part was read from.
	Series Series `json:"series"`
	// Numerator and Denominator are a share's two sums.
	Numerator   float64 `json:"numerator,omitempty"`
	Denominator float64 `json:"denominator,omitempty"`
	// Weights is the population series a group's mean was weighted by.
	Weights *Series `json:"weights,omitempty"`
	// Coverage is, for a group's value, the share (0 to 1) of the group's
	// population in the members with data that year.
	Coverage float64 `json:"coverage,omitempty"`
	// Stated is the figure the statement gave, in the unit of Value.
	Stated *float64 `json:"stated,omitempty"`
	// Verdict is close or differs (empty when nothing was stated), and
	// Difference is Value − Stated.
	Verdict    string  `json:"verdict,omitempty"`
	Difference float64 `json:"difference,omitempty"`
}

// Judge sets the verdict of an answer against a stated figure.
func (a *Answer) Judge(stated *float64) {
	a.Stated, a.Verdict, a.Difference = stated, "", 0
	if stated == nil {
		return
	}
	a.Difference = a.Value - *stated
	if math.Abs(a.Difference) <= CloseWithin*math.Abs(*stated) {
		a.Verdict = Close
	} else {
		a.Verdict = Differs
	}
}

// Grouping is what a claim check asks of the groups (package groups, which
// reads this package's panels and so cannot be imported by it).
type Grouping interface {
	// Members returns the areas whose values add up to a group; ok is false
	// when code names no group.
	Members(code string) (areas []string, ok bool)
	// Additive reports whether an indicator's values add up across areas
	// (a population does, a life expectancy does not).
	Additive(indicator string) bool
	// Figure is a group's value of an indicator in a year (0: the latest
	// it shows) by the group rule, with the share of the group's
	// population its members with data hold; weighted tells whether
	// population weighed it. ok is false when there is none.
	Figure(code string, values, population *Panel, year int) (value float64, at int, coverage float64, weighted, ok bool)
}

// Checker checks claims against the data: the evidence tables and the
// groups.
type Checker struct {
	Evidence *Service
	Groups   Grouping
}

func claimField(field, code string, args ...any) error {
	return errs.Field(field, code, "evidence_claims.error."+code, args...)
}

// normalise trims and upper-cases area codes (group codes are upper case
// too) and refuses a spec that cannot be checked.
func (spec *ClaimSpec) normalise() error {
	spec.Kind = strings.TrimSpace(spec.Kind)
	spec.Indicator = strings.TrimSpace(spec.Indicator)
	clean := func(field string, codes []string) ([]string, error) {
		var out []string
		for _, c := range codes {
			c = strings.ToUpper(strings.TrimSpace(c))
			if c != "" && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		if len(out) > 300 {
			return nil, claimField(field, "too_many_areas")
		}
		return out, nil
	}
	var err error
	if spec.Areas, err = clean("areas", spec.Areas); err != nil {
		return err
	}
	if spec.Of, err = clean("of", spec.Of); err != nil {
		return err
	}
	switch {
	case spec.Kind != ShareClaim && spec.Kind != ValueClaim:
		return claimField("kind", "invalid_kind")
	case spec.Indicator == "":
		return claimField("indicator", "indicator_required")
	case len(spec.Areas) == 0:
		return claimField("areas", "areas_required")
	case spec.Kind == ShareClaim && len(spec.Of) == 0:
		return claimField("of", "of_required")
	case spec.Kind == ValueClaim && len(spec.Areas) != 1:
		return claimField("areas", "one_area")
	case spec.Kind == ValueClaim && len(spec.Of) > 0:
		return claimField("of", "of_unused")
	case spec.Year != 0 && (spec.Year < 1800 || spec.Year > 2200):
		return claimField("year", "invalid_year")
	}
	return nil
}

// Check computes what the data gives for spec, from the default series of
// its indicator (the newest vintage with observations): a share reads
// numerator and denominator from that one series and in one year — the
// year asked, or the latest year in which every area of both has a value.
func (c Checker) Check(ctx context.Context, spec ClaimSpec) (Answer, error) {
	if err := spec.normalise(); err != nil {
		return Answer{}, err
	}
	if _, err := c.Evidence.Indicator(ctx, spec.Indicator); err != nil {
		if errs.Is(err, errs.NotFound) {
			return Answer{}, claimField("indicator", "unknown_indicator", "code", spec.Indicator)
		}
		return Answer{}, err
	}
	if spec.Kind == ShareClaim && !c.Groups.Additive(spec.Indicator) {
		return Answer{}, claimField("indicator", "share_needs_total", "code", spec.Indicator)
	}
	se, err := c.Evidence.DefaultSeries(ctx, spec.Indicator)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return Answer{}, errs.New(errs.NotFound, "claim_no_data", "evidence_claims.error.claim_no_data")
		}
		return Answer{}, err
	}
	panel, err := c.Evidence.Panel(ctx, se.ID)
	if err != nil {
		return Answer{}, err
	}
	known, err := c.knownAreas(ctx)
	if err != nil {
		return Answer{}, err
	}
	if spec.Kind == ValueClaim {
		return c.value(ctx, spec, panel, known)
	}
	num, err := c.expand("areas", spec.Areas, known)
	if err != nil {
		return Answer{}, err
	}
	den, err := c.expand("of", spec.Of, known)
	if err != nil {
		return Answer{}, err
	}
	year := spec.Year
	if year == 0 {
		year = latestCommon(panel, append(slices.Clone(num), den...))
	}
	n, okN := sumAt(panel, num, year)
	d, okD := sumAt(panel, den, year)
	if !okN || !okD || d == 0 {
		return Answer{}, errs.New(errs.NotFound, "claim_no_data", "evidence_claims.error.claim_no_data")
	}
	return Answer{Value: 100 * n / d, Year: year, Series: se, Numerator: n, Denominator: d}, nil
}

// value answers a value claim: an area's observation, or a group's figure.
func (c Checker) value(ctx context.Context, spec ClaimSpec, panel *Panel, known map[string]bool) (Answer, error) {
	code := spec.Areas[0]
	noData := errs.New(errs.NotFound, "claim_no_data", "evidence_claims.error.claim_no_data")
	if _, isGroup := c.Groups.Members(code); isGroup {
		pop, err := c.Evidence.DefaultSeries(ctx, "SP.POP.TOTL")
		if err != nil {
			if errs.Is(err, errs.NotFound) {
				return Answer{}, noData
			}
			return Answer{}, err
		}
		weights, err := c.Evidence.Panel(ctx, pop.ID)
		if err != nil {
			return Answer{}, err
		}
		v, at, coverage, weighted, ok := c.Groups.Figure(code, panel, weights, spec.Year)
		if !ok {
			return Answer{}, noData
		}
		a := Answer{Value: v, Year: at, Series: panel.Series, Coverage: coverage}
		if weighted {
			a.Weights = &weights.Series
		}
		return a, nil
	}
	if !known[code] {
		return Answer{}, claimField("areas", "unknown_area", "code", code)
	}
	if spec.Year == 0 {
		p, ok := panel.Latest(code)
		if !ok {
			return Answer{}, noData
		}
		return Answer{Value: p.Value, Year: p.Year, Series: panel.Series}, nil
	}
	v, ok := panel.At(code, spec.Year)
	if !ok {
		return Answer{}, noData
	}
	return Answer{Value: v, Year: spec.Year, Series: panel.Series}, nil
}

// expand turns area and group codes into areas, each once.
func (c Checker) expand(field string, codes []string, known map[string]bool) ([]string, error) {
	var out []string
	add := func(a string) {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	for _, code := range codes {
		if members, ok := c.Groups.Members(code); ok {
			for _, m := range members {
				add(m)
			}
			continue
		}
		if !known[code] {
			return nil, claimField(field, "unknown_area", "code", code)
		}
		add(code)
	}
	return out, nil
}

func (c Checker) knownAreas(ctx context.Context) (map[string]bool, error) {
	areas, err := c.Evidence.Areas(ctx)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(areas))
	for _, a := range areas {
		known[a.Code] = true
	}
	return known, nil
}

// latestCommon is the latest year in which every area has a value (0 if
// none).
func latestCommon(p *Panel, areas []string) int {
	for year := p.FirstYear + p.Years - 1; year >= p.FirstYear; year-- {
		if _, ok := sumAt(p, areas, year); ok {
			return year
		}
	}
	return 0
}

// sumAt adds the areas' values in a year; ok is false if any is missing.
func sumAt(p *Panel, areas []string, year int) (float64, bool) {
	var sum float64
	for _, a := range areas {
		v, ok := p.At(a, year)
		if !ok {
			return 0, false
		}
		sum += v
	}
	return sum, len(areas) > 0
}
