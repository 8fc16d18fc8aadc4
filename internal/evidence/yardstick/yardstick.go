// Package yardstick computes the same figures for every area from a
// series' panel: the latest value, the change over a window, the
// annualised rate, the distance to a target and the time to reach it at
// the current pace, and the value expected at the area's income level (an
// income frontier fitted across all economies). There is one code path and
// no case for any country; the method page (/evidence/method) explains
// each figure with its formula, and its anchors are named in the comments
// below.
//
// Every figure reads one panel, that is one series: a metric never mixes
// two sources or two vintages of an indicator.
package yardstick

import (
	"math"
	"strings"

	"roundtable/internal/errs"
	"roundtable/internal/evidence"
)

// Window is the span of years a change is measured over. From 0 is the
// earliest observation, To 0 the latest.
type Window struct {
	From int `json:"from,omitempty"`
	To   int `json:"to,omitempty"`
}

// Scale says what kind of number an indicator is, which decides whether
// the change is also given in points per year.
type Scale int

const (
	// Level is any other quantity (people, dollars, years, an index).
	Level Scale = iota
	// Percent is a share in percent (of the population, of the labour
	// force, of an age group).
	Percent
	// PerThousand is a rate per 1,000 (e.g. deaths per 1,000 live births).
	PerThousand
)

// ScaleOf reads an indicator's scale from its English unit, or its English
// name when no unit is given: "%" makes a percent, "per 1,000" a rate per
// thousand; World Bank codes ending in .ZS are percentages too.
func ScaleOf(ind evidence.Indicator) Scale {
	s := ind.Units["en"]
	if s == "" {
		s = ind.Names["en"]
	}
	switch {
	case strings.Contains(s, "per 1,000 ") || strings.HasSuffix(s, "per 1,000") || strings.Contains(s, "per 1000 ") || strings.Contains(s, "per 1,000)"):
		return PerThousand
	case strings.Contains(s, "%") || strings.HasSuffix(ind.Code, ".ZS"):
		return Percent
	}
	return Level
}

// Options are what Compute needs beyond the panel.
type Options struct {
	// Direction is the indicator's: which way is better. It orients the
	// target and the frontier.
	Direction evidence.Direction
	// Scale decides whether points per year are given.
	Scale Scale
	// Target, when set, is a value to reach (e.g. an SDG target).
	Target *float64
	// Frontier, when set, gives the value expected at the area's income.
	// It must have been fitted on the same panel's series.
	Frontier *Frontier
}

// Metrics are the figures of one area in one series over one window.
// The Has* fields say which figures exist; a page shows only those.
type Metrics struct {
	Area     string `json:"area"`
	SeriesID int64  `json:"series_id"`
	Window   Window `json:"window"`
	// Latest is the last observation in the window: at To, or the nearest
	// earlier one (the latest of all when To is 0).
	Latest evidence.Point `json:"latest"`
	// Start is the first observation in the window: at From, or the
	// nearest later one (the first of all when From is 0).
	Start evidence.Point `json:"start"`
	// Years is Latest.Year - Start.Year; the change figures need Years > 0.
	Years int `json:"years"`

	// #change: Change = v_t - v_0; RelChange = 100 × Change / |v_0| (%),
	// when v_0 ≠ 0.
	HasChange    bool    `json:"has_change"`
	Change       float64 `json:"change"`
	HasRelChange bool    `json:"has_relative_change"`
	RelChange    float64 `json:"relative_change_percent"`

	// #rate: CAGR = 100 × ((v_t / v_0)^(1/(t - t_0)) - 1) (% a year), when
	// both values are positive; PointsPerYear = (v_t - v_0) / (t - t_0),
	// for percentages and rates per 1,000, whose changes read better in
	// points than in percent of themselves.
	HasCAGR          bool    `json:"has_cagr"`
	CAGR             float64 `json:"cagr_percent"`
	HasPointsPerYear bool    `json:"has_points_per_year"`
	PointsPerYear    float64 `json:"points_per_year"`

	Target   *TargetMetrics   `json:"target,omitempty"`
	Frontier *FrontierMetrics `json:"frontier,omitempty"`
}

// TargetStatus says where an area stands against a target.
type TargetStatus string

