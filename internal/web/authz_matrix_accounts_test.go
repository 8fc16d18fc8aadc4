package web_test

// The account security pages in the access matrix. The matrix's site has
// no SMTP server, so what needs e-mail (forgot password, a reset link
// sent by the secretariat) is not found for anyone; the tests of
// account_security_test.go run it with one. The matrix's accounts chose
// their passwords (no one-time password), have no two-factor sign-in, and
// prefer English.
var accountsAccessMatrix = []accessRow{
	// route                                   path                                   body                         anon     obs dlgA dlgB chair val admin
	// Nothing to change: each is sent on to their account page.
	{"GET /password/change", "", "", "sign-in ok ok ok ok ok ok"},
	{"POST /password/change", "", "new_password=another+password+here", "sign-in ok ok ok ok ok ok"},
	// Without a challenge cookie, the code form sends everyone to sign in,
	// and a code is refused as a sign-in that has expired.
	{"GET /signin/code", "", "", "sign-in sign-in sign-in sign-in sign-in sign-in sign-in"},
	{"POST /signin/code", "", "code_2fa=123456", "401 401 401 401 401 401 401"},
	{"GET /password/forgot", "", "", "404 404 404 404 404 404 404"},
	{"POST /password/forgot", "", "email={userEmail}", "404 404 404 404 404 404 404"},
	// A reset page answers anyone; a wrong link is a 400.
	{"GET /password/reset", "/password/reset?token=nope", "", "ok ok ok ok ok ok ok"},
	{"POST /password/reset", "", "token=nope&password=a+long+enough+password", "ok ok ok ok ok ok ok"},
	{"GET /account/language", "/account/language?next=/", "", "sign-in ok ok ok ok ok ok"},
	{"POST /account/language", "", "lang=en&next=/", "sign-in ok ok ok ok ok ok"},
	// Two-factor sign-in is offered to the chairs and the secretariat.
	{"POST /account/two-factor", "", "", "sign-in 403 403 403 ok 403 ok"},
	{"POST /account/two-factor/confirm", "", "code_2fa=123456", "sign-in ok ok ok ok ok ok"},
	{"POST /account/two-factor/disable", "", "password=not+the+password", "sign-in ok ok ok ok ok ok"},
	{"POST /admin/users/{id}/two-factor/disable", "/admin/users/{user}/two-factor/disable", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /admin/users/{id}/reset-link", "/admin/users/{user}/reset-link", "", "sign-in 403 403 403 403 403 404"},
}

func init() { areaMatrices = append(areaMatrices, accountsAccessMatrix) }
