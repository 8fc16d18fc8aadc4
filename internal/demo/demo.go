// Package demo loads the demonstration content that `roundtable serve
// --demo` shows a newcomer: an administrator for the secretariat and one
// account per role (a delegate for every country delegation), so every part
// of the interface has someone to show it, and an illustrative edition of
// the China–LAC Roundtable on Human Rights with its common ground — blocs,
// propositions and the delegations' positions (data/demo/) — so every page
// has a record to show.
package demo

import (
	"context"
	"fmt"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/ground"
	"roundtable/internal/i18n"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
)

// AdminEmail is the demo administrator's sign-in.
const AdminEmail = "secretariat@roundtable.example"

// Result says what Load did. AdminPassword is empty when the demo was
// already loaded (the password was shown the first time only).
type Result struct {
	AdminEmail    string
	AdminPassword string
}

// ChairEmail is the demo chair's sign-in.
const ChairEmail = "chair@roundtable.example"

// people are the demo accounts beside the administrator. Their passwords
// are random and never shown; the administrator can reset them. Every
// country delegation of the demo edition has a delegate, who records its
// positions (only a delegation's members may).
var people = []account.NewUser{
	{Email: ChairEmail, DisplayName: "Chair of the Roundtable", Language: i18n.Pt, Role: account.Chair},
	{Email: "delegate.chn@roundtable.example", DisplayName: "Delegate of China", Language: i18n.Zh, Role: account.Delegate, Delegation: "CHN"},
	{Email: "delegate.bra@roundtable.example", DisplayName: "Delegate of Brazil", Language: i18n.Pt, Role: account.Delegate, Delegation: "BRA"},
	{Email: "delegate.mex@roundtable.example", DisplayName: "Delegate of Mexico", Language: i18n.Es, Role: account.Delegate, Delegation: "MEX"},
	{Email: "delegate.arg@roundtable.example", DisplayName: "Delegate of Argentina", Language: i18n.Es, Role: account.Delegate, Delegation: "ARG"},
	{Email: "delegate.cub@roundtable.example", DisplayName: "Delegate of Cuba", Language: i18n.Es, Role: account.Delegate, Delegation: "CUB"},
	{Email: "delegate.ven@roundtable.example", DisplayName: "Delegate of Venezuela", Language: i18n.Es, Role: account.Delegate, Delegation: "VEN"},
	{Email: "delegate.bol@roundtable.example", DisplayName: "Delegate of Bolivia", Language: i18n.Es, Role: account.Delegate, Delegation: "BOL"},
	{Email: "delegate.chl@roundtable.example", DisplayName: "Delegate of Chile", Language: i18n.Es, Role: account.Delegate, Delegation: "CHL"},
	{Email: "delegate.col@roundtable.example", DisplayName: "Delegate of Colombia", Language: i18n.Es, Role: account.Delegate, Delegation: "COL"},
	{Email: "delegate.tto@roundtable.example", DisplayName: "Delegate of Trinidad and Tobago", Language: i18n.En, Role: account.Delegate, Delegation: "TTO"},
	{Email: "delegate.brb@roundtable.example", DisplayName: "Delegate of Barbados", Language: i18n.En, Role: account.Delegate, Delegation: "BRB"},
	{Email: "validator@roundtable.example", DisplayName: "National validator", Language: i18n.Es, Role: account.Validator},
	{Email: "observer@roundtable.example", DisplayName: "Research observer", Language: i18n.En, Role: account.Observer},
}

// Load creates the demo accounts, the demo edition and its common ground
// on a database that has no users yet; on one that has, it changes
// nothing. Everything is written through the services, as the people of
// the demo would: the edition (through common.Dialogue) and the blocs by
// the administrator, propositions by the chair and the delegates, each
// delegation's positions by its own delegate — so it is audited and
// indexed like any other record. Both content files are checked before
// anything is written.
func Load(ctx context.Context, db *store.DB, accounts *account.Service, common *ground.Service) (Result, error) {
	res := Result{AdminEmail: AdminEmail}
	c, err := loadContent()
	if err != nil {
		return res, err
	}
	gc, err := loadGroundContent()
	if err != nil {
		return res, err
	}
	oc, err := loadOutcomeContent()
	if err != nil {
		return res, err
	}
	if err := loadEvidence(ctx, db); err != nil {
		return res, err
	}
	var n int
	if err := db.Reader().QueryRow(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
		return res, err
	}
	if n > 0 {
		return res, nil
	}
	actor := audit.System("demo")
	// The printed password opens one sign-in, which must replace it.
	admin, pw, err := accounts.CreateWithOneTimePassword(ctx, actor, account.NewUser{
		Email: AdminEmail, DisplayName: "Secretariat", Language: i18n.En, Role: account.Administrator,
	})
	if err != nil {
		return res, err
	}
	who := cast{admin: &admin, delegates: map[string]*account.User{}}
	for _, p := range people {
		p.Password = account.RandomPassword()
		u, err := accounts.Create(ctx, actor, p)
		if err != nil {
			return res, err
		}
		switch u.Role {
		case account.Chair:
			who.chair = &u
		case account.Delegate:
			who.delegates[u.Delegation] = &u
		}
	}
	ed, err := loadEdition(ctx, common.Dialogue, &admin, c)
	if err != nil {
		return res, fmt.Errorf("demo edition: %w", err)
	}
	if err := loadGround(ctx, common, who, ed, gc); err != nil {
		return res, fmt.Errorf("demo common ground: %w", err)
	}
	joint := &outcome.Service{DB: db, Dialogue: common.Dialogue, Ground: common}
	if err := loadOutcome(ctx, joint, who, ed, oc); err != nil {
		return res, fmt.Errorf("demo outcome: %w", err)
	}
	if err := loadClaims(ctx, db, common.Dialogue, &admin, ed.Statements); err != nil {
		return res, fmt.Errorf("demo claim check: %w", err)
	}
	res.AdminPassword = pw
	return res, nil
}
