package dialogue

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Page sizes of statement lists. A page is read in one query whose cost
// depends on the page, not on the record: the reader's visibility is a
// condition of the query (visibility.Reader.Where) and the next page
// starts after a cursor, on an index in delivery order.
const (
	DefaultPage = 50
	MaxPage     = 100
	// chunk is how many statements an export reads at a time.
	chunk = 500
)

// Cursor is a place in a list of statements in delivery order: the
// statement to start after.
type Cursor struct {
	DeliveredOn string
	ID          int64
}

// String is the cursor as an API or a page link carries it.
func (c Cursor) String() string { return c.DeliveredOn + "~" + strconv.FormatInt(c.ID, 10) }

// ParseCursor reads a cursor written by String.
func ParseCursor(s string) (Cursor, error) {
	bad := errs.Field("after", "invalid_cursor", "error.invalid_cursor")
	date, id, ok := strings.Cut(s, "~")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || n < 1 || (date != "" && checkDate("after", date, true) != nil) {
		return Cursor{}, bad
	}
	return Cursor{DeliveredOn: date, ID: n}, nil
}

// StatementFilter narrows a list of statements and asks for one page of it.
type StatementFilter struct {
	EditionID, SessionID, DelegationID int64
	// Limit is the page size, 1 to MaxPage (0: DefaultPage).
	Limit int
	// After starts the page after this statement (nil: the first page).
	After *Cursor
}

// StatementPage is one page of a list, with where the next one starts
// (nil on the last page).
type StatementPage struct {
	Items []Statement
	Next  *Cursor
}

// statementFrom reads statements with what the visibility rule needs of
// their edition and delegation.
const statementFrom = ` FROM statements s JOIN editions e ON e.id = s.edition_id JOIN delegations d ON d.id = s.delegation_id`

const statementColumnsS = "s.id, s.edition_id, COALESCE(s.session_id, 0), s.delegation_id, s.speaker, s.on_behalf_of, s.language, s.title, s.body, s.delivered_on, s.source, s.embargo_until, s.visibility, s.created_at, s.updated_at"

// statementVisibility is where the rule finds a statement's level, owner,
// embargo and edition in statementFrom.
var statementVisibility = visibility.Columns{
	Level:     "s.visibility",
	Owner:     "CASE WHEN d.kind = 'country' THEN d.code END",
	Embargo:   "s.embargo_until",
	Published: "e.published",
}

// visibleWhere starts a query's conditions with what r may read at now.
func visibleWhere(r visibility.Reader, now time.Time) ([]string, []any) {
	cond, args := r.Where(statementVisibility, now)
	return []string{cond}, args
}

// Statements lists one page of what the viewer may read, in delivery order.
func (s *Service) Statements(ctx context.Context, v Viewer, f StatementFilter) (StatementPage, error) {
	limit := f.Limit
	if limit == 0 {
		limit = DefaultPage
	}
	if limit < 1 || limit > MaxPage {
		return StatementPage{}, errs.Field("limit", "bad_pagination", "error.bad_pagination", "max", MaxPage)
	}
	q := s.DB.Reader()
	list, err := s.statementPage(ctx, q, visibility.Of(v), f, limit+1)
	if err != nil {
		return StatementPage{}, err
	}
	var p StatementPage
	if len(list) > limit {
		list = list[:limit]
		last := list[limit-1]
		p.Next = &Cursor{DeliveredOn: last.DeliveredOn, ID: last.ID}
	}
	p.Items = list
	return p, s.attach(ctx, q, p.Items)
}

// EachStatement calls fn with every statement of the list the viewer may
// read, in delivery order, reading a chunk at a time so that an export of
// a large edition streams with flat memory.
func (s *Service) EachStatement(ctx context.Context, v Viewer, f StatementFilter, fn func(Statement) error) error {
	q, r := s.DB.Reader(), visibility.Of(v)
	f.After = nil
	for {
		list, err := s.statementPage(ctx, q, r, f, chunk)
		if err != nil {
			return err
		}
		if err := s.attach(ctx, q, list); err != nil {
			return err
		}
		for _, st := range list {
			if err := fn(st); err != nil {
				return err
			}
		}
		if len(list) < chunk {
			return nil
		}
		last := list[len(list)-1]
		f.After = &Cursor{DeliveredOn: last.DeliveredOn, ID: last.ID}
	}
}

