package web

import (
	"net/http"

	"roundtable/internal/authz"
	"roundtable/internal/errs"
)

// apiRoutes is the map of the JSON API; openapi.json describes exactly
// these routes (a test keeps the two equal).
func (s *Server) apiRoutes() []route {
	return []route{
		{"GET", "/api/v1/openapi.json", authz.ViewPublic, s.apiOpenAPI},
		{"GET", "/api/v1/countries", authz.ViewPublic, s.apiCountries},
		{"GET", "/api/v1/countries/{iso3}", authz.ViewPublic, s.apiCountry},
		{"GET", "/api/v1/groups", authz.ViewPublic, s.apiGroups},

		{"GET", "/api/v1/me", authz.ViewOwnAccount, s.apiMe},
		{"PATCH", "/api/v1/me", authz.EditOwnAccount, s.apiMeUpdate},
		{"GET", "/api/v1/tokens", authz.ManageOwnTokens, s.apiTokens},
		{"POST", "/api/v1/tokens", authz.ManageOwnTokens, s.apiTokenCreate},
		{"DELETE", "/api/v1/tokens/{id}", authz.ManageOwnTokens, s.apiTokenRevoke},

		{"GET", "/api/v1/users", authz.ManageUsers, s.apiUsers},
		{"POST", "/api/v1/users", authz.ManageUsers, s.apiUserCreate},
		{"GET", "/api/v1/users/{id}", authz.ManageUsers, s.apiUser},
		{"PATCH", "/api/v1/users/{id}", authz.ManageUsers, s.apiUserUpdate},
		{"POST", "/api/v1/users/{id}/password", authz.ManageUsers, s.apiUserResetPassword},

		// Unknown API paths answer in JSON, not with an HTML page.
		{"", "/api/", authz.ViewPublic, func(http.ResponseWriter, *http.Request) error { return errs.ErrNotFound }},
	}
}
