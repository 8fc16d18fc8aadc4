// Package measure is what the service-level benchmarks (ground, outcome)
// share: a fresh database on either engine, the reference data the server
// loads at start, signed-in readers, and a row of latency percentiles
// printed beside the machine's load.
package measure

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/thesaurus"
)

// Open opens SQLite in a temporary folder, or a fresh schema of the
// PostgreSQL database at dbURL and returns that schema's URL too, for a
// second instance to open. name prefixes the folder or schema.
func Open(ctx context.Context, dbURL, name string, keep bool) (*store.DB, string, func(), error) {
	if dbURL == "" {
		dir, err := os.MkdirTemp("", name+"-")
		if err != nil {
			return nil, "", nil, err
		}
		db, err := store.Open(ctx, "", dir)
		if err != nil {
			return nil, "", nil, err
		}
		_, err = db.Migrate(ctx)
		if keep {
			return db, "", func() { db.Close(); Logf("kept %s", dir) }, err
		}
		return db, "", func() { db.Close(); os.RemoveAll(dir) }, err
	}
	admin, err := sql.Open("pgx", dbURL)
	if err != nil {
		return nil, "", nil, err
	}
	schema := fmt.Sprintf("%s_%d", name, time.Now().UnixNano())
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		return nil, "", nil, err
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		return nil, "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := store.Open(ctx, u.String(), "")
	if err != nil {
		return nil, "", nil, err
	}
	_, err = db.Migrate(ctx)
	if keep {
		return db, u.String(), func() { db.Close(); admin.Close(); Logf("kept schema %s", schema) }, err
	}
	return db, u.String(), func() { db.Close(); admin.Exec("DROP SCHEMA " + schema + " CASCADE"); admin.Close() }, err
}

// Reference loads the countries and the thesaurus, as `roundtable serve`
// does at start-up.
func Reference(ctx context.Context, db *store.DB) error {
	set, err := refdata.Load()
	if err != nil {
		return err
	}
	if _, err := country.Sync(ctx, db, set); err != nil {
		return err
	}
	shipped, err := thesaurus.Shipped()
	if err != nil {
		return err
	}
	_, err = thesaurus.Sync(ctx, db, shipped)
	return err
}

// Who is a signed-in account: a browser's session cookie and an API token.
type Who struct {
	User           account.User
	Cookie, Bearer http.Header
}

// SignIn signs u in with password and gives it an API token.
func SignIn(ctx context.Context, accounts *account.Service, u account.User, password string) (Who, error) {
	_, tok, err := accounts.CreateToken(ctx, u, "bench")
	if err != nil {
		return Who{}, err
	}
	_, session, err := accounts.SignIn(ctx, u.Email, password, "127.0.0.1")
	if err != nil {
		return Who{}, err
	}
	return Who{User: u, Cookie: http.Header{"Cookie": {"rt_session=" + session}},
		Bearer: http.Header{"Authorization": {"Bearer " + tok}}}, nil
}

// Row measures call k times after 10 to warm up and prints its line; a
// route that is not served yet says so instead.
func Row(name string, call func() (int, error), k int) error {
	lat, size, err := Sample(call, k, nil)
	var no ErrNotServed
	if errors.As(err, &no) {
		fmt.Printf("%-44s %s  %s\n", name, err, Loadavg())
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Printf("%-44s %8.2f %8.2f %8.2f %8.2f %9d  %s\n", name, Ms(Pct(lat, 50)), Ms(Pct(lat, 95)), Ms(Pct(lat, 99)), Ms(lat[len(lat)-1]), size, Loadavg())
	return nil
}

// Sample calls call once (an ErrNotServed there is returned as is), 10
// times to warm up, then k times timed, running before (if any) untimed
// before each timed call; it returns the k latencies sorted and the size
// of the last answer.
func Sample(call func() (int, error), k int, before func()) ([]time.Duration, int, error) {
	if _, err := call(); err != nil {
		return nil, 0, err
	}
	for range 10 {
		call()
	}
	lat := make([]time.Duration, k)
	size := 0
	for i := range lat {
		if before != nil {
			before()
		}
		t := time.Now()
		n, err := call()
		lat[i] = time.Since(t)
		if err != nil {
			return nil, 0, err
		}
		size = n
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat, size, nil
}

// Header is the heading of the rows Row prints.
func Header() {
	fmt.Printf("%-44s %8s %8s %8s %8s %9s  %s\n", "what", "p50 ms", "p95 ms", "p99 ms", "max ms", "bytes", "load (1, 5, 15 min)")
}

// ErrNotServed marks a route the server does not have yet.
type ErrNotServed int

func (e ErrNotServed) Error() string { return fmt.Sprintf("not served yet (HTTP %d)", int(e)) }

// Get returns a call that asks base+path with header h and returns the
// size of a 200 answer.
func Get(base, path string, h http.Header) func() (int, error) {
	return func() (int, error) {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.Header = h.Clone()
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		defer res.Body.Close()
		n, err := io.Copy(io.Discard, res.Body)
		switch {
		case err != nil:
			return 0, err
		case res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusMethodNotAllowed:
			return 0, ErrNotServed(res.StatusCode)
		case res.StatusCode != http.StatusOK:
			return 0, fmt.Errorf("GET %s: HTTP %d", path, res.StatusCode)
		}
		return int(n), nil
	}
}

// Pct is the p-th percentile of sorted.
func Pct(sorted []time.Duration, p int) time.Duration {
	return sorted[min(len(sorted)-1, (len(sorted)*p+99)/100-1)]
}

// Ms is d in milliseconds.
func Ms(d time.Duration) float64 { return float64(d) / 1e6 }

// Loadavg is the machine's load over 1, 5 and 15 minutes: the machine is
// shared, and every figure is read beside it.
func Loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}

// Logf writes a timestamped progress line to standard error.
func Logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// Cast are the accounts a benchmark's edition is written by.
type Cast struct {
	Secretariat, Chair account.User
	Delegates          map[string]account.User // by delegation code
}

// People makes the secretariat, the chair and one delegate for each
// country code, all with password; who names the system actor in the
// audit trail.
func People(ctx context.Context, accounts *account.Service, codes []string, password, who string) (Cast, error) {
	c := Cast{Delegates: map[string]account.User{}}
	var err error
	sys := audit.System(who)
	if c.Secretariat, err = accounts.Create(ctx, sys, account.NewUser{Email: "secretariat@roundtable.example",
		DisplayName: "Secretariat", Role: account.Administrator, Password: password}); err != nil {
		return c, err
	}
	if c.Chair, err = accounts.Create(ctx, sys, account.NewUser{Email: "chair@roundtable.example",
		DisplayName: "Chair", Role: account.Chair, Password: password}); err != nil {
		return c, err
	}
	for _, code := range codes {
		u, err := accounts.Create(ctx, sys, account.NewUser{Email: "delegate-" + code + "@roundtable.example",
			DisplayName: "Delegate of " + code, Role: account.Delegate, Delegation: code, Password: password})
		if err != nil {
			return c, fmt.Errorf("delegate of %s: %w", code, err)
		}
		c.Delegates[code] = u
	}
	return c, nil
}
