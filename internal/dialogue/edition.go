package dialogue

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"

	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// CreateForum adds a forum (secretariat only; checked by the caller's route).
func (s *Service) CreateForum(ctx context.Context, v Viewer, f Forum) (Forum, error) {
	if !slugRe.MatchString(f.Slug) || len(f.Slug) > 80 {
		return f, errs.Field("slug", "invalid_slug", "validation.slug")
	}
	names, err := checkTexts("names", f.Names, maxTitle)
	if err != nil {
		return f, err
	}
	f.Names, f.CreatedAt = names, store.Now()
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, "INSERT INTO forums (slug, names, created_at) VALUES (?, ?, ?) RETURNING id", f.Slug, f.Names.json(), f.CreatedAt).Scan(&f.ID)
		if store.IsUniqueViolation(err) {
			return errs.Field("slug", "slug_taken", "validation.slug_taken")
		}
		if err != nil {
			return err
		}
		return record(ctx, tx, v, "forum.create", "forum", f.ID, f)
	})
	return f, err
}

// Forums lists every forum.
func (s *Service) Forums(ctx context.Context) ([]Forum, error) {
	rows, err := s.DB.Reader().Query(ctx, "SELECT id, slug, names, created_at FROM forums ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Forum{}
	for rows.Next() {
		var f Forum
		var names string
		if err := rows.Scan(&f.ID, &f.Slug, &names, &f.CreatedAt); err != nil {
			return nil, err
		}
		if f.Names, err = parseTexts(names); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

func (s *Service) checkEdition(ctx context.Context, q store.Querier, e *Edition) error {
	var err error
	if e.Titles, err = checkTexts("titles", e.Titles, maxTitle); err != nil {
		return err
	}
	if e.Number < 1 || e.Number > 1000 {
		return errs.Field("number", "invalid_number", "validation.number")
	}
	if err := checkDate("starts_on", e.StartsOn, true); err != nil {
		return err
	}
	if err := checkDate("ends_on", e.EndsOn, true); err != nil {
		return err
	}
	if e.EndsOn < e.StartsOn {
		return errs.Field("ends_on", "ends_before_start", "validation.ends_before_start")
	}
	if e.VenueCity, err = checkText("venue_city", e.VenueCity, maxShort, true); err != nil {
		return err
	}
	if e.Host, err = checkText("host", e.Host, maxShort, true); err != nil {
		return err
	}
	e.VenueCountry = strings.ToUpper(e.VenueCountry)
	var n int
	if err := q.QueryRow(ctx, "SELECT count(*) FROM countries WHERE iso3 = ?", e.VenueCountry).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errs.Field("venue_country", "unknown_country", "validation.country")
	}
	if e.TimeZone, err = checkZone(e.TimeZone, e.VenueCountry); err != nil {
		return err
	}
	if len(e.Languages) == 0 {
		return errs.Field("languages", "required", "validation.required")
	}
	for _, l := range e.Languages {
		if err := checkLang("languages", l); err != nil {
			return err
		}
	}
	if e.Status == "" {
		e.Status = Planned
	}
	if !contains([]string{Planned, Open, Closed}, e.Status) {
		return errs.Field("status", "invalid_status", "validation.status")
	}
	return nil
}

// CreateEdition adds an edition to a forum.
func (s *Service) CreateEdition(ctx context.Context, v Viewer, e Edition) (Edition, error) {
	if err := s.checkEdition(ctx, s.DB.Reader(), &e); err != nil {
		return e, err
	}
	e.CreatedAt, e.UpdatedAt = store.Now(), store.Now()
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO editions (forum_id, number, titles, starts_on, ends_on, venue_city, venue_country, host, time_zone, languages, status, published, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			e.ForumID, e.Number, e.Titles.json(), e.StartsOn, e.EndsOn, e.VenueCity, e.VenueCountry, e.Host, e.TimeZone,
			strings.Join(e.Languages, ","), e.Status, e.Published, e.CreatedAt, e.UpdatedAt).Scan(&e.ID)
		if store.IsUniqueViolation(err) {
			return errs.Field("number", "edition_exists", "validation.edition_exists")
		}
		if err != nil {
			return foreignKey(err, "forum_id")
		}
		return record(ctx, tx, v, "edition.create", "edition", e.ID, e)
	})
	return e, err
}

