package web_test

// statusAccessMatrix: the status page and its JSON are the secretariat's.
var statusAccessMatrix = []accessRow{
	{"GET /admin/status", "", "", "sign-in 403 403 403 403 403 ok"},
	{"GET /api/v1/status/translation", "", "", "401 403 403 403 403 403 ok"},
}

func init() { areaMatrices = append(areaMatrices, statusAccessMatrix) }
