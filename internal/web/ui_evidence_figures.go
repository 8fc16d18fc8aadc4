package web

import (
	"context"
	"math"

	"roundtable/internal/evidence"
	"roundtable/internal/evidence/yardstick"
)

// frontiers fits (or takes from yardstick's cache) the income frontiers a
// page needs, against the default series of GDP per capita (PPP) across
// every economy, read once per page.
type frontiers struct {
	income    *evidence.Panel // nil: no income series, so no frontier
	economies map[string]bool
}

func (s *Server) newFrontiers(ctx context.Context, b evidenceBase, defaults map[string]evidence.Series) frontiers {
	se, ok := defaults[yardstick.IncomeIndicator]
	if !ok {
		return frontiers{}
	}
	return s.frontiersOver(ctx, b.areas, se)
}

// frontiersOver are the frontiers against the income series se, pooling
// the economies among areas.
func (s *Server) frontiersOver(ctx context.Context, areas map[string]evidence.Area, se evidence.Series) frontiers {
	income, err := s.evidence.Panel(ctx, se.ID)
	if err != nil {
		return frontiers{}
	}
	f := frontiers{income: income, economies: map[string]bool{}}
	for code, a := range areas {
		if a.Kind == evidence.Economy {
			f.economies[code] = true
		}
	}
	return f
}

// of is the frontier of an indicator's series; nil when the frontier does
// not apply to the indicator (yardstick.FrontierApplies) or none can be
// fitted.
func (f frontiers) of(in evidence.Indicator, values *evidence.Panel) *yardstick.Frontier {
	if f.income == nil || !yardstick.FrontierApplies(in) {
		return nil
	}
	fr, err := yardstick.CachedFrontier(values, f.income, in.Direction, yardstick.FrontierOptions{Economies: f.economies})
	if err != nil {
		return nil
	}
	return fr
}

// profileFigures are the same-yardstick figures of an area in a panel over
// the window, each linked to its explanation on the method page. Only the
// figures that exist are given.
func profileFigures(b evidenceBase, in evidence.Indicator, p *evidence.Panel, area string, from, to int, f *yardstick.Frontier) []profileFigure {
	opt := yardstick.Options{Direction: in.Direction, Scale: yardstick.ScaleOf(in), Frontier: f}
	t, hasTarget := yardstick.SDGTarget(in.Code)
	if hasTarget {
		opt.Target = &t.Value
	}
	m, err := yardstick.Compute(p, area, yardstick.Window{From: from, To: to}, opt)
	if err != nil {
		return nil
	}
	var out []profileFigure
	if m.HasChange {
		v := b.signed(in, m.Change)
		if m.HasRelChange {
			v = b.T("evidence.fig_change_value", "change", v, "percent", b.signedDec(m.RelChange, 1))
		}
		out = append(out, profileFigure{Label: b.T("evidence.fig_change", "from", m.Start.Year, "to", m.Latest.Year), Value: v, Anchor: "change"})
	}
	switch {
	case m.HasPointsPerYear:
		out = append(out, profileFigure{Label: b.T("evidence.fig_rate"), Value: b.T("evidence.fig_points_year", "n", b.signedDec(m.PointsPerYear, 2)), Anchor: "rate"})
	case m.HasCAGR:
		out = append(out, profileFigure{Label: b.T("evidence.fig_rate"), Value: b.T("evidence.fig_percent_year", "n", b.signedDec(m.CAGR, 2)), Anchor: "rate"})
	}
	if fm := m.Frontier; fm != nil && fm.Status == yardstick.FrontierOK {
		out = append(out, profileFigure{Label: b.T("evidence.fig_frontier"),
			Value: b.T("evidence.fig_frontier_value", "expected", b.Value(in, fm.Expected), "gap", b.signed(in, fm.Gap), "year", fm.IncomeYear), Anchor: "frontier"})
	}
	if tm := m.Target; tm != nil {
		label := b.T("evidence.fig_target", "goal", t.Goal, "value", b.Value(in, tm.Target))
		var v string
		switch tm.Status {
		case yardstick.Reached:
			v = b.T("evidence.fig_target_reached")
		case yardstick.OnPace:
			v = b.T("evidence.fig_target_on_pace", "togo", b.Value(in, tm.ToGo), "year", tm.ReachYear)
		case yardstick.NotAtThisPace:
			v = b.T("evidence.fig_target_not_at_pace", "togo", b.Value(in, tm.ToGo))
		default:
			v = b.T("evidence.fig_target_to_go", "togo", b.Value(in, tm.ToGo))
		}
		out = append(out, profileFigure{Label: label, Value: v, Anchor: "target"})
	}
	return out
}

// signed formats a change with its sign, in the indicator's decimals.
func (b evidenceBase) signed(in evidence.Indicator, x float64) string {
	return b.signedDec(x, max(in.Decimals, 0))
}

func (b evidenceBase) signedDec(x float64, places int) string {
	s := decimal(b.Lang, math.Abs(x), places)
	if s == decimal(b.Lang, 0, places) {
		return s
	}
	if x < 0 {
		return "−" + s
	}
	return "+" + s
}
