package web

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"

	"roundtable/internal/chart"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/ground/consensus"
	"roundtable/internal/visibility"
)

// groundMapPage is the map of an edition's common ground: propositions
// ranked from the widest common ground to the deepest division, each with
// the counts behind every number, and the heatmap of blocs × propositions.
// A reader the edition keeps positions from sees the propositions alone.
type groundMapPage struct {
	groundBase
	Map        ground.Map
	Restricted bool
	// Published are the propositions open to positions, for a reader who
	// may not see the map.
	Published []ground.Proposition
	// Queue are the submitted propositions the reader may see: all of
	// them for the chair, a delegation's own for its members.
	Queue   []ground.Proposition
	Heatmap template.HTML
	// Representative pairs, per bloc of Map.Blocs, the propositions it
	// stands for with its figures.
	Representative [][]representedRow
	delegations    map[int64]dialogue.Delegation
	// The ranking shows mapPage propositions a page: Start is the rank of
	// the first, pager links the first and the next page, PageURL is this
	// page's address for the live script.
	pager
	Start   int
	PageURL string
	// ranked are every published proposition in rank order (Map.Rows
	// holds this page's).
	ranked []ground.MapRow
}

// mapPage is how many propositions a page of the ranking shows: at 300
// propositions and 8 blocs the whole ranking is 3 MB of page.
const mapPage = 50

// representedRow is a proposition a bloc stands for, with the counts its
// figures come from: the bloc's, and everyone else's.
type representedRow struct {
	Proposition ground.Proposition
	Repness     consensus.Repness
	In, Out     consensus.Counts
}

// Represents says how much more the bloc agrees than the others, with the
// counts behind it.
func (p groundMapPage) Represents(x representedRow) string {
	return p.T("ground.repness_value", "in", p.Agreement(x.In), "out", p.Agreement(x.Out),
		"ratio", p.Dec(x.Repness.Ratio, 2), "z", p.Dec(x.Repness.Z, 2))
}

// DelegationName names a delegation in the page's language.
func (p groundMapPage) DelegationName(id int64) string {
	if d, ok := p.delegations[id]; ok {
		if n := d.Names.In(string(p.Lang)); n != "" {
			return n
		}
		return d.Code
	}
	return strconv.FormatInt(id, 10)
}

// Weakest names the bloc least likely to agree, with its agreement and
// counts: "Caribbean: 0.50 (3 of 6)".
func (p groundMapPage) Weakest(row ground.MapRow) string {
	i := row.Score.WeakestGroup
	if i < 0 || i >= len(p.Map.Blocs) {
		return "–"
	}
	return p.T("ground.weakest_value", "bloc", p.BlocName(p.Map.Blocs[i]), "agreement", p.Agreement(row.Blocs[i]))
}

// Product shows the group-informed consensus as the product it is:
// "0.75 × 0.50 × 0.83 = 0.313".
func (p groundMapPage) Product(sc consensus.Score) string {
	return productText(p.groundBase, sc.P, sc.Product)
}

func productText(b groundBase, ps []float64, product float64) string {
	if len(ps) == 0 {
		return b.Dec(product, 3)
	}
	factors := make([]string, len(ps))
	for i, x := range ps {
		factors[i] = b.Dec(x, 2)
	}
	return strings.Join(factors, " × ") + " = " + b.Dec(product, 3)
}

// GeoMean shows the geometric mean with the number of blocs it is over.
func (p groundMapPage) GeoMean(sc consensus.Score) string {
	return p.T("ground.geomean_value", "value", p.Dec(sc.GeoMean, 3), "n", len(sc.P))
}

// Majority shows the majority test over every delegation with its counts.
func (p groundMapPage) Majority(sc consensus.Score) string { return majorityText(p.groundBase, sc) }

func majorityText(b groundBase, sc consensus.Score) string {
	return b.T("ground.majority_value", "pa", b.Dec(sc.Majority.PA, 3), "agree", sc.All.Agree(),
		"seen", sc.All.Seen(), "z", b.Dec(sc.Majority.Z, 2))
}

// MergeTargets are the published propositions p may be merged into.
func (p groundMapPage) MergeTargets(x ground.Proposition) []ground.Proposition {
	var out []ground.Proposition
	for _, row := range p.ranked {
		if row.Proposition.ID != x.ID {
			out = append(out, row.Proposition)
		}
	}
	return out
}

// HasRepresentative reports whether any bloc stands for a proposition.
func (p groundMapPage) HasRepresentative() bool {
	for _, reps := range p.Representative {
		if len(reps) > 0 {
			return true
		}
	}
	return false
}

