package web_test

import (
	"context"
	"strings"
	"testing"
)

// evidenceAccessMatrix: the evidence pages, their downloads, charts and
// embed are everyone's, the public's included. {withEvidence} writes the
// hand-written evidence (ui_evidence_fixture_test.go) into the matrix's
// site once, and stands for nothing in the path.
var evidenceAccessMatrix = []accessRow{
	{"GET /evidence", "/evidence{withEvidence}", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/indicators/{code}", "/evidence/indicators/SP.DYN.LE00.IN{withEvidence}", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/indicators/{code}", "/evidence/indicators/SP.DYN.LE00.IN.csv{withEvidence}", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/indicators/{code}", "/evidence/indicators/NO.SUCH.CODE{withEvidence}", "", "404 404 404 404 404 404 404"},
	{"GET /evidence/countries/{iso3}", "/evidence/countries/BOL{withEvidence}", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/countries/{iso3}", "/evidence/countries/BOL.json{withEvidence}", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/countries/{iso3}", "/evidence/countries/XXX{withEvidence}", "", "404 404 404 404 404 404 404"},
	{"GET /evidence/countries/{iso3}/charts/{code}", "/evidence/countries/BOL/charts/SP.DYN.LE00.IN.svg{withEvidence}", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/indicators/{code}/map.svg", "/evidence/indicators/SP.DYN.LE00.IN/map.svg{withEvidence}", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/indicators/{code}/dots.svg", "/evidence/indicators/SP.DYN.LE00.IN/dots.svg{withEvidence}", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/indicators/{code}/slope.svg", "/evidence/indicators/SI.POV.DDAY/slope.svg{withEvidence}", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/embed/indicators/{code}/map", "/evidence/embed/indicators/SP.DYN.LE00.IN/map{withEvidence}", "", "ok ok ok ok ok ok ok"},
}

func init() {
	areaMatrices = append(areaMatrices, evidenceAccessMatrix)
	areaVars = append(areaVars, evidenceVars)
}

// evidenceVars writes the evidence fixture when a row asks for it and the
// site has none of it yet.
func evidenceVars(t *testing.T, fx *accessFixture, who, text string) []string {
	t.Helper()
	if !strings.Contains(text, "{withEvidence}") {
		return nil
	}
	var n int
	if err := fx.s.db.Reader().QueryRow(context.Background(), "SELECT COUNT(*) FROM indicators WHERE code = 'SP.DYN.LE00.IN'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		insertEvidence(t, fx.s.db)
	}
	return []string{"{withEvidence}", ""}
}
