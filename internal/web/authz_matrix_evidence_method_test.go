package web_test

// evidenceMethodAccessMatrix: the method page explains every figure of
// the evidence pages; like them, it is public.
var evidenceMethodAccessMatrix = []accessRow{
	// route                   path body anon obs dlgA dlgB chair val admin
	{"GET /evidence/method", "", "", "ok ok ok ok ok ok ok"},
}

func init() { areaMatrices = append(areaMatrices, evidenceMethodAccessMatrix) }
