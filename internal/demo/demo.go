// Package demo loads the demonstration content that `roundtable serve
// --demo` shows a newcomer: an administrator for the secretariat and one
// account per role, so every part of the interface has someone to show it.
package demo

import (
	"context"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/i18n"
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

// people are the demo accounts beside the administrator. Their passwords
// are random and never shown; the administrator can reset them.
var people = []account.NewUser{
	{Email: "chair@roundtable.example", DisplayName: "Chair of the Roundtable", Language: i18n.Pt, Role: account.Chair},
	{Email: "delegate.chn@roundtable.example", DisplayName: "Delegate of China", Language: i18n.Zh, Role: account.Delegate, Delegation: "CHN"},
	{Email: "delegate.bra@roundtable.example", DisplayName: "Delegate of Brazil", Language: i18n.Pt, Role: account.Delegate, Delegation: "BRA"},
	{Email: "delegate.mex@roundtable.example", DisplayName: "Delegate of Mexico", Language: i18n.Es, Role: account.Delegate, Delegation: "MEX"},
	{Email: "validator@roundtable.example", DisplayName: "National validator", Language: i18n.Es, Role: account.Validator},
	{Email: "observer@roundtable.example", DisplayName: "Research observer", Language: i18n.En, Role: account.Observer},
}

// Load creates the demo accounts on a database that has no users yet; on
// one that has, it changes nothing.
func Load(ctx context.Context, db *store.DB, accounts *account.Service) (Result, error) {
	res := Result{AdminEmail: AdminEmail}
	var n int
	if err := db.Reader().QueryRow(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
		return res, err
	}
	if n > 0 {
		return res, nil
	}
	actor := audit.System("demo")
	pw := account.RandomPassword()
	if _, err := accounts.Create(ctx, actor, account.NewUser{
		Email: AdminEmail, DisplayName: "Secretariat", Language: i18n.En, Role: account.Administrator, Password: pw,
	}); err != nil {
		return res, err
	}
	for _, p := range people {
		p.Password = account.RandomPassword()
		if _, err := accounts.Create(ctx, actor, p); err != nil {
			return res, err
		}
	}
	res.AdminPassword = pw
	return res, nil
}
