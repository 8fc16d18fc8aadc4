package cli

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/config"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// The setup link is printed while no account exists, and not after.
func TestSetupLinkOnlyWhileNoAccountExists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		accounts, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		e := &env{ctx: ctx, cfg: config.Default(), stdout: &out, setupToken: "tok123"}
		addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}
		if err := printSetup(e, accounts, addr); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "http://127.0.0.1:8080/setup?token=tok123") {
			t.Errorf("no setup link on an empty database:\n%s", out.String())
		}
		if _, err := accounts.Create(ctx, audit.System("test"), account.NewUser{Email: "a@example.org", DisplayName: "A", Role: account.Administrator, Password: "a long enough password"}); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if err := printSetup(e, accounts, addr); err != nil {
			t.Fatal(err)
		}
		if out.Len() != 0 {
			t.Errorf("a setup link once an account exists:\n%s", out.String())
		}
	})
}
