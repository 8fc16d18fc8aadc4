package web_test

// evidencePeersAccessMatrix: peer learning is everyone's, the public's
// included, like the rest of the evidence. The matrix's site holds the demo
// (and with it the shipped indicators). A country that is not an economy
// and a malformed year are refused with 400, which passed the access
// checks ("ok"); an unknown indicator is 404 for everyone.
var evidencePeersAccessMatrix = []accessRow{
	{"GET /evidence/peers", "", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/peers", "/evidence/peers?country=BOL&indicator=SH.DYN.MORT&from=2000&to=2020", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/peers", "/evidence/peers?country=BOL&indicator=SH.DYN.MORT&from=2000&to=2020&format=csv", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/peers", "/evidence/peers?country=BOL&indicator=SH.DYN.MORT&format=json", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/peers", "/evidence/peers?country=WLD&indicator=SH.DYN.MORT", "", "ok ok ok ok ok ok ok"},
	{"GET /evidence/peers", "/evidence/peers?country=BOL&indicator=NO.SUCH.CODE", "", "404 404 404 404 404 404 404"},
}

func init() { areaMatrices = append(areaMatrices, evidencePeersAccessMatrix) }
