package web

import (
	"net/http"

	"roundtable/internal/authz"
	"roundtable/internal/errs"
)

// uiRoutes is the map of the web interface.
func (s *Server) uiRoutes() []route {
	return []route{
		{"GET", "/{$}", authz.ViewPublic, s.home},
		{"GET", "/signin", authz.SignIn, s.signInForm},
		{"POST", "/signin", authz.SignIn, s.signIn},
		{"POST", "/signout", authz.EndOwnSessions, s.signOut},
		{"POST", "/language", authz.ViewPublic, s.switchLanguage},

		{"GET", "/account", authz.ViewOwnAccount, s.accountPage},
		{"POST", "/account", authz.EditOwnAccount, s.accountSave},
		{"POST", "/account/password", authz.EditOwnAccount, s.accountPassword},
		{"POST", "/account/tokens", authz.ManageOwnTokens, s.accountTokenCreate},
		{"POST", "/account/tokens/{id}/revoke", authz.ManageOwnTokens, s.accountTokenRevoke},
		{"POST", "/account/signout-everywhere", authz.EndOwnSessions, s.signOutEverywhere},

		{"GET", "/countries", authz.ViewPublic, s.countriesPage},
		{"GET", "/countries/{iso3}", authz.ViewPublic, s.countryPage},

		{"GET", "/admin/users", authz.ManageUsers, s.usersPage},
		{"POST", "/admin/users", authz.ManageUsers, s.usersCreate},
		{"POST", "/admin/users/{id}", authz.ManageUsers, s.usersUpdate},
		{"POST", "/admin/users/{id}/password", authz.ManageUsers, s.usersResetPassword},

		// Anything else is a page that does not exist, in the reader's language.
		{"", "/", authz.ViewPublic, func(http.ResponseWriter, *http.Request) error { return errs.ErrNotFound }},
	}
}