// statementPage reads up to n statements of f after f.After that r may read.
// After a cursor it reads in two steps, each a seek on the list's index:
// the rest of the cursor's day (same delivered_on, greater id), then the
// days after it. One condition for both, (delivered_on, id) > (?, ?) or
// its OR form, lets SQLite seek on the day only and then read every
// statement of that day again for each page: an export of an edition whose
// statements share a few days grew with the square of its size.
func (s *Service) statementPage(ctx context.Context, q store.Querier, r visibility.Reader, f StatementFilter, n int) ([]Statement, error) {
	where, args := visibleWhere(r, store.Now())
	for _, c := range []struct {
		col string
		val int64
	}{{"s.edition_id", f.EditionID}, {"s.session_id", f.SessionID}, {"s.delegation_id", f.DelegationID}} {
		if c.val != 0 {
			where = append(where, c.col+" = ?")
			args = append(args, c.val)
		}
	}
	read := func(cond string, condArgs []any, n int) ([]Statement, error) {
		w, a := where, args
		if cond != "" {
			w = append(w[:len(w):len(w)], cond)
			a = append(a[:len(a):len(a)], condArgs...)
		}
		return store.QueryAll(ctx, q, scanStatement, "SELECT "+statementColumnsS+statementFrom+
			" WHERE "+strings.Join(w, " AND ")+" ORDER BY s.delivered_on, s.id LIMIT ?", append(a, n)...)
	}
	if f.After == nil {
		return read("", nil, n)
	}
	list, err := read("s.delivered_on = ? AND s.id > ?", []any{f.After.DeliveredOn, f.After.ID}, n)
	if err != nil || len(list) == n {
		return list, err
	}
	more, err := read("s.delivered_on > ?", []any{f.After.DeliveredOn}, n-len(list))
	return append(list, more...), err
}

// Statement returns a statement the viewer may read, with its translations
// and concepts; one they may not read is not found.
func (s *Service) Statement(ctx context.Context, v Viewer, id int64) (Statement, error) {
	q := s.DB.Reader()
	where, args := visibleWhere(visibility.Of(v), store.Now())
	st, err := scanStatement(q.QueryRow(ctx, "SELECT "+statementColumnsS+statementFrom+
		" WHERE "+strings.Join(where, " AND ")+" AND s.id = ?", append(args, id)...))
	if err != nil {
		return st, err
	}
	list := []Statement{st}
	return list[0], s.attach(ctx, q, list)
}

// LatestPublic returns the n statements that everyone may read whose
// publication is newest (the later of their last change and the end of
// their embargo), newest first, in one edition (0: all). The two orders are
// read from their own indexes and merged: the n newest by the later of two
// times are among the n newest by each.
func (s *Service) LatestPublic(ctx context.Context, editionID int64, n int) ([]Statement, error) {
	q := s.DB.Reader()
	now := store.Now()
	seen := map[int64]bool{}
	var all []Statement
	for _, order := range []string{"s.updated_at", "s.embargo_until"} {
		where, args := visibleWhere(visibility.Anyone(), now)
		where = append(where, order+" IS NOT NULL")
		if editionID != 0 {
			where = append(where, "s.edition_id = ?")
			args = append(args, editionID)
		}
		list, err := store.QueryAll(ctx, q, scanStatement, "SELECT "+statementColumnsS+statementFrom+
			" WHERE "+strings.Join(where, " AND ")+" ORDER BY "+order+" DESC, s.id DESC LIMIT ?", append(args, n)...)
		if err != nil {
			return nil, err
		}
		for _, st := range list {
			if !seen[st.ID] {
				seen[st.ID] = true
				all = append(all, st)
			}
		}
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i].PublishedAt(), all[j].PublishedAt()
		if !a.Equal(b) {
			return a.After(b)
		}
		return all[i].ID > all[j].ID
	})
	if len(all) > n {
		all = all[:n]
	}
	return all, s.attach(ctx, q, all)
}

// PublishedAt is when the public could first read the statement as it is:
// its last change, or the end of its embargo if that came later (the feed's
// entry time and its order).
func (st Statement) PublishedAt() time.Time {
	if st.EmbargoUntil != nil && st.EmbargoUntil.After(st.UpdatedAt) {
		return *st.EmbargoUntil
	}
	return st.UpdatedAt
}

// attach fills in translations and the effective concepts: automatic and
// added tags, less those removed by hand and those of concepts the
// thesaurus no longer holds. Lists are pages (at most a chunk
// of statements), so the IN lists stay far below either engine's limit on
// bound parameters.
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
	rows, err := q.Query(ctx, "SELECT statement_id, language, body, origin, review, engine FROM statement_translations WHERE statement_id IN "+in+" ORDER BY language", args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var t Translation
		if err := rows.Scan(&id, &t.Language, &t.Body, &t.Origin, &t.Review, &t.Engine); err != nil {
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
	// A tag of a concept since deleted from the thesaurus is not read: no
	// page, feed, export or search document names a concept that is gone.
	known := s.knownConcept()
	for rows.Next() {
		var id int64
		var c string
		if err := rows.Scan(&id, &c); err != nil {
			return err
		}
		if known == nil || known(c) {
			list[idx[id]].Concepts = append(list[idx[id]].Concepts, c)
		}
	}
	for i := range list {
		sort.Strings(list[i].Concepts)
	}
	return rows.Err()
}
