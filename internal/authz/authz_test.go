package authz_test

import (
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/authz"
)

// The policy, written out by hand: a reviewer compares this table with the
// roles in docs/architecture.md, and any change to the policy must change it.
// Columns: anonymous, observer, delegate, chair, validator, administrator;
// "y" allowed, "-" refused. (Which delegation a delegate may write for is the
// services' check; the route matrix in internal/web covers it.)
var policyTable = []struct {
	action authz.Action
	want   string
}{
	{authz.ViewPublic, "y y y y y y"},
	{authz.SignIn, "y y y y y y"},
	{authz.ViewOwnAccount, "- y y y y y"},
	{authz.EditOwnAccount, "- y y y y y"},
	{authz.ManageOwnTokens, "- y y y y y"},
	{authz.EndOwnSessions, "- y y y y y"},
	{authz.ManageUsers, "- - - - - y"},
	{authz.ManageRecord, "- - - - - y"},
	{authz.WriteStatement, "- - y - - y"},
	{authz.ImportStatements, "- - - - - y"},
	{authz.ManageThesaurus, "- - - - - y"},
	{authz.ViewSpeakers, "y y y y y y"},
	{authz.ManageSpeakers, "- - - y - y"},
	{authz.RequestFloor, "- - y - - y"},
	{authz.WithdrawSpeaker, "- - y y - y"},
	{authz.ViewEvidence, "y y y y y y"},
	{authz.ImportEvidence, "- - - - - y"},
	{authz.CheckClaims, "- - - y - y"},
	{authz.ViewAction, "y y y y y y"},
	{authz.ManageAction, "- - - - - y"},
	{authz.FileReport, "- - y - - -"},
	{authz.ValidateReport, "- - - - y -"},
	{authz.CommentReport, "- y - - - -"},
	{authz.WritePractice, "- - y - - y"},
	{authz.AskOrOffer, "- - y - - y"},
}

var columns = []account.Role{authz.Anonymous, account.Observer, account.Delegate, account.Chair, account.Validator, account.Administrator}

func TestPolicy(t *testing.T) {
	for _, row := range policyTable {
		want := strings.Fields(row.want)
		if !authz.Known(row.action) {
			t.Errorf("%s is not in the policy", row.action)
		}
		for i, r := range columns {
			if got := authz.Allowed(r, row.action); got != (want[i] == "y") {
				t.Errorf("Allowed(%q, %s) = %v, want %v", r, row.action, got, !got)
			}
		}
		if got := authz.NeedsAccount(row.action); got != (want[0] == "-") {
			t.Errorf("NeedsAccount(%s) = %v", row.action, got)
		}
	}
}

// An action the policy does not name is allowed to nobody, so a route with
// a mistyped action is closed, not open.
func TestUnknownActionsAreRefused(t *testing.T) {
	a := authz.Action("user.manage ") // one space too many
	if authz.Known(a) {
		t.Fatal("a mistyped action is known")
	}
	for _, r := range columns {
		if authz.Allowed(r, a) {
			t.Errorf("%q may take an unknown action", r)
		}
	}
	if !authz.NeedsAccount(a) {
		t.Error("an unknown action is open to visitors")
	}
	// A role the policy does not know (e.g. from a newer version's database)
	// gets nothing beyond what visitors get.
	if authz.Allowed(account.Role("superuser"), authz.ManageUsers) || authz.Allowed(account.Role("superuser"), authz.ViewOwnAccount) {
		t.Error("an unknown role is allowed")
	}
}

// Every role Roundtable knows has a column above.
func TestEveryRoleHasAColumn(t *testing.T) {
	for _, r := range account.Roles {
		found := false
		for _, c := range columns {
			found = found || c == r
		}
		if !found {
			t.Errorf("role %q is not in the policy table", r)
		}
	}
	if len(account.Roles) != len(columns)-1 {
		t.Errorf("%d roles, %d columns besides the visitor", len(account.Roles), len(columns)-1)
	}
}