// UpdateEdition replaces an edition's details, including its status and
// whether it is published. Publishing makes its public statements searchable
// by everyone, so every statement of the edition is re-indexed.
func (s *Service) UpdateEdition(ctx context.Context, v Viewer, e Edition) (Edition, error) {
	old, err := s.Edition(ctx, v, e.ID)
	if err != nil {
		return e, err
	}
	e.ForumID, e.CreatedAt = old.ForumID, old.CreatedAt
	if e.TimeZone == "" { // a client that does not name the zone keeps it
		e.TimeZone = old.TimeZone
	}
	if err := s.checkEdition(ctx, s.DB.Reader(), &e); err != nil {
		return e, err
	}
	e.UpdatedAt = store.Now()
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE editions SET number = ?, titles = ?, starts_on = ?, ends_on = ?, venue_city = ?, venue_country = ?, host = ?, time_zone = ?, languages = ?, status = ?, published = ?, updated_at = ? WHERE id = ?`,
			e.Number, e.Titles.json(), e.StartsOn, e.EndsOn, e.VenueCity, e.VenueCountry, e.Host, e.TimeZone, strings.Join(e.Languages, ","), e.Status, e.Published, e.UpdatedAt, e.ID)
		if store.IsUniqueViolation(err) {
			return errs.Field("number", "edition_exists", "validation.edition_exists")
		}
		if err != nil {
			return err
		}
		if err := reindexEdition(ctx, tx, e.ID); err != nil {
			return err
		}
		return record(ctx, tx, v, "edition.update", "edition", e.ID, e)
	})
	return e, err
}

func reindexEdition(ctx context.Context, tx *store.Tx, editionID int64) error {
	ids, err := docIDs(ctx, tx, "SELECT 'statement:' || id FROM statements WHERE edition_id = ?", editionID)
	if err != nil {
		return err
	}
	ids = append(ids, "edition:"+itoa(editionID)) // other areas' documents of the edition (discovery.Load)
	for _, q := range []string{
		"SELECT 'statement:' || t.statement_id || ':' || t.language FROM statement_translations t JOIN statements s ON s.id = t.statement_id WHERE s.edition_id = ?",
		"SELECT 'session:' || id FROM sessions WHERE edition_id = ?",
	} {
		more, err := docIDs(ctx, tx, q, editionID)
		if err != nil {
			return err
		}
		ids = append(ids, more...)
	}
	return outbox.Search(ctx, tx, ids...)
}

func docIDs(ctx context.Context, q store.Querier, query string, args ...any) ([]string, error) {
	return store.QueryAll(ctx, q, store.ScanString, query, args...)
}

const editionColumns = "id, forum_id, number, titles, starts_on, ends_on, venue_city, venue_country, host, time_zone, languages, status, published, created_at, updated_at"

func scanEdition(sc interface{ Scan(...any) error }) (Edition, error) {
	var e Edition
	var titles, langs string
	err := sc.Scan(&e.ID, &e.ForumID, &e.Number, &titles, &e.StartsOn, &e.EndsOn, &e.VenueCity, &e.VenueCountry, &e.Host, &e.TimeZone, &langs, &e.Status, &e.Published, &e.CreatedAt, &e.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return e, errs.ErrNotFound
	}
	if err != nil {
		return e, err
	}
	e.Languages = strings.Split(langs, ",")
	e.Titles, err = parseTexts(titles)
	return e, err
}

// Edition returns an edition the viewer may see: unpublished editions are
// visible to participants only.
func (s *Service) Edition(ctx context.Context, v Viewer, id int64) (Edition, error) {
	e, err := scanEdition(s.DB.Reader().QueryRow(ctx, "SELECT "+editionColumns+" FROM editions WHERE id = ?", id))
	if err != nil {
		return e, err
	}
	if !seesEdition(v, e) {
		return Edition{}, errs.ErrNotFound
	}
	return e, nil
}

// Editions lists the editions the viewer may see, newest first.
func (s *Service) Editions(ctx context.Context, v Viewer) ([]Edition, error) {
	all, err := store.QueryAll(ctx, s.DB.Reader(), scanEdition, "SELECT "+editionColumns+" FROM editions ORDER BY starts_on DESC, id DESC")
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, e := range all {
		if seesEdition(v, e) {
			out = append(out, e)
		}
	}
	return out, nil
}

// foreignKey turns a reference to a missing row into a field error.
func foreignKey(err error, field string) error {
	if err == nil {
		return nil
	}
	m := err.Error()
	if strings.Contains(m, "FOREIGN KEY") || strings.Contains(m, "23503") {
		return errs.Field(field, "not_found", "error.not_found")
	}
	return err
}

// seesEdition: an unpublished edition, with its programme, delegations and
// speakers lists, is open to the room only, as a public text of it is.
func seesEdition(v Viewer, e Edition) bool {
	return visibility.Of(v).Sees(visibility.Text{Level: visibility.Public, Published: e.Published})
}
