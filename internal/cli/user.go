package cli

import (
	"bufio"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

func userFlags(fs *flag.FlagSet) func(e *env) error {
	email := fs.String("email", "", "the user's e-mail address")
	name := fs.String("name", "", "display name (add)")
	role := fs.String("role", "observer", "administrator, chair, delegate, validator or observer (add, set-role)")
	delegation := fs.String("delegation", "", "delegation's country code, for delegates (add, set-role)")
	lang := fs.String("language", "en", "preferred language: en, es, pt, zh or fr (add)")
	stdinPw := fs.Bool("password-stdin", false, "read the password from standard input instead of generating one (add, set-password)")
	return func(e *env) error {
		if len(e.args) != 1 {
			return usageError{"usage: roundtable user add|set-password|set-role|list [flags]"}
		}
		db, err := e.open()
		if err != nil {
			return err
		}
		defer db.Close()
		svc, err := account.NewService(db, account.DefaultHasher)
		if err != nil {
			return err
		}
		actor := audit.System("cli")
		password := func() (string, bool, error) {
			if !*stdinPw {
				return account.RandomPassword(), true, nil
			}
			line, err := bufio.NewReader(e.stdin).ReadString('\n')
			if err != nil && line == "" {
				return "", false, fmt.Errorf("no password on standard input")
			}
			return strings.TrimRight(line, "\r\n"), false, nil
		}
		find := func() (account.User, error) {
			if *email == "" {
				return account.User{}, usageError{"--email is required"}
			}
			return findUser(e, svc, *email)
		}
		switch e.args[0] {
		case "add":
			pw, generated, err := password()
			if err != nil {
				return err
			}
			// Whoever runs the command knows the password, so it works
			// for one sign-in only, which chooses the user's own.
			u, err := svc.Create(e.ctx, actor, account.NewUser{Email: *email, DisplayName: *name, Role: account.Role(*role),
				Delegation: *delegation, Language: i18n.Lang(*lang), Password: pw, OneTime: true})
			if err != nil {
				return describe(err)
			}
			fmt.Fprintf(e.stdout, "added %s (%s, id %d)\n", u.Email, u.Role, u.ID)
			if generated {
				fmt.Fprintf(e.stdout, "one-time password: %s\n", pw)
			}
			fmt.Fprintln(e.stdout, oneTimeNote)
		case "set-password":
			u, err := find()
			if err != nil {
				return err
			}
			pw, generated, err := password()
			if err != nil {
				return err
			}
			if err := svc.SetPassword(e.ctx, actor, u.ID, pw); err != nil {
				return describe(err)
			}
			fmt.Fprintf(e.stdout, "password of %s changed; their sessions were ended\n", u.Email)
			if generated {
				fmt.Fprintf(e.stdout, "one-time password: %s\n", pw)
			}
			fmt.Fprintln(e.stdout, oneTimeNote)
		case "set-role":
			u, err := find()
			if err != nil {
				return err
			}
			r := account.Role(*role)
			if _, err := svc.Update(e.ctx, actor, u.ID, account.Patch{Role: &r, Delegation: delegation}); err != nil {
				return describe(err)
			}
			fmt.Fprintf(e.stdout, "%s is now %s\n", u.Email, r)
		case "list":
			users, _, err := svc.List(e.ctx, 1_000_000, 0)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tE-MAIL\tNAME\tROLE\tDELEGATION\tLANGUAGE")
			for _, u := range users {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.DisplayName, u.Role, u.Delegation, u.Language)
			}
			return tw.Flush()
		default:
			return usageError{fmt.Sprintf("unknown user command %q: use add, set-password, set-role or list", e.args[0])}
		}
		return nil
	}
}

// oneTimeNote says what a password set from the command line is good for.
const oneTimeNote = "the password works for one sign-in, which must choose a new one"

func findUser(e *env, svc *account.Service, email string) (account.User, error) {
	u, err := svc.GetByEmail(e.ctx, email)
	if errs.Is(err, errs.NotFound) {
		return u, fmt.Errorf("no user with e-mail %s", email)
	}
	return u, err
}

// describe turns a validation error into a sentence for the terminal, in
// English (the command line's language).
func describe(err error) error {
	e := errs.As(err)
	if e.Kind == errs.Internal {
		return err
	}
	cat, cerr := i18n.Load()
	if cerr != nil {
		return err
	}
	msg := cat.T(i18n.En, e.Key, e.Args...)
	if e.Field != "" {
		return fmt.Errorf("--%s: %s", strings.ReplaceAll(e.Field, "_", "-"), msg)
	}
	return fmt.Errorf("%s", msg)
}
