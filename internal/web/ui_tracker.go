package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"roundtable/internal/authz"
	"roundtable/internal/commitment"
	"roundtable/internal/country"
	"roundtable/internal/i18n"
)

// The public tracker: every commitment the reader may read, filtered by
// owner, theme, SDG target, edition, latest status and due date; a page
// of them with their owners' self-reported status, charts of progress
// drawn from the service's summary, and the same selection as CSV, XLSX
// or JSON.

// trackerPage is /commitments.
type trackerPage struct {
	layout
	trackerView
	// Failure is a filter no form sends (a hand-made link): the form
	// shows it and the list stays empty, with a 400.
	Failure formFailure
	// The form's choices.
	Countries []country.Country
	Concepts  []conceptLink
	Editions  []trackerEdition
	StatusOpt []trackerOption
	// Prev and Next are the links to the neighbouring pages, "" at an end.
	Prev, Next string
	From, To   int // the rows shown, counted from 1
	// Country is the country of a country's page (nil on the tracker),
	// with its commitments overdue and due soon and its latest reports.
	Country       *country.Country
	Overdue, Soon []trackerRow
	Reports       []trackerReport
	// Action is where the form goes: the tracker or the country's page.
	Action string
}

// trackerView is what the tracker and a country's page share: the list's
// rows, the summary and its charts, and the filter as a query string.
type trackerView struct {
	Filter  commitment.Filter
	Total   int
	Rows    []trackerRow
	Summary commitment.Summary
	Charts  []trackerChart
	// query is the filter as a query string, for the exports' links.
	query string
	// names are the countries by code, for the owners' names.
	names map[string]country.Country
	// conceptName labels a concept in the reader's language.
	conceptName func(id string) string
}

// trackerRow is one commitment of a list.
type trackerRow struct {
	commitment.Commitment
	OwnerRows []trackerOwner
	Themes    []conceptLink
	// Overdue: due before today and an owner has not reported it achieved.
	Overdue bool
}

// trackerOwner is one owner of a commitment with its latest status.
type trackerOwner struct {
	Code, Name, Institution string
	Status                  commitment.Status // NoReport without a published report
	// LastReport is the day the latest published report speaks of, "" for none.
	LastReport string
}

// trackerOption is one choice of a select.
type trackerOption struct{ Value, Label string }

// trackerEdition is an edition as the form offers it.
type trackerEdition struct {
	ID    int64
	Label string
}

// StatusLabel is a status in the reader's language ("none": no report yet).
func (l layout) StatusLabel(st commitment.Status) string { return l.T("tracker.status." + string(st)) }

// CanManage reports whether the reader records commitments (the
// secretariat), for the link to the form.
func (p trackerPage) CanManage() bool {
	return p.User != nil && authz.Allowed(p.User.Role, authz.ManageAction)
}

// ExportURL is the export in format ext (csv, xlsx, json) of the
// selection the page shows.
func (v trackerView) ExportURL(ext string) string {
	if v.query == "" {
		return "/commitments." + ext
	}
	return "/commitments." + ext + "?" + v.query
}

// CountryName is an owner's name in the page's language, its code if the
// reference data do not know it.
func (v trackerView) countryName(lang, code string) string {
	if c, ok := v.names[code]; ok {
		return c.Name(lang)
	}
	return code
}

// today is the day the due filters count from (UTC).
func today() string { return time.Now().UTC().Format("2006-01-02") }

func (s *Server) trackerPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := stateOf(r).user
	p := trackerPage{layout: s.layout(w, r, "tracker.title", "tracker"), Action: "/commitments"}
	status := http.StatusOK
	f, err := s.trackerFilter(ctx, r.URL.Query())
	if err == nil {
		err = trackerPaging(r, &f)
	}
	if p.Failure, err = s.explain(p.Lang, err); err != nil {
		return err
	}
	if p.Failure.Error != "" {
		status = http.StatusBadRequest
	}
	p.Filter = f
	if err := s.trackerChoices(ctx, &p); err != nil {
		return err
	}
	if p.Failure.Error == "" {
		page, err := s.commitments.List(ctx, v, f)
		if err != nil {
			return err
		}
		if p.trackerView, err = s.trackerViewOf(ctx, p.layout, f, page.Items, page.Total); err != nil {
			return err
		}
		if p.Summary, err = s.commitments.Summary(ctx, v, f); err != nil {
			return err
		}
		p.Charts = trackerCharts(p.layout, p.trackerView, "")
		p.Concepts = s.trackerConceptChoices(p.layout, p.Summary, f.Concept)
		p.pager(page)
	}
	return s.render(w, status, "tracker.html", p)
}

