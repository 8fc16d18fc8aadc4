package practice_test

import (
	"reflect"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// whoReadsMatch is who reads a match of Brazil's request to Mexico's
// practice, by hand from the rule: until it is done, the two states and
// the secretariat; once done, everyone; a declined one stays with both.
//
// Columns: anonymous, observer, validator of BRA, chair, delegate of BRA
// (requester), delegate of MEX (provider), delegate of ARG, secretariat.
var whoReadsMatch = map[string]string{
	"proposed":    ". . . . x x . x",
	"accepted":    ". . . . x x . x",
	"in_progress": ". . . . x x . x",
	"done":        "x x x x x x x x",
	"declined":    ". . . . x x . x",
}

func (f *fixture) matchReaders() []*account.User {
	return []*account.User{nil, f.observer, f.validator, f.chair, f.delegate["BRA"], f.delegate["MEX"], f.delegate["ARG"], f.admin}
}

func TestAMatchFromProposalToResult(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		loadMortality(t, f)
		x := f.suggestions(t)
		bra, mex := f.delegate["BRA"], f.delegate["MEX"]

		if _, err := f.svc.ProposeMatch(bg, bra, x.request.ID, practice.MatchInput{PracticeID: x.mexPractice.ID}); code(err) != "secretariat_only" {
			t.Errorf("the requester proposing a match: %v", err)
		}
		m, err := f.svc.ProposeMatch(bg, f.admin, x.request.ID, practice.MatchInput{PracticeID: x.mexPractice.ID})
		must(t, err)
		if m.Requester != "BRA" || m.Provider != "MEX" || m.Status != "proposed" || len(m.Events) != 1 {
			t.Fatalf("proposed: %+v", m)
		}
		// The reasons kept are the suggestion's (see TestSuggestionsForARequest).
		codes := []string{}
		for _, r := range m.Reasons {
			codes = append(codes, r.Code)
		}
		if got := strings.Join(codes, " "); got != "shared_concept shared_concept practice_with_results indicator_peer" {
			t.Errorf("the match's reasons: %s", got)
		}
		if _, err := f.svc.ProposeMatch(bg, f.admin, x.request.ID, practice.MatchInput{PracticeID: x.mexPractice.ID}); code(err) != "match_exists" {
			t.Errorf("the same match proposed twice: %v", err)
		}

		check := func(status string) {
			t.Helper()
			want := strings.Fields(whoReadsMatch[status])
			for i, v := range f.matchReaders() {
				_, err := f.svc.Match(bg, v, m.ID)
				if (err == nil) != (want[i] == "x") {
					t.Errorf("%s match, reader %d: reads %v (%v), want %s", status, i, err == nil, err, want[i])
				}
				page, err := f.svc.Matches(bg, v, practice.MatchFilter{RequestID: x.request.ID})
				must(t, err)
				if (page.Total == 1) != (want[i] == "x") {
					t.Errorf("%s match, reader %d: listed %d, want %s", status, i, page.Total, want[i])
				}
			}
		}
		check("proposed")
		move := func(v *account.User, ch practice.StatusChange) error {
			t.Helper()
			got, err := f.svc.SetMatchStatus(bg, v, m.ID, ch)
			if err == nil {
				m = got
			}
			return err
		}
		if err := move(bra, practice.StatusChange{Status: "accepted"}); code(err) != "not_a_party" {
			t.Errorf("the requester accepting: %v, want not_a_party (the provider accepts)", err)
		}
		if err := move(f.admin, practice.StatusChange{Status: "done", Result: "training"}); code(err) != "match_status" {
			t.Errorf("proposed straight to done: %v", err)
		}
		must(t, move(mex, practice.StatusChange{Status: "accepted", Note: "Glad to share."}))
		check("accepted")
		if err := move(mex, practice.StatusChange{Status: "in_progress"}); code(err) != "not_a_party" {
			t.Errorf("the provider starting the exchange: %v, want not_a_party (the secretariat brokers it)", err)
		}
		must(t, move(f.admin, practice.StatusChange{Status: "in_progress"}))
		check("in_progress")
		if err := move(f.admin, practice.StatusChange{Status: "done"}); code(err) != "result_required" {
			t.Errorf("done without a result: %v", err)
		}
		if err := move(f.admin, practice.StatusChange{Status: "done", Result: "holiday"}); code(err) != "bad_result" {
			t.Errorf("done with an unknown result: %v", err)
		}
		must(t, move(f.admin, practice.StatusChange{Status: "done", Result: "exchange_visit", Note: "Two weeks in Oaxaca."}))
		if m.Result != "exchange_visit" || m.ResultNote != "Two weeks in Oaxaca." {
			t.Errorf("done: result %q note %q", m.Result, m.ResultNote)
		}
		check("done")
		var history []string
		for _, e := range m.Events {
			history = append(history, e.Status+":"+e.Note)
		}
		if want := []string{"proposed:", "accepted:Glad to share.", "in_progress:", "done:Two weeks in Oaxaca."}; !reflect.DeepEqual(history, want) {
			t.Errorf("history: %q, want %q", history, want)
		}
		if err := move(bra, practice.StatusChange{Status: "declined"}); code(err) != "match_status" {
			t.Errorf("declining a match that is done: %v", err)
		}

		// An indicator peer outside the dialogue (Türkiye) may be matched as
		// a state, with the suggestion's reason.
		tur, err := f.svc.ProposeMatch(bg, f.admin, x.request.ID, practice.MatchInput{Provider: "TUR"})
		must(t, err)
		if len(tur.Reasons) != 1 || tur.Reasons[0].Code != "indicator_peer" || tur.Reasons[0].Args["to_value"] != "9.6" {
			t.Errorf("a match to Türkiye: %+v", tur.Reasons)
		}
	})
}

func TestADeclinedMatchStaysWithBothStates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		x := f.suggestions(t)
		m, err := f.svc.ProposeMatch(bg, f.admin, x.request.ID, practice.MatchInput{Provider: "MEX"})
		must(t, err)
		if m.Provider != "MEX" || len(m.Reasons) != 0 {
			// No indicator data loaded: Mexico is not among the suggestions,
			// so the match keeps no reasons.
			t.Errorf("a state matched by hand: provider %s reasons %v", m.Provider, m.Reasons)
		}
		if _, err := f.svc.SetMatchStatus(bg, f.delegate["ARG"], m.ID, practice.StatusChange{Status: "declined"}); code(err) != "not_found" {
			t.Errorf("a third state declining: %v, want not_found", err)
		}
		m, err = f.svc.SetMatchStatus(bg, f.delegate["BRA"], m.ID, practice.StatusChange{Status: "declined", Note: "Not now."})
		must(t, err)
		want := strings.Fields(whoReadsMatch["declined"])
		for i, v := range f.matchReaders() {
			if _, err := f.svc.Match(bg, v, m.ID); (err == nil) != (want[i] == "x") {
				t.Errorf("declined match, reader %d: %v, want %s", i, err, want[i])
			}
		}
		// Once declined, it may be proposed again.
		if _, err := f.svc.ProposeMatch(bg, f.admin, x.request.ID, practice.MatchInput{Provider: "MEX"}); err != nil {
			t.Errorf("proposing again after a refusal: %v", err)
		}
	})
}
