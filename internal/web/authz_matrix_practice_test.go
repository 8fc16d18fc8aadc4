package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"roundtable/internal/dialogue"
	"roundtable/internal/evidence"
	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// practiceAccessMatrix: practices, requests, offers and matches. Fixtures
// (made once per site): {prDraftA} a draft practice of Brazil (A),
// {prSubA} one submitted to the secretariat, {prPubA} a published one;
// {reqA} a public request of Brazil, {offerB} an offer of China (B) for
// participants; {matchAB} a match of the two in progress, {matchDone} a
// done one. Made afresh for each request, as a write changes them:
// {newPrDraftA}, {newPrSubA} (practices of Brazil), {newPrReqA} (a request of
// Brazil), {newPrMatch} (a proposed match of a new request of Brazil and
// {offerB}).
var practiceAccessMatrix = []accessRow{
	// route                                  path                          body                                                  anon     obs dlgA dlgB chair val admin
	{"GET /practices", "", "", "ok ok ok ok ok ok ok"},
	{"GET /practices", "/practices?country=BRA&concept=child-mortality&target=3.2", "", "ok ok ok ok ok ok ok"},
	{"GET /practices/new", "", "", "sign-in 403 ok ok 403 403 ok"},
	// Brazil's practice: only Brazil's delegates and the secretariat.
	{"POST /practices", "", "country=BRA&language=en&title=Matrix+practice", "sign-in 403 ok 403 403 403 ok"},
	{"GET /practices/paths", "", "", "ok ok ok ok ok ok ok"},
	{"GET /practices/{id}", "/practices/{prDraftA}", "", "404 404 ok 404 404 404 ok"},
	{"GET /practices/{id}", "/practices/{prSubA}", "", "404 404 ok 404 404 404 ok"},
	{"GET /practices/{id}", "/practices/{prPubA}", "", "ok ok ok ok ok ok ok"},
	{"GET /practices/{id}/edit", "/practices/{prDraftA}/edit", "", "sign-in 403 ok 404 403 403 ok"},
	{"GET /practices/{id}/edit", "/practices/{prPubA}/edit", "", "sign-in 403 ok 403 403 403 ok"},
	{"POST /practices/{id}", "/practices/{prDraftA}", "country=BRA&language=en&title=Matrix+draft", "sign-in 403 ok 404 403 403 ok"},
	{"POST /practices/{id}/submit", "/practices/{newPrDraftA}/submit", "", "sign-in 403 ok 404 403 403 ok"},
	{"POST /practices/{id}/publish", "/practices/{newPrSubA}/publish", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /practices/{id}/return", "/practices/{newPrSubA}/return", "note=More+on+costs", "sign-in 403 403 403 403 403 ok"},
	{"GET /practices/{id}/translations/{lang}", "/practices/{prDraftA}/translations/es", "", "sign-in 403 ok 404 403 403 ok"},
	{"GET /practices/{id}/translations/{lang}", "/practices/{prPubA}/translations/es", "", "sign-in 403 ok 403 403 403 ok"},
	{"POST /practices/{id}/translations/{lang}", "/practices/{prDraftA}/translations/es", "title=Pr%C3%A1ctica+de+la+matriz", "sign-in 403 ok 404 403 403 ok"},

	{"GET /asks", "", "", "ok ok ok ok ok ok ok"},
	{"GET /asks/new", "", "", "sign-in 403 ok ok 403 403 ok"},
	{"POST /asks", "", "kind=request&country=BRA&title=Matrix+request&language=en&level=public", "sign-in 403 ok 403 403 403 ok"},
	{"GET /asks/{id}", "/asks/{reqA}", "", "ok ok ok ok ok ok ok"},
	{"GET /asks/{id}", "/asks/{offerB}", "", "404 404 ok ok ok 404 ok"},
	{"POST /asks/{id}/close", "/asks/{newPrReqA}/close", "", "sign-in 403 ok 403 403 403 ok"},
	{"POST /asks/{id}/matches", "/asks/{newPrReqA}/matches", "offer_id={offerB}", "sign-in 403 403 403 403 403 ok"},

	{"GET /matches", "", "", "ok ok ok ok ok ok ok"},
	// In progress: its two states and the secretariat; done: everyone.
	{"GET /matches/{id}", "/matches/{matchAB}", "", "404 404 ok ok 404 404 ok"},
	{"GET /matches/{id}", "/matches/{matchDone}", "", "ok ok ok ok ok ok ok"},
	{"POST /matches/{id}/status", "/matches/{newPrMatch}/status", "status=accepted", "sign-in 403 403 403 403 403 ok"},

	{"GET /api/v1/practices", "", "", "ok ok ok ok ok ok ok"},
	{"POST /api/v1/practices", "", `{"country": "BRA", "language": "en", "title": "Matrix practice"}`, "401 403 ok 403 403 403 ok"},
	{"GET /api/v1/practices/themes", "", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/practices/paths", "/api/v1/practices/paths?concept=child-mortality", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/practices/{id}", "/api/v1/practices/{prDraftA}", "", "404 404 ok 404 404 404 ok"},
	{"GET /api/v1/practices/{id}", "/api/v1/practices/{prPubA}", "", "ok ok ok ok ok ok ok"},
	{"PATCH /api/v1/practices/{id}", "/api/v1/practices/{prDraftA}", `{"title": "Matrix draft"}`, "401 403 ok 404 403 403 ok"},
	{"PUT /api/v1/practices/{id}/translations/{lang}", "/api/v1/practices/{prDraftA}/translations/es", `{"title": "Práctica de la matriz"}`, "401 403 ok 404 403 403 ok"},
	{"POST /api/v1/practices/{id}/submit", "/api/v1/practices/{newPrDraftA}/submit", "", "401 403 ok 404 403 403 ok"},
	{"POST /api/v1/practices/{id}/publish", "/api/v1/practices/{newPrSubA}/publish", "", "401 403 403 403 403 403 ok"},
	{"GET /api/v1/asks", "", "", "ok ok ok ok ok ok ok"},
	{"POST /api/v1/asks", "", `{"kind": "request", "country": "BRA", "title": "Matrix request", "language": "en", "level": "public"}`, "401 403 ok 403 403 403 ok"},
	{"GET /api/v1/asks/{id}", "/api/v1/asks/{reqA}", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/asks/{id}", "/api/v1/asks/{offerB}", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/asks/{id}/suggestions", "/api/v1/asks/{reqA}/suggestions", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/matches", "", "", "ok ok ok ok ok ok ok"},
	{"POST /api/v1/matches", "", `{"request_id": {newPrReqA}, "offer_id": {offerB}}`, "401 403 403 403 403 403 ok"},
	{"GET /api/v1/matches/{id}", "/api/v1/matches/{matchAB}", "", "404 404 ok ok 404 404 ok"},
	{"GET /api/v1/matches/{id}", "/api/v1/matches/{matchDone}", "", "ok ok ok ok ok ok ok"},
	{"PATCH /api/v1/matches/{id}", "/api/v1/matches/{newPrMatch}", `{"status": "accepted"}`, "401 403 403 403 403 403 ok"},
}

func init() {
	areaMatrices = append(areaMatrices, practiceAccessMatrix)
	areaVars = append(areaVars, practiceVars)
}

// practiceFixtures are the fixed ids of each site, made on first use.
var practiceFixtures = map[*accessFixture][]string{}

func practiceService(fx *accessFixture) *practice.Service {
	return &practice.Service{DB: fx.s.db, Dialogue: &dialogue.Service{DB: fx.s.db}, Evidence: evidence.New(fx.s.db)}
}

// practiceVars fills the placeholders of practiceAccessMatrix.
func practiceVars(t *testing.T, fx *accessFixture, who, text string) []string {
	t.Helper()
	if !strings.Contains(text, "{pr") && !strings.Contains(text, "{req") && !strings.Contains(text, "{offer") &&
		!strings.Contains(text, "{match") && !strings.Contains(text, "{new") {
		return nil
	}
	ctx := context.Background()
	svc := practiceService(fx)
	admin := &fx.admin
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	newPractice := func(to practice.State) int64 {
		p, err := svc.Create(ctx, admin, practice.Input{Country: "BRA", Language: "en", Title: fmt.Sprintf("Practice %d", fx.s.counter()),
			Results: "Fewer deaths.", Contact: "focal.point@example.org"})
		must(err)
		if to != practice.Draft {
			_, err = svc.Submit(ctx, admin, p.ID)
			must(err)
		}
		if to == practice.Published {
			_, err = svc.Publish(ctx, admin, p.ID)
			must(err)
		}
		return p.ID
	}
	newAsk := func(kind, country, level string) int64 {
		a, err := svc.CreateAsk(ctx, admin, practice.AskInput{Kind: kind, Country: country, Title: fmt.Sprintf("Ask %d", fx.s.counter()), Language: "en", Level: level})
		must(err)
		return a.ID
	}
	ids, ok := practiceFixtures[fx]
	var offerB int64
	if !ok {
		id := func(name string, v int64) { ids = append(ids, "{"+name+"}", fmt.Sprint(v)) }
		id("prDraftA", newPractice(practice.Draft))
		id("prSubA", newPractice(practice.Submitted))
		id("prPubA", newPractice(practice.Published))
		id("reqA", newAsk(practice.Request, "BRA", "public"))
		offerB = newAsk(practice.Offer, "CHN", "participants")
		id("offerB", offerB)
		for _, to := range []string{practice.MatchInProgress, practice.MatchDone} {
			m, err := svc.ProposeMatch(ctx, admin, newAsk(practice.Request, "BRA", "public"), practice.MatchInput{OfferID: offerB})
			must(err)
			for _, st := range []string{practice.MatchAccepted, practice.MatchInProgress, practice.MatchDone} {
				ch := practice.StatusChange{Status: st}
				if st == practice.MatchDone {
					ch.Result = practice.ResultTraining
				}
				_, err = svc.SetMatchStatus(ctx, admin, m.ID, ch)
				must(err)
				if st == to {
					break
				}
			}
			name := "matchAB"
			if to == practice.MatchDone {
				name = "matchDone"
			}
			id(name, m.ID)
		}
		practiceFixtures[fx] = ids
	}
	for i := 0; i+1 < len(ids); i += 2 {
		if ids[i] == "{offerB}" {
			fmt.Sscan(ids[i+1], &offerB)
		}
	}
	pairs := append([]string(nil), ids...)
	if strings.Contains(text, "{newPrDraftA}") {
		pairs = append(pairs, "{newPrDraftA}", fmt.Sprint(newPractice(practice.Draft)))
	}
	if strings.Contains(text, "{newPrSubA}") {
		pairs = append(pairs, "{newPrSubA}", fmt.Sprint(newPractice(practice.Submitted)))
	}
	if strings.Contains(text, "{newPrReqA}") {
		pairs = append(pairs, "{newPrReqA}", fmt.Sprint(newAsk(practice.Request, "BRA", "public")))
	}
	if strings.Contains(text, "{newPrMatch}") {
		m, err := svc.ProposeMatch(ctx, admin, newAsk(practice.Request, "BRA", "public"), practice.MatchInput{OfferID: offerB})
		must(err)
		pairs = append(pairs, "{newPrMatch}", fmt.Sprint(m.ID))
	}
	return pairs
}

// TestPracticeWebAccessMatrix runs the rows above alone, as
// TestAccessMatrix runs every area's.
func TestPracticeWebAccessMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := newAccessFixture(t, searchSite(t, db))
		for _, row := range practiceAccessMatrix {
			method, pattern, _ := strings.Cut(row.route, " ")
			want := strings.Fields(row.want)
			for i, who := range matrixColumns {
				path := row.path
				if path == "" {
					path = pattern
				}
				vars := fx.vars(t, who, row.path+row.body)
				got, detail := fx.outcome(t, who, method, vars.Replace(path), vars.Replace(row.body))
				if got != want[i] {
					t.Errorf("%s %s as %s: got %s (%s), want %s", method, path, who, got, detail, want[i])
				}
			}
		}
	})
}
