package practice_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// suggestionFixture is Brazil's request to learn about child mortality in
// remote areas, measured by under-five mortality (SH.DYN.MORT), among
// offers, requests and practices of the other participants.
type suggestionFixture struct {
	request                  practice.Ask
	colOffer                 practice.Ask
	mexPractice, chnPractice practice.Practice
	colPractice              practice.Practice // measured by the indicator, on none of the request's themes
}

func (f *fixture) suggestions(t *testing.T) suggestionFixture {
	t.Helper()
	var x suggestionFixture
	ask := func(code, kind, title string) practice.Ask {
		a, err := f.svc.CreateAsk(bg, f.delegate[code], practice.AskInput{Kind: kind, Country: code, Title: title, Language: "en"})
		must(t, err)
		return a
	}
	var err error
	x.request, err = f.svc.CreateAsk(bg, f.delegate["BRA"], practice.AskInput{Kind: practice.Request, Country: "BRA",
		Title: "Reducing child mortality in remote areas", Language: "en", IndicatorCode: "SH.DYN.MORT"})
	must(t, err)
	x.colOffer = ask("COL", practice.Offer, "Community health workers against child mortality")
	ask("ARG", practice.Offer, "School meals")                          // no shared theme
	ask("BRA", practice.Offer, "Our programme against child mortality") // the requester's own
	ask("ARG", practice.Request, "Learning about child mortality")      // a request, not an offer
	closed := ask("MEX", practice.Offer, "Vaccination against child mortality")
	_, err = f.svc.CloseAsk(bg, f.delegate["MEX"], closed.ID)
	must(t, err)
	x.mexPractice = f.published(t, practiceIn("MEX", "Mobile clinics in remote areas reduce child mortality", "Villages hours from a hospital.",
		"Under-five deaths fell by a quarter."))
	x.chnPractice = f.published(t, practiceIn("CHN", "Rural water supply", "Villages without piped water.", ""))
	col := practiceIn("COL", "Neonatal care units", "Births far from a hospital.", "Newborn deaths down.")
	col.Indicators = []string{"SH.DYN.MORT"}
	x.colPractice = f.published(t, col)
	// Brazil's own practice on the theme is not suggested to Brazil, nor
	// is a draft.
	f.published(t, practiceIn("BRA", "Family health teams against child mortality in remote areas", "", "Deaths halved."))
	// A draft on the same theme is not suggested.
	_, err = f.svc.Create(bg, f.delegate["ARG"], practiceIn("ARG", "Child mortality audits", "", "Fewer deaths."))
	must(t, err)
	return x
}

