package web

import (
	"context"
	"net/http"

	"roundtable/internal/commitment"
	"roundtable/internal/country"
	"roundtable/internal/errs"
)

// A country's commitments: every commitment it owns that the reader may
// read, with its status, the ones overdue or due soon, its latest
// published reports, its progress charts, and links to its practices and
// its development profile. The tracker's filters apply (but country).

// trackerCountryReports is how many of its latest reports the page lists.
const trackerCountryReports = 20

// trackerReport is a published report as the country's page lists it.
type trackerReport struct {
	commitment.Report
	Title string // the commitment's
}

func (s *Server) trackerCountryPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.trackerCountry(ctx, r.PathValue("iso3"))
	if err != nil {
		return err
	}
	p := trackerPage{layout: s.layout(w, r, "tracker.country_title", "tracker"), Country: &c, Action: "/countries/" + c.ISO3 + "/commitments"}
	q := r.URL.Query()
	q.Del("country")
	f, err := s.trackerFilter(ctx, q)
	if err == nil {
		err = trackerPaging(r, &f)
	}
	if p.Failure, err = s.explain(p.Lang, err); err != nil {
		return err
	}
	f.Country = c.ISO3
	p.Filter = f
	if err := s.trackerChoices(ctx, &p); err != nil {
		return err
	}
	if p.Failure.Error != "" {
		return s.render(w, http.StatusBadRequest, "tracker.html", p)
	}
	v := stateOf(r).user
	var all []commitment.Commitment
	if err := s.commitments.Each(ctx, v, f, func(c commitment.Commitment) error {
		all = append(all, c)
		return nil
	}); err != nil {
		return err
	}
	if p.trackerView, err = s.trackerViewOf(ctx, p.layout, f, all, len(all)); err != nil {
		return err
	}
	// The overdue and due-soon lists and the charts count every commitment;
	// the list shows one page of them, as the tracker does.
	rows := p.Rows
	from, to := min(f.Offset, len(rows)), min(f.Offset+f.Limit, len(rows))
	p.Rows = rows[from:to]
	p.pager(commitment.Page{Items: all[from:to], Limit: f.Limit, Offset: f.Offset, Total: len(all)})
	if p.Summary, err = s.commitments.Summary(ctx, v, f); err != nil {
		return err
	}
	p.Charts = trackerCharts(p.layout, p.trackerView, c.ISO3)
	p.Concepts = s.trackerConceptChoices(p.layout, p.Summary, f.Concept)
	soon := addDays(today(), 90)
	for _, row := range rows {
		switch {
		case row.Overdue:
			p.Overdue = append(p.Overdue, row)
		case row.DueOn >= today() && row.DueOn <= soon:
			p.Soon = append(p.Soon, row)
		}
	}
	ids := make([]int64, len(all))
	titles := make(map[int64]string, len(all))
	for i, c := range all {
		ids[i], titles[c.ID] = c.ID, c.Title
	}
	reports, err := s.commitments.PublishedReportsOf(ctx, c.ISO3, ids, trackerCountryReports)
	if err != nil {
		return err
	}
	for _, rep := range reports {
		p.Reports = append(p.Reports, trackerReport{Report: rep, Title: titles[rep.CommitmentID]})
	}
	return s.render(w, http.StatusOK, "tracker.html", p)
}

// trackerCountry is the country a page is about, or a not-found error in
// the reader's language.
func (s *Server) trackerCountry(ctx context.Context, iso3 string) (country.Country, error) {
	c, err := country.Get(ctx, s.db.Reader(), iso3)
	if errs.Is(err, errs.NotFound) {
		return c, errs.New(errs.NotFound, "country_not_found", "tracker.error.no_country", "code", iso3)
	}
	return c, err
}
