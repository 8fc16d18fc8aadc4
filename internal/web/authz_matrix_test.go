package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/authz"
	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/outcome"
	"roundtable/internal/speakers"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/web"
)

// The access matrix, written by hand: what each kind of person gets from
// every route. It is read by a reviewer, not derived from the policy, so a
// wider (or narrower) policy or a lost ownership check in a service turns
// it red. Outcomes:
//
//	ok       served: the request passed every access check (the handler may
//	         still refuse the input, e.g. 400 for an empty form, or 409)
//	sign-in  a page sends the visitor to /signin (303)
//	401      the API asks the visitor to authenticate
//	403      refused to this person
//	404      not found for this person (it exists, but they may not see it)
//
// Paths name the fixtures of accessFixture: {E} a published edition with
// session {S} and accredited delegations {A} (Brazil), {B} (China) and {C}
// (Argentina, which the secretariat's writes change); {U} an unpublished
// edition with session {SU}; {stA} a public statement of Brazil, {draftA}
// a draft of Brazil's; {entryA} a waiting request for the floor of Brazil on
// {S}'s open list; {user} a throwaway account, {token} one of the requester's
// own API tokens, {othersToken} another account's. The delegate of A is a delegate of Brazil, of B of China;
// the validator validates Brazil's progress reports.
type accessRow struct {
	route string // method and pattern, as registered
	path  string // the request; "" is the pattern itself
	body  string // form (pages) or JSON (API) body of a write
	want  string // anonymous, observer, delegate of A, delegate of B, chair, validator, administrator
}

