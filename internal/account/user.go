// Package account owns users, their roles, passwords, sign-in sessions and
// personal API tokens. Every change goes through the audit trail.
package account

import (
	"context"
	"database/sql"
	"errors"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/store"
)

// Role is what a user may do; see package authz for the rules.
type Role string

const (
	Administrator Role = "administrator" // the secretariat
	Chair         Role = "chair"
	Delegate      Role = "delegate" // bound to one delegation
	Validator     Role = "validator"
	Observer      Role = "observer"
)

// Roles lists every role, most powerful first.
var Roles = []Role{Administrator, Chair, Delegate, Validator, Observer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// User is an account.
type User struct {
	ID          int64     `json:"id"`
	Email       string    `json:"email"`
	DisplayName string    `json:"display_name"`
	Language    i18n.Lang `json:"language"`
	Role        Role      `json:"role"`
	Delegation  string    `json:"delegation,omitempty"` // country iso3: a delegate's delegation, or the state a validator validates for
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Disabled accounts cannot sign in, and their sessions and API tokens
	// no longer work; they stay for the record's sake.
	Disabled bool `json:"disabled"`
	// MustChangePassword marks a password an administrator issued: it
	// works for one sign-in, which leads only to choosing a new one.
	MustChangePassword bool `json:"must_change_password"`
	// TwoFactor is on when sign-in also asks for a TOTP code.
	TwoFactor bool `json:"two_factor"`
}

// Actor is the user as the audit trail names them.
func (u User) Actor() audit.Actor { return audit.Actor{UserID: u.ID, Label: u.Email} }

// ActorOf is who the audit trail names for a change made by u: u, or
// "anonymous" for nobody signed in (nil).
func ActorOf(u *User) audit.Actor {
	if u == nil {
		return audit.System("anonymous")
	}
	return u.Actor()
}

// Service runs account operations on a database.
type Service struct {
	DB        *store.DB
	Passwords Hasher
	// dummyHash is checked against when an e-mail is unknown, so that an
	// unknown user costs the same time as a wrong password.
	dummyHash string
}

// NewService returns a service hashing passwords with h (DefaultHasher in
// production; tests pass cheaper parameters).
func NewService(db *store.DB, h Hasher) (*Service, error) {
	d, err := h.Hash("not a real password; it only spends the same time")
	if err != nil {
		return nil, err
	}
	return &Service{DB: db, Passwords: h, dummyHash: d}, nil
}

// NewUser is the input to Create.
type NewUser struct {
	Email       string    `json:"email"`
	DisplayName string    `json:"display_name"`
	Language    i18n.Lang `json:"language"`
	Role        Role      `json:"role"`
	Delegation  string    `json:"delegation"`
	Password    string    `json:"password"`
	// OneTime marks a password someone else chose for the user (the
	// command line's --password-stdin): it works for one sign-in, which
	// must choose a new one.
	OneTime bool `json:"-"`
}

const (
	maxNameLen     = 200
	minPasswordLen = 12
	maxPasswordLen = 1024
)

// NormalizeEmail returns the address in the form it is stored, or a
// validation error.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errs.Field("email", "required", "validation.required")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || len(s) > 254 {
		return "", errs.Field("email", "invalid_email", "validation.email")
	}
	return strings.ToLower(s), nil
}

func checkDisplayName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errs.Field("display_name", "required", "validation.required")
	}
	if utf8.RuneCountInString(s) > maxNameLen {
		return "", errs.Field("display_name", "too_long", "validation.too_long", "max", maxNameLen)
	}
	return s, nil
}

func checkPassword(p string) error {
	n := utf8.RuneCountInString(p)
	if n < minPasswordLen {
		return errs.Field("password", "password_too_short", "validation.password_short")
	}
	if n > maxPasswordLen {
		return errs.Field("password", "too_long", "validation.too_long", "max", maxPasswordLen)
	}
	return nil
}

func checkLanguage(l i18n.Lang) (i18n.Lang, error) {
	if l == "" {
		return i18n.En, nil
	}
	p, ok := i18n.Parse(string(l))
	if !ok {
		return "", errs.Field("language", "invalid_language", "validation.language")
	}
	return p, nil
}

