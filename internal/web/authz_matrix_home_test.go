package web_test

// homeAccessMatrix: the home page's companions. The Declaration's index is
// public, like its articles.
var homeAccessMatrix = []accessRow{
	// route      path  body anon obs dlgA dlgB chair val admin
	{"GET /udhr", "", "", "ok ok ok ok ok ok ok"},
}

func init() { areaMatrices = append(areaMatrices, homeAccessMatrix) }
