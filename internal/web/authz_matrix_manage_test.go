package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"roundtable/internal/dialogue"
)

// The rows of the management pages and the programme grid. {newSession},
// {newOrg}, {memberC}, {newStA} and {newDraftA} are made afresh for each
// request (a session of {E}, an organisation's delegation, a member of
// {C}, a public statement and a draft of Brazil's), so a deletion by one
// column leaves the next its own. Deletions carry confirm=yes, so "ok" is
// the act itself, not the question.
var manageAccessMatrix = []accessRow{
	{"GET /editions/{id}/programme", "/editions/{E}/programme", "", "ok ok ok ok ok ok ok"},
	{"GET /editions/{id}/programme", "/editions/{U}/programme", "", "404 404 ok ok ok 404 ok"},
	{"GET /sessions/{id}/edit", "/sessions/{S}/edit", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /sessions/{id}", "/sessions/{S}", "title_en=The+right+to+development&starts_at=2024-11-19T09:00&ends_at=2024-11-19T10:00", "sign-in 403 403 403 403 403 ok"},
	{"POST /sessions/{id}/delete", "/sessions/{newSession}/delete", "confirm=yes", "sign-in 403 403 403 403 403 ok"},
	{"GET /delegations/{id}/edit", "/delegations/{C}/edit", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /delegations/{id}", "/delegations/{C}", "kind=country", "sign-in 403 403 403 403 403 ok"},
	{"POST /delegations/{id}/delete", "/delegations/{newOrg}/delete", "confirm=yes", "sign-in 403 403 403 403 403 ok"},
	{"POST /delegations/{id}/members/{member}", "/delegations/{C}/members/{memberC}", "name=Ana+P%C3%A9rez&role=head", "sign-in 403 403 403 403 403 ok"},
	{"POST /delegations/{id}/members/{member}/delete", "/delegations/{C}/members/{memberC}/delete", "confirm=yes", "sign-in 403 403 403 403 403 ok"},
	// Brazil's own statement: its delegate and the secretariat delete it;
	// China's delegate is refused, and does not even find Brazil's draft.
	{"POST /statements/{id}/delete", "/statements/{newStA}/delete", "confirm=yes", "sign-in 403 ok 403 403 403 ok"},
	{"POST /statements/{id}/delete", "/statements/{newDraftA}/delete", "confirm=yes", "sign-in 403 ok 404 403 403 ok"},
}

func init() {
	areaMatrices = append(areaMatrices, manageAccessMatrix)
	areaVars = append(areaVars, manageVars)
}

// manageVars makes the fresh rows a management row names.
func manageVars(t *testing.T, fx *accessFixture, who, text string) []string {
	t.Helper()
	if !strings.Contains(text, "{new") && !strings.Contains(text, "{memberC}") {
		return nil
	}
	ctx := context.Background()
	dlg := &dialogue.Service{DB: fx.s.db}
	n := fx.s.counter()
	var pairs []string
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(text, "{newSession}") {
		start := time.Date(2024, 11, 20, 9, 0, 0, 0, time.UTC)
		x, err := dlg.SaveSession(ctx, &fx.admin, dialogue.Session{EditionID: fx.edition, Titles: dialogue.Texts{"en": fmt.Sprintf("Session %d", n)}, StartsAt: start, EndsAt: start.Add(time.Hour)})
		must(err)
		pairs = append(pairs, "{newSession}", fmt.Sprint(x.ID))
	}
	if strings.Contains(text, "{newOrg}") {
		d, err := dlg.AddDelegation(ctx, &fx.admin, dialogue.Delegation{EditionID: fx.edition, Kind: dialogue.KindOrganisation, Code: fmt.Sprintf("ORG%d", n), Names: dialogue.Texts{"en": "An organisation"}})
		must(err)
		pairs = append(pairs, "{newOrg}", fmt.Sprint(d.ID))
	}
	if strings.Contains(text, "{memberC}") {
		var c int64
		for i := 0; i+1 < len(fx.ids); i += 2 {
			if fx.ids[i] == "{C}" {
				fmt.Sscan(fx.ids[i+1], &c)
			}
		}
		m, err := dlg.AddMember(ctx, &fx.admin, c, dialogue.Member{Name: fmt.Sprintf("Member %d", n), Role: "adviser"})
		must(err)
		pairs = append(pairs, "{memberC}", fmt.Sprint(m.ID))
	}
	for _, p := range []struct{ name, visibility string }{{"{newStA}", dialogue.Public}, {"{newDraftA}", dialogue.Draft}} {
		if strings.Contains(text, p.name) {
			st, err := dlg.SaveStatement(ctx, &fx.admin, dialogue.Statement{EditionID: fx.edition, DelegationID: fx.delA, Language: "en",
				Title: fmt.Sprintf("Statement %d", n), Body: fmt.Sprintf("The right to development, %d.", n), Visibility: p.visibility})
			must(err)
			pairs = append(pairs, p.name, fmt.Sprint(st.ID))
		}
	}
	return pairs
}