// checkRoleDelegation enforces that delegates belong to a delegation that
// exists, that a validator may be bound to one (the state whose progress
// reports they approve), and that no other role has one.
func checkRoleDelegation(ctx context.Context, q store.Querier, r Role, delegation string) (string, error) {
	if !r.Valid() {
		return "", errs.Field("role", "invalid_role", "validation.role")
	}
	delegation = strings.ToUpper(strings.TrimSpace(delegation))
	if (r == Delegate && delegation == "") || (r != Delegate && r != Validator && delegation != "") {
		return "", errs.Field("delegation", "invalid_delegation", "validation.delegation")
	}
	if delegation == "" {
		return "", nil
	}
	var n int
	if err := q.QueryRow(ctx, "SELECT count(*) FROM countries WHERE iso3 = ?", delegation).Scan(&n); err != nil {
		return "", err
	}
	if n == 0 {
		return "", errs.Field("delegation", "invalid_delegation", "validation.delegation")
	}
	return delegation, nil
}

// Create adds a user. Their password is their own choice (the demo's
// cast, tests) unless in.OneTime says someone else chose it; a generated
// one goes through CreateWithOneTimePassword.
func (s *Service) Create(ctx context.Context, actor audit.Actor, in NewUser) (User, error) {
	return s.create(ctx, actor, in, in.OneTime)
}

func (s *Service) create(ctx context.Context, actor audit.Actor, in NewUser, oneTime bool) (User, error) {
	u := User{MustChangePassword: oneTime}
	var err error
	if u.Email, err = NormalizeEmail(in.Email); err != nil {
		return u, err
	}
	if u.DisplayName, err = checkDisplayName(in.DisplayName); err != nil {
		return u, err
	}
	if u.Language, err = checkLanguage(in.Language); err != nil {
		return u, err
	}
	if err := checkPassword(in.Password); err != nil {
		return u, err
	}
	u.Role = in.Role
	if u.Delegation, err = checkRoleDelegation(ctx, s.DB.Reader(), in.Role, in.Delegation); err != nil {
		return u, err
	}
	hash, err := s.Passwords.Hash(in.Password)
	if err != nil {
		return u, err
	}
	u.CreatedAt, u.UpdatedAt = store.Now(), store.Now()
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO users (email, display_name, language, role, delegation, password_hash, created_at, updated_at, must_change_password)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Email, u.DisplayName, string(u.Language), string(u.Role), nullable(u.Delegation), hash, u.CreatedAt, u.UpdatedAt, oneTime).Scan(&u.ID)
		if store.IsUniqueViolation(err) {
			return errs.Field("email", "email_taken", "validation.email_taken")
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Actor: actor, Action: "user.create", EntityType: "user",
			EntityID: itoa(u.ID), Change: u})
	})
	return u, err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const (
	userColumns  = "id, email, display_name, language, role, COALESCE(delegation, ''), created_at, updated_at, disabled_at IS NOT NULL, must_change_password, totp_enabled_at IS NOT NULL"
	userColumnsU = "u.id, u.email, u.display_name, u.language, u.role, COALESCE(u.delegation, ''), u.created_at, u.updated_at, u.disabled_at IS NOT NULL, u.must_change_password, u.totp_enabled_at IS NOT NULL"
)

func scanUser(s interface{ Scan(...any) error }) (User, error) {
	var u User
	var lang, role string
	err := s.Scan(&u.ID, &u.Email, &u.DisplayName, &lang, &role, &u.Delegation, &u.CreatedAt, &u.UpdatedAt, &u.Disabled, &u.MustChangePassword, &u.TwoFactor)
	u.Language, u.Role = i18n.Lang(lang), Role(role)
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.ErrNotFound
	}
	return u, err
}

// Get returns one user.
func (s *Service) Get(ctx context.Context, id int64) (User, error) {
	return scanUser(s.DB.Reader().QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
}

// List returns a page of users ordered by e-mail, and how many there are.
func (s *Service) List(ctx context.Context, limit, offset int) ([]User, int, error) {
	q := s.DB.Reader()
	var total int
	if err := q.QueryRow(ctx, "SELECT count(*) FROM users").Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, "SELECT "+userColumns+" FROM users ORDER BY email LIMIT ? OFFSET ?", limit, offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	users := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		users = append(users, u)
	}
	return users, total, rows.Err()
}

