// Package authz is the one place that says who may do what. Every route
// names an action; the router asks Allowed before the handler runs, and a
// test walks every route with every role.
package authz

import "roundtable/internal/account"

// Action is something a request does.
type Action string

const (
	// Public actions need no account.
	ViewPublic Action = "public.view"
	SignIn     Action = "session.create"

	// Actions on one's own account.
	ViewOwnAccount  Action = "account.view"
	EditOwnAccount  Action = "account.edit"
	ManageOwnTokens Action = "token.manage"
	EndOwnSessions  Action = "session.delete"

	// Secretariat actions.
	ManageUsers Action = "user.manage"

	// The dialogue record. The secretariat sets up forums, editions,
	// sessions and accreditation, and imports records; delegates (and the
	// secretariat) write statements — the dialogue service then checks that a
	// delegate writes only for their own delegation.
	ManageRecord     Action = "record.manage"
	WriteStatement   Action = "statement.write"
	ImportStatements Action = "statement.import"
	ManageThesaurus  Action = "thesaurus.manage"

	// Speakers list of a session. Viewing is public (the speakers service
	// hides the lists of unpublished editions from non-participants); the
	// chair and the secretariat run the list; delegates ask for the floor
	// for their own delegation, the secretariat for any; a delegate
	// withdraws only their own request (the service checks whose).
	ViewSpeakers    Action = "speakers.view"
	ManageSpeakers  Action = "speakers.manage"
	RequestFloor    Action = "speakers.request"
	WithdrawSpeaker Action = "speakers.withdraw"

	// Common ground. Viewing is public (package ground hides positions
	// from whoever the edition keeps them from, and a proposition waiting
	// for the chair from everyone but its delegation and those who
	// preside); the secretariat declares blocs; the chair, the secretariat
	// and delegates propose (a delegate in their own delegation's name
	// only); the chair and the secretariat publish, merge, withdraw and
	// choose who sees positions; only a delegation's members record its
	// positions.
	ViewGround     Action = "ground.view"
	ManageBlocs    Action = "ground.blocs"
	Propose        Action = "ground.propose"
	PresideGround  Action = "ground.preside"
	RecordPosition Action = "ground.position"

	// The joint outcome. Viewing is public (package outcome keeps the
	// negotiation to the room and opens the adopted text to everyone); the
	// chair and the secretariat draft, set statuses, issue revisions, run
	// silence and record adoption; the chair, the secretariat and delegates
	// propose amendments (a delegate in their own delegation's name only,
	// and not in single-text mode); only a delegation's members take its
	// positions, comment, break silence and put its explanations and
	// reservations on record; the secretariat sets a forum's rules.
	ViewOutcome        Action = "outcome.view"
	PresideOutcome     Action = "outcome.preside"
	AmendOutcome       Action = "outcome.amend"
	DelegationAct      Action = "outcome.delegation"
	ManageOutcomeRules Action = "outcome.rules"

	// Evidence. Indicators, charts, metrics and peer suggestions are
	// public; the secretariat imports indicator files; the chair and the
	// secretariat attach a check of a quoted figure to a statement (the
	// check's answer is shown to whoever may read the statement).
	ViewEvidence   Action = "evidence.view"
	ImportEvidence Action = "evidence.import"
	CheckClaims    Action = "evidence.claims"

	// Practical action: commitments and their follow-up, practices,
	// requests and offers. Reading is public (packages commitment and
	// practice ask the visibility rule who reads a draft or a report
	// waiting for validation, a practice's contact, a match in progress);
	// the secretariat records commitments, imports UN recommendations,
	// moderates comments, publishes practices and brokers matches;
	// delegates file their own state's progress reports (the service
	// checks the state owns the commitment); a validator approves the
	// reports of the state they are bound to; observers (civil society)
	// comment on published reports where the forum allows it; delegates
	// write their own state's practices, requests and offers, the
	// secretariat any state's.
	ViewAction     Action = "action.view"
	ManageAction   Action = "action.manage"
	FileReport     Action = "report.file"
	ValidateReport Action = "report.validate"
	CommentReport  Action = "report.comment"
	WritePractice  Action = "practice.write"
	AskOrOffer     Action = "exchange.ask"
)

// Anonymous is the pseudo-role of a visitor who has not signed in.
const Anonymous account.Role = ""

var signedIn = []account.Role{account.Administrator, account.Chair, account.Delegate, account.Validator, account.Observer}

// policy lists, per action, the roles allowed to take it.
var policy = map[Action][]account.Role{
	ViewPublic:      append([]account.Role{Anonymous}, signedIn...),
	SignIn:          append([]account.Role{Anonymous}, signedIn...),
	ViewOwnAccount:  signedIn,
	EditOwnAccount:  signedIn,
	ManageOwnTokens: signedIn,
	EndOwnSessions:  signedIn,
	ManageUsers:     {account.Administrator},

	ManageRecord:     {account.Administrator},
	WriteStatement:   {account.Administrator, account.Delegate},
	ImportStatements: {account.Administrator},
	ManageThesaurus:  {account.Administrator},

	ViewSpeakers:    append([]account.Role{Anonymous}, signedIn...),
	ManageSpeakers:  {account.Administrator, account.Chair},
	RequestFloor:    {account.Administrator, account.Delegate},
	WithdrawSpeaker: {account.Administrator, account.Chair, account.Delegate},

	ViewGround:     append([]account.Role{Anonymous}, signedIn...),
	ManageBlocs:    {account.Administrator},
	Propose:        {account.Administrator, account.Chair, account.Delegate},
	PresideGround:  {account.Administrator, account.Chair},
	RecordPosition: {account.Delegate},

	ViewOutcome:        append([]account.Role{Anonymous}, signedIn...),
	PresideOutcome:     {account.Administrator, account.Chair},
	AmendOutcome:       {account.Administrator, account.Chair, account.Delegate},
	DelegationAct:      {account.Delegate},
	ManageOutcomeRules: {account.Administrator},

	ViewEvidence:   append([]account.Role{Anonymous}, signedIn...),
	ImportEvidence: {account.Administrator},
	CheckClaims:    {account.Administrator, account.Chair},

	ViewAction:     append([]account.Role{Anonymous}, signedIn...),
	ManageAction:   {account.Administrator},
	FileReport:     {account.Delegate},
	ValidateReport: {account.Validator},
	CommentReport:  {account.Observer},
	WritePractice:  {account.Administrator, account.Delegate},
	AskOrOffer:     {account.Administrator, account.Delegate},
}

// Allowed reports whether a user with role r may take action a. An action
// missing from the policy is allowed to nobody.
func Allowed(r account.Role, a Action) bool {
	for _, x := range policy[a] {
		if x == r {
			return true
		}
	}
	return false
}

// Known reports whether a is in the policy (the route test checks every
// route names a known action).
func Known(a Action) bool {
	_, ok := policy[a]
	return ok
}

// NeedsAccount reports whether a anonymous visitor must sign in first.
func NeedsAccount(a Action) bool { return !Allowed(Anonymous, a) }
