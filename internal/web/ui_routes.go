package web

import (
	"roundtable/internal/authz"
)

// uiRoutes is the map of the web interface.
func (s *Server) uiRoutes() []route {
	routes := []route{
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
		{"POST", "/admin/users/{id}/disabled", authz.ManageUsers, s.usersSetDisabled},

		{"GET", "/search", authz.ViewPublic, s.searchPage},
		{"GET", "/udhr/{n}", authz.ViewPublic, s.udhrPage},
		{"GET", "/concepts", authz.ViewPublic, s.conceptsPage},
		{"GET", "/concepts/new", authz.ManageThesaurus, s.conceptNew},
		{"POST", "/concepts", authz.ManageThesaurus, s.conceptSave},
		{"GET", "/concepts/{id}", authz.ViewPublic, s.conceptPage},
		{"GET", "/concepts/{id}/edit", authz.ManageThesaurus, s.conceptEdit},
		{"POST", "/concepts/{id}/delete", authz.ManageThesaurus, s.conceptDelete},
		{"GET", "/thesaurus.ttl", authz.ViewPublic, s.thesaurusExport},
		{"GET", "/thesaurus.jsonld", authz.ViewPublic, s.thesaurusExport},
		{"GET", "/editions", authz.ViewPublic, s.editionsPage},
		{"GET", "/editions/new", authz.ManageRecord, s.editionNew},
		{"POST", "/editions", authz.ManageRecord, s.editionCreate},
		{"GET", "/editions/{id}", authz.ViewPublic, s.editionPage},
		{"GET", "/editions/{id}/manage", authz.ManageRecord, s.editionManage},
		{"POST", "/editions/{id}", authz.ManageRecord, s.editionUpdate},
		{"POST", "/editions/{id}/sessions", authz.ManageRecord, s.sessionCreate},
		{"POST", "/editions/{id}/delegations", authz.ManageRecord, s.delegationCreate},
		{"POST", "/delegations/{id}/accreditation", authz.ManageRecord, s.delegationAccredit},
		{"POST", "/delegations/{id}/members", authz.ManageRecord, s.memberCreate},
		{"GET", "/sessions/{id}", authz.ViewPublic, s.sessionPage},
		{"GET", "/delegations/{id}", authz.ViewPublic, s.delegationPage},
		{"GET", "/statements/{id}", authz.ViewPublic, s.statementPage},
		{"GET", "/editions/{id}/statements/new", authz.WriteStatement, s.statementNew},
		{"POST", "/editions/{id}/statements", authz.WriteStatement, s.statementCreate},
		{"GET", "/statements/{id}/edit", authz.WriteStatement, s.statementEdit},
		{"POST", "/statements/{id}", authz.WriteStatement, s.statementUpdate},
		{"POST", "/statements/{id}/translations", authz.WriteStatement, s.statementTranslate},
		{"POST", "/statements/{id}/concepts", authz.WriteStatement, s.statementTags},
		{"GET", "/feeds/statements.atom", authz.ViewPublic, s.statementsFeed},
		{"GET", "/editions/{id}/calendar.ics", authz.ViewPublic, s.editionCalendar},
		{"GET", "/editions/{id}/record.csv", authz.ViewPublic, s.recordCSV},
		{"GET", "/editions/{id}/record.json", authz.ViewPublic, s.recordJSON},
		{"GET", "/editions/{id}/import", authz.ImportStatements, s.importForm},
		{"POST", "/editions/{id}/import", authz.ImportStatements, s.importUpload},

		// Anything else is a page that does not exist, in the reader's language.
		{"", "/", authz.ViewPublic, s.unrouted},
	}
	routes = append(routes, s.speakerRoutes()...)
	routes = append(routes, s.conceptImportRoutes()...)
	routes = append(routes, s.groundRoutes()...)
	routes = append(routes, s.groundExportRoutes()...)
	routes = append(routes, s.outcomeRoutes()...)
	routes = append(routes, s.outcomeFlowRoutes()...)
	routes = append(routes, s.outcomeExportRoutes()...)
	routes = append(routes, s.accountSecurityRoutes()...)
	routes = append(routes, s.manageRoutes()...)
	routes = append(routes, s.homeRoutes()...)
	routes = append(routes, s.evidenceRoutes()...)
	routes = append(routes, s.evidenceImportRoutes()...)
	routes = append(routes, s.evidenceMethodRoutes()...)
	routes = append(routes, s.evidencePeerRoutes()...)
	routes = append(routes, s.evidenceClaimRoutes()...)
	routes = append(routes, s.trackerRoutes()...)
	routes = append(routes, s.commitmentRoutes()...)
	routes = append(routes, s.followupRoutes()...)
	routes = append(routes, s.practiceRoutes()...)
	routes = append(routes, s.setupRoutes()...)
	routes = append(routes, s.statusRoutes()...)
	return routes
}
