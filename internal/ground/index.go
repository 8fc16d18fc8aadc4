package ground

import (
	"context"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// What search needs of common ground: the only reads it makes of these
// tables, so that which propositions are found, and by whom, stays here.

// IndexedProposition is a proposition, or one of its translations, as
// search indexes it.
type IndexedProposition struct {
	Proposition
	// Text and Language are the original's, or the translation's.
	Text, Language string
	// Country is the proposing delegation's country code ("" for the
	// chair's, or a group's).
	Country string
	// Level folds the edition's publication in (visibility.Effective).
	Level visibility.Level
}

// indexed reports whether a proposition in status is found by search: a
// published one, and a withdrawn one (the record keeps it); one waiting
// for the chair is not public yet, and a merged one lives on in its target.
func indexed(status string) bool { return status == Published || status == Withdrawn }

// IndexedProposition reads proposition id, or its translation into lang
// when lang is set; ok is false when it is gone or not searchable.
func (s *Service) IndexedProposition(ctx context.Context, id int64, lang string) (x IndexedProposition, ok bool, err error) {
	q := s.DB.Reader()
	var published bool
	var kind string
	row := q.QueryRow(ctx, `SELECT p.id, p.edition_id, COALESCE(p.delegation_id, 0), COALESCE(d.code, ''), p.language, p.body, p.status,
		COALESCE(p.merged_into, 0), p.created_at, p.updated_at, COALESCE(d.kind, ''), e.published
		FROM propositions p JOIN editions e ON e.id = p.edition_id LEFT JOIN delegations d ON d.id = p.delegation_id WHERE p.id = ?`, id)
	p := Proposition{Translations: []dialogue.Translation{}, Concepts: []string{}, Sources: []int64{}}
	err = row.Scan(&p.ID, &p.EditionID, &p.DelegationID, &p.Delegation, &p.Language, &p.Text, &p.Status, &p.MergedInto, &p.CreatedAt, &p.UpdatedAt, &kind, &published)
	if errs.Is(notFound(err), errs.NotFound) {
		return x, false, nil
	}
	if err != nil || !indexed(p.Status) {
		return x, false, err
	}
	list := []Proposition{p}
	// Sources are not indexed, so the public reader lists them harmlessly.
	if err := s.attach(ctx, nil, list); err != nil {
		return x, false, err
	}
	x.Proposition, x.Text, x.Language = list[0], p.Text, p.Language
	if kind == dialogue.KindCountry {
		x.Country = p.Delegation
	}
	x.Level = visibility.Effective(visibility.Public, published)
	if lang == "" {
		return x, true, nil
	}
	t, ok := dialogue.TranslationInto(x.Translations, lang)
	if ok {
		x.Text, x.Language = t.Body, t.Language
	}
	return x, ok, nil
}

// SearchDocIDs calls yield with the search document id of every searchable
// proposition and translation.
func (s *Service) SearchDocIDs(ctx context.Context, yield func(string) error) error {
	ids, err := store.QueryAll(ctx, s.DB.Reader(), store.ScanString, `SELECT 'proposition:' || id FROM propositions WHERE status IN ('published', 'withdrawn')
		UNION ALL SELECT 'proposition:' || t.proposition_id || ':' || t.language FROM proposition_translations t
		JOIN propositions p ON p.id = t.proposition_id WHERE p.status IN ('published', 'withdrawn')`)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := yield(id); err != nil {
			return err
		}
	}
	return nil
}
