package practice

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// What search needs of practices: the only reads it makes of these tables,
// so that which practices are found, and by whom, stays here. Search
// indexes every practice whatever its state (drafts included); the
// visibility rule, applied to every hit, decides who finds it. The
// contact is never read here: it is for accredited participants only, and
// an index cannot tell who reads which field.

// IndexedPractice is a practice as search indexes it: each of its texts
// in its language, the original first.
type IndexedPractice struct {
	ID       int64
	Country  string // alpha-3: the practice's owner
	Language string // the original's
	State    State
	Texts    []IndexedPracticeText
	Concepts []string
	// Date is when it was published, else when it was created.
	Date time.Time
	// Level is who reads it: a draft its delegation (visibility.Draft), a
	// submitted one its delegation and the secretariat
	// (visibility.Delegation), a published one everyone.
	Level visibility.Level
}

// IndexedPracticeText is a practice's text in one language as search
// indexes it: its title, and its body — context, what was done, results,
// challenges, lessons and conditions for transfer, in that order.
type IndexedPracticeText struct {
	Language, Title, Body string
	// Machine: a machine's translation (reviewed or not, a person did
	// not write it).
	Machine bool
}

// indexedLevel is the level of a practice in state; an unknown state is
// the narrowest.
func indexedLevel(s State) visibility.Level {
	switch s {
	case Published:
		return visibility.Public
	case Submitted:
		return visibility.Delegation
	}
	return visibility.Draft
}

// IndexedPractice reads practice id as search indexes it; ok is false when
// it is gone.
func (s *Service) IndexedPractice(ctx context.Context, id int64) (x IndexedPractice, ok bool, err error) {
	q := s.DB.Reader()
	var institutions string
	var created time.Time
	var published sql.NullTime
	err = q.QueryRow(ctx, `SELECT id, country, language, state, institutions, created_at, published_at FROM practices WHERE id = ?`, id).
		Scan(&x.ID, &x.Country, &x.Language, &x.State, &institutions, &created, &published)
	if errors.Is(err, sql.ErrNoRows) {
		return x, false, nil
	}
	if err != nil {
		return x, false, err
	}
	x.Level, x.Date = indexedLevel(x.State), created
	if published.Valid {
		x.Date = published.Time
	}
	rows, err := q.Query(ctx, `SELECT language, title, context, actions, results, challenges, lessons, transfer, origin
		FROM practice_texts WHERE practice_id = ? ORDER BY language`, id)
	if err != nil {
		return x, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var t IndexedPracticeText
		var parts [6]string
		var origin string
		if err := rows.Scan(&t.Language, &t.Title, &parts[0], &parts[1], &parts[2], &parts[3], &parts[4], &parts[5], &origin); err != nil {
			return x, false, err
		}
		t.Body, t.Machine = joinParagraphs(parts[:]), origin == OriginMachine
		if t.Language == x.Language {
			// The implementing institutions are named once, in the
			// original's language.
			t.Body = joinParagraphs([]string{t.Body, institutions})
			x.Texts = append([]IndexedPracticeText{t}, x.Texts...)
		} else {
			x.Texts = append(x.Texts, t)
		}
	}
	if err := rows.Err(); err != nil {
		return x, false, err
	}
	if x.Concepts, err = store.QueryAll(ctx, q, store.ScanString, "SELECT concept_id FROM practice_concepts WHERE practice_id = ? ORDER BY concept_id", id); err != nil {
		return x, false, err
	}
	return x, true, nil
}

// joinParagraphs joins the non-empty parts with a blank line.
func joinParagraphs(parts []string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "\n\n")
}

// SearchDocIDs calls yield with the search document id of every practice
// (its texts in every language are one document).
func (s *Service) SearchDocIDs(ctx context.Context, yield func(string) error) error {
	ids, err := store.QueryAll(ctx, s.DB.Reader(), store.ScanString, "SELECT 'practice:' || id FROM practices ORDER BY id")
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
