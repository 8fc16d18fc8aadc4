package dialogue

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
)

func (s *Service) checkSession(x *Session) error {
	var err error
	if x.Titles, err = checkTexts("titles", x.Titles, maxTitle); err != nil {
		return err
	}
	if x.StartsAt.IsZero() {
		return errs.Field("starts_at", "required", "validation.required")
	}
	if x.EndsAt.IsZero() {
		return errs.Field("ends_at", "required", "validation.required")
	}
	if !x.EndsAt.After(x.StartsAt) {
		return errs.Field("ends_at", "ends_before_start", "validation.ends_before_start")
	}
	if x.Chair, err = checkText("chair", x.Chair, maxShort, false); err != nil {
		return err
	}
	if x.Room, err = checkText("room", x.Room, maxShort, false); err != nil {
		return err
	}
	if x.Themes == nil {
		x.Themes = []string{}
	}
	x.StartsAt, x.EndsAt = x.StartsAt.UTC().Truncate(1000), x.EndsAt.UTC().Truncate(1000)
	return nil
}

// SaveSession creates (ID 0) or updates a session of an edition.
func (s *Service) SaveSession(ctx context.Context, v Viewer, x Session) (Session, error) {
	if err := s.checkSession(&x); err != nil {
		return x, err
	}
	themes, _ := json.Marshal(x.Themes)
	now := store.Now()
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		if x.ID == 0 {
			if x.Position == 0 {
				if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM sessions WHERE edition_id = ?", x.EditionID).Scan(&x.Position); err != nil {
					return err
				}
			}
			err := tx.QueryRow(ctx, `INSERT INTO sessions (edition_id, position, titles, themes, starts_at, ends_at, chair, room, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				x.EditionID, x.Position, x.Titles.json(), string(themes), x.StartsAt, x.EndsAt, x.Chair, x.Room, now, now).Scan(&x.ID)
			if err != nil {
				return foreignKey(err, "edition_id")
			}
		} else {
			res, err := tx.Exec(ctx, `UPDATE sessions SET position = ?, titles = ?, themes = ?, starts_at = ?, ends_at = ?, chair = ?, room = ?, updated_at = ? WHERE id = ? AND edition_id = ?`,
				x.Position, x.Titles.json(), string(themes), x.StartsAt, x.EndsAt, x.Chair, x.Room, now, x.ID, x.EditionID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errs.ErrNotFound
			}
		}
		if err := outbox.Search(ctx, tx, "session:"+itoa(x.ID)); err != nil {
			return err
		}
		return record(ctx, tx, v, "session.save", "session", x.ID, x)
	})
	return x, err
}

const sessionColumns = "id, edition_id, position, titles, themes, starts_at, ends_at, chair, room"

// sessionColumnsX are sessionColumns of the table named x.
const sessionColumnsX = "x.id, x.edition_id, x.position, x.titles, x.themes, x.starts_at, x.ends_at, x.chair, x.room"

func scanSession(sc interface{ Scan(...any) error }) (Session, error) { return scanSessionWith(sc) }

// scanSessionWith reads a session and, into extra, the columns that follow
// it in the row.
func scanSessionWith(sc interface{ Scan(...any) error }, extra ...any) (Session, error) {
	var x Session
	var titles, themes string
	err := sc.Scan(append([]any{&x.ID, &x.EditionID, &x.Position, &titles, &themes, &x.StartsAt, &x.EndsAt, &x.Chair, &x.Room}, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return x, errs.ErrNotFound
	}
	if err != nil {
		return x, err
	}
	if x.Titles, err = parseTexts(titles); err != nil {
		return x, err
	}
	return x, json.Unmarshal([]byte(themes), &x.Themes)
}

// Session returns a session whose edition the viewer may see.
func (s *Service) Session(ctx context.Context, v Viewer, id int64) (Session, error) {
	x, err := scanSession(s.DB.Reader().QueryRow(ctx, "SELECT "+sessionColumns+" FROM sessions WHERE id = ?", id))
	if err != nil {
		return x, err
	}
	if _, err := s.Edition(ctx, v, x.EditionID); err != nil {
		return Session{}, err
	}
	return x, nil
}

// Sessions returns an edition's programme in order.
func (s *Service) Sessions(ctx context.Context, v Viewer, editionID int64) ([]Session, error) {
	if _, err := s.Edition(ctx, v, editionID); err != nil {
		return nil, err
	}
	return store.QueryAll(ctx, s.DB.Reader(), scanSession, "SELECT "+sessionColumns+" FROM sessions WHERE edition_id = ? ORDER BY position, starts_at", editionID)
}
