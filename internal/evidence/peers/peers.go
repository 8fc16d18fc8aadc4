// Package peers suggests, for a country and an indicator, the economies it
// may learn from: those that started a window at a similar level of the
// indicator, in a similar context (income and population), and improved
// most over the window. Each suggestion carries the reasons it was chosen,
// as codes with their figures, so a page can say why in any language.
//
// The rule, the same for every country:
//
//  1. Window. An area's start is its first observation in From..From+2 and
//     its end its last in To-2..To, at least half the window apart
//     (Tolerance, MinSpanShare). Areas without both are not compared.
//  2. Similar start. The peer's start is within a factor of StartBand
//     (1.25) of the country's: for a country at 70.7, from 56.6 to 88.4.
//  3. Similar income. GDP per capita (PPP, current international $) in the
//     start year (nearest year within Tolerance) within a factor of
//     IncomeBand (2) of the country's: the band is on the log scale,
//     because income differences matter in proportion.
//  4. Similar population. Population in the start year within a factor of
//     PopulationBand (5).
//  5. Improved. The change per year, in the indicator's unit and its good
//     direction, is positive. Peers are ranked by it, largest first.
//  6. Region. The same UN M49 region is not required, but counts in
//     favour: if none of the first Limit peers is in the country's region
//     and a qualifying peer is, the best-improving one from the region
//     takes the last place.
//
// Criteria 3 and 4 apply when the country has the figure; a peer without
// it is then not compared. Only economies are peers, never aggregates.
//
// Why absolute change per year: the starts are already matched within 25%,
// so an absolute pace compares like with like, reads in the indicator's own
// unit ("2.6 fewer deaths per 1,000 births a year"), and works for bounded
// percentages and values at or below zero, where a relative rate would
// reward the lowest starts or be undefined.
package peers

import (
	"cmp"
	"math"
	"slices"

	"roundtable/internal/evidence"
)

// The bands and tolerances of the rule (see the package comment).
const (
	StartBand      = 1.25 // factor between the peer's and the country's starting value
	IncomeBand     = 2.0  // factor between GDP per capita (PPP) at the start
	PopulationBand = 5.0  // factor between populations at the start
	Tolerance      = 2    // years a window's start or end may move inward to find data
	MinSpanShare   = 0.5  // the start and end must be at least this share of the window apart
	DefaultLimit   = 5
)

// Reason codes.
const (
	SimilarStart      = "similar_start"      // Value: peer's start, Country: country's start, Year: peer's start year
	SimilarIncome     = "similar_income"     // Value, Country: GDP per capita PPP at the start; Year
	SimilarPopulation = "similar_population" // Value, Country: population at the start; Year
	SameRegion        = "same_region"        // Region: the M49 code both share
	Improved          = "improved"           // Value: peer's improvement per year, Country: the country's over its own window
)

// Input is what a suggestion is computed from. Panels are whole series as
// evidence.Service.Panel reads them.
type Input struct {
	Country    string             // ISO3 of the country looking for peers
	Indicator  *evidence.Panel    // the indicator's series
	Direction  evidence.Direction // which way the indicator improves
	From, To   int                // the window, in years
	Income     *evidence.Panel    // GDP per capita, PPP (NY.GDP.PCAP.PP.CD); nil: criterion not applied
	Population *evidence.Panel    // population, total (SP.POP.TOTL); nil: criterion not applied
	Areas      []evidence.Area    // every area; only economies can be peers, Region gives the M49 region
	Limit      int                // how many suggestions; DefaultLimit when 0 or less
}

// Suggestion is one peer and why it was chosen.
type Suggestion struct {
	Peer    string         `json:"peer"`
	Region  string         `json:"region,omitempty"`
	Start   evidence.Point `json:"start"`
	End     evidence.Point `json:"end"`
	Change  float64        `json:"change"`               // End.Value - Start.Value, in the indicator's unit
	PerYear float64        `json:"improvement_per_year"` // Change per year in the good direction: positive is better
	Reasons []Reason       `json:"reasons"`
}

// Reason is one ground for a suggestion, as a code and its figures; the
// page words it in the reader's language.
type Reason struct {
	Code    string  `json:"code"`
	Value   float64 `json:"value"`
	Country float64 `json:"country_value"`
	Year    int     `json:"year,omitempty"`
	Region  string  `json:"region,omitempty"`
}

