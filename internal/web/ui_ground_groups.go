package web

import (
	"html/template"
	"net/http"
	"slices"
	"strings"

	"roundtable/internal/chart"
	"roundtable/internal/ground"
	"roundtable/internal/ground/consensus"
)

// groupsPage shows the opinion groups the delegations form by their
// positions, found rather than declared: the picture of the delegations
// on two principal components with their declared bloc and discovered
// group, its table, how the groups were found, the propositions that
// bridge them and the declared blocs they split.
type groupsPage struct {
	groundBase
	Restricted  bool
	Groups      ground.Groups
	Scatter     template.HTML
	Silhouettes []silhouetteRow
}

type silhouetteRow struct {
	K      int
	Value  float64
	Chosen bool
}

// GroupName is a discovered group's name: "Group 1".
func (p groupsPage) GroupName(g int) string {
	if g < 0 {
		return p.T("ground.no_group")
	}
	return p.T("ground.group_n", "n", g+1)
}

// GroupNumbers are the discovered groups, 0..K-1.
func (p groupsPage) GroupNumbers() []int {
	out := make([]int, p.Groups.Result.K)
	for i := range out {
		out[i] = i
	}
	return out
}

// BlocsOf names a delegation's declared blocs in the page's language.
func (p groupsPage) BlocsOf(pl ground.Placed) string {
	if len(pl.Blocs) == 0 {
		return p.T("ground.no_bloc")
	}
	names := make([]string, len(pl.Blocs))
	for i, code := range pl.Blocs {
		names[i] = p.blocNameOf(code)
	}
	return strings.Join(names, p.Sep())
}

func (p groupsPage) blocNameOf(code string) string {
	if i := slices.IndexFunc(p.Groups.Blocs, func(b ground.Bloc) bool { return b.Code == code }); i >= 0 {
		return p.BlocName(p.Groups.Blocs[i])
	}
	return code
}

// SplitBloc names a split bloc.
func (p groupsPage) SplitBloc(sp ground.Split) string { return p.blocNameOf(sp.Bloc) }

// SplitMembers names a split bloc's members in group g ("" if none).
func (p groupsPage) SplitMembers(sp ground.Split, g int) string {
	names := make([]string, len(sp.Groups[g]))
	for i, code := range sp.Groups[g] {
		names[i] = code
		if j := slices.IndexFunc(p.Groups.Delegations, func(pl ground.Placed) bool { return pl.Delegation.Code == code }); j >= 0 {
			names[i] = p.DelegationLabel(p.Groups.Delegations[j])
		}
	}
	return strings.Join(names, p.Sep())
}

// DelegationLabel names a placed delegation in the page's language.
func (p groupsPage) DelegationLabel(pl ground.Placed) string {
	if n := pl.Delegation.Names.In(string(p.Lang)); n != "" {
		return n
	}
	return pl.Delegation.Code
}

// BridgeProduct shows a bridge's group-informed consensus as a product.
func (p groupsPage) BridgeProduct(sc consensus.Score) string {
	return productText(p.groundBase, sc.P, sc.Product)
}

// ReasonText explains why no groups were formed.
func (p groupsPage) ReasonText() string { return p.T("ground.reason." + p.Groups.Result.Reason) }

func (s *Server) groundGroups(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b, err := s.groundBase(w, r, id, "ground.groups_title")
	if err != nil {
		return err
	}
	p := groupsPage{groundBase: b}
	p.Groups, err = s.ground.Groups(r.Context(), stateOf(r).user, id)
	switch {
	case restricted(err):
		p.Restricted = true
		return s.render(w, http.StatusOK, "ground_groups.html", p)
	case err != nil:
		return err
	}
	p.Scatter = groupsScatter(p)
	for k := 2; k <= 5; k++ {
		if v, ok := p.Groups.Result.Silhouette[k]; ok {
			p.Silhouettes = append(p.Silhouettes, silhouetteRow{K: k, Value: v, Chosen: k == p.Groups.Result.K})
		}
	}
	return s.render(w, http.StatusOK, "ground_groups.html", p)
}

// groupsScatter draws each delegation where its positions place it: its
// marker's shape is its declared bloc (its first, or none), the ring
// around it its discovered group.
func groupsScatter(p groupsPage) template.HTML {
	g := p.Groups
	sc := chart.Scatter{Title: p.T("ground.scatter_title"), Desc: p.T("ground.scatter_desc"),
		XLabel: p.T("ground.axis_x", "share", p.Percent(g.Result.Explained[0])),
		YLabel: p.T("ground.axis_y", "share", p.Percent(g.Result.Explained[1]))}
	for _, x := range g.Blocs {
		sc.Series = append(sc.Series, p.BlocName(x))
	}
	none := len(sc.Series)
	sc.Series = append(sc.Series, p.T("ground.no_bloc"))
	for k := range g.Result.K {
		sc.Groups = append(sc.Groups, p.GroupName(k))
	}
	for _, pl := range g.Delegations {
		series := none
		if len(pl.Blocs) > 0 {
			if i := slices.IndexFunc(g.Blocs, func(b ground.Bloc) bool { return b.Code == pl.Blocs[0] }); i >= 0 {
				series = i
			}
		}
		sc.Points = append(sc.Points, chart.Point{X: pl.X, Y: pl.Y, Label: pl.Delegation.Code, Series: series, Group: pl.Group})
	}
	return sc.SVG()
}
