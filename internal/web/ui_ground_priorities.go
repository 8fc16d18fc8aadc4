package web

import (
	"cmp"
	"html/template"
	"net/http"
	"net/url"
	"slices"

	"roundtable/internal/chart"
	"roundtable/internal/ground"
)

// prioritiesPage shows the themes each bloc and each delegation raised in
// the statements the reader may read: the matrix of concepts × blocs, its
// table, the themes every bloc raised and each delegation's profile.
type prioritiesPage struct {
	groundBase
	Priorities ground.Priorities
	Heatmap    template.HTML
	labels     map[string]string
}

// raised is one concept of a delegation's profile.
type raised struct {
	Concept    string
	Statements int
}

// Concept names a concept in the page's language.
func (p prioritiesPage) Concept(id string) string {
	if l, ok := p.labels[id]; ok {
		return l
	}
	return id
}

// Share is a bloc's share of members that raised a concept, with the
// counts behind it: "0.67 (2 of 3)".
func (p prioritiesPage) Share(b ground.BlocPriority, c string) string {
	return p.T("ground.share_counts", "share", p.Dec(b.Share(c), 2), "members", b.Members[c], "total", len(b.Bloc.Members))
}

// Profile is a delegation's concepts, most raised first.
func (p prioritiesPage) Profile(pr ground.Profile) []raised {
	out := make([]raised, 0, len(pr.Statements))
	for c, n := range pr.Statements {
		out = append(out, raised{c, n})
	}
	slices.SortFunc(out, func(a, b raised) int {
		return cmp.Or(cmp.Compare(b.Statements, a.Statements), cmp.Compare(a.Concept, b.Concept))
	})
	return out
}

// DelegationLabel names a profile's delegation in the page's language.
func (p prioritiesPage) DelegationLabel(pr ground.Profile) string {
	if n := pr.Delegation.Names.In(string(p.Lang)); n != "" {
		return n
	}
	return pr.Delegation.Code
}

func (s *Server) groundPriorities(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b, err := s.groundBase(w, r, id, "ground.priorities_title")
	if err != nil {
		return err
	}
	p := prioritiesPage{groundBase: b, labels: map[string]string{}}
	if p.Priorities, err = s.ground.Priorities(r.Context(), stateOf(r).user, id); err != nil {
		return err
	}
	for _, c := range p.Priorities.Concepts {
		p.labels[c] = s.conceptLabel(c, string(p.Lang))
	}
	p.Heatmap = prioritiesHeatmap(p)
	return s.render(w, http.StatusOK, "ground_priorities.html", p)
}

// prioritiesHeatmap draws concepts × blocs: each cell the share of the
// bloc's members that raised the concept, with the counts on hover.
func prioritiesHeatmap(p prioritiesPage) template.HTML {
	pr := p.Priorities
	h := chart.Heatmap{Title: p.T("ground.priorities_heatmap_title"), Desc: p.T("ground.priorities_heatmap_desc"),
		Low: p.T("ground.priorities_low"), High: p.T("ground.priorities_high")}
	for _, b := range pr.Blocs {
		h.Cols = append(h.Cols, p.BlocName(b.Bloc))
	}
	for _, c := range pr.Concepts {
		h.Rows = append(h.Rows, p.Concept(c))
		h.RowLinks = append(h.RowLinks, "/concepts/"+url.PathEscape(c))
		var vals []float64
		var cells, titles []string
		for _, b := range pr.Blocs {
			vals = append(vals, b.Share(c))
			cells = append(cells, p.Dec(b.Share(c), 2))
			titles = append(titles, p.T("ground.priority_cell", "members", b.Members[c], "total", len(b.Bloc.Members), "statements", b.Statements[c]))
		}
		h.Values, h.Cells, h.CellTitles = append(h.Values, vals), append(h.Cells, cells), append(h.CellTitles, titles)
	}
	return h.SVG()
}