// Window returns an area's start and end observations for the window
// from..to by the rule above, and false when it has none.
func Window(p *evidence.Panel, area string, from, to int) (start, end evidence.Point, ok bool) {
	if p == nil || to <= from {
		return start, end, false
	}
	found := false
	for y := from; y <= from+Tolerance && y <= to; y++ {
		if v, has := p.At(area, y); has {
			start, found = evidence.Point{Year: y, Value: v}, true
			break
		}
	}
	if !found {
		return start, end, false
	}
	found = false
	for y := to; y >= to-Tolerance && y > start.Year; y-- {
		if v, has := p.At(area, y); has {
			end, found = evidence.Point{Year: y, Value: v}, true
			break
		}
	}
	if !found || float64(end.Year-start.Year) < MinSpanShare*float64(to-from) {
		return start, end, false
	}
	return start, end, true
}

// PerYear is the change from start to end per year in the indicator's good
// direction: positive means the area improved.
func PerYear(start, end evidence.Point, dir evidence.Direction) float64 {
	if end.Year == start.Year {
		return 0
	}
	return (end.Value - start.Value) / float64(end.Year-start.Year) * float64(dir)
}

// Suggest returns the peers of in.Country, best first, or none when the
// indicator has no better direction or the country has no data for the
// window.
func Suggest(in Input) []Suggestion {
	if in.Direction == evidence.Neither || in.Indicator == nil {
		return nil
	}
	limit := in.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	cs, ce, ok := Window(in.Indicator, in.Country, in.From, in.To)
	if !ok {
		return nil
	}
	countryPace := PerYear(cs, ce, in.Direction)
	region := ""
	for _, a := range in.Areas {
		if a.Code == in.Country {
			region = a.Region
		}
	}
	cIncome, hasIncome := near(in.Income, in.Country, cs.Year)
	cPop, hasPop := near(in.Population, in.Country, cs.Year)

	var all []Suggestion
	for _, a := range in.Areas {
		if a.Kind != evidence.Economy || a.Code == in.Country {
			continue
		}
		s, e, ok := Window(in.Indicator, a.Code, in.From, in.To)
		if !ok || !within(s.Value, cs.Value, StartBand) {
			continue
		}
		pace := PerYear(s, e, in.Direction)
		if pace <= 0 {
			continue
		}
		sg := Suggestion{Peer: a.Code, Region: a.Region, Start: s, End: e, Change: e.Value - s.Value, PerYear: pace}
		sg.Reasons = append(sg.Reasons, Reason{Code: SimilarStart, Value: s.Value, Country: cs.Value, Year: s.Year})
		if hasIncome {
			v, ok := near(in.Income, a.Code, s.Year)
			if !ok || !within(v, cIncome, IncomeBand) {
				continue
			}
			sg.Reasons = append(sg.Reasons, Reason{Code: SimilarIncome, Value: v, Country: cIncome, Year: s.Year})
		}
		if hasPop {
			v, ok := near(in.Population, a.Code, s.Year)
			if !ok || !within(v, cPop, PopulationBand) {
				continue
			}
			sg.Reasons = append(sg.Reasons, Reason{Code: SimilarPopulation, Value: v, Country: cPop, Year: s.Year})
		}
		if region != "" && a.Region == region {
			sg.Reasons = append(sg.Reasons, Reason{Code: SameRegion, Region: region})
		}
		sg.Reasons = append(sg.Reasons, Reason{Code: Improved, Value: pace, Country: countryPace})
		all = append(all, sg)
	}
	slices.SortFunc(all, func(a, b Suggestion) int {
		if c := cmp.Compare(b.PerYear, a.PerYear); c != 0 {
			return c
		}
		return cmp.Compare(a.Peer, b.Peer)
	})
	if len(all) <= limit {
		return all
	}
	top := all[:limit:limit]
	if region != "" && !slices.ContainsFunc(top, func(s Suggestion) bool { return s.Region == region }) {
		if i := slices.IndexFunc(all[limit:], func(s Suggestion) bool { return s.Region == region }); i >= 0 {
			top = append(top[:limit-1:limit-1], all[limit+i])
		}
	}
	return top
}

// near returns an area's value in year, or in the nearest year within
// Tolerance (the earlier year first on a tie).
func near(p *evidence.Panel, area string, year int) (float64, bool) {
	if p == nil {
		return 0, false
	}
	for d := 0; d <= Tolerance; d++ {
		if v, ok := p.At(area, year-d); ok {
			return v, true
		}
		if v, ok := p.At(area, year+d); ok {
			return v, true
		}
	}
	return 0, false
}

// within reports whether a and b are within a factor of band of each other.
// Values at or below zero are only similar when equal.
func within(a, b, band float64) bool {
	if a <= 0 || b <= 0 {
		return a == b
	}
	return math.Abs(math.Log(a/b)) <= math.Log(band)+1e-12
}