// Patch holds the fields of an update; nil leaves a field as it is.
type Patch struct {
	DisplayName *string    `json:"display_name"`
	Language    *i18n.Lang `json:"language"`
	Role        *Role      `json:"role"`
	Delegation  *string    `json:"delegation"`
	Disabled    *bool      `json:"disabled"`
}

// Update changes a user's profile. Role and delegation changes are the
// caller's to authorise (only the secretariat may make them). The user is
// read, changed and checked inside the write transaction, so a concurrent
// update can neither be lost nor slip past the last-administrator rule.
func (s *Service) Update(ctx context.Context, actor audit.Actor, id int64, p Patch) (User, error) {
	var u User
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		// Locks are taken in one order, the administrators first, so that
		// two updates never wait for each other.
		var admins []int64
		if p.Role != nil || p.Disabled != nil {
			var err error
			if admins, err = lockAdministrators(ctx, tx); err != nil {
				return err
			}
		}
		var err error
		u, err = scanUser(tx.QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?"+forUpdate(tx), id))
		if err != nil {
			return err
		}
		disabling, err := applyPatch(ctx, tx, actor, &u, p)
		if err != nil {
			return err
		}
		if (p.Role != nil || p.Disabled != nil) && (u.Role != Administrator || u.Disabled) &&
			slices.Contains(admins, u.ID) && len(admins) == 1 {
			return ErrLastAdministrator
		}
		u.UpdatedAt = store.Now()
		var disabledAt any
		if u.Disabled {
			disabledAt = u.UpdatedAt
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET display_name = ?, language = ?, role = ?, delegation = ?, updated_at = ?,
			disabled_at = CASE WHEN ? THEN COALESCE(disabled_at, ?) ELSE NULL END WHERE id = ?`,
			u.DisplayName, string(u.Language), string(u.Role), nullable(u.Delegation), u.UpdatedAt, u.Disabled, disabledAt, u.ID); err != nil {
			return err
		}
		if disabling {
			// A disabled account is signed out at once, everywhere.
			for _, del := range []string{"DELETE FROM login_sessions WHERE user_id = ?", "DELETE FROM api_tokens WHERE user_id = ?"} {
				if _, err := tx.Exec(ctx, del, u.ID); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, audit.Event{Actor: actor, Action: "user.update", EntityType: "user", EntityID: itoa(u.ID), Change: u})
	})
	return u, err
}

// applyPatch checks p and applies it to u; it reports whether the update
// disables an enabled account.
func applyPatch(ctx context.Context, q store.Querier, actor audit.Actor, u *User, p Patch) (disabling bool, err error) {
	if p.DisplayName != nil {
		if u.DisplayName, err = checkDisplayName(*p.DisplayName); err != nil {
			return false, err
		}
	}
	if p.Language != nil {
		if u.Language, err = checkLanguage(*p.Language); err != nil {
			return false, err
		}
	}
	if p.Role != nil {
		u.Role = *p.Role
		if u.Role != Delegate && u.Role != Validator && p.Delegation == nil {
			u.Delegation = ""
		}
	}
	if p.Delegation != nil {
		u.Delegation = *p.Delegation
	}
	if u.Delegation, err = checkRoleDelegation(ctx, q, u.Role, u.Delegation); err != nil {
		return false, err
	}
	if p.Disabled != nil {
		if *p.Disabled && actor.UserID == u.ID {
			return false, ErrDisableSelf
		}
		disabling = *p.Disabled && !u.Disabled
		u.Disabled = *p.Disabled
	}
	return disabling, nil
}

// lockAdministrators returns the enabled administrators' ids, locking
// their rows on PostgreSQL until the transaction ends: a concurrent change
// of any of them then waits, and sees this one's outcome before it counts.
// (On SQLite the write transaction already holds the only write lock.)
func lockAdministrators(ctx context.Context, tx *store.Tx) ([]int64, error) {
	return store.QueryAll(ctx, tx, func(r store.Scanner) (int64, error) {
		var id int64
		err := r.Scan(&id)
		return id, err
	}, "SELECT id FROM users WHERE role = ? AND disabled_at IS NULL ORDER BY id"+forUpdate(tx), string(Administrator))
}

// forUpdate is the row-locking clause of a SELECT in tx's dialect; SQLite
// has none and needs none.
func forUpdate(tx *store.Tx) string {
	if tx.Dialect() == store.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// ErrLastAdministrator refuses demoting or disabling the last enabled
// administrator: nobody could then manage users from the site.
var ErrLastAdministrator = errs.New(errs.Conflict, "last_administrator", "input.last_administrator")

// ErrDisableSelf refuses a secretariat member disabling their own account,
// which could leave nobody able to manage the others.
var ErrDisableSelf = errs.Field("disabled", "cannot_disable_self", "users.cannot_disable_self")

// SetPassword gives a user a password someone else chose (the command
// line's --password-stdin): like every password an administrator hands
// out, it works for one sign-in only, and their sessions end.
func (s *Service) SetPassword(ctx context.Context, actor audit.Actor, id int64, password string) error {
	return s.setPassword(ctx, actor, id, password, true)
}

// setPassword replaces a password and ends every session of the user and
// any sign-in awaiting their second factor; oneTime marks it as handed out
// by someone else.
func (s *Service) setPassword(ctx context.Context, actor audit.Actor, id int64, password string, oneTime bool) error {
	if err := checkPassword(password); err != nil {
		return err
	}
	hash, err := s.Passwords.Hash(password)
	if err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		return s.replacePassword(ctx, tx, actor, id, hash, oneTime)
	})
}

func (s *Service) replacePassword(ctx context.Context, tx *store.Tx, actor audit.Actor, id int64, hash string, oneTime bool) error {
	res, err := tx.Exec(ctx, "UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?", hash, oneTime, store.Now(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.ErrNotFound
	}
	for _, del := range []string{"DELETE FROM login_sessions WHERE user_id = ?", "DELETE FROM signin_challenges WHERE user_id = ?"} {
		if _, err := tx.Exec(ctx, del, id); err != nil {
			return err
		}
	}
	// The digest pins the new hash without revealing it.
	return audit.Record(ctx, tx, audit.Event{Actor: actor, Action: "user.set_password", EntityType: "user", EntityID: itoa(id),
		Change: map[string]any{"password_hash": hash, "one_time": oneTime}})
}

// ChangePassword is a user changing their own password: the current one must
// be right and the new one different. Every session ends (the caller opens
// a fresh one with OpenSession); a one-time password is one no longer.
func (s *Service) ChangePassword(ctx context.Context, u User, current, next string) error {
	hash, err := s.passwordHash(ctx, u.ID)
	if err != nil {
		return err
	}
	if ok, _ := s.Passwords.Verify(hash, current); !ok {
		return errs.Field("current_password", "wrong_password", "validation.password_wrong")
	}
	return s.choosePassword(ctx, u, hash, next)
}

// choosePassword sets a password the user chose, refusing the one they
// have (hash).
func (s *Service) choosePassword(ctx context.Context, u User, hash, next string) error {
	if err := checkPassword(next); err != nil {
		return err
	}
	if same, _ := s.Passwords.Verify(hash, next); same {
		return ErrSamePassword
	}
	return s.setPassword(ctx, u.Actor(), u.ID, next, false)
}

// ErrSamePassword refuses a "new" password equal to the one being replaced.
var ErrSamePassword = errs.Field("new_password", "same_password", "acct.same_password")

func (s *Service) passwordHash(ctx context.Context, id int64) (string, error) {
	var hash string
	err := s.DB.Reader().QueryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", id).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.ErrNotFound
	}
	return hash, err
}

// GetByEmail returns the user with this e-mail address (any case).
func (s *Service) GetByEmail(ctx context.Context, email string) (User, error) {
	return scanUser(s.DB.Reader().QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE email = ?", strings.ToLower(strings.TrimSpace(email))))
}
