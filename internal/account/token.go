package account

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// Token is a personal API token, as listed (never with its secret).
type Token struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// tokenPrefix marks Roundtable tokens so secret scanners can spot leaks.
const tokenPrefix = "rt_"

// CreateToken issues a token for u and returns its secret, shown once; only
// its hash is stored.
func (s *Service) CreateToken(ctx context.Context, u User, name string) (Token, string, error) {
	if u.MustChangePassword {
		return Token{}, "", ErrPasswordChangeRequired
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return Token{}, "", errs.Field("name", "required", "validation.required")
	}
	if utf8.RuneCountInString(name) > 100 {
		return Token{}, "", errs.Field("name", "too_long", "validation.too_long", "max", 100)
	}
	secret := tokenPrefix + randomToken(32)
	t := Token{Name: name, CreatedAt: store.Now()}
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
			u.ID, name, hashToken(secret), t.CreatedAt).Scan(&t.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Actor: u.Actor(), Action: "token.create", EntityType: "api_token", EntityID: itoa(t.ID), Change: t})
	})
	return t, secret, err
}

// Tokens lists u's tokens, newest first.
func (s *Service) Tokens(ctx context.Context, u User) ([]Token, error) {
	rows, err := s.DB.Reader().Query(ctx, "SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC", u.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		var t Token
		var last sql.NullTime
		if err := rows.Scan(&t.ID, &t.Name, &t.CreatedAt, &last); err != nil {
			return nil, err
		}
		if last.Valid {
			t.LastUsedAt = &last.Time
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken deletes one of u's tokens; another user's token is not found.
func (s *Service) RevokeToken(ctx context.Context, u User, id int64) error {
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM api_tokens WHERE id = ? AND user_id = ?", id, u.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.ErrNotFound
		}
		return audit.Record(ctx, tx, audit.Event{Actor: u.Actor(), Action: "token.revoke", EntityType: "api_token", EntityID: itoa(id), Change: nil})
	})
}

// TokenUser returns the owner of a token. Its last use is recorded at most
// once a minute, so reading the API does not turn every request into a write.
func (s *Service) TokenUser(ctx context.Context, secret string) (User, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return User{}, errs.ErrUnauthenticated
	}
	h := hashToken(secret)
	var id int64
	var last sql.NullTime
	err := s.DB.Reader().QueryRow(ctx, "SELECT id, last_used_at FROM api_tokens WHERE token_hash = ?", h).Scan(&id, &last)
	if err == sql.ErrNoRows {
		return User{}, errs.ErrUnauthenticated
	}
	if err != nil {
		return User{}, err
	}
	u, err := scanUser(s.DB.Reader().QueryRow(ctx, "SELECT "+userColumnsU+" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?", id))
	if err != nil {
		return u, err
	}
	if u.Disabled {
		return User{}, errs.ErrUnauthenticated
	}
	now := store.Now()
	if !last.Valid || now.Sub(last.Time) > time.Minute {
		if _, err := s.DB.Reader().Exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now, id); err != nil {
			return u, err
		}
	}
	return u, nil
}
