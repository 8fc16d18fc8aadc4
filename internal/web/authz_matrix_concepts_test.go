package web_test

// conceptsAccessMatrix: importing a thesaurus file is the secretariat's,
// on both surfaces. The bodies are refused files (400 for the
// administrator, which the matrix counts as let through), so the shared
// fixture's thesaurus stays as it is.
var conceptsAccessMatrix = []accessRow{
	// route                       path  body                anon     obs dlgA dlgB chair val admin
	{"GET /concepts/import", "", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /concepts/import", "", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /api/v1/concepts/import", "", `[{"id": "matrix-only"}]`, "401 403 403 403 403 403 ok"},
}

func init() { areaMatrices = append(areaMatrices, conceptsAccessMatrix) }
