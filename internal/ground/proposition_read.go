package ground

import (
	"context"
	"database/sql"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Proposition is a short text put forward for delegations to take a
// position on.
type Proposition struct {
	ID        int64 `json:"id"`
	EditionID int64 `json:"edition_id"`
	// DelegationID and Delegation (its code) name the delegation that put
	// it forward; 0 and "" for the chair's.
	DelegationID int64                  `json:"delegation_id,omitempty"`
	Delegation   string                 `json:"delegation,omitempty"`
	Language     string                 `json:"language"`
	Text         string                 `json:"text"`
	Status       string                 `json:"status"`
	MergedInto   int64                  `json:"merged_into,omitempty"`
	Translations []dialogue.Translation `json:"translations"`
	Concepts     []string               `json:"concepts"`
	Sources      []int64                `json:"sources"` // statement ids, those the reader may read
	CreatedAt    time.Time              `json:"created_at"`
	UpdatedAt    time.Time              `json:"updated_at"`
}

// In is the proposition's text in lang when it has one, else the original.
func (p Proposition) In(lang string) string {
	if t, ok := dialogue.TranslationInto(p.Translations, lang); ok {
		return t.Body
	}
	return p.Text
}

// propositionLevel is a proposition's level for the visibility rule: a
// delegation's waits for the chair at Submitted; after that it is as
// public as its edition.
const propositionLevel = "CASE WHEN p.status = 'submitted' THEN 'submitted' ELSE 'public' END"

var propositionColumns = visibility.Columns{Level: propositionLevel, Owner: "d.code", Embargo: "CAST(NULL AS TIMESTAMP)", Published: "e.published"}

const propositionSelect = `SELECT p.id, p.edition_id, COALESCE(p.delegation_id, 0), COALESCE(d.code, ''), p.language, p.body, p.status,
	COALESCE(p.merged_into, 0), p.created_at, p.updated_at
	FROM propositions p JOIN editions e ON e.id = p.edition_id LEFT JOIN delegations d ON d.id = p.delegation_id`

func scanProposition(sc store.Scanner) (Proposition, error) {
	var p Proposition
	err := sc.Scan(&p.ID, &p.EditionID, &p.DelegationID, &p.Delegation, &p.Language, &p.Text, &p.Status, &p.MergedInto, &p.CreatedAt, &p.UpdatedAt)
	if err == sql.ErrNoRows {
		return p, errs.ErrNotFound
	}
	p.Translations, p.Concepts, p.Sources = []dialogue.Translation{}, []string{}, []int64{}
	return p, err
}

// Proposition returns one proposition the viewer may read.
func (s *Service) Proposition(ctx context.Context, v Viewer, id int64) (Proposition, error) {
	cond, args := visibility.Of(v).Where(propositionColumns, store.Now())
	p, err := scanProposition(s.DB.Reader().QueryRow(ctx, propositionSelect+" WHERE p.id = ? AND "+cond, append([]any{id}, args...)...))
	if err != nil {
		return p, err
	}
	list := []Proposition{p}
	if err := s.attach(ctx, v, list); err != nil {
		return p, err
	}
	return list[0], nil
}

// PropositionFilter narrows a list of an edition's propositions.
type PropositionFilter struct {
	EditionID int64
	Statuses  []string // none: every status the reader may see
	After     int64    // the last id of the page before
	Limit     int      // 0: all
}

// Propositions lists an edition's propositions the viewer may read, in
// the order they were put forward, paged in the database.
func (s *Service) Propositions(ctx context.Context, v Viewer, f PropositionFilter) ([]Proposition, error) {
	if _, err := s.Dialogue.Edition(ctx, v, f.EditionID); err != nil {
		return nil, err
	}
	list, err := s.propositions(ctx, v, f)
	if err != nil {
		return nil, err
	}
	return list, s.attach(ctx, v, list)
}

func (s *Service) propositions(ctx context.Context, v Viewer, f PropositionFilter) ([]Proposition, error) {
	cond, args := visibility.Of(v).Where(propositionColumns, store.Now())
	q := propositionSelect + " WHERE p.edition_id = ? AND p.id > ? AND " + cond
	args = append([]any{f.EditionID, f.After}, args...)
	if len(f.Statuses) > 0 {
		q += " AND p.status IN (" + placeholders(len(f.Statuses)) + ")"
		for _, st := range f.Statuses {
			args = append(args, st)
		}
	}
	q += " ORDER BY p.id"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	return store.QueryAll(ctx, s.DB.Reader(), scanProposition, q, args...)
}

// attach reads the translations, tags and sources of a page of
// propositions in three queries.
func (s *Service) attach(ctx context.Context, v Viewer, list []Proposition) error {
	if len(list) == 0 {
		return nil
	}
	at := map[int64]*Proposition{}
	ids := make([]any, len(list))
	for i := range list {
		at[list[i].ID] = &list[i]
		ids[i] = list[i].ID
	}
	in := " IN (" + placeholders(len(ids)) + ")"
	q := s.DB.Reader()
	rows, err := q.Query(ctx, "SELECT proposition_id, language, body, origin, review, engine FROM proposition_translations WHERE proposition_id"+in+" ORDER BY language", ids...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var t dialogue.Translation
		if err := rows.Scan(&id, &t.Language, &t.Body, &t.Origin, &t.Review, &t.Engine); err != nil {
			rows.Close()
			return err
		}
		at[id].Translations = append(at[id].Translations, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.Query(ctx, "SELECT proposition_id, concept_id FROM proposition_concepts WHERE origin <> 'removed' AND proposition_id"+in+" ORDER BY concept_id", ids...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var c string
		if err := rows.Scan(&id, &c); err != nil {
			rows.Close()
			return err
		}
		at[id].Concepts = append(at[id].Concepts, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	type source struct{ p, st int64 }
	srcs, err := store.QueryAll(ctx, q, func(sc store.Scanner) (source, error) {
		var x source
		return x, sc.Scan(&x.p, &x.st)
	}, "SELECT proposition_id, statement_id FROM proposition_sources WHERE proposition_id"+in+" ORDER BY statement_id", ids...)
	if err != nil {
		return err
	}
	cited := make([]int64, len(srcs))
	for i, x := range srcs {
		cited[i] = x.st
	}
	// A source the reader may not read is left out, not named.
	readable, err := s.Dialogue.Readable(ctx, v, cited)
	if err != nil {
		return err
	}
	for _, x := range srcs {
		if readable[x.st] {
			at[x.p].Sources = append(at[x.p].Sources, x.st)
		}
	}
	return nil
}

func placeholders(n int) string {
	b := make([]byte, 0, 2*n)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '?')
	}
	return string(b)
}
