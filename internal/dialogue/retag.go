package dialogue

import (
	"context"
	"slices"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// RetagAll brings every statement's automatic tags up to date with the
// thesaurus as the tagger now reads it, after the secretariat has edited
// it: a new alternative label tags the statements that use it, a removed
// one untags them. Corrections made by hand (added or removed tags) stay,
// but a tag added by hand to a concept no longer in the thesaurus goes.
// Only statements whose tags change are written, audited and queued for
// the search index; it returns how many.
func (s *Service) RetagAll(ctx context.Context, v Viewer) (int, error) {
	if !isSecretariat(v) {
		return 0, errs.ErrForbidden
	}
	if s.Tagger == nil {
		return 0, nil
	}
	sts, err := s.taggable(ctx)
	if err != nil {
		return 0, err
	}
	tags, err := s.conceptRows(ctx)
	if err != nil {
		return 0, err
	}
	known := s.knownConcept()
	var changed []Statement
	dropped := map[int64][]string{}
	var events []audit.Event
	for _, st := range sts {
		have := tags[st.ID]
		var want []string
		for _, c := range s.Tagger.Tag(st.Language, st.Title+"\n"+st.Body) {
			if _, byHand := have.byHand[c]; !byHand && !slices.Contains(want, c) {
				want = append(want, c)
			}
		}
		// A tag added by hand to a concept since deleted goes too.
		var gone []string
		for c, origin := range have.byHand {
			if origin == "added" && known != nil && !known(c) {
				gone = append(gone, c)
			}
		}
		slices.Sort(gone)
		slices.Sort(want)
		slices.Sort(have.auto)
		if slices.Equal(want, have.auto) && len(gone) == 0 {
			continue
		}
		changed = append(changed, st)
		change := map[string][]string{"before": have.auto, "after": want}
		if len(gone) > 0 {
			dropped[st.ID] = gone
			change["dropped"] = gone
		}
		events = append(events, audit.Event{Actor: account.ActorOf(v), Action: "statement.retag", EntityType: "statement", EntityID: itoa(st.ID),
			Change: change})
	}
	if len(changed) == 0 {
		return 0, nil
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		for _, st := range changed {
			if err := s.retag(ctx, tx, st); err != nil {
				return err
			}
			for _, c := range dropped[st.ID] {
				if _, err := tx.Exec(ctx, "DELETE FROM statement_concepts WHERE statement_id = ? AND concept_id = ?", st.ID, c); err != nil {
					return err
				}
			}
			if err := reindexStatement(ctx, tx, st.ID); err != nil {
				return err
			}
		}
		return audit.RecordAll(ctx, tx, events)
	})
	if err != nil {
		return 0, err
	}
	return len(changed), nil
}

// taggable reads what tagging reads of every statement.
func (s *Service) taggable(ctx context.Context) ([]Statement, error) {
	return store.QueryAll(ctx, s.DB.Reader(), func(rows store.Scanner) (Statement, error) {
		var st Statement
		err := rows.Scan(&st.ID, &st.Language, &st.Title, &st.Body)
		return st, err
	}, "SELECT id, language, title, body FROM statements ORDER BY id")
}

// statementTags are a statement's tags by origin: automatic (sorted), and
// corrected by hand (added or removed).
type statementTags struct {
	auto   []string
	byHand map[string]string
}

func (s *Service) conceptRows(ctx context.Context) (map[int64]statementTags, error) {
	rows, err := s.DB.Reader().Query(ctx, "SELECT statement_id, concept_id, origin FROM statement_concepts ORDER BY statement_id, concept_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]statementTags{}
	for rows.Next() {
		var id int64
		var c, origin string
		if err := rows.Scan(&id, &c, &origin); err != nil {
			return nil, err
		}
		t := out[id]
		if origin == "auto" {
			t.auto = append(t.auto, c)
		} else {
			if t.byHand == nil {
				t.byHand = map[string]string{}
			}
			t.byHand[c] = origin
		}
		out[id] = t
	}
	return out, rows.Err()
}
