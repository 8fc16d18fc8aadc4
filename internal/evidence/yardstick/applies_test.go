package yardstick_test

import (
	"testing"

	"roundtable/internal/evidence"
	"roundtable/internal/evidence/yardstick"
)

// The frontier sets outcomes against income, never income against itself:
// measures of income and indices built on it are left out, as are
// indicators with no better direction.
func TestFrontierApplies(t *testing.T) {
	for _, tc := range []struct {
		in   evidence.Indicator
		want bool
	}{
		{evidence.Indicator{Code: "SP.DYN.LE00.IN", Topic: "health", Direction: evidence.HigherBetter}, true},
		{evidence.Indicator{Code: "SH.DYN.MORT", Topic: "health", Direction: evidence.LowerBetter}, true},
		{evidence.Indicator{Code: "NY.GDP.PCAP.PP.CD", Topic: "economy", Direction: evidence.HigherBetter}, false},
		{evidence.Indicator{Code: "NY.GDP.PCAP.CD", Topic: "economy", Direction: evidence.HigherBetter}, false},
		{evidence.Indicator{Code: "hdi_human_development_index", Topic: "economy", Direction: evidence.HigherBetter}, false},
		{evidence.Indicator{Code: "SP.POP.TOTL", Topic: "population", Direction: evidence.Neither}, false},
	} {
		if got := yardstick.FrontierApplies(tc.in); got != tc.want {
			t.Errorf("FrontierApplies(%s) = %v, want %v", tc.in.Code, got, tc.want)
		}
	}
	if tg, ok := yardstick.SDGTarget("SH.DYN.MORT"); !ok || tg.Goal != "3.2" || tg.Value != 25 {
		t.Errorf("SDG target of under-5 mortality: %+v %v, want 3.2: 25", tg, ok)
	}
	if _, ok := yardstick.SDGTarget("SP.POP.TOTL"); ok {
		t.Error("population has an SDG target")
	}
}
