package thesaurus

import (
	"strconv"
	"strings"
)

// sdgTargets lists, per goal, the targets of the 2030 Agenda (A/RES/70/1):
// 169 targets under 17 goals, numbered targets then the lettered means of
// implementation. Copied from sdg_goals_targets_indicators.csv in the shared
// reference data (open-sdg/sdg-translations @ 0cda585851a5), so an edit
// cannot tag a concept with a target that does not exist.
var sdgTargets = [18]string{
	1:  "1 2 3 4 5 a b",
	2:  "1 2 3 4 5 a b c",
	3:  "1 2 3 4 5 6 7 8 9 a b c d",
	4:  "1 2 3 4 5 6 7 a b c",
	5:  "1 2 3 4 5 6 a b c",
	6:  "1 2 3 4 5 6 a b",
	7:  "1 2 3 a b",
	8:  "1 2 3 4 5 6 7 8 9 10 a b",
	9:  "1 2 3 4 5 a b c",
	10: "1 2 3 4 5 6 7 a b c",
	11: "1 2 3 4 5 6 7 a b c",
	12: "1 2 3 4 5 6 7 8 a b c",
	13: "1 2 3 a b",
	14: "1 2 3 4 5 6 7 a b c",
	15: "1 2 3 4 5 6 7 8 9 a b c",
	16: "1 2 3 4 5 6 7 8 9 10 a b",
	17: "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19",
}

// validSDG reports whether code is a goal ("3") or a target ("3.8", "3.d").
func validSDG(code string) bool {
	goal, target, isTarget := strings.Cut(code, ".")
	g, err := strconv.Atoi(goal)
	if err != nil || g < 1 || g > 17 || strconv.Itoa(g) != goal {
		return false
	}
	if !isTarget {
		return true
	}
	for _, t := range strings.Fields(sdgTargets[g]) {
		if t == target {
			return true
		}
	}
	return false
}

// compareSDG orders codes as the Agenda does: by goal, the goal before its
// targets, numbered targets by number, then lettered ones.
func compareSDG(a, b string) int {
	ga, ta, _ := strings.Cut(a, ".")
	gb, tb, _ := strings.Cut(b, ".")
	if c := compareNumeric(ga, gb); c != 0 {
		return c
	}
	return compareNumeric(ta, tb)
}

// compareNumeric orders "" < numbers (by value) < other strings.
func compareNumeric(a, b string) int {
	rank := func(s string) (int, int) {
		if s == "" {
			return 0, 0
		}
		if n, err := strconv.Atoi(s); err == nil {
			return 1, n
		}
		return 2, 0
	}
	ra, na := rank(a)
	rb, nb := rank(b)
	switch {
	case ra != rb:
		return ra - rb
	case na != nb:
		return na - nb
	default:
		return strings.Compare(a, b)
	}
}
