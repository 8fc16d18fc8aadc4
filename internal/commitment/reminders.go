package commitment

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Reminder kinds: a report coming due within DueWindow, or one whose due
// date has passed.
const (
	ReminderDue     = "due"
	ReminderOverdue = "overdue"
)

// DueWindow is how far ahead a report coming due is announced.
const DueWindow = 30 * 24 * time.Hour

// Reminder is a progress report an owner state owes on a commitment.
type Reminder struct {
	CommitmentID int64  `json:"commitment_id"`
	Title        string `json:"title"`
	Country      string `json:"country"`
	DueOn        string `json:"due_on"` // YYYY-MM-DD
	Kind         string `json:"kind"`   // due, overdue
	// Days is the days from today to DueOn: negative once overdue.
	Days int `json:"days"`
	// Missed counts the periods whose report is missing, DueOn's
	// included (overdue only; 0 for a report coming due).
	Missed int `json:"missed,omitempty"`
}

// DueDates are the days an owner of a commitment owes a progress report:
// every reportEvery months after startsOn (the same day of the month, or
// the month's last day when it has no such day), while before dueOn, and
// dueOn itself, the final report. A due date is met when the owner has a
// report submitted or published whose reported_on falls in the period
// that ends on it: after the previous due date (from startsOn, included,
// for the first) up to the due date, included.
func DueDates(startsOn, dueOn string, reportEvery int) []time.Time {
	start, ok1 := parseDay(startsOn)
	end, ok2 := parseDay(dueOn)
	if !ok1 || !ok2 || end.Before(start) {
		return nil
	}
	if reportEvery < 1 {
		reportEvery = 12
	}
	var out []time.Time
	for k := 1; ; k++ {
		d := addMonths(start, k*reportEvery)
		if !d.Before(end) {
			break
		}
		out = append(out, d)
	}
	return append(out, end)
}

// addMonths is t plus n months, on the last day of the month when t's day
// does not exist there (31 January + 1 month is 28 or 29 February, where
// time.AddDate would give March).
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}

func parseDay(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// owed is one owner of one commitment, with the days its filed reports
// speak of.
type owed struct {
	id              int64
	title, country  string
	startsOn, dueOn string
	every           int
	reported        []string // sorted
}

// Due lists the reports v's states owe: for each owner of a commitment in
// force (not a draft), the latest due date passed without a report
// (overdue, with how many periods are missing) and the next due date
// within DueWindow without one (due). A delegate reads its own state's, a
// validator the state it validates for, the secretariat every state's;
// anyone else owes nothing. Ordered by due date.
func (s *Service) Due(ctx context.Context, v Viewer, now time.Time) ([]Reminder, error) {
	r := visibility.Of(v)
	switch {
	case r.Secretariat():
		return s.due(ctx, "", now)
	case v != nil && v.Role == account.Delegate && r.Delegation() != "":
		return s.due(ctx, r.Delegation(), now)
	case r.Validates() != "":
		return s.due(ctx, r.Validates(), now)
	}
	return []Reminder{}, nil
}

// due lists the reminders of country, or of every country for "".
func (s *Service) due(ctx context.Context, country string, now time.Time) ([]Reminder, error) {
	list, err := s.owedReports(ctx, country, now)
	if err != nil {
		return nil, err
	}
	today := now.UTC().Truncate(24 * time.Hour)
	out := []Reminder{}
	for _, o := range list {
		out = append(out, o.reminders(today)...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].DueOn != out[j].DueOn {
			return out[i].DueOn < out[j].DueOn
		}
		if out[i].CommitmentID != out[j].CommitmentID {
			return out[i].CommitmentID < out[j].CommitmentID
		}
		return out[i].Country < out[j].Country
	})
	return out, nil
}

