package web_test

// trackerAccessMatrix: the tracker, its exports, a country's commitments
// and their API are everyone's, the public's included; what each reader
// finds in them is the visibility rule's (ui_tracker_test.go). A code the
// reference data do not know is a 404 for all; a filter no form sends a
// 400 (served: "ok").
var trackerAccessMatrix = []accessRow{
	{"GET /commitments", "", "", "ok ok ok ok ok ok ok"},
	{"GET /commitments", "/commitments?status=finished", "", "ok ok ok ok ok ok ok"},
	{"GET /commitments.csv", "/commitments.csv?country=BRA", "", "ok ok ok ok ok ok ok"},
	{"GET /commitments.xlsx", "", "", "ok ok ok ok ok ok ok"},
	{"GET /commitments.json", "/commitments.json?due=overdue", "", "ok ok ok ok ok ok ok"},
	{"GET /countries/{iso3}/commitments", "/countries/BRA/commitments", "", "ok ok ok ok ok ok ok"},
	{"GET /countries/{iso3}/commitments", "/countries/XYZ/commitments", "", "404 404 404 404 404 404 404"},
	{"GET /api/v1/commitments", "/api/v1/commitments?country=CHN", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/commitments/summary", "", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/countries/{iso3}/commitments", "/api/v1/countries/BRA/commitments", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/countries/{iso3}/commitments", "/api/v1/countries/XYZ/commitments", "", "404 404 404 404 404 404 404"},
}

func init() { areaMatrices = append(areaMatrices, trackerAccessMatrix) }