// pager sets the links to the pages before and after this one.
func (p *trackerPage) pager(page commitment.Page) {
	if len(page.Items) == 0 {
		return
	}
	p.From, p.To = page.Offset+1, page.Offset+len(page.Items)
	link := func(offset int) string {
		q := trackerValues(p.Filter)
		if p.Country != nil {
			q.Del("country") // in the path
		}
		if offset > 0 {
			q.Set("offset", strconv.Itoa(offset))
		}
		if page.Limit != defaultLimit {
			q.Set("limit", strconv.Itoa(page.Limit))
		}
		if len(q) == 0 {
			return p.Action
		}
		return p.Action + "?" + q.Encode()
	}
	if page.Offset > 0 {
		p.Prev = link(max(0, page.Offset-page.Limit))
	}
	if p.To < page.Total {
		p.Next = link(p.To)
	}
}

// trackerChoices fills the form's selects: the participants, the editions
// the reader may read and the statuses.
func (s *Server) trackerChoices(ctx context.Context, p *trackerPage) error {
	var err error
	if p.Countries, err = s.participants(ctx, string(p.Lang)); err != nil {
		return err
	}
	eds, err := s.dialogue.Editions(ctx, p.User)
	if err != nil {
		return err
	}
	for _, e := range eds {
		p.Editions = append(p.Editions, trackerEdition{ID: e.ID, Label: p.Text(e.Titles)})
	}
	for _, st := range append(slices.Clone(commitment.Statuses), commitment.NoReport) {
		p.StatusOpt = append(p.StatusOpt, trackerOption{string(st), p.StatusLabel(st)})
	}
	p.Concepts = nil
	if p.Filter.Concept != "" {
		p.Concepts = []conceptLink{{p.Filter.Concept, s.conceptLabel(p.Filter.Concept, string(p.Lang))}}
	}
	return nil
}

// trackerConceptChoices are the themes the form offers: those of the
// selected commitments, by label, and the one chosen.
func (s *Server) trackerConceptChoices(l layout, sum commitment.Summary, chosen string) []conceptLink {
	var out []conceptLink
	seen := map[string]bool{}
	for _, kc := range sum.ByConcept {
		out = append(out, conceptLink{kc.Key, s.conceptLabel(kc.Key, string(l.Lang))})
		seen[kc.Key] = true
	}
	if chosen != "" && !seen[chosen] {
		out = append(out, conceptLink{chosen, s.conceptLabel(chosen, string(l.Lang))})
	}
	sortConceptLinks(l, out)
	return out
}

func sortConceptLinks(l layout, cs []conceptLink) {
	cmp := i18n.Compare(l.Lang)
	slices.SortStableFunc(cs, func(a, b conceptLink) int { return cmp(a.Label, b.Label) })
}

// trackerViewOf builds the rows of a list: owners named in the reader's
// language with their status and the day of their latest report, themes
// labelled.
func (s *Server) trackerViewOf(ctx context.Context, l layout, f commitment.Filter, items []commitment.Commitment, total int) (trackerView, error) {
	v := trackerView{Filter: f, Total: total, query: trackerValues(f).Encode(),
		conceptName: func(id string) string { return s.conceptLabel(id, string(l.Lang)) }}
	cs, err := s.participants(ctx, string(l.Lang))
	if err != nil {
		return v, err
	}
	v.names = countryIndex(cs)
	ids := make([]int64, len(items))
	for i, c := range items {
		ids[i] = c.ID
	}
	dates, err := s.commitments.LatestReportDates(ctx, ids)
	if err != nil {
		return v, err
	}
	day := today()
	for _, c := range items {
		row := trackerRow{Commitment: c}
		achievedByAll := true
		for _, o := range c.Owners {
			st, ok := c.Latest[o.Country]
			if !ok {
				st = commitment.NoReport
			}
			if st != commitment.Achieved {
				achievedByAll = false
			}
			row.OwnerRows = append(row.OwnerRows, trackerOwner{Code: o.Country, Name: v.countryName(string(l.Lang), o.Country),
				Institution: o.Institution, Status: st, LastReport: dates[c.ID][o.Country]})
		}
		row.Overdue = c.DueOn < day && !achievedByAll
		for _, id := range c.Concepts {
			row.Themes = append(row.Themes, conceptLink{id, v.conceptName(id)})
		}
		v.Rows = append(v.Rows, row)
	}
	return v, nil
}

// countryIndex is countries by code.
func countryIndex(cs []country.Country) map[string]country.Country {
	m := make(map[string]country.Country, len(cs))
	for _, c := range cs {
		m[c.ISO3] = c
	}
	return m
}

// addDays is day (YYYY-MM-DD) n days later.
func addDays(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}
