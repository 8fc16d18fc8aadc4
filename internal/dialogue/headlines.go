package dialogue

import (
	"context"
	"strings"

	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Headline is what a list of results shows of a statement beside its
// text: who delivered it, in which session, on which day.
type Headline struct {
	ID, DelegationID, SessionID int64
	DeliveredOn                 string
	DelegationNames             Texts
	SessionTitles               Texts // empty when it has no session
}

// Headlines reads the headlines of the statements ids that v may read, in
// one query whatever their number (a page of search hits); the others are
// left out.
func (s *Service) Headlines(ctx context.Context, v Viewer, ids []int64) (map[int64]Headline, error) {
	out := map[int64]Headline{}
	if len(ids) == 0 {
		return out, nil
	}
	where, args := visibleWhere(visibility.Of(v), store.Now())
	marks := make([]string, len(ids))
	for i, id := range ids {
		marks[i] = "?"
		args = append(args, id)
	}
	rows, err := store.QueryAll(ctx, s.DB.Reader(), func(sc store.Scanner) (Headline, error) {
		var h Headline
		var dn, st string
		if err := sc.Scan(&h.ID, &h.DelegationID, &h.SessionID, &h.DeliveredOn, &dn, &st); err != nil {
			return h, err
		}
		var err error
		if h.DelegationNames, err = parseTexts(dn); err != nil {
			return h, err
		}
		if st != "" {
			h.SessionTitles, err = parseTexts(st)
		}
		return h, err
	}, "SELECT s.id, s.delegation_id, COALESCE(s.session_id, 0), s.delivered_on, d.names, COALESCE(x.titles, '')"+statementFrom+
		" LEFT JOIN sessions x ON x.id = s.session_id WHERE "+strings.Join(where, " AND ")+" AND s.id IN ("+strings.Join(marks, ", ")+")", args...)
	if err != nil {
		return nil, err
	}
	for _, h := range rows {
		out[h.ID] = h
	}
	return out, nil
}