func (s *Server) groundMap(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, ctx := stateOf(r).user, r.Context()
	b, err := s.groundBase(w, r, id, "ground.title")
	if err != nil {
		return err
	}
	p := groundMapPage{groundBase: b, delegations: map[int64]dialogue.Delegation{}, PageURL: r.URL.RequestURI(), Start: 1}
	p.Map, err = s.ground.Map(ctx, v, id)
	switch {
	case restricted(err):
		p.Restricted = true
		if err := s.publishedPage(ctx, r, &p); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	if p.Queue, err = s.ground.Propositions(ctx, v, ground.PropositionFilter{EditionID: id, Statuses: []string{ground.Submitted}}); err != nil {
		return err
	}
	dels, err := s.dialogue.Delegations(ctx, v, id)
	if err != nil {
		return err
	}
	for _, d := range dels {
		p.delegations[d.ID] = d
	}
	if !p.Restricted {
		p.Representative = representedRows(p.Map)
		if err := p.pageOf(r); err != nil {
			return err
		}
		p.Heatmap = mapHeatmap(p.groundBase, p.Map)
	}
	return s.render(w, http.StatusOK, "ground.html", p)
}

// publishedPage reads, for a reader kept from positions, one page of the
// published propositions in the order they were put forward, paged in the
// database after the last id of the page before (?after=).
func (s *Server) publishedPage(ctx context.Context, r *http.Request, p *groundMapPage) error {
	after, err := afterID(r.URL.Query())
	if err != nil {
		return err
	}
	list, err := s.ground.Propositions(ctx, stateOf(r).user, ground.PropositionFilter{EditionID: p.Edition.ID,
		Statuses: []string{ground.Published}, After: after, Limit: mapPage + 1})
	if err != nil {
		return err
	}
	base := fmt.Sprintf("/editions/%d/ground", p.Edition.ID)
	if after > 0 {
		p.First = base
	}
	if len(list) > mapPage {
		list = list[:mapPage]
		p.Next = fmt.Sprintf("%s?after=%d", base, list[mapPage-1].ID)
	}
	p.Published = list
	return nil
}

// pageOf keeps in Map.Rows the page of the ranking the request asks for
// (?page=, from 1), with the links to the first and the next page.
func (p *groundMapPage) pageOf(r *http.Request) error {
	n := 1
	if q := r.URL.Query().Get("page"); q != "" {
		var err error
		if n, err = strconv.Atoi(q); err != nil || n < 1 {
			return errs.Field("page", "invalid_page", "ground.error.page")
		}
	}
	p.ranked = p.Map.Rows
	start := (n - 1) * mapPage
	if start > 0 && start >= len(p.ranked) {
		return errs.ErrNotFound
	}
	end := min(start+mapPage, len(p.ranked))
	p.Map.Rows, p.Start = p.ranked[start:end], start+1
	base := fmt.Sprintf("/editions/%d/ground", p.Edition.ID)
	if n > 1 {
		p.First = base
	}
	if end < len(p.ranked) {
		p.Next = fmt.Sprintf("%s?page=%d", base, n+1)
	}
	return nil
}

// mapHeatmap draws blocs × propositions: each cell a bloc's smoothed
// agreement, printed, with the counts behind it on hover. A bloc none of
// whose members answered has no data rather than the prior's 0.50.
func mapHeatmap(b groundBase, m ground.Map) template.HTML {
	h := chart.Heatmap{Title: b.T("ground.heatmap_title"), Desc: b.T("ground.heatmap_desc"),
		Low: b.T("ground.heatmap_low"), High: b.T("ground.heatmap_high"), NoData: b.T("ground.no_answer")}
	for _, x := range m.Blocs {
		h.Rows = append(h.Rows, b.BlocName(x))
	}
	h.Values = make([][]float64, len(m.Blocs))
	h.Cells = make([][]string, len(m.Blocs))
	h.CellTitles = make([][]string, len(m.Blocs))
	for _, row := range m.Rows {
		h.Cols = append(h.Cols, b.T("ground.col_label", "rank", row.Rank, "text", b.PropText(row.Proposition)))
		h.ColLinks = append(h.ColLinks, "/propositions/"+strconv.FormatInt(row.Proposition.ID, 10))
		for i, c := range row.Blocs {
			v, cell, title := math.NaN(), "–", b.T("ground.no_answer")
			if c.Seen() > 0 {
				v, cell = consensus.Smoothed(c), b.Dec(consensus.Smoothed(c), 2)
				title = b.Agreement(c) + " — " + b.Breakdown(c)
			}
			h.Values[i] = append(h.Values[i], v)
			h.Cells[i] = append(h.Cells[i], cell)
			h.CellTitles[i] = append(h.CellTitles[i], title)
		}
	}
	return h.SVG()
}

// representedRows pairs each bloc's representative propositions with
// their text and counts, from the map's rows. Everyone outside a bloc is
// everyone less its members, as the map counts them.
func representedRows(m ground.Map) [][]representedRow {
	byID := map[int64]ground.MapRow{}
	for _, row := range m.Rows {
		byID[row.Proposition.ID] = row
	}
	out := make([][]representedRow, len(m.Representative))
	for i, reps := range m.Representative {
		for _, x := range reps {
			row := byID[x.PropositionID]
			in := row.Blocs[i]
			out[i] = append(out[i], representedRow{row.Proposition, x.Repness, in, row.Score.All.Sub(in)})
		}
	}
	return out
}

// groundSettings saves who may see the positions (the chair or the
// secretariat) and goes back to the map.
func (s *Server) groundSettings(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st := ground.Settings{Positions: visibility.Level(r.PostForm.Get("positions"))}
	// A refusal (an unknown level) is the error page: the form offers
	// only the two levels.
	if _, err := s.ground.SetSettings(r.Context(), stateOf(r).user, id, st); err != nil {
		return err
	}
	s.flash(w, "ground.settings_saved")
	http.Redirect(w, r, groundPath(id), http.StatusSeeOther)
	return nil
}
