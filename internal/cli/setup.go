package cli

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net"

	"roundtable/internal/account"
	"roundtable/internal/store"
)

// First run. A new database has neither a schema nor an account: serve
// creates the schema (there is nothing to lose), and while no account
// exists it prints a link to /setup carrying a secret made at this start,
// where whoever reads the console creates the secretariat's account in the
// browser. The secret lives in this process only; with several instances,
// use the link of the one whose console you read, or `roundtable user`.

// newSetupToken is the secret of /setup for this start.
func newSetupToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// schemaMissing reports whether the database has no schema at all, so
// that migrating it cannot touch anyone's data.
func schemaMissing(ctx context.Context, db *store.DB) (bool, error) {
	cur, _, err := db.SchemaVersion(ctx)
	return cur == 0, err
}

// printSetup prints the setup link when the database holds no account.
func printSetup(e *env, accounts *account.Service, addr net.Addr) error {
	_, n, err := accounts.List(e.ctx, 1, 0)
	if err != nil || n > 0 {
		return err
	}
	base := "http://" + addr.String()
	if e.cfg.PublicURL != "" {
		base = e.cfg.PublicURL
	}
	fmt.Fprintln(e.stdout, "No account exists yet. Create the secretariat's account in your browser (this link works until then):")
	fmt.Fprintf(e.stdout, "  %s/setup?token=%s\n", base, e.setupToken)
	return nil
}
