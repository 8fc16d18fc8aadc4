package commitment

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Paging limits of List.
const (
	defaultLimit = 50
	maxLimit     = 500
)

var errDue = errs.Field("due", "invalid_due", "commitment.error.due")

// where is the SQL condition, over commitments aliased c, of the
// commitments v reads that f selects, with its arguments.
func (s *Service) where(ctx context.Context, v Viewer, f Filter) (string, []any, error) {
	pub, err := s.publishedEditions(ctx)
	if err != nil {
		return "", nil, err
	}
	today, err := filterToday(f)
	if err != nil {
		return "", nil, err
	}
	// A commitment has no embargo, so the time the rule compares embargoes
	// with changes nothing: the day keeps the condition's arguments the
	// same from one call to the next (the summaries are cached by them).
	published := publishedSQL(pub)
	if s.DB.Dialect() == store.SQLite {
		published = sqlitePublishedSQL(pub)
	}
	rule, args := visibility.Of(v).Where(visibility.Columns{Level: "c.level", Owner: "CAST(NULL AS TEXT)", Embargo: "CAST(NULL AS TIMESTAMP)", Published: published}, today)
	conds := []string{rule}
	// A country, a status: the ids of the owners that have it, through
	// commitment_owners_country or commitment_owners_status, a few
	// hundred commitments looked up by id rather than all tested.
	if f.Country != "" {
		conds = append(conds, "c.id IN (SELECT fo.commitment_id FROM commitment_owners fo WHERE fo.country = ?)")
		args = append(args, strings.ToUpper(f.Country))
	}
	if f.Concept != "" {
		conds = append(conds, "c.id IN (SELECT commitment_id FROM commitment_concepts WHERE concept_id = ?)")
		args = append(args, f.Concept)
	}
	if f.Target != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM commitment_targets ft WHERE ft.commitment_id = c.id AND ft.target = ?)")
		args = append(args, f.Target)
	}
	if f.EditionID != 0 {
		conds = append(conds, "c.edition_id = ?")
		args = append(args, f.EditionID)
	}
	if f.Status != "" {
		if f.Status != NoReport && !ValidStatus(f.Status) {
			return "", nil, errStatus
		}
		// The status of any owner; of the filtered country alone when
		// the list is one country's.
		cond := "c.id IN (SELECT so.commitment_id FROM commitment_owners so WHERE so.latest_status IS NULL"
		if f.Status != NoReport {
			cond = "c.id IN (SELECT so.commitment_id FROM commitment_owners so WHERE so.latest_status = ?"
			args = append(args, string(f.Status))
		}
		if f.Country != "" {
			cond += " AND so.country = ?"
			args = append(args, strings.ToUpper(f.Country))
		}
		conds = append(conds, cond+")")
	}
	switch f.Due {
	case "":
	case DueOverdue:
		conds = append(conds, overdueSQL)
		args = append(args, today.Format(time.DateOnly))
	case DueSoon:
		conds = append(conds, "c.due_on >= ? AND c.due_on <= ?")
		args = append(args, today.Format(time.DateOnly), today.AddDate(0, 0, 90).Format(time.DateOnly))
	default:
		return "", nil, errDue
	}
	return strings.Join(conds, " AND "), args, nil
}

// sqlitePublishedSQL is publishedSQL's rule written so that SQLite
// answers it with no index. The tracker reads most commitments, and
// SQLite's planner, having no statistics, takes "c.edition_id IS NULL"
// for a few rows of commitments_edition and looks every commitment up by
// its rowid from there: some 20 ms of a summary over 5,000 commitments,
// where a plain scan takes one. PostgreSQL keeps publishedSQL: it knows
// from its statistics how many commitments have no edition, and given an
// expression instead it guesses a few rows and sorts and loops where it
// would hash. Edition ids start at 1, so 0 stands for none.
func sqlitePublishedSQL(pub map[int64]bool) string {
	ids := make([]int64, 0, len(pub))
	for id := range pub {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var b strings.Builder
	b.WriteString("(COALESCE(c.edition_id, 0) IN (0")
	for _, id := range ids {
		b.WriteString(", " + itoa(id))
	}
	b.WriteString("))")
	return b.String()
}

// overdueSQL: due before the day bound, and some owner has not reported
// it achieved in its latest published report.
const overdueSQL = `c.due_on < ? AND EXISTS (SELECT 1 FROM commitment_owners ow WHERE ow.commitment_id = c.id
	AND (ow.latest_status IS NULL OR ow.latest_status <> 'achieved'))`

func filterToday(f Filter) (time.Time, error) {
	if f.Today == "" {
		return time.Now().UTC().Truncate(24 * time.Hour), nil
	}
	t, err := time.Parse(time.DateOnly, f.Today)
	if err != nil {
		return t, errDate("today")
	}
	return t, nil
}

// List pages the commitments v may read that f selects, soonest due
// first, in the database.
func (s *Service) List(ctx context.Context, v Viewer, f Filter) (Page, error) {
	if f.Limit <= 0 {
		f.Limit = defaultLimit
	}
	f.Limit = min(f.Limit, maxLimit)
	f.Offset = max(f.Offset, 0)
	where, args, err := s.where(ctx, v, f)
	if err != nil {
		return Page{}, err
	}
	return cached(ctx, s, cacheKey("page", where, append(args[:len(args):len(args)], f.Limit, f.Offset)...), clonePage, func() (Page, error) {
		return s.page(ctx, where, args, f)
	})
}

// page reads one page of the commitments where selects.
func (s *Service) page(ctx context.Context, where string, args []any, f Filter) (Page, error) {
	var err error
	q := s.DB.Reader()
	p := Page{Limit: f.Limit, Offset: f.Offset}
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM commitments c WHERE "+where, args...).Scan(&p.Total); err != nil {
		return Page{}, err
	}
	p.Items, err = store.QueryAll(ctx, q, scanCommitment, "SELECT "+commitmentColumns+" FROM commitments c WHERE "+where+
		" ORDER BY c.due_on, c.id LIMIT ? OFFSET ?", append(args, f.Limit, f.Offset)...)
	if err != nil {
		return Page{}, err
	}
	if p.Items == nil {
		p.Items = []Commitment{}
	}
	return p, attach(ctx, q, p.Items)
}

