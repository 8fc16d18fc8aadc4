package web

import (
	"net/http"
	"slices"
	"time"

	"roundtable/internal/dialogue"
)

// The programme grid: a section per day at the venue, a table whose
// columns are the rooms and whose rows are the times sessions start, each
// session a cell spanning the rows it lasts. On a phone the same day reads
// as a list (static/css/manage.css).

type programmePage struct {
	layout
	Edition dialogue.Edition
	Grid    []programmeDay
	Notice  string
}

// VenueClock names the zone the grid's times are on.
func (p programmePage) VenueClock() string { return venueClock(p.Edition) }

type programmeDay struct {
	Date     string   // YYYY-MM-DD at the venue
	Rooms    []string // columns, in the order the day first uses them ("" is no room)
	Rows     []programmeRow
	Sessions []dialogue.Session // the day in order, for the list
}

type programmeRow struct {
	Start time.Time
	// Cells are the row's cells left to right, without those a longer
	// session above already covers.
	Cells []programmeCell
}

// programmeCell is a room at a time: the sessions starting there (usually
// one; more if the secretariat double-booked the room) spanning Rows rows,
// or none.
type programmeCell struct {
	Sessions []dialogue.Session
	Rows     int
}

// programme lays sessions out by day and room on the venue's clock.
func programme(sessions []dialogue.Session, loc *time.Location) []programmeDay {
	sorted := slices.Clone(sessions)
	slices.SortStableFunc(sorted, func(a, b dialogue.Session) int { return a.StartsAt.Compare(b.StartsAt) })
	var days []programmeDay
	for _, x := range sorted {
		date := x.StartsAt.In(loc).Format(time.DateOnly)
		if len(days) == 0 || days[len(days)-1].Date != date {
			days = append(days, programmeDay{Date: date})
		}
		days[len(days)-1].Sessions = append(days[len(days)-1].Sessions, x)
	}
	for i := range days {
		days[i].layOut()
	}
	return days
}

// layOut fills a day's rooms and rows from its sessions.
func (d *programmeDay) layOut() {
	var starts []time.Time
	for _, x := range d.Sessions {
		if !slices.Contains(d.Rooms, x.Room) {
			d.Rooms = append(d.Rooms, x.Room)
		}
		if !slices.ContainsFunc(starts, x.StartsAt.Equal) {
			starts = append(starts, x.StartsAt)
		}
	}
	row := func(t time.Time) int { return slices.IndexFunc(starts, t.Equal) }
	// cells[r][c] is the cell of room c starting at row r; covered[r][c]
	// marks a row a session starting above still takes.
	cells := make([][]programmeCell, len(starts))
	covered := make([][]bool, len(starts))
	for r := range starts {
		cells[r], covered[r] = make([]programmeCell, len(d.Rooms)), make([]bool, len(d.Rooms))
	}
	for _, x := range d.Sessions {
		r, c := row(x.StartsAt), slices.Index(d.Rooms, x.Room)
		cells[r][c].Sessions = append(cells[r][c].Sessions, x)
	}
	for c := range d.Rooms {
		for r := range starts {
			if len(cells[r][c].Sessions) == 0 {
				continue
			}
			end := r + 1 // the rows until the last session of the cell ends, or the room's next session starts
			for end < len(starts) && len(cells[end][c].Sessions) == 0 && slices.ContainsFunc(cells[r][c].Sessions, func(x dialogue.Session) bool { return starts[end].Before(x.EndsAt) }) {
				covered[end][c] = true
				end++
			}
			cells[r][c].Rows = end - r
		}
	}
	for r, t := range starts {
		pr := programmeRow{Start: t}
		for c := range d.Rooms {
			if !covered[r][c] {
				pr.Cells = append(pr.Cells, cells[r][c])
			}
		}
		d.Rows = append(d.Rows, pr)
	}
}

func (s *Server) programmePage(w http.ResponseWriter, r *http.Request) error {
	e, err := s.pathEdition(r)
	if err != nil {
		return err
	}
	sessions, err := s.dialogue.Sessions(r.Context(), stateOf(r).user, e.ID)
	if err != nil {
		return err
	}
	p := programmePage{layout: s.layout(w, r, "manage.programme", "editions"), Edition: e, Grid: programme(sessions, e.Location())}
	if s.notice != nil {
		p.Notice = s.notice(e, string(p.Lang))
	}
	return s.render(w, http.StatusOK, "programme.html", p)
}
