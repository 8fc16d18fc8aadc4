package web_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"roundtable/internal/audit"
	"roundtable/internal/evidence"
)

// evidenceAPIAccessMatrix: indicators, series and observations are public;
// importing a file is the secretariat's, from the API and the browser.
// {series} is a small series of SP.POP.TOTL the fixture imports once;
// {seriesIndicator} its indicator's code.
var evidenceAPIAccessMatrix = []accessRow{
	{"GET /api/v1/indicators", "", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/indicators/{code}", "/api/v1/indicators/{seriesIndicator}", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/evidence/areas", "", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/series/{id}", "/api/v1/series/{series}", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/series/{id}/observations", "/api/v1/series/{series}/observations?format=csv", "", "ok ok ok ok ok ok ok"},
	{"POST /api/v1/indicators/import", "", "", "401 403 403 403 403 403 ok"},
	{"GET /api/v1/indicators/{code}/metrics", "/api/v1/indicators/{seriesIndicator}/metrics?area=ARG", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/indicators/{code}/groups", "/api/v1/indicators/{seriesIndicator}/groups", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/indicators/{code}/peers", "/api/v1/indicators/{seriesIndicator}/peers?country=ARG", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/evidence/check", "/api/v1/evidence/check?kind=value&indicator={seriesIndicator}&areas=ARG", "", "ok ok ok ok ok ok ok"},
	// A statement's claim checks follow the statement: Brazil's draft is
	// read by Brazil's delegate and the secretariat only.
	{"GET /api/v1/statements/{id}/claims", "/api/v1/statements/{stA}/claims", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/statements/{id}/claims", "/api/v1/statements/{draftA}/claims", "", "404 404 ok 404 404 404 ok"},
	{"POST /api/v1/statements/{id}/claims", "/api/v1/statements/{stA}/claims", `{"quote":"x","spec":{"kind":"value","indicator":"SP.POP.TOTL","areas":["ARG"]}}`, "401 403 403 403 ok 403 ok"},
	{"POST /api/v1/statements/{id}/claims", "/api/v1/statements/{draftA}/claims", `{"quote":"x","spec":{"kind":"value","indicator":"SP.POP.TOTL","areas":["ARG"]}}`, "401 403 403 403 404 403 ok"},
	{"GET /evidence/import", "", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /evidence/import", "", "source=x", "sign-in 403 403 403 403 403 ok"},
}

func init() {
	areaMatrices = append(areaMatrices, evidenceAPIAccessMatrix)
	areaVars = append(areaVars, evidenceAPIVars)
}

// evidenceSeries remembers the series imported into each fixture's site.
var evidenceSeries sync.Map // *site → int64

// evidenceAPIVars imports, once per site, the two rows {series} stands for.
func evidenceAPIVars(t *testing.T, fx *accessFixture, who, text string) []string {
	t.Helper()
	if !strings.Contains(text, "{series") {
		return nil
	}
	if id, ok := evidenceSeries.Load(fx.s); ok {
		return []string{"{series}", strconv.FormatInt(id.(int64), 10), "{seriesIndicator}", "SP.POP.TOTL"}
	}
	ctx := context.Background()
	ev := evidence.New(fx.s.db)
	if err := ev.SyncCatalogue(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := ev.Import(ctx, strings.NewReader("iso3,indicator_code,year,value\r\nARG,SP.POP.TOTL,2020,45376763\r\nBOL,SP.POP.TOTL,2020,11936162\r\n"),
		evidence.ImportOptions{FileName: "matrix.csv", Source: "World Bank WDI", Vintage: "2026-07-01", Actor: audit.System("test")})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Series[0].ID
	evidenceSeries.Store(fx.s, id)
	return []string{"{series}", strconv.FormatInt(id, 10), "{seriesIndicator}", "SP.POP.TOTL"}
}
