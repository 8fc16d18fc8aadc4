package web_test

// setupAccessMatrix: the matrix's site has accounts and no setup token, so
// first-run setup is a page that does not exist for everyone.
var setupAccessMatrix = []accessRow{
	{"GET /setup", "/setup?token=x", "", "404 404 404 404 404 404 404"},
	{"POST /setup", "/setup", "token=x&email=a%40example.org&display_name=A&password=a+long+enough+password&password_again=a+long+enough+password", "404 404 404 404 404 404 404"},
}

func init() { areaMatrices = append(areaMatrices, setupAccessMatrix) }