func TestSuggestionsForARequest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		loadMortality(t, f)
		x := f.suggestions(t)
		if got := strings.Join(x.request.Concepts, " "); got != "child-health rural-development" {
			t.Fatalf("the request's concepts: %q", got)
		}
		got, err := f.svc.Suggest(bg, f.admin, x.request.ID)
		must(t, err)

		// Written by hand from the rule (suggest.go) and the shipped data:
		// Brazil's under-five mortality went from 26.3 (2004) to 14.2 (2024),
		// 0.605 a year; its peers are Türkiye (27.4 → 9.6), Iran (28.3 →
		// 11.3), Colombia (22.1 → 11.5, same region 005) and Mexico (23.0 →
		// 13.1), in that order, scoring 3, 2.5, 2 + 0.5 and 1.5.
		peer := func(code, from, to, perYear string) practice.Reason {
			return practice.Reason{Code: "indicator_peer", Args: map[string]string{"indicator": "SH.DYN.MORT", "from_year": "2004", "to_year": "2024",
				"from_value": from, "to_value": to, "per_year": perYear, "country_per_year": "0.605"}}
		}
		concept := func(c string) practice.Reason {
			return practice.Reason{Code: "shared_concept", Args: map[string]string{"concept": c}}
		}
		mex := fmt.Sprint(x.mexPractice.ID)
		want := []practice.Suggestion{
			// 2 + 2 (two themes) + 1 (results) + 1.5 (Mexico, fourth peer)
			{Kind: "practice", PracticeID: x.mexPractice.ID, Country: "MEX", Title: "Mobile clinics in remote areas reduce child mortality", Score: 6.5,
				Reasons: []practice.Reason{concept("child-health"), concept("rural-development"), {Code: "practice_with_results"},
					peer("MEX", "23.0", "13.1", "0.495")}},
			// 2 (child health) + 2 (Colombia, third peer) + 0.5 (region)
			{Kind: "offer", OfferID: x.colOffer.ID, Country: "COL", Title: "Community health workers against child mortality", Score: 4.5,
				Reasons: []practice.Reason{concept("child-health"), peer("COL", "22.1", "11.5", "0.530"),
					{Code: "same_region", Args: map[string]string{"region": "005"}}}},
			// 1.5 + 1 + 1 (its practice on both themes)
			// 1 (results) + 2.5 (Colombia): measured by the request's
			// indicator, on none of its themes.
			{Kind: "practice", PracticeID: x.colPractice.ID, Country: "COL", Title: "Neonatal care units", Score: 3.5,
				Reasons: []practice.Reason{{Code: "practice_with_results"}, peer("COL", "22.1", "11.5", "0.530"),
					{Code: "same_region", Args: map[string]string{"region": "005"}}}},
			// A tie at 3.5: practices before states.
			{Kind: "peer", Country: "MEX", Score: 3.5, Reasons: []practice.Reason{peer("MEX", "23.0", "13.1", "0.495"),
				{Code: "practice_on_concept", Args: map[string]string{"concept": "child-health", "practice": mex}},
				{Code: "practice_on_concept", Args: map[string]string{"concept": "rural-development", "practice": mex}}}},
			{Kind: "peer", Country: "TUR", Score: 3, Reasons: []practice.Reason{peer("TUR", "27.4", "9.6", "0.890")}},
			// A tie at 2.5: by country code.
			{Kind: "peer", Country: "COL", Score: 2.5, Reasons: []practice.Reason{peer("COL", "22.1", "11.5", "0.530"),
				{Code: "same_region", Args: map[string]string{"region": "005"}}}},
			{Kind: "peer", Country: "IRN", Score: 2.5, Reasons: []practice.Reason{peer("IRN", "28.3", "11.3", "0.850")}},
			// Rural development only, no results reported.
			{Kind: "practice", PracticeID: x.chnPractice.ID, Country: "CHN", Title: "Rural water supply", Score: 2,
				Reasons: []practice.Reason{concept("rural-development")}},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("suggestions:\n%s\nwant:\n%s", show(got), show(want))
		}

		// Asked again (from the peers kept), the same answer.
		again, err := f.svc.Suggest(bg, f.delegate["BRA"], x.request.ID)
		must(t, err)
		if !reflect.DeepEqual(again, want) {
			t.Errorf("suggestions asked again by Brazil's delegate:\n%s", show(again))
		}
		// An offer has no suggestions; a closed request has none.
		if _, err := f.svc.Suggest(bg, f.admin, x.colOffer.ID); code(err) != "not_a_request" {
			t.Errorf("suggestions for an offer: %v", err)
		}
		_, err = f.svc.CloseAsk(bg, f.delegate["BRA"], x.request.ID)
		must(t, err)
		if none, err := f.svc.Suggest(bg, f.admin, x.request.ID); err != nil || len(none) != 0 {
			t.Errorf("suggestions for a closed request: %v, %v", none, err)
		}
	})
}

func show(sgs []practice.Suggestion) string {
	var b strings.Builder
	for _, s := range sgs {
		fmt.Fprintf(&b, "  %s offer=%d practice=%d %s %q %.1f\n", s.Kind, s.OfferID, s.PracticeID, s.Country, s.Title, s.Score)
		for _, r := range s.Reasons {
			fmt.Fprintf(&b, "      %s %v\n", r.Code, r.Args)
		}
	}
	return b.String()
}
