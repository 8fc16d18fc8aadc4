// Package cli is Roundtable's command line. Each subcommand is a thin caller
// of the same services the web server uses.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"roundtable/internal/config"
	"roundtable/internal/store"
)

// env is what a command runs with.
type env struct {
	ctx    context.Context
	cfg    config.Config
	stdout io.Writer
	stderr io.Writer
	stdin  io.Reader
	args   []string // positional arguments after the flags
	// setupToken opens /setup while no account exists (see setup.go).
	setupToken string
}

type command struct {
	name    string
	summary string
	// flags registers the command's own flags beside the common ones.
	flags func(fs *flag.FlagSet) func(e *env) error
}

func commands() []command {
	return []command{
		{"serve", "run the web interface and the JSON API", serveFlags},
		{"migrate", "apply pending database migrations and load reference data", migrateFlags},
		{"user", "manage accounts: add, set-password, set-role, list", userFlags},
		{"audit", "audit verify|checkpoint|keygen: check the audit trail's hash chain, anchor it outside the database", auditFlags},
		{"search", "search rebuild: rebuild the search index from the database", searchFlags},
		{"import", "import indicators FILE…|--shipped, import recommendations FILE…: import development indicator files or UN recommendations, all or nothing per file", importFlags},
		{"backup", "write a consistent copy of the SQLite database while serving", backupFlags},
		{"config", "print the settings in force, secrets redacted", configFlags},
		{"version", "print the version and the schema version", versionFlags},
	}
}

// Main runs the command line and returns the exit code. Errors are one line
// on stderr, prefixed with the program name.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		fs := flag.NewFlagSet("roundtable "+c.name, flag.ContinueOnError)
		fs.SetOutput(stderr)
		e := &env{cfg: config.Default(), stdout: stdout, stderr: stderr, stdin: stdin}
		e.cfg.Register(fs)
		run := c.flags(fs)
		// Verbs come before flags ("user add --email ..."); the flag
		// package stops at the first word that is not a flag, so take the
		// verbs first.
		rest := args[1:]
		var verbs []string
		for len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
			verbs, rest = append(verbs, rest[0]), rest[1:]
		}
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		e.args = append(verbs, fs.Args()...)
		if err := e.cfg.Validate(); err != nil {
			fmt.Fprintln(stderr, "roundtable:", err)
			return 2
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		e.ctx = ctx
		if err := run(e); err != nil {
			fmt.Fprintln(stderr, "roundtable:", oneLine(err))
			var ue usageError
			if errors.As(err, &ue) {
				return 2
			}
			return 1
		}
		return 0
	}
	fmt.Fprintf(stderr, "roundtable: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: roundtable <command> [flags]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'roundtable <command> -h' for the flags of a command.")
}

// usageError is a mistake in the command line itself (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func oneLine(err error) string {
	return strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "; ")
}

func (e *env) logger() *slog.Logger {
	lvl := slog.LevelInfo
	lvl.UnmarshalText([]byte(e.cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if e.cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

// open opens the database and requires its schema to be current.
func (e *env) open() (*store.DB, error) {
	db, err := store.Open(e.ctx, e.cfg.Database, e.cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := db.RequireCurrent(e.ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openAny opens the database whatever its schema version, for commands that
// must work before or without migrating (backup, audit verify).
func (e *env) openAny() (*store.DB, error) {
	db, err := store.Open(e.ctx, e.cfg.Database, e.cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if cur, _, err := db.SchemaVersion(e.ctx); err != nil || cur == 0 {
		db.Close()
		if err == nil {
			err = fmt.Errorf("the database at %s has no schema yet; run `roundtable migrate` first", db.Where())
		}
		return nil, err
	}
	return db, nil
}
