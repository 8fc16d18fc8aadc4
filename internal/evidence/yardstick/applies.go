package yardstick

import "roundtable/internal/evidence"

// IncomeTopic is the catalogue topic of the measures of income itself
// (GDP per capita in any unit) and of indices built on it (the Human
// Development Index).
const IncomeTopic = "economy"

// FrontierApplies reports whether an indicator is set against the income
// frontier: it must have a better direction and not measure income — a
// frontier of GDP against GDP, or of an index that contains income, would
// only restate the income it is drawn against. The rule reads the
// catalogue, never a country, so it is the same for every country.
func FrontierApplies(in evidence.Indicator) bool {
	return in.Direction != evidence.Neither && in.Code != IncomeIndicator && in.Topic != IncomeTopic
}

// Target is a number an indicator's SDG target sets for 2030.
type Target struct {
	Goal  string  // the SDG target, e.g. "3.2"
	Value float64 // in the indicator's unit
}

// sdgTargets are the indicators whose SDG target states a number
// (A/RES/70/1): under-5 mortality at most 25 per 1,000 live births (3.2),
// maternal mortality under 70 per 100,000 live births (3.1), and universal
// access to electricity (7.1), basic drinking water (6.1) and basic
// sanitation (6.2).
var sdgTargets = map[string]Target{
	"SH.DYN.MORT":    {"3.2", 25},
	"SH.STA.MMRT":    {"3.1", 70},
	"EG.ELC.ACCS.ZS": {"7.1", 100},
	"SH.H2O.BASW.ZS": {"6.1", 100},
	"at_least_basic_water_source_overall_access_percent": {"6.1", 100},
	"SH.STA.BASS.ZS": {"6.2", 100},
	"at_least_basic_sanitation_overall_access_percent": {"6.2", 100},
}

// SDGTarget returns the number an indicator's SDG target sets, if it sets
// one.
func SDGTarget(code string) (Target, bool) {
	t, ok := sdgTargets[code]
	return t, ok
}