// reminders applies the rule of DueDates to one owner on day today.
func (o owed) reminders(today time.Time) []Reminder {
	dates := DueDates(o.startsOn, o.dueOn, o.every)
	horizon := today.Add(DueWindow)
	var out []Reminder
	var overdue *Reminder
	prev := o.startsOn
	for i, d := range dates {
		if d.After(horizon) {
			break
		}
		day := d.Format(time.DateOnly)
		met := o.metBetween(prev, day, i == 0)
		prev = day
		if met {
			continue
		}
		days := int(d.Sub(today).Hours() / 24)
		if d.Before(today) {
			missed := 1
			if overdue != nil {
				missed = overdue.Missed + 1
			}
			overdue = &Reminder{CommitmentID: o.id, Title: o.title, Country: o.country, DueOn: day, Kind: ReminderOverdue, Days: days, Missed: missed}
			continue
		}
		out = append(out, Reminder{CommitmentID: o.id, Title: o.title, Country: o.country, DueOn: day, Kind: ReminderDue, Days: days})
		break // the next one only
	}
	if overdue != nil {
		out = append([]Reminder{*overdue}, out...)
	}
	return out
}

// metBetween reports whether a report speaks of a day after from (or on
// it, when first) and on or before to.
func (o owed) metBetween(from, to string, first bool) bool {
	i := sort.SearchStrings(o.reported, from)
	for ; i < len(o.reported); i++ {
		d := o.reported[i]
		if d == from && !first {
			continue
		}
		return d <= to
	}
	return false
}

// owedReports reads the owners of commitments in force that may owe a
// report by now + DueWindow, with their filed reports.
func (s *Service) owedReports(ctx context.Context, country string, now time.Time) ([]owed, error) {
	q := s.DB.Reader()
	horizon := now.UTC().Add(DueWindow).Format(time.DateOnly)
	cond, args := "", []any{horizon}
	if country != "" {
		cond, args = " AND o.country = ?", append(args, country)
	}
	list, err := store.QueryAll(ctx, q, func(sc store.Scanner) (owed, error) {
		var o owed
		return o, sc.Scan(&o.id, &o.title, &o.country, &o.startsOn, &o.dueOn, &o.every)
	}, `SELECT c.id, c.title, o.country, c.starts_on, c.due_on, c.report_every
		FROM commitments c JOIN commitment_owners o ON o.commitment_id = c.id
		WHERE c.level <> 'draft' AND c.starts_on <= ?`+cond+` ORDER BY c.id, o.country`, args...)
	if err != nil {
		return nil, err
	}
	at := map[string]*owed{}
	for i := range list {
		at[fmt.Sprint(list[i].id, "/", list[i].country)] = &list[i]
	}
	rcond, rargs := "", []any{}
	if country != "" {
		rcond, rargs = " AND country = ?", []any{country}
	}
	rows, err := q.Query(ctx, "SELECT commitment_id, country, reported_on FROM progress_reports WHERE state IN ('submitted', 'published')"+rcond+
		" ORDER BY commitment_id, country, reported_on", rargs...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c, day string
		if err := rows.Scan(&id, &c, &day); err != nil {
			return nil, err
		}
		if o := at[fmt.Sprint(id, "/", c)]; o != nil {
			o.reported = append(o.reported, day)
		}
	}
	return list, rows.Err()
}

var errNoFocalPoints = errors.New("no focal points function")

// FocalPoints lists the accounts that receive a state's reminders: its
// delegates (active accounts only).
type FocalPoints func(ctx context.Context, country string) ([]account.User, error)

// AccountFocalPoints asks the account service for a state's delegates.
func AccountFocalPoints(a *account.Service) FocalPoints {
	return func(ctx context.Context, country string) ([]account.User, error) {
		var out []account.User
		for offset := 0; ; offset += 500 {
			page, total, err := a.List(ctx, 500, offset)
			if err != nil {
				return nil, err
			}
			for _, u := range page {
				if u.Role == account.Delegate && !u.Disabled && strings.EqualFold(u.Delegation, country) {
					out = append(out, u)
				}
			}
			if offset+500 >= total || len(page) == 0 {
				return out, nil
			}
		}
	}
}
