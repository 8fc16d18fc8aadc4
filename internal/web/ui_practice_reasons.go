package web

import (
	"strconv"
	"strings"

	"roundtable/internal/i18n"
	"roundtable/internal/practice"
)

// The reasons of a suggested match, worded in the reader's language from
// the stable codes and arguments the service gives (practice.Reason).

// reasonWords words reasons for one page.
type reasonWords struct {
	l     layout
	names *practiceNames
	// requester is the country of the request the reasons are about.
	requester string
}

// figure prints a value the service gave as text (at most 3 decimals),
// with as many decimals as it has, in the reader's notation.
func (w reasonWords) figure(s string) string {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	decimals := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		decimals = min(len(s)-i-1, 3)
	}
	return peerNumberText(w.l.Lang, x, decimals)
}

// sentence words one reason of a suggestion of country's.
func (w reasonWords) sentence(country string, r practice.Reason) string {
	a := r.Args
	switch r.Code {
	case practice.ReasonSharedConcept:
		return w.l.T("practice_web.reason.shared_concept", "concept", w.names.Concept(a["concept"]))
	case practice.ReasonPracticeResults:
		return w.l.T("practice_web.reason.practice_with_results")
	case practice.ReasonIndicatorPeer:
		key := "practice_web.reason.indicator_peer_up"
		from, _ := strconv.ParseFloat(a["from_value"], 64)
		to, _ := strconv.ParseFloat(a["to_value"], 64)
		if to < from {
			key = "practice_web.reason.indicator_peer_down"
		}
		return w.l.T(key, "country", w.names.Country(country), "indicator", w.names.Indicator(a["indicator"]),
			"from", w.figure(a["from_value"]), "to", w.figure(a["to_value"]), "from_year", a["from_year"], "to_year", a["to_year"],
			"per_year", w.figure(a["per_year"]), "requester", w.names.Country(w.requester), "own", w.figure(a["country_per_year"]))
	case practice.ReasonSameRegion:
		return w.l.T("practice_web.reason.same_region", "region", peerRegionName(a["region"], i18n.Lang(w.l.Lang)))
	case practice.ReasonPracticeOnConcept:
		return w.l.T("practice_web.reason.practice_on_concept", "country", w.names.Country(country), "concept", w.names.Concept(a["concept"]))
	}
	return w.l.T("practice_web.reason.unknown", "code", r.Code)
}

// sentences words every reason.
func (w reasonWords) sentences(country string, rs []practice.Reason) []reasonView {
	out := make([]reasonView, 0, len(rs))
	for _, r := range rs {
		v := reasonView{Code: r.Code, Text: w.sentence(country, r)}
		if id := r.Args["practice"]; id != "" && r.Code == practice.ReasonPracticeOnConcept {
			v.Link = "/practices/" + id
		}
		out = append(out, v)
	}
	return out
}

// reasonView is a reason as a page shows it, with a link where it names
// a practice.
type reasonView struct {
	Code, Text, Link string
}