var accessMatrix = []accessRow{
	// route                                  path                          body                                                  anon     obs dlgA dlgB chair val admin
	{"GET /{$}", "/", "", "ok ok ok ok ok ok ok"},
	{"GET /signin", "", "", "ok ok ok ok ok ok ok"},
	{"POST /signin", "", "email={userEmail}&password=" + testPassword, "ok ok ok ok ok ok ok"},
	{"POST /signout", "", "", "sign-in ok ok ok ok ok ok"},
	{"POST /language", "", "lang=es", "ok ok ok ok ok ok ok"},

	{"GET /account", "", "", "sign-in ok ok ok ok ok ok"},
	{"POST /account", "", "", "sign-in ok ok ok ok ok ok"},
	{"POST /account/password", "", "", "sign-in ok ok ok ok ok ok"},
	{"POST /account/tokens", "", "name=matrix", "sign-in ok ok ok ok ok ok"},
	{"POST /account/tokens/{id}/revoke", "/account/tokens/{token}/revoke", "", "sign-in ok ok ok ok ok ok"},
	{"POST /account/tokens/{id}/revoke", "/account/tokens/{othersToken}/revoke", "", "sign-in 404 404 404 404 404 404"},
	{"POST /account/signout-everywhere", "", "", "sign-in ok ok ok ok ok ok"},

	{"GET /countries", "", "", "ok ok ok ok ok ok ok"},
	{"GET /countries/{iso3}", "/countries/BRA", "", "ok ok ok ok ok ok ok"},

	{"GET /admin/users", "", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /admin/users", "", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /admin/users/{id}", "/admin/users/{user}", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /admin/users/{id}/password", "/admin/users/{user}/password", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /admin/users/{id}/disabled", "/admin/users/{user}/disabled", "disabled=true", "sign-in 403 403 403 403 403 ok"},

	{"GET /search", "/search?q=rights", "", "ok ok ok ok ok ok ok"},
	{"GET /udhr/{n}", "/udhr/1", "", "ok ok ok ok ok ok ok"},
	{"GET /concepts", "", "", "ok ok ok ok ok ok ok"},
	{"GET /concepts/new", "", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /concepts", "", "", "sign-in 403 403 403 403 403 ok"},
	{"GET /concepts/{id}", "/concepts/right-to-development", "", "ok ok ok ok ok ok ok"},
	{"GET /concepts/{id}/edit", "/concepts/right-to-development/edit", "", "sign-in 403 403 403 403 403 ok"},
	// A concept others link to: the secretariat's delete is refused (409).
	{"POST /concepts/{id}/delete", "/concepts/economic-social-cultural-rights/delete", "", "sign-in 403 403 403 403 403 ok"},
	{"GET /thesaurus.ttl", "", "", "ok ok ok ok ok ok ok"},
	{"GET /thesaurus.jsonld", "", "", "ok ok ok ok ok ok ok"},

	{"GET /editions", "", "", "ok ok ok ok ok ok ok"},
	{"GET /editions/new", "", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /editions", "", "", "sign-in 403 403 403 403 403 ok"},
	{"GET /editions/{id}", "/editions/{E}", "", "ok ok ok ok ok ok ok"},
	{"GET /editions/{id}", "/editions/{U}", "", "404 404 ok ok ok 404 ok"},
	{"GET /editions/{id}/manage", "/editions/{E}/manage", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /editions/{id}", "/editions/{U}", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /editions/{id}/sessions", "/editions/{U}/sessions", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /editions/{id}/delegations", "/editions/{U}/delegations", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /delegations/{id}/accreditation", "/delegations/{C}/accreditation", "accredited=true", "sign-in 403 403 403 403 403 ok"},
	{"POST /delegations/{id}/members", "/delegations/{C}/members", "", "sign-in 403 403 403 403 403 ok"},
	{"GET /sessions/{id}", "/sessions/{S}", "", "ok ok ok ok ok ok ok"},
	{"GET /sessions/{id}", "/sessions/{SU}", "", "404 404 ok ok ok 404 ok"},
	{"GET /delegations/{id}", "/delegations/{A}", "", "ok ok ok ok ok ok ok"},
	{"GET /statements/{id}", "/statements/{stA}", "", "ok ok ok ok ok ok ok"},
	{"GET /statements/{id}", "/statements/{draftA}", "", "404 404 ok 404 404 404 ok"},
	{"GET /editions/{id}/statements/new", "/editions/{E}/statements/new", "", "sign-in 403 ok ok 403 403 ok"},
	{"POST /editions/{id}/statements", "/editions/{E}/statements", statementForm, "sign-in 403 ok 403 403 403 ok"},
	// The form of another delegation's public statement opens (it reads
	// the statement); saving it is refused below.
	{"GET /statements/{id}/edit", "/statements/{stA}/edit", "", "sign-in 403 ok ok 403 403 ok"},
	{"GET /statements/{id}/edit", "/statements/{draftA}/edit", "", "sign-in 403 ok 404 403 403 ok"},
	{"POST /statements/{id}", "/statements/{stA}", statementForm, "sign-in 403 ok 403 403 403 ok"},
	{"POST /statements/{id}", "/statements/{draftA}", strings.Replace(statementForm, "=public", "=draft", 1), "sign-in 403 ok 404 403 403 ok"},
	{"POST /statements/{id}/translations", "/statements/{stA}/translations", "language=es&text=Texto&origin=human", "sign-in 403 ok 403 403 403 ok"},
	{"POST /statements/{id}/concepts", "/statements/{stA}/concepts", "add=right-to-development", "sign-in 403 ok 403 403 403 ok"},
	{"GET /feeds/statements.atom", "", "", "ok ok ok ok ok ok ok"},
	{"GET /editions/{id}/calendar.ics", "/editions/{E}/calendar.ics", "", "ok ok ok ok ok ok ok"},
	{"GET /editions/{id}/calendar.ics", "/editions/{U}/calendar.ics", "", "404 404 ok ok ok 404 ok"},
	{"GET /editions/{id}/record.csv", "/editions/{E}/record.csv", "", "ok ok ok ok ok ok ok"},
	{"GET /editions/{id}/record.csv", "/editions/{U}/record.csv", "", "404 404 ok ok ok 404 ok"},
	{"GET /editions/{id}/record.json", "/editions/{E}/record.json", "", "ok ok ok ok ok ok ok"},
	{"GET /editions/{id}/record.json", "/editions/{U}/record.json", "", "404 404 ok ok ok 404 ok"},
	{"GET /editions/{id}/import", "/editions/{U}/import", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /editions/{id}/import", "/editions/{U}/import", "", "sign-in 403 403 403 403 403 ok"},

	{"GET /sessions/{id}/speakers", "/sessions/{S}/speakers", "", "ok ok ok ok ok ok ok"},
	{"GET /sessions/{id}/speakers", "/sessions/{SU}/speakers", "", "404 404 ok ok ok 404 ok"},
	{"GET /sessions/{id}/speakers/display", "/sessions/{S}/speakers/display", "", "ok ok ok ok ok ok ok"},
	{"GET /sessions/{id}/speakers/events", "/sessions/{S}/speakers/events", "", "ok ok ok ok ok ok ok"},
	{"POST /sessions/{id}/speakers/open", "/sessions/{S}/speakers/open", "", "sign-in 403 403 403 ok 403 ok"},
	{"POST /sessions/{id}/speakers/move", "/sessions/{S}/speakers/move", "entry={entryA}&by=1", "sign-in 403 403 403 ok 403 ok"},
	{"POST /sessions/{id}/speakers/start", "/sessions/{S}/speakers/start", "entry={entryA}", "sign-in 403 403 403 ok 403 ok"},
	{"POST /sessions/{id}/speakers/stop", "/sessions/{S}/speakers/stop", "", "sign-in 403 403 403 ok 403 ok"},
	{"POST /sessions/{id}/speakers/request", "/sessions/{S}/speakers/request", "delegation_id={A}", "sign-in 403 ok 403 403 403 ok"},
	{"POST /sessions/{id}/speakers/withdraw", "/sessions/{S}/speakers/withdraw", "entry={entryA}", "sign-in 403 ok 403 ok 403 ok"},
	{"POST /sessions/{id}/speakers/close", "/sessions/{S}/speakers/close", "", "sign-in 403 403 403 ok 403 ok"},

	// The pages of common ground (fixtures: see the API's rows below). A
	// reader the edition keeps positions from still gets the pages, with
	// the propositions alone.
	{"GET /editions/{id}/ground", "/editions/{E}/ground", "", "ok ok ok ok ok ok ok"},
	{"GET /editions/{id}/ground", "/editions/{U}/ground", "", "404 404 ok ok ok 404 ok"},
	{"GET /editions/{id}/ground/events", "/editions/{E}/ground/events", "", "ok ok ok ok ok ok ok"},
	{"GET /editions/{id}/ground/groups", "/editions/{E}/ground/groups", "", "ok ok ok ok ok ok ok"},
	{"GET /editions/{id}/ground/priorities", "/editions/{E}/ground/priorities", "", "ok ok ok ok ok ok ok"},
	{"POST /editions/{id}/ground/settings", "/editions/{E}/ground/settings", "positions=participants", "sign-in 403 403 403 ok 403 ok"},
	{"GET /editions/{id}/propositions/new", "/editions/{E}/propositions/new", "", "sign-in 403 ok ok ok 403 ok"},
	{"POST /editions/{id}/propositions", "/editions/{E}/propositions", "language=en&text=Every+people+has+the+right+to+development.", "sign-in 403 ok ok ok 403 ok"},
	{"GET /propositions/{id}", "/propositions/{prop}", "", "ok ok ok ok ok ok ok"},
	{"GET /propositions/{id}", "/propositions/{subA}", "", "404 404 ok 404 ok 404 ok"},
	{"POST /propositions/{id}/position", "/propositions/{prop}/position", "stance=support", "sign-in 403 ok ok 403 403 403"},
	{"POST /propositions/{id}/publish", "/propositions/{newSubA}/publish", "", "sign-in 403 403 403 ok 403 ok"},
	{"POST /propositions/{id}/withdraw", "/propositions/{newProp}/withdraw", "", "sign-in 403 403 403 ok 403 ok"},
	{"POST /propositions/{id}/merge", "/propositions/{newProp}/merge", "into={prop}", "sign-in 403 403 403 ok 403 ok"},
	// The chair's proposition is translated by those who preside; Brazil's
	// also by Brazil's members.
	{"POST /propositions/{id}/translations", "/propositions/{prop}/translations", "language=es&text=Texto&origin=human", "sign-in 403 403 403 ok 403 ok"},
	{"POST /propositions/{id}/translations", "/propositions/{subA}/translations", "language=es&text=Texto&origin=human", "sign-in 403 ok 404 ok 403 ok"},
	{"GET /editions/{id}/blocs", "/editions/{E}/blocs", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /editions/{id}/blocs", "/editions/{E}/blocs", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /blocs/{id}", "/blocs/{bloc}", "edition={E}", "sign-in 403 403 403 403 403 ok"},
	{"POST /blocs/{id}/delete", "/blocs/{newBloc}/delete", "edition={E}", "sign-in 403 403 403 403 403 ok"},

	{"GET /api/v1/openapi.json", "", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/countries", "", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/countries/{iso3}", "/api/v1/countries/BRA", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/groups", "", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/me", "", "", "401 ok ok ok ok ok ok"},
	{"PATCH /api/v1/me", "", `{}`, "401 ok ok ok ok ok ok"},
	{"GET /api/v1/tokens", "", "", "401 ok ok ok ok ok ok"},
	{"POST /api/v1/tokens", "", `{"name": "matrix"}`, "401 ok ok ok ok ok ok"},
	{"DELETE /api/v1/tokens/{id}", "/api/v1/tokens/{token}", "", "401 ok ok ok ok ok ok"},
	{"DELETE /api/v1/tokens/{id}", "/api/v1/tokens/{othersToken}", "", "401 404 404 404 404 404 404"},

	{"GET /api/v1/users", "", "", "401 403 403 403 403 403 ok"},
	{"POST /api/v1/users", "", `{}`, "401 403 403 403 403 403 ok"},
	{"GET /api/v1/users/{id}", "/api/v1/users/{user}", "", "401 403 403 403 403 403 ok"},
	{"PATCH /api/v1/users/{id}", "/api/v1/users/{user}", `{"display_name": "Renamed"}`, "401 403 403 403 403 403 ok"},
	{"POST /api/v1/users/{id}/password", "/api/v1/users/{user}/password", `{}`, "401 403 403 403 403 403 ok"},

	{"GET /api/v1/search", "/api/v1/search?q=rights", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/forums", "", "", "ok ok ok ok ok ok ok"},
	{"POST /api/v1/forums", "", `{}`, "401 403 403 403 403 403 ok"},
	{"GET /api/v1/editions", "", "", "ok ok ok ok ok ok ok"},
	{"POST /api/v1/editions", "", `{}`, "401 403 403 403 403 403 ok"},
	{"GET /api/v1/editions/{id}", "/api/v1/editions/{E}", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/editions/{id}", "/api/v1/editions/{U}", "", "404 404 ok ok ok 404 ok"},
	{"PUT /api/v1/editions/{id}", "/api/v1/editions/{U}", `{}`, "401 403 403 403 403 403 ok"},
	{"GET /api/v1/editions/{id}/sessions", "/api/v1/editions/{E}/sessions", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/editions/{id}/sessions", "/api/v1/editions/{U}/sessions", "", "404 404 ok ok ok 404 ok"},
	{"POST /api/v1/editions/{id}/sessions", "/api/v1/editions/{U}/sessions", `{}`, "401 403 403 403 403 403 ok"},
	{"GET /api/v1/sessions/{id}", "/api/v1/sessions/{S}", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/sessions/{id}", "/api/v1/sessions/{SU}", "", "404 404 ok ok ok 404 ok"},
	{"PUT /api/v1/sessions/{id}", "/api/v1/sessions/{SU}", `{}`, "401 403 403 403 403 403 ok"},
	{"GET /api/v1/editions/{id}/delegations", "/api/v1/editions/{E}/delegations", "", "ok ok ok ok ok ok ok"},
	{"POST /api/v1/editions/{id}/delegations", "/api/v1/editions/{U}/delegations", `{}`, "401 403 403 403 403 403 ok"},
	{"GET /api/v1/delegations/{id}", "/api/v1/delegations/{B}", "", "ok ok ok ok ok ok ok"},
	{"PUT /api/v1/delegations/{id}/accreditation", "/api/v1/delegations/{C}/accreditation", `{"accredited": true}`, "401 403 403 403 403 403 ok"},
	{"POST /api/v1/delegations/{id}/members", "/api/v1/delegations/{C}/members", `{}`, "401 403 403 403 403 403 ok"},
	{"GET /api/v1/statements", "", "", "ok ok ok ok ok ok ok"},
	{"POST /api/v1/statements", "", statementJSON, "401 403 ok 403 403 403 ok"},
	{"GET /api/v1/statements/{id}", "/api/v1/statements/{stA}", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/statements/{id}", "/api/v1/statements/{draftA}", "", "404 404 ok 404 404 404 ok"},
	{"PUT /api/v1/statements/{id}", "/api/v1/statements/{stA}", statementJSON, "401 403 ok 403 403 403 ok"},
	// Another delegation's hidden statement is not found, as a missing one.
	{"PUT /api/v1/statements/{id}", "/api/v1/statements/{draftA}", strings.Replace(statementJSON, `"public"`, `"draft"`, 1), "401 403 ok 404 403 403 ok"},
	{"PUT /api/v1/statements/{id}/translations/{lang}", "/api/v1/statements/{stA}/translations/es", `{"text": "Texto", "origin": "human"}`, "401 403 ok 403 403 403 ok"},
	{"POST /api/v1/statements/{id}/concepts", "/api/v1/statements/{stA}/concepts", `{"add": ["right-to-development"]}`, "401 403 ok 403 403 403 ok"},
	{"POST /api/v1/editions/{id}/statements/import", "/api/v1/editions/{U}/statements/import", `{}`, "401 403 403 403 403 403 ok"},

	{"GET /api/v1/sessions/{id}/speakers", "/api/v1/sessions/{S}/speakers", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/sessions/{id}/speakers", "/api/v1/sessions/{SU}/speakers", "", "404 404 ok ok ok 404 ok"},
	{"POST /api/v1/sessions/{id}/speakers/open", "/api/v1/sessions/{S}/speakers/open", "", "401 403 403 403 ok 403 ok"},
	{"POST /api/v1/sessions/{id}/speakers/reorder", "/api/v1/sessions/{S}/speakers/reorder", `{}`, "401 403 403 403 ok 403 ok"},
	{"POST /api/v1/sessions/{id}/speakers/start", "/api/v1/sessions/{S}/speakers/start", `{"entry_id": {entryA}}`, "401 403 403 403 ok 403 ok"},
	{"POST /api/v1/sessions/{id}/speakers/stop", "/api/v1/sessions/{S}/speakers/stop", "", "401 403 403 403 ok 403 ok"},
	{"POST /api/v1/sessions/{id}/speakers/request", "/api/v1/sessions/{S}/speakers/request", `{"delegation_id": {A}}`, "401 403 ok 403 403 403 ok"},
	{"POST /api/v1/sessions/{id}/speakers/withdraw", "/api/v1/sessions/{S}/speakers/withdraw", `{"entry_id": {entryA}}`, "401 403 ok 403 ok 403 ok"},
	{"POST /api/v1/sessions/{id}/speakers/close", "/api/v1/sessions/{S}/speakers/close", "", "401 403 403 403 ok 403 ok"},

	// Common ground. {prop} is a published proposition of the chair on {E},
	// {subA} one of Brazil's waiting for the chair, {bloc} a bloc of {E};
	// {newProp}, {newSubA} and {newBloc} are made afresh for each request.
	// {E} keeps positions to its participants, so the public gets
	// positions_restricted (403) from whatever shows them.
	{"GET /api/v1/editions/{id}/blocs", "/api/v1/editions/{E}/blocs", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/editions/{id}/blocs", "/api/v1/editions/{U}/blocs", "", "404 404 ok ok ok 404 ok"},
	{"POST /api/v1/editions/{id}/blocs", "/api/v1/editions/{E}/blocs", `{}`, "401 403 403 403 403 403 ok"},
	{"PUT /api/v1/blocs/{id}", "/api/v1/blocs/{bloc}", `{}`, "401 403 403 403 403 403 ok"},
	{"DELETE /api/v1/blocs/{id}", "/api/v1/blocs/{newBloc}", "", "401 403 403 403 403 403 ok"},
	{"GET /api/v1/editions/{id}/ground/settings", "/api/v1/editions/{E}/ground/settings", "", "ok ok ok ok ok ok ok"},
	{"PUT /api/v1/editions/{id}/ground/settings", "/api/v1/editions/{E}/ground/settings", `{"positions": "participants"}`, "401 403 403 403 ok 403 ok"},
	{"GET /api/v1/editions/{id}/propositions", "/api/v1/editions/{E}/propositions", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/editions/{id}/propositions", "/api/v1/editions/{U}/propositions", "", "404 404 ok ok ok 404 ok"},
	{"POST /api/v1/editions/{id}/propositions", "/api/v1/editions/{E}/propositions", propositionJSON, "401 403 ok ok ok 403 ok"},
	// Nobody but Brazil's members proposes in Brazil's name.
	{"POST /api/v1/editions/{id}/propositions", "/api/v1/editions/{E}/propositions", `{"delegation_id": {A}, ` + propositionJSON[1:], "401 403 ok 403 403 403 403"},
	{"GET /api/v1/propositions/{id}", "/api/v1/propositions/{prop}", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/propositions/{id}", "/api/v1/propositions/{subA}", "", "404 404 ok 404 ok 404 ok"},
	{"POST /api/v1/propositions/{id}/publish", "/api/v1/propositions/{newSubA}/publish", "", "401 403 403 403 ok 403 ok"},
	{"POST /api/v1/propositions/{id}/withdraw", "/api/v1/propositions/{newProp}/withdraw", "", "401 403 403 403 ok 403 ok"},
	{"POST /api/v1/propositions/{id}/merge", "/api/v1/propositions/{newProp}/merge", `{"into": {prop}}`, "401 403 403 403 ok 403 ok"},
	{"PUT /api/v1/propositions/{id}/translations/{lang}", "/api/v1/propositions/{prop}/translations/es", `{"text": "Texto", "origin": "human"}`, "401 403 403 403 ok 403 ok"},
	{"PUT /api/v1/propositions/{id}/translations/{lang}", "/api/v1/propositions/{subA}/translations/es", `{"text": "Texto", "origin": "human"}`, "401 403 ok 404 ok 403 ok"},
	{"GET /api/v1/propositions/{id}/positions", "/api/v1/propositions/{prop}/positions", "", "403 403 ok ok ok 403 ok"},
	{"PUT /api/v1/propositions/{id}/positions", "/api/v1/propositions/{prop}/positions", `{"stance": "support"}`, "401 403 ok ok 403 403 403"},
	{"PUT /api/v1/propositions/{id}/positions", "/api/v1/propositions/{prop}/positions", `{"delegation_id": {A}, "stance": "support"}`, "401 403 ok 403 403 403 403"},
	{"GET /api/v1/propositions/{id}/positions/history", "/api/v1/propositions/{prop}/positions/history", "", "403 403 ok ok ok 403 ok"},
	{"GET /api/v1/editions/{id}/map", "/api/v1/editions/{E}/map", "", "403 403 ok ok ok 403 ok"},
	{"GET /api/v1/editions/{id}/map", "/api/v1/editions/{U}/map", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/editions/{id}/ground/groups", "/api/v1/editions/{E}/ground/groups", "", "403 403 ok ok ok 403 ok"},
	{"GET /api/v1/editions/{id}/ground/priorities", "/api/v1/editions/{E}/ground/priorities", "", "ok ok ok ok ok ok ok"},

	{"GET /editions/{id}/map.csv", "/editions/{E}/map.csv", "", "403 403 ok ok ok 403 ok"},
	{"GET /editions/{id}/map.csv", "/editions/{U}/map.csv", "", "404 404 ok ok ok 404 ok"},
	{"GET /editions/{id}/map.json", "/editions/{E}/map.json", "", "403 403 ok ok ok 403 ok"},
	{"GET /editions/{id}/positions.csv", "/editions/{E}/positions.csv", "", "403 403 ok ok ok 403 ok"},
	{"GET /editions/{id}/positions.json", "/editions/{E}/positions.json", "", "403 403 ok ok ok 403 ok"},
	{"GET /editions/{id}/ground/groups.csv", "/editions/{E}/ground/groups.csv", "", "403 403 ok ok ok 403 ok"},
	{"GET /editions/{id}/ground/priorities.csv", "/editions/{E}/ground/priorities.csv", "", "ok ok ok ok ok ok ok"},
}

// A statement of Brazil's delegation {A} in {E}, whole, so that only the
// ownership check can refuse it.
const (
	statementForm = "session_id={S}&delegation_id={A}&language=en&title=Development&text=The+right+to+development.&visibility=public&delivered_on=2024-11-19"
	statementJSON = `{"edition_id": {E}, "session_id": {S}, "delegation_id": {A}, "language": "en", "title": "Development",
		"text": "The right to development.", "visibility": "public", "delivered_on": "2024-11-19"}`
	// A proposition in English, whole, so that only the role or the
	// ownership check can refuse it.
	propositionJSON = `{"language": "en", "text": "Every people has the right to development."}`
)

// allAccessRows is the matrix with the rows of each area kept in its own
// file (outcomeAccessMatrix).
func allAccessRows() []accessRow {
	rows := append(append([]accessRow{}, accessMatrix...), outcomeAccessMatrix...)
	rows = append(append(rows, outcomeFlowAccessMatrix...), outcomeAPIAccessMatrix...)
	for _, m := range areaMatrices {
		rows = append(rows, m...)
	}
	return rows
}

// areaMatrices are the rows of areas that keep their matrix in a file of
// their own; each such file adds its rows in an init function.
var areaMatrices [][]accessRow

// areaVars are placeholders of areas' own (a user to disable, a session
// to delete): given the column and the row's text, each returns
// replacement pairs ("{name}", "42") for the placeholders it finds there.
var areaVars []func(t *testing.T, fx *accessFixture, who, text string) []string

var matrixColumns = []string{"anonymous", "observer", "delegate of A", "delegate of B", "chair", "validator", "administrator"}

func TestAccessMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := newAccessFixture(t, searchSite(t, db))
		for _, row := range allAccessRows() {
			method, pattern, _ := strings.Cut(row.route, " ")
			want := strings.Fields(row.want)
			if len(want) != len(matrixColumns) {
				t.Fatalf("%s: %d outcomes, want %d", row.route, len(want), len(matrixColumns))
			}
			for i, who := range matrixColumns {
				path := row.path
				if path == "" {
					path = pattern
				}
				vars := fx.vars(t, who, row.path+row.body)
				path, body := vars.Replace(path), vars.Replace(row.body)
				got, detail := fx.outcome(t, who, method, path, body)
				if got != want[i] {
					t.Errorf("%s %s as %s: got %s (%s), want %s", method, path, who, got, detail, want[i])
				}
			}
		}
	})
}

// TestAccessMatrixListsEveryRoute keeps the table whole: a new route
// without a row, or a row for a route that is gone, fails.
func TestAccessMatrixListsEveryRoute(t *testing.T) {
	rows := map[string]bool{}
	for _, row := range allAccessRows() {
		rows[row.route] = true
	}
	registered := map[string]bool{}
	for _, rt := range web.Routes() {
		if rt.Method == "" {
			continue // the not-found catch-alls
		}
		r := rt.Method + " " + rt.Path
		registered[r] = true
		if !rows[r] {
			t.Errorf("route %s has no row in the access matrix", r)
		}
	}
	for r := range rows {
		if !registered[r] {
			t.Errorf("the access matrix has a row for %s, which is not a route", r)
		}
	}
}

func TestEveryRouteNamesAKnownAction(t *testing.T) {
	for _, rt := range web.Routes() {
		if !authz.Known(rt.Action) {
			t.Errorf("%s %s: action %q is not in the policy", rt.Method, rt.Path, rt.Action)
		}
	}
}

// outcome sends one request as who and names what came back.
func (fx *accessFixture) outcome(t *testing.T, who, method, path, body string) (string, string) {
	t.Helper()
	c := fx.s.client()
	if email := fx.emails[who]; email != "" {
		c.signIn(email)
	}
	api := strings.HasPrefix(path, "/api/")
	var res *http.Response
	switch {
	case method == "GET":
		res = c.get(path)
	case api:
		h := http.Header{"X-Csrf-Token": {c.csrf()}}
		if body != "" {
			h.Set("Content-Type", "application/json")
		}
		res = c.do(method, path, strings.NewReader(body), h)
	default:
		res = c.do("POST", path, strings.NewReader(body+"&csrf="+c.csrf()), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	}
	// Close at once: the speakers event stream would otherwise stay open.
	res.Body.Close()
	loc := res.Header.Get("Location")
	detail := fmt.Sprintf("%d %s", res.StatusCode, loc)
	switch {
	case res.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/signin"):
		return "sign-in", detail
	case res.StatusCode == 401, res.StatusCode == 403, res.StatusCode == 404, res.StatusCode == 405:
		return fmt.Sprint(res.StatusCode), detail
	case res.StatusCode >= 500:
		return "failed", detail
	}
	return "ok", detail
}

// accessFixture is a site with the demo data, the search index, the
// matrix's own record (see accessMatrix) and one account per column.
type accessFixture struct {
	s      *site
	emails map[string]string // column → e-mail address ("" for anonymous)
	users  map[string]account.User
	admin  account.User
	ids    []string // "{E}", "12", … for strings.NewReplacer
	spk    *speakers.Service
	// the speakers list the {entryA} requests go on
	session, delA int64
	gnd           *ground.Service
	out           *outcome.Service
	edition       int64 // {E}
}

func newAccessFixture(t *testing.T, s *site) *accessFixture {
	t.Helper()
	ctx := context.Background()
	fx := &accessFixture{s: s, emails: map[string]string{}, users: map[string]account.User{}}
	for i, who := range matrixColumns[1:] {
		role := []account.Role{account.Observer, account.Delegate, account.Delegate, account.Chair, account.Validator, account.Administrator}[i]
		in := account.NewUser{Email: fmt.Sprintf("matrix-%d@example.org", i), DisplayName: who, Role: role, Password: testPassword}
		if who == "delegate of A" {
			in.Delegation = "BRA"
		} else if who == "delegate of B" {
			in.Delegation = "CHN"
		} else if who == "validator" {
			in.Delegation = "BRA" // validates A's progress reports
		}
		u, err := s.accounts.Create(ctx, audit.System("test"), in)
		if err != nil {
			t.Fatal(err)
		}
		fx.emails[who], fx.users[who] = u.Email, u
	}
	fx.admin = fx.users["administrator"]
	admin := &fx.admin
	dlg := &dialogue.Service{DB: s.db}
	fx.spk = &speakers.Service{DB: s.db, Dialogue: dlg}
	fx.gnd = &ground.Service{DB: s.db, Dialogue: dlg}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	forum, err := dlg.CreateForum(ctx, admin, dialogue.Forum{Slug: "matrix", Names: dialogue.Texts{"en": "Matrix Roundtable"}})
	must(err)
	id := func(name string, v int64) { fx.ids = append(fx.ids, "{"+name+"}", fmt.Sprint(v)) }
	start := time.Date(2024, 11, 19, 9, 0, 0, 0, time.UTC)
	for _, ed := range []struct {
		name, session string
		number        int
		published     bool
	}{{"E", "S", 1, true}, {"U", "SU", 2, false}} {
		e, err := dlg.CreateEdition(ctx, admin, dialogue.Edition{ForumID: forum.ID, Number: ed.number, Titles: dialogue.Texts{"en": "Roundtable " + ed.name},
			Published: ed.published, StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en", "es"}})
		must(err)
		id(ed.name, e.ID)
		sess, err := dlg.SaveSession(ctx, admin, dialogue.Session{EditionID: e.ID, Titles: dialogue.Texts{"en": "The right to development"}, StartsAt: start, EndsAt: start.Add(time.Hour)})
		must(err)
		id(ed.session, sess.ID)
		if !ed.published {
			continue
		}
		fx.session = sess.ID
		for _, d := range []struct{ name, code string }{{"A", "BRA"}, {"B", "CHN"}, {"C", "ARG"}} {
			del, err := dlg.AddDelegation(ctx, admin, dialogue.Delegation{EditionID: e.ID, Kind: dialogue.KindCountry, Code: d.code})
			must(err)
			must(dlg.Accredit(ctx, admin, del.ID, true))
			id(d.name, del.ID)
			if d.name == "A" {
				fx.delA = del.ID
			}
		}
		for _, st := range []struct{ name, visibility string }{{"stA", "public"}, {"draftA", "draft"}} {
			saved, err := dlg.SaveStatement(ctx, admin, dialogue.Statement{EditionID: e.ID, SessionID: sess.ID, DelegationID: fx.delA, Language: "en",
				Title: st.name, Body: "The right to development.", Visibility: st.visibility, DeliveredOn: "2024-11-19"})
			must(err)
			id(st.name, saved.ID)
		}
		fx.edition = e.ID
		bloc, err := fx.gnd.CreateBloc(ctx, admin, e.ID, ground.BlocInput{Code: "SA", Names: dialogue.Texts{"en": "South America"}, Members: []string{"BRA", "ARG"}})
		must(err)
		id("bloc", bloc.ID)
		id("prop", fx.proposition(t, "administrator"))
		id("subA", fx.proposition(t, "delegate of A"))
	}
	fx.outcomeFixture(t)
	return fx
}

// proposition puts a proposition forward on {E} as who: the
// secretariat's is published, a delegate's waits for the chair.
func (fx *accessFixture) proposition(t *testing.T, who string) int64 {
	t.Helper()
	u := fx.users[who]
	p, err := fx.gnd.Propose(context.Background(), &u, fx.edition, ground.PropositionInput{Language: "en", Text: fmt.Sprintf("Proposition %d of the %s.", fx.s.counter(), who)})
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// vars fills the placeholders of one request as who; the throwaway account,
// the token and the waiting request are made afresh when text names them,
// so no request depends on what an earlier one changed.
func (fx *accessFixture) vars(t *testing.T, who, text string) *strings.Replacer {
	t.Helper()
	ctx := context.Background()
	pairs := append([]string(nil), fx.ids...)
	if strings.Contains(text, "{user") {
		u := fx.s.user(fmt.Sprintf("target-%d@example.org", fx.s.counter()), account.Observer)
		pairs = append(pairs, "{user}", fmt.Sprint(u.ID), "{userEmail}", url.QueryEscape(u.Email))
	}
	if strings.Contains(text, "{token}") {
		owner, ok := fx.users[who]
		if !ok { // the visitor: someone else's token
			owner = fx.admin
		}
		tok, _, err := fx.s.accounts.CreateToken(ctx, owner, "matrix")
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, "{token}", fmt.Sprint(tok.ID))
	}
	if strings.Contains(text, "{othersToken}") {
		u := fx.s.user(fmt.Sprintf("owner-%d@example.org", fx.s.counter()), account.Observer)
		tok, _, err := fx.s.accounts.CreateToken(ctx, u, "someone else's")
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, "{othersToken}", fmt.Sprint(tok.ID))
	}
	if strings.Contains(text, "{newBloc}") {
		b, err := fx.gnd.CreateBloc(ctx, &fx.admin, fx.edition, ground.BlocInput{Code: fmt.Sprintf("NEW%d", fx.s.counter()), Names: dialogue.Texts{"en": "New"}, Members: []string{"CHN"}})
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, "{newBloc}", fmt.Sprint(b.ID))
	}
	if strings.Contains(text, "{newProp}") {
		pairs = append(pairs, "{newProp}", fmt.Sprint(fx.proposition(t, "administrator")))
	}
	if strings.Contains(text, "{newSubA}") {
		pairs = append(pairs, "{newSubA}", fmt.Sprint(fx.proposition(t, "delegate of A")))
	}
	if strings.Contains(text, "{entryA}") {
		pairs = append(pairs, "{entryA}", fmt.Sprint(fx.waitingEntryOfA(t)))
	}
	for _, f := range areaVars {
		pairs = append(pairs, f(t, fx, who, text)...)
	}
	return strings.NewReplacer(pairs...)
}

// waitingEntryOfA opens the list and returns a waiting request of Brazil,
// asking for the floor when there is none.
func (fx *accessFixture) waitingEntryOfA(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	if err := fx.spk.Open(ctx, &fx.admin, fx.session); err != nil {
		t.Fatal(err)
	}
	if e, err := fx.spk.Request(ctx, &fx.admin, fx.session, speakers.Request{DelegationID: fx.delA}); err == nil {
		return e.ID
	}
	b, err := fx.spk.State(ctx, &fx.admin, fx.session)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range b.Waiting {
		if e.DelegationID == fx.delA {
			return e.ID
		}
	}
	t.Fatal("no waiting request of delegation A")
	return 0
}
