package groups

import (
	"math"
	"slices"

	"roundtable/internal/evidence"
)

// Rule is how members' values make a group's value.
type Rule int

const (
	// Sum adds totals (population). We do not impute a missing member, so
	// a year's sum needs every member's value.
	Sum Rule = iota + 1
	// PopulationWeightedMean averages rates per person (life expectancy, %
	// of population, deaths per 1,000 births) weighted by each member's
	// population in the same year.
	PopulationWeightedMean
	// Median is the middle member's value, for measures that weights would
	// not make a group's own (the Gini index, national poverty lines, seats
	// in parliament).
	Median
)

// String is the rule's stable name (API, translation keys).
func (r Rule) String() string {
	switch r {
	case Sum:
		return "sum"
	case PopulationWeightedMean:
		return "population_weighted_mean"
	case Median:
		return "median"
	}
	return "unknown"
}

// MinCoverage is the share of a group's population its members with data
// must hold for a year's figure to be shown: the World Bank's rule of thumb
// for its own aggregates (two-thirds).
const MinCoverage = 2.0 / 3.0

// Population is the indicator whose series weighs members and measures
// coverage.
const Population = "SP.POP.TOTL"

// totals are indicators that add up across countries.
var totals = map[string]bool{
	"SP.POP.TOTL": true, "SP.POP.TOTL.FE.IN": true, "SP.POP.TOTL.MA.IN": true,
	"NY.GDP.MKTP.CD": true, "NY.GDP.MKTP.KD": true, "NY.GDP.MKTP.PP.CD": true, "NY.GDP.MKTP.PP.KD": true,
	"EN.ATM.CO2E.KT": true, "SP.URB.TOTL": true, "SP.RUR.TOTL": true,
}

// medians are indicators whose population-weighted mean would mean nothing
// for a group: an index of a country's own distribution, national lines
// that differ by country, seats in a parliament.
var medians = map[string]bool{
	"SI.POV.GINI": true, "SI.POV.NAHC": true, "SG.GEN.PARL.ZS": true, "hdi_human_development_index": true,
}

// RuleFor is the rule a group figure of an indicator follows.
func RuleFor(indicator string) Rule {
	switch {
	case totals[indicator]:
		return Sum
	case medians[indicator]:
		return Median
	}
	return PopulationWeightedMean
}

// Year is a group's figure in one year.
type Year struct {
	Year int `json:"year"`
	// OK is false when the coverage rule (or, for a sum, a missing member)
	// withholds the figure; Value is then 0.
	OK    bool    `json:"ok"`
	Value float64 `json:"value"`
	// Coverage is the share of the group's population in the members with
	// data, 0 to 1 (1 for the source's own aggregate).
	Coverage  float64  `json:"coverage"`
	Reporting int      `json:"reporting"`
	Missing   []string `json:"missing,omitempty"`
}

// Result is a group's figures, by year, from one series.
type Result struct {
	Group  string          `json:"group"`
	Rule   Rule            `json:"-"`
	Series evidence.Series `json:"series"`
	// SourceArea is set when the figures are the source's own aggregate.
	SourceArea string `json:"source_area,omitempty"`
	// Years holds every year in which at least one member has a value,
	// oldest first, shown or withheld.
	Years []Year `json:"years"`
}

// At returns the figure of a year, if shown.
func (r Result) At(year int) (Year, bool) {
	for _, y := range r.Years {
		if y.Year == year {
			return y, y.OK
		}
	}
	return Year{}, false
}

// Latest returns the most recent figure shown.
func (r Result) Latest() (Year, bool) {
	for i := len(r.Years) - 1; i >= 0; i-- {
		if r.Years[i].OK {
			return r.Years[i], true
		}
	}
	return Year{}, false
}

// Aggregate computes a group's figure for every year of values. population
// weighs members and measures coverage; it may be values itself (the
// population's own sum). A group that stands for a source area (the world)
// takes that area's values as they are.
func Aggregate(values, population *evidence.Panel, g Group, rule Rule) Result {
	res := Result{Group: g.Code, Rule: rule, Series: values.Series, SourceArea: g.SourceArea}
	if g.SourceArea != "" {
		for _, p := range values.Points(g.SourceArea) {
			res.Years = append(res.Years, Year{Year: p.Year, OK: true, Value: p.Value, Coverage: 1, Reporting: 1})
		}
		return res
	}
	for i := range values.Years {
		year := values.FirstYear + i
		y, any := aggregateYear(values, population, g.Members, rule, year)
		if any {
			res.Years = append(res.Years, y)
		}
	}
	return res
}

// aggregateYear computes one year; any is false when no member has a value.
func aggregateYear(values, population *evidence.Panel, members []string, rule Rule, year int) (Year, bool) {
	y := Year{Year: year}
	var have []float64
	var weights []float64
	var popAll, popHave float64
	for _, m := range members {
		pop, popOK := population.At(m, year)
		if popOK {
			popAll += pop
		}
		v, ok := values.At(m, year)
		if !ok {
			y.Missing = append(y.Missing, m)
			continue
		}
		y.Reporting++
		have = append(have, v)
		if popOK {
			popHave += pop
			weights = append(weights, pop)
		} else {
			weights = append(weights, math.NaN())
		}
	}
	if y.Reporting == 0 {
		return y, false
	}
	if popAll > 0 {
		y.Coverage = popHave / popAll
	}
	if y.Coverage < MinCoverage {
		return y, true
	}
	switch rule {
	case Sum:
		if len(y.Missing) > 0 {
			return y, true
		}
		for _, v := range have {
			y.Value += v
		}
	case PopulationWeightedMean:
		var num, den float64
		for i, v := range have {
			if !math.IsNaN(weights[i]) {
				num += v * weights[i]
				den += weights[i]
			}
		}
		y.Value = num / den
	case Median:
		s := slices.Clone(have)
		slices.Sort(s)
		n := len(s)
		if n%2 == 1 {
			y.Value = s[n/2]
		} else {
			y.Value = (s[n/2-1] + s[n/2]) / 2
		}
	default:
		return y, true
	}
	y.OK = true
	return y, true
}
