package web

import (
	"net/http"
	"slices"
	"strings"

	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

// The "different paths" view: the published practices of several
// countries on one theme side by side (context, what was done, results,
// costs, lessons), so that no single model is presented as the answer;
// without a theme, the index of themes with practices of two countries or
// more.

// pathsTheme is a theme of the index.
type pathsTheme struct {
	Concept, Label       string
	Countries, Practices int
}

// pathsColumn is one country's column.
type pathsColumn struct {
	Country, Name string
	Practices     []practiceView
}

// pathsPage is /practices/paths.
type pathsPage struct {
	layout
	Themes  []pathsTheme
	Concept string
	Label   string
	Columns []pathsColumn
}

func (s *Server) practicePaths(w http.ResponseWriter, r *http.Request) error {
	ctx, st := r.Context(), stateOf(r)
	names, err := s.practiceNames(ctx, st.lang)
	if err != nil {
		return err
	}
	p := pathsPage{layout: s.layout(w, r, "practice_web.paths_title", "practices"), Concept: strings.TrimSpace(r.URL.Query().Get("concept"))}
	themes, err := s.practices.Themes(ctx, st.user)
	if err != nil {
		return err
	}
	for _, t := range themes {
		p.Themes = append(p.Themes, pathsTheme{t.Concept, names.Concept(t.Concept), t.Countries, t.Practices})
	}
	cmp := i18n.Compare(st.lang)
	slices.SortStableFunc(p.Themes, func(a, b pathsTheme) int { return cmp(a.Label, b.Label) })
	if p.Concept == "" {
		return s.render(w, http.StatusOK, "paths.html", p)
	}
	paths, err := s.practices.DifferentPaths(ctx, st.user, p.Concept)
	if err != nil {
		return err
	}
	if len(paths.Countries) == 0 {
		return errs.New(errs.NotFound, "no_practices_on_theme", "practice_web.paths_none")
	}
	p.Label = names.Concept(p.Concept)
	for _, c := range paths.Countries {
		col := pathsColumn{Country: c.Country, Name: names.Country(c.Country)}
		for _, pr := range c.Practices {
			col.Practices = append(col.Practices, viewPractice(p.layout, names, pr, string(st.lang)))
		}
		p.Columns = append(p.Columns, col)
	}
	// By name in the reader's language: an order nobody can read as a
	// ranking.
	slices.SortStableFunc(p.Columns, func(a, b pathsColumn) int { return cmp(a.Name, b.Name) })
	return s.render(w, http.StatusOK, "paths.html", p)
}

// Rows are the aspects compared, one row each.
func (pathsPage) Rows() []string {
	return []string{"context", "actions", "results", "costs", "lessons"}
}

// Cell is one practice's text for an aspect.
func (pathsPage) Cell(v practiceView, row string) string {
	switch row {
	case "context":
		return v.Text.Context
	case "actions":
		return v.Text.Actions
	case "results":
		return v.Text.Results
	case "costs":
		return v.Costs
	case "lessons":
		return v.Text.Lessons
	}
	return ""
}
