package dialogue

import (
	"context"
	"strings"
	"time"

	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// The lists the home page shows a person: the newest public statements,
// the drafts they may finish, the statements still lacking translations,
// today's sessions. Each is read in a fixed number of queries, whatever
// the number of editions.

// Listed is a statement as a list shows it, with the names of its
// delegation, session (none when it has none) and edition.
type Listed struct {
	Statement
	DelegationNames Texts
	SessionTitles   Texts
	EditionTitles   Texts
}

// LatestListed is LatestPublic with the names a list shows.
func (s *Service) LatestListed(ctx context.Context, n int) ([]Listed, error) {
	sts, err := s.LatestPublic(ctx, 0, n)
	if err != nil {
		return nil, err
	}
	return s.listed(ctx, s.DB.Reader(), sts)
}

// Drafts returns the n most recently changed drafts the viewer may read,
// newest first: a delegation's members read their own, the secretariat
// everyone's; anyone else reads none.
func (s *Service) Drafts(ctx context.Context, v Viewer, n int) ([]Listed, error) {
	q := s.DB.Reader()
	where, args := visibleWhere(visibility.Of(v), store.Now())
	sts, err := store.QueryAll(ctx, q, scanStatement, "SELECT "+statementColumnsS+statementFrom+
		" WHERE "+strings.Join(where, " AND ")+" AND s.visibility = ? ORDER BY s.updated_at DESC, s.id DESC LIMIT ?",
		append(args, Draft, n)...)
	if err != nil {
		return nil, err
	}
	return s.listed(ctx, q, sts)
}

// listed names the delegations, sessions and editions of statements the
// caller has already read (so their names are the reader's to see): three
// queries, whatever the number of statements.
func (s *Service) listed(ctx context.Context, q store.Querier, sts []Statement) ([]Listed, error) {
	out := make([]Listed, len(sts))
	if len(sts) == 0 {
		return out, nil
	}
	var dels, sess, eds []int64
	for _, st := range sts {
		dels = append(dels, st.DelegationID)
		eds = append(eds, st.EditionID)
		if st.SessionID != 0 {
			sess = append(sess, st.SessionID)
		}
	}
	dn, err := textsByID(ctx, q, "delegations", "names", dels)
	if err != nil {
		return nil, err
	}
	sn, err := textsByID(ctx, q, "sessions", "titles", sess)
	if err != nil {
		return nil, err
	}
	en, err := textsByID(ctx, q, "editions", "titles", eds)
	if err != nil {
		return nil, err
	}
	for i, st := range sts {
		out[i] = Listed{Statement: st, DelegationNames: dn[st.DelegationID], SessionTitles: sn[st.SessionID], EditionTitles: en[st.EditionID]}
	}
	return out, nil
}

// textsByID reads the multilingual column of the rows of table with the
// given ids (table and column are constants of this file, never input).
func textsByID(ctx context.Context, q store.Querier, table, column string, ids []int64) (map[int64]Texts, error) {
	out := map[int64]Texts{}
	seen := map[int64]bool{}
	var args []any
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			args = append(args, id)
		}
	}
	if len(args) == 0 {
		return out, nil
	}
	type row struct {
		id    int64
		texts Texts
	}
	rows, err := store.QueryAll(ctx, q, func(sc store.Scanner) (row, error) {
		var r row
		var raw string
		if err := sc.Scan(&r.id, &raw); err != nil {
			return r, err
		}
		t, err := parseTexts(raw)
		r.texts = t
		return r, err
	}, "SELECT id, "+column+" FROM "+table+" WHERE id IN ("+placeholders(len(args))+")", args...)
	for _, r := range rows {
		out[r.id] = r.texts
	}
	return out, err
}

// EditionCount is a number of statements in one edition.
type EditionCount struct {
	EditionID int64
	Titles    Texts
	Count     int
}

// Untranslated counts, per edition not yet closed, the filed statements
// (drafts are not counted) the viewer may read that lack a translation
// by a person into one of their edition's working languages other than
// their own, in one query (a machine version is not authoritative: it
// still awaits one). An edition whose statements are all translated is
// left out.
func (s *Service) Untranslated(ctx context.Context, v Viewer) ([]EditionCount, error) {
	where, args := visibleWhere(visibility.Of(v), store.Now())
	// The working languages are stored comma-separated; ",en,es," holds
	// ",es," exactly when es is one of them, in either engine.
	in := func(lang string) string { return "',' || e.languages || ',' LIKE '%,' || " + lang + " || ',%'" }
	query := `SELECT s.edition_id, e.titles, COUNT(*)` + statementFrom + ` WHERE ` + strings.Join(where, " AND ") +
		` AND s.visibility <> ? AND e.status <> ?
		AND (SELECT COUNT(*) FROM statement_translations t WHERE t.statement_id = s.id AND t.origin = 'human' AND t.language <> s.language AND ` + in("t.language") + `)
		  < LENGTH(e.languages) - LENGTH(REPLACE(e.languages, ',', '')) + 1 - CASE WHEN ` + in("s.language") + ` THEN 1 ELSE 0 END
		GROUP BY s.edition_id, e.titles, e.starts_on ORDER BY e.starts_on DESC, s.edition_id DESC`
	return store.QueryAll(ctx, s.DB.Reader(), func(sc store.Scanner) (EditionCount, error) {
		var c EditionCount
		var titles string
		if err := sc.Scan(&c.EditionID, &titles, &c.Count); err != nil {
			return c, err
		}
		t, err := parseTexts(titles)
		c.Titles = t
		return c, err
	}, query, append(args, Draft, Closed)...)
}

// SessionsAround returns the sessions of the given editions that start
// between from and to, in time order: one query for a day's programme
// across every edition running on it. The caller passes editions the
// viewer may see (as Editions returns them).
func (s *Service) SessionsAround(ctx context.Context, editions []int64, from, to time.Time) ([]Session, error) {
	if len(editions) == 0 {
		return nil, nil
	}
	args := []any{from, to}
	for _, id := range editions {
		args = append(args, id)
	}
	return store.QueryAll(ctx, s.DB.Reader(), scanSession, "SELECT "+sessionColumns+
		" FROM sessions WHERE starts_at >= ? AND starts_at < ? AND edition_id IN ("+placeholders(len(editions))+") ORDER BY starts_at, position, id", args...)
}