const (
	// Reached: the latest value is at the target or on its better side.
	Reached TargetStatus = "reached"
	// OnPace: the pace over the window moves toward the target; YearsToGo
	// says how long it takes at that pace.
	OnPace TargetStatus = "on_pace"
	// NotAtThisPace: flat, or moving away from the target.
	NotAtThisPace TargetStatus = "not_at_this_pace"
	// NoPace: a single observation in the window, so no pace.
	NoPace TargetStatus = "no_pace"
)

// TargetMetrics is the distance to a target (#target).
type TargetMetrics struct {
	Target float64 `json:"target"`
	// ToGo is how far the latest value is from the target, in the
	// indicator's units, counted toward the better side: positive while
	// short of it, 0 or negative once reached.
	ToGo   float64      `json:"to_go"`
	Status TargetStatus `json:"status"`
	// Pace is the linear pace over the window, (v_t - v_0) / (t - t_0), in
	// units a year.
	Pace float64 `json:"pace"`
	// YearsToGo = ToGo / |Pace| and ReachYear = Latest.Year + ⌈YearsToGo⌉,
	// when Status is OnPace.
	YearsToGo float64 `json:"years_to_go,omitempty"`
	ReachYear int     `json:"reach_year,omitempty"`
}

// Compute returns the figures of area in p over w. An area without an
// observation in the window is a not-found error with code no_data.
func Compute(p *evidence.Panel, area string, w Window, opt Options) (Metrics, error) {
	m := Metrics{Area: area, SeriesID: p.Series.ID, Window: w}
	pts := p.Points(area)
	first, last := -1, -1
	for i, pt := range pts {
		if (w.From == 0 || pt.Year >= w.From) && (w.To == 0 || pt.Year <= w.To) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return m, errs.New(errs.NotFound, "no_data", "evidence.error.no_data", "code", p.Series.Indicator, "area", area)
	}
	m.Start, m.Latest = pts[first], pts[last]
	m.Years = m.Latest.Year - m.Start.Year
	v0, vt, years := m.Start.Value, m.Latest.Value, float64(m.Years)
	if m.Years > 0 {
		m.HasChange, m.Change = true, vt-v0
		if v0 != 0 {
			m.HasRelChange, m.RelChange = true, 100*(vt-v0)/math.Abs(v0)
		}
		if v0 > 0 && vt > 0 {
			m.HasCAGR, m.CAGR = true, 100*(math.Pow(vt/v0, 1/years)-1)
		}
		if opt.Scale == Percent || opt.Scale == PerThousand {
			m.HasPointsPerYear, m.PointsPerYear = true, (vt-v0)/years
		}
	}
	if opt.Target != nil {
		m.Target = target(m, *opt.Target, opt.Direction)
	}
	if opt.Frontier != nil {
		fm, err := opt.Frontier.metrics(p, area, m.Latest)
		if err != nil {
			return m, err
		}
		m.Frontier = fm
	}
	return m, nil
}

// target measures the distance to t. The better side is the indicator's
// direction; for an indicator with none, it is the side the target lies on.
func target(m Metrics, t float64, dir evidence.Direction) *TargetMetrics {
	vt := m.Latest.Value
	sign := float64(dir)
	if dir == evidence.Neither {
		sign = 1
		if t < vt {
			sign = -1
		}
	}
	tm := &TargetMetrics{Target: t, ToGo: sign * (t - vt)}
	switch {
	case tm.ToGo <= 0:
		tm.Status = Reached
	case m.Years == 0:
		tm.Status = NoPace
	default:
		tm.Pace = m.Change / float64(m.Years)
		if toward := sign * tm.Pace; toward > 0 {
			tm.Status = OnPace
			tm.YearsToGo = tm.ToGo / toward
			tm.ReachYear = m.Latest.Year + int(math.Ceil(tm.YearsToGo-1e-9))
		} else {
			tm.Status = NotAtThisPace
		}
	}
	if tm.Status != OnPace && m.Years > 0 {
		tm.Pace = m.Change / float64(m.Years)
	}
	return tm
}

// OptionsFor are the options an indicator implies: its direction and scale.
// A page adds a target or a frontier when it has one.
func OptionsFor(ind evidence.Indicator) Options {
	return Options{Direction: ind.Direction, Scale: ScaleOf(ind)}
}

// EconomySet is the set of economies among areas (kind "economy"), the
// pool FrontierOptions.Economies wants; aggregates are left out.
func EconomySet(areas []evidence.Area) map[string]bool {
	set := make(map[string]bool, len(areas))
	for _, a := range areas {
		if a.Kind == evidence.Economy {
			set[a.Code] = true
		}
	}
	return set
}