// Each calls fn for every commitment v may read that f selects (Limit and
// Offset ignored), in the order of List, for exports: a batch of 500 at a
// time, so an export of thousands holds no more in memory.
func (s *Service) Each(ctx context.Context, v Viewer, f Filter, fn func(Commitment) error) error {
	where, args, err := s.where(ctx, v, f)
	if err != nil {
		return err
	}
	q := s.DB.Reader()
	after, afterID := "", int64(0)
	for {
		batch, err := store.QueryAll(ctx, q, scanCommitment, "SELECT "+commitmentColumns+" FROM commitments c WHERE "+where+
			" AND (c.due_on > ? OR (c.due_on = ? AND c.id > ?)) ORDER BY c.due_on, c.id LIMIT 500", append(args[:len(args):len(args)], after, after, afterID)...)
		if err != nil {
			return err
		}
		if err := attach(ctx, q, batch); err != nil {
			return err
		}
		for _, c := range batch {
			if err := fn(c); err != nil {
				return err
			}
		}
		if len(batch) < 500 {
			return nil
		}
		after, afterID = batch[len(batch)-1].DueOn, batch[len(batch)-1].ID
	}
}

// Summary counts the commitments v may read that f selects (Limit and
// Offset ignored), each count a GROUP BY in the database.
func (s *Service) Summary(ctx context.Context, v Viewer, f Filter) (Summary, error) {
	where, args, err := s.where(ctx, v, f)
	if err != nil {
		return Summary{}, err
	}
	today, _ := filterToday(f)
	return cached(ctx, s, cacheKey("summary", where, append(args[:len(args):len(args)], today)...), cloneSummary, func() (Summary, error) {
		return s.summary(ctx, where, args, today)
	})
}

// summary computes a Summary of the commitments where selects.
func (s *Service) summary(ctx context.Context, where string, args []any, today time.Time) (Summary, error) {
	var err error
	q := s.DB.Reader()
	out := Summary{ByStatus: map[Status]int{}, ByCountry: []CountryCount{}, ByConcept: []KeyCount{}, ByDueYear: []KeyCount{}}
	if err := q.QueryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN "+overdueSQL+" THEN 1 ELSE 0 END), 0) FROM commitments c WHERE "+where,
		append([]any{today.Format(time.DateOnly)}, args...)...).Scan(&out.Commitments, &out.Overdue); err != nil {
		return Summary{}, err
	}
	byCountry := map[string]int{}
	err = scanEach(ctx, q, `SELECT x.country, x.status, COUNT(*) FROM (
		SELECT o.country AS country, COALESCE(o.latest_status, 'none') AS status
		FROM commitment_owners o JOIN commitments c ON c.id = o.commitment_id WHERE `+where+`) x
		GROUP BY x.country, x.status ORDER BY x.country, x.status`, func(sc store.Scanner) error {
		var country string
		var st Status
		var n int
		if err := sc.Scan(&country, &st, &n); err != nil {
			return err
		}
		i, ok := byCountry[country]
		if !ok {
			i = len(out.ByCountry)
			byCountry[country] = i
			out.ByCountry = append(out.ByCountry, CountryCount{Country: country, ByStatus: map[Status]int{}})
		}
		out.ByCountry[i].Commitments += n
		out.ByCountry[i].ByStatus[st] += n
		out.ByStatus[st] += n
		out.Owners += n
		return nil
	}, args...)
	if err != nil {
		return Summary{}, err
	}
	keyCounts := func(query string) ([]KeyCount, error) {
		list, err := store.QueryAll(ctx, q, func(sc store.Scanner) (KeyCount, error) {
			var k KeyCount
			var key sql.NullString
			err := sc.Scan(&key, &k.Count)
			k.Key = key.String
			return k, err
		}, query, args...)
		if list == nil {
			list = []KeyCount{}
		}
		return list, err
	}
	if out.ByConcept, err = keyCounts(`SELECT cc.concept_id, COUNT(*) FROM commitment_concepts cc JOIN commitments c ON c.id = cc.commitment_id
		WHERE ` + where + " GROUP BY cc.concept_id ORDER BY COUNT(*) DESC, cc.concept_id"); err != nil {
		return Summary{}, err
	}
	if out.ByDueYear, err = keyCounts("SELECT SUBSTR(c.due_on, 1, 4), COUNT(*) FROM commitments c WHERE " + where +
		" GROUP BY SUBSTR(c.due_on, 1, 4) ORDER BY SUBSTR(c.due_on, 1, 4)"); err != nil {
		return Summary{}, err
	}
	return out, nil
}
