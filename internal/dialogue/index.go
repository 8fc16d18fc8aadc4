package dialogue

import (
	"context"

	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// What search needs of the record. The search index is derived from the
// record; these are the only reads it makes of the record's tables, so the
// record's rules (who reads what, which tags count) stay here.

// IndexedStatement is a statement, or one of its translations, as search
// indexes it.
type IndexedStatement struct {
	Statement
	// Text and Language are the original's, or the translation's.
	Text, Language string
	// Delegation is the delegation's code (a country's alpha-3, or a
	// group's); Country is set for a country's delegation only.
	Delegation, Country string
	// Level folds the edition's publication into the statement's
	// visibility (visibility.Effective); Owner is the country whose
	// delegation reads it whatever its level.
	Level visibility.Level
	Owner string
}

// IndexedStatement reads statement id, or its translation into lang when
// lang is set, with its effective concept tags; ok is false when either is
// gone.
func (s *Service) IndexedStatement(ctx context.Context, id int64, lang string) (x IndexedStatement, ok bool, err error) {
	q := s.DB.Reader()
	var kind string
	var published bool
	st, err := scanStatementWith(q.QueryRow(ctx, "SELECT "+statementColumnsS+", d.code, d.kind, e.published"+statementFrom+" WHERE s.id = ?", id),
		&x.Delegation, &kind, &published)
	if errs.Is(err, errs.NotFound) {
		return x, false, nil
	}
	if err != nil {
		return x, false, err
	}
	list := []Statement{st}
	if err := s.attach(ctx, q, list); err != nil {
		return x, false, err
	}
	x.Statement, x.Text, x.Language = list[0], st.Body, st.Language
	if kind == KindCountry {
		x.Country, x.Owner = x.Delegation, x.Delegation
	}
	x.Level = visibility.Effective(visibility.Level(st.Visibility), published)
	if lang == "" {
		return x, true, nil
	}
	t, ok := TranslationInto(x.Translations, lang)
	if ok {
		x.Text, x.Language = t.Body, t.Language
	}
	return x, ok, nil
}

// IndexedSession reads a session with the level its edition's publication
// gives it (public, or participants while unpublished).
func (s *Service) IndexedSession(ctx context.Context, id int64) (Session, visibility.Level, bool, error) {
	var published bool
	x, err := scanSessionWith(s.DB.Reader().QueryRow(ctx, "SELECT "+sessionColumnsX+", e.published FROM sessions x JOIN editions e ON e.id = x.edition_id WHERE x.id = ?", id), &published)
	if errs.Is(err, errs.NotFound) {
		return x, "", false, nil
	}
	return x, visibility.Effective(visibility.Public, published), err == nil, err
}

// SearchDocIDs calls yield with the search document id of every statement,
// translation and session of the record.
func (s *Service) SearchDocIDs(ctx context.Context, yield func(string) error) error {
	for _, query := range []string{
		"SELECT 'statement:' || id FROM statements",
		"SELECT 'statement:' || statement_id || ':' || language FROM statement_translations",
		"SELECT 'session:' || id FROM sessions",
	} {
		ids, err := store.QueryAll(ctx, s.DB.Reader(), store.ScanString, query)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := yield(id); err != nil {
				return err
			}
		}
	}
	return nil
}
