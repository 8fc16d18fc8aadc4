package dialogue

import (
	"context"
	"sort"

	"roundtable/internal/store"
)

// statements loads the statements matching where, keeps those v may read,
// and attaches translations and effective concepts.
func (s *Service) statements(ctx context.Context, v Viewer, where string, args ...any) ([]Statement, error) {
	q := s.DB.Reader()
	rows, err := q.Query(ctx, "SELECT "+statementColumns+" FROM statements WHERE "+where+" ORDER BY delivered_on, id", args...)
	if err != nil {
		return nil, err
	}
	var all []Statement
	for rows.Next() {
		st, err := scanStatement(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		all = append(all, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	editions := map[int64]Edition{}
	delegations := map[int64]Delegation{}
	now := store.Now()
	out := []Statement{}
	for _, st := range all {
		e, ok := editions[st.EditionID]
		if !ok {
			if e, err = scanEdition(q.QueryRow(ctx, "SELECT "+editionColumns+" FROM editions WHERE id = ?", st.EditionID)); err != nil {
				return nil, err
			}
			editions[st.EditionID] = e
		}
		d, ok := delegations[st.DelegationID]
		if !ok {
			if d, err = scanDelegation(q.QueryRow(ctx, "SELECT "+delegationColumns+" FROM delegations WHERE id = ?", st.DelegationID)); err != nil {
				return nil, err
			}
			delegations[st.DelegationID] = d
		}
		if canSee(v, st, e, d, now) {
			out = append(out, st)
		}
	}
	return out, s.attach(ctx, q, out)
}

// attach fills in translations and the effective concepts: automatic and
// added tags, less those removed by hand.
func (s *Service) attach(ctx context.Context, q store.Querier, list []Statement) error {
	if len(list) == 0 {
		return nil
	}
	idx := map[int64]int{}
	args := make([]any, len(list))
	for i, st := range list {
		idx[st.ID] = i
		args[i] = st.ID
	}
	in := "(" + placeholders(len(list)) + ")"
	rows, err := q.Query(ctx, "SELECT statement_id, language, body, origin, review FROM statement_translations WHERE statement_id IN "+in+" ORDER BY language", args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var t Translation
		if err := rows.Scan(&id, &t.Language, &t.Body, &t.Origin, &t.Review); err != nil {
			rows.Close()
			return err
		}
		list[idx[id]].Translations = append(list[idx[id]].Translations, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.Query(ctx, "SELECT statement_id, concept_id FROM statement_concepts WHERE origin <> 'removed' AND statement_id IN "+in, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c string
		if err := rows.Scan(&id, &c); err != nil {
			return err
		}
		list[idx[id]].Concepts = append(list[idx[id]].Concepts, c)
	}
	for i := range list {
		sort.Strings(list[i].Concepts)
	}
	return rows.Err()
}
