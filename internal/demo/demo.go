// Package demo loads the demonstration content that `roundtable serve
// --demo` shows a newcomer: an administrator for the secretariat and one
// account per role, so every part of the interface has someone to show it,
// and an illustrative edition of the China–LAC Roundtable on Human Rights
// (data/demo/), so every page has a record to show.
package demo

import (
	"context"
	"fmt"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
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

// Load creates the demo accounts and the demo edition on a database that
// has no users yet; on one that has, it changes nothing. The edition is
// written through dialogues by the demo administrator, so it is audited and
// indexed like any other record. The whole content file is checked before
// anything is written.
func Load(ctx context.Context, db *store.DB, accounts *account.Service, dialogues *dialogue.Service) (Result, error) {
	res := Result{AdminEmail: AdminEmail}
	c, err := loadContent()
	if err != nil {
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
	pw := account.RandomPassword()
	admin, err := accounts.Create(ctx, actor, account.NewUser{
		Email: AdminEmail, DisplayName: "Secretariat", Language: i18n.En, Role: account.Administrator, Password: pw,
	})
	if err != nil {
		return res, err
	}
	for _, p := range people {
		p.Password = account.RandomPassword()
		if _, err := accounts.Create(ctx, actor, p); err != nil {
			return res, err
		}
	}
	if err := loadEdition(ctx, dialogues, &admin, c); err != nil {
		return res, fmt.Errorf("demo edition: %w", err)
	}
	res.AdminPassword = pw
	return res, nil
}
