package web

import (
	"roundtable/internal/authz"
)

// apiRoutes is the map of the JSON API; openapi.json describes exactly
// these routes (a test keeps the two equal).
func (s *Server) apiRoutes() []route {
	routes := []route{
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

		{"GET", "/api/v1/search", authz.ViewPublic, s.apiSearch},
		{"GET", "/api/v1/forums", authz.ViewPublic, s.apiForums},
		{"POST", "/api/v1/forums", authz.ManageRecord, s.apiForumCreate},
		{"GET", "/api/v1/editions", authz.ViewPublic, s.apiEditions},
		{"POST", "/api/v1/editions", authz.ManageRecord, s.apiEditionCreate},
		{"GET", "/api/v1/editions/{id}", authz.ViewPublic, s.apiEdition},
		{"PUT", "/api/v1/editions/{id}", authz.ManageRecord, s.apiEditionUpdate},
		{"GET", "/api/v1/editions/{id}/sessions", authz.ViewPublic, s.apiSessions},
		{"POST", "/api/v1/editions/{id}/sessions", authz.ManageRecord, s.apiSessionCreate},
		{"GET", "/api/v1/sessions/{id}", authz.ViewPublic, s.apiSession},
		{"PUT", "/api/v1/sessions/{id}", authz.ManageRecord, s.apiSessionUpdate},
		{"GET", "/api/v1/editions/{id}/delegations", authz.ViewPublic, s.apiDelegations},
		{"POST", "/api/v1/editions/{id}/delegations", authz.ManageRecord, s.apiDelegationCreate},
		{"GET", "/api/v1/delegations/{id}", authz.ViewPublic, s.apiDelegation},
		{"PUT", "/api/v1/delegations/{id}/accreditation", authz.ManageRecord, s.apiAccredit},
		{"POST", "/api/v1/delegations/{id}/members", authz.ManageRecord, s.apiMemberAdd},
		{"GET", "/api/v1/statements", authz.ViewPublic, s.apiStatements},
		{"POST", "/api/v1/statements", authz.WriteStatement, s.apiStatementCreate},
		{"GET", "/api/v1/statements/{id}", authz.ViewPublic, s.apiStatement},
		{"PUT", "/api/v1/statements/{id}", authz.WriteStatement, s.apiStatementUpdate},
		{"PUT", "/api/v1/statements/{id}/translations/{lang}", authz.WriteStatement, s.apiTranslationSet},
		{"POST", "/api/v1/statements/{id}/concepts", authz.WriteStatement, s.apiTagsCorrect},
		{"POST", "/api/v1/editions/{id}/statements/import", authz.ImportStatements, s.apiImport},

		// Unknown API paths answer in JSON, not with an HTML page.
		{"", "/api/", authz.ViewPublic, s.unrouted},
	}
	routes = append(routes, s.speakerAPIRoutes()...)
	routes = append(routes, s.conceptImportAPIRoutes()...)
	routes = append(routes, s.groundAPIRoutes()...)
	routes = append(routes, s.outcomeAPIRoutes()...)
	routes = append(routes, s.statusAPIRoutes()...)
	routes = append(routes, s.evidenceAPIRoutes()...)
	routes = append(routes, s.trackerAPIRoutes()...)
	routes = append(routes, s.commitmentAPIRoutes()...)
	routes = append(routes, s.followupAPIRoutes()...)
	routes = append(routes, s.practiceAPIRoutes()...)
	return routes
}
