package visibility

import "time"

// Columns names, in a query, the SQL expressions the rule reads.
type Columns struct {
	Level     string // the text's level ('draft', 'delegation', 'participants', 'public')
	Owner     string // the owner's country code, NULL when none (see Text.Owner)
	Embargo   string // the end of the embargo, NULL when none
	Published string // whether the edition is published (a boolean column)
	// Partner is the second delegation's country code (see Text.Partner),
	// NULL when none; "" when the table has no such column.
	Partner string
}

// Where is the rule as a SQL condition over c for r at now, with its
// arguments, so lists page in the database instead of loading every row
// to test it in Go. It must agree with Sees for every reader and text:
// visibility_test.go checks both against one hand-written table, on
// SQLite and PostgreSQL. A column that is NULL for a text (no owner, no
// embargo) is handled as Text's zero value.
func (r Reader) Where(c Columns, now time.Time) (string, []any) {
	room := c.Level + " IN ('participants', 'public', 'adopted')"
	if r.kind == secretariat {
		return "1 = 1", nil
	}
	if r.kind == participant && r.delegation != "" {
		if c.Partner != "" {
			return "(" + room + " OR " + c.Owner + " = ? OR " + c.Partner + " = ?)", []any{r.delegation, r.delegation}
		}
		return "(" + room + " OR " + c.Owner + " = ?)", []any{r.delegation}
	}
	if r.kind == chair {
		return "(" + room + " OR " + c.Level + " = 'submitted')", nil
	}
	if r.kind == participant {
		return "(" + room + ")", nil
	}
	public := "(" + c.Level + " = 'public' AND " + c.Published + " AND (" + c.Embargo + " IS NULL OR " + c.Embargo + " <= ?))" +
		" OR (" + c.Level + " = 'adopted' AND " + c.Published + ")"
	if r.validates != "" {
		return "(" + public + " OR (" + c.Level + " = 'validation' AND " + c.Owner + " = ?))", []any{now, r.validates}
	}
	return "(" + public + ")", []any{now}
}
