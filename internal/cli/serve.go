package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"roundtable/internal/commitment"
	"roundtable/internal/config"
	"roundtable/internal/country"
	"roundtable/internal/demo"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
)

func serveFlags(fs *flag.FlagSet) func(e *env) error { return serve }

func serve(e *env) error {
	log := e.logger()
	// Take the port first: if it is in use, stop before touching the data.
	ln, err := net.Listen("tcp", e.cfg.Addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("address %s is already in use; choose another with --addr", e.cfg.Addr)
		}
		return fmt.Errorf("cannot listen on %s: %v", e.cfg.Addr, err)
	}
	defer ln.Close()
	var metricsLn net.Listener // --metrics-addr: /metrics on an address of its own
	if e.cfg.MetricsAddr != "" {
		if metricsLn, err = net.Listen("tcp", e.cfg.MetricsAddr); err != nil {
			return fmt.Errorf("cannot listen on %s for metrics: %v", e.cfg.MetricsAddr, err)
		}
		defer metricsLn.Close()
	}
	unlock, err := store.LockDataDir(e.cfg.DataDir)
	if err != nil {
		return err
	}
	defer unlock()

	db, err := store.Open(e.ctx, e.cfg.Database, e.cfg.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	fresh, err := schemaMissing(e.ctx, db)
	if err != nil {
		return err
	}
	if err := prepare(e, db, e.cfg.Migrate || e.cfg.Demo || fresh); err != nil {
		return err
	}
	e.setupToken = newSetupToken()
	a, err := assemble(e, db, log)
	if err != nil {
		return err
	}
	defer a.search.Close()
	if e.cfg.Demo {
		res, err := demo.Load(e.ctx, db, a.accounts, a.ground)
		if err != nil {
			return fmt.Errorf("load demo content: %w", err)
		}
		if _, err := demo.LoadAction(e.ctx, demo.Action{Accounts: a.accounts, Outcome: a.outcome, Commitments: a.commitments, Practices: a.practices}); err != nil {
			return fmt.Errorf("load demo practical action: %w", err)
		}
		printDemo(e, res)
	}
	if err := printSetup(e, a.accounts, ln.Addr()); err != nil {
		return err
	}
	// Bring the index up to date before serving, then follow the outbox.
	if n, err := a.search.CatchUp(e.ctx); err != nil {
		return fmt.Errorf("search index: %w", err)
	} else if n > 0 {
		log.Info("search index caught up", "documents", n)
	}
	go a.search.Run(e.ctx)
	a.registerTranslationSources()
	startMachineTranslation(e.ctx, a.translator, log)
	defer closeEngines(a.translator)
	// Deadlines that passed while no instance ran (a silence's end) take
	// effect now, dated at their deadline, before anyone reads the texts;
	// then they are followed as they come. A job that fails is logged and
	// stays, to be tried again: it must not keep the server down.
	if n, err := a.outcome.RunDeadlines(e.ctx, store.Now()); err != nil {
		log.Error("outcome deadlines", "err", err)
	} else if n > 0 {
		log.Info("outcome deadlines ran", "count", n)
	}
	go a.outcome.FollowDeadlines(e.ctx, 5*time.Second, log)
	// Reminders of progress reports due go out hourly where mail is
	// configured; each is sent once whatever the number of instances.
	if m := mailSender(e); m != nil {
		base := ""
		if u := publicURL(e); u != nil {
			base = u.String()
		}
		go a.commitments.RunReminders(e.ctx, m, commitment.AccountFocalPoints(a.accounts), base, time.Hour, log)
	}
	srv := a.web
	go srv.RunLive(e.ctx) // speakers displays follow live_events; ends their streams at shutdown
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	log.Info("roundtable serving", "url", "http://"+ln.Addr().String(), "database", db.Where())
	fmt.Fprintf(e.stdout, "Roundtable is running at http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	errc := make(chan error, 2)
	go func() { errc <- hs.Serve(ln) }()
	servers := []*http.Server{hs}
	if metricsLn != nil {
		ms := &http.Server{Handler: srv.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 10 * time.Second}
		servers = append(servers, ms)
		log.Info("metrics served", "url", "http://"+metricsLn.Addr().String()+"/metrics")
		go func() { errc <- ms.Serve(metricsLn) }()
	}
	select {
	case err := <-errc:
		return err
	case <-e.ctx.Done():
	}
	// Graceful shutdown: stop accepting, let requests in flight finish.
	log.Info("shutting down")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var errShut error
	for _, s := range servers {
		errShut = errors.Join(errShut, s.Shutdown(ctx))
	}
	return errShut
}

// prepare brings the schema up to date when allowed (or refuses a schema
// that is behind) and synchronises the reference data.
func prepare(e *env, db *store.DB, migrate bool) error {
	if migrate {
		n, err := db.Migrate(e.ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			e.logger().Info("applied migrations", "count", n)
		}
	}
	if err := db.RequireCurrent(e.ctx); err != nil {
		return err
	}
	set, err := refdata.Load()
	if err != nil {
		return err
	}
	if _, err = country.Sync(e.ctx, db, set); err != nil {
		return err
	}
	return syncShipped(e.ctx, db)
}

// secureCookies decides the Secure flag: "auto" leaves it off only when
// serving on a loopback address, where browsers use plain HTTP.
func secureCookies(e *env) bool {
	switch e.cfg.SecureCookies {
	case "true":
		return true
	case "false":
		return false
	}
	host, _, err := net.SplitHostPort(e.cfg.Addr)
	if err != nil {
		return true
	}
	if host == "localhost" || strings.HasPrefix(host, "127.") || host == "::1" {
		return false
	}
	return true
}

// publicURL is --public-url, nil when not set (Validate has checked it).
func publicURL(e *env) *url.URL {
	if e.cfg.PublicURL == "" {
		return nil
	}
	u, err := config.ParsePublicURL(e.cfg.PublicURL)
	if err != nil {
		return nil
	}
	return u
}

// trustedProxies is --trusted-proxies (Validate has checked it).
func trustedProxies(e *env) []netip.Prefix {
	ps, _ := config.ParseTrustedProxies(e.cfg.TrustedProxies)
	return ps
}

func printDemo(e *env, res demo.Result) {
	if res.AdminPassword == "" {
		fmt.Fprintf(e.stdout, "Demo content is already loaded. Sign in as %s (reset its password with: roundtable user set-password --email %s)\n", res.AdminEmail, res.AdminEmail)
		return
	}
	fmt.Fprintln(e.stdout, "Demo content loaded. Administrator account (this password is shown only once, and opens one sign-in, where you choose your own):")
	fmt.Fprintf(e.stdout, "  e-mail:   %s\n  password: %s\n", res.AdminEmail, res.AdminPassword)
}
