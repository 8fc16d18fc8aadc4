package web

import (
	"context"
	"net/http"
	"strconv"

	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/groups"
	"roundtable/internal/evidence/peers"
	"roundtable/internal/evidence/yardstick"
)

// indicatorPanel reads the indicator of the path and the series the
// request asks for (?series=, which must be one of the indicator's), or
// its default series.
func (s *Server) indicatorPanel(r *http.Request) (evidence.Indicator, *evidence.Panel, error) {
	ctx := r.Context()
	in, err := s.evidence.Indicator(ctx, r.PathValue("code"))
	if err != nil {
		return in, nil, err
	}
	var se evidence.Series
	if v := r.URL.Query().Get("series"); v != "" {
		id, perr := strconv.ParseInt(v, 10, 64)
		if perr == nil {
			se, err = s.evidence.OneSeries(ctx, id)
		}
		if perr != nil || errs.Is(err, errs.NotFound) || (err == nil && se.Indicator != in.Code) {
			return in, nil, errs.Field("series", "unknown_series", "evidence_api.error.series", "code", in.Code)
		}
	} else {
		se, err = s.evidence.DefaultSeries(ctx, in.Code)
	}
	if err != nil {
		return in, nil, err
	}
	p, err := s.evidence.Panel(ctx, se.ID)
	return in, p, err
}

// apiMetrics is an area's figures by the same yardstick, and where the
// series and the income frontier came from.
type apiMetrics struct {
	Indicator string            `json:"indicator"`
	Series    evidence.Series   `json:"series"`
	Income    *evidence.Series  `json:"income_series,omitempty"`
	Metrics   yardstick.Metrics `json:"metrics"`
}

// apiIndicatorMetrics answers /indicators/{code}/metrics?area=BOL: the
// latest value, the change, relative change and annual rate over the
// window (?from=, ?to=), the distance to the indicator's SDG target (or
// ?target=) and the value expected at the area's income.
func (s *Server) apiIndicatorMetrics(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	yw, err := yearWindow(q)
	if err != nil {
		return err
	}
	area := q.Get("area")
	if area == "" {
		return errs.Field("area", "area_required", "evidence_api.error.area_required")
	}
	in, p, err := s.indicatorPanel(r)
	if err != nil {
		return err
	}
	opt := yardstick.OptionsFor(in)
	if v := q.Get("target"); v != "" {
		t, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return errs.Field("target", "bad_target", "evidence_api.error.target")
		}
		opt.Target = &t
	} else if t, ok := yardstick.SDGTarget(in.Code); ok {
		opt.Target = &t.Value
	}
	out := apiMetrics{Indicator: in.Code, Series: p.Series}
	if f := s.incomeFrontier(r.Context(), in, p); f != nil {
		opt.Frontier = f
		out.Income = &f.Income
	}
	if out.Metrics, err = yardstick.Compute(p, area, yardstick.Window{From: yw.From, To: yw.To}, opt); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// incomeFrontier is the income frontier of a series, as the pages fit it
// (frontiers); nil where it does not apply or cannot be fitted.
func (s *Server) incomeFrontier(ctx context.Context, in evidence.Indicator, values *evidence.Panel) *yardstick.Frontier {
	se, err := s.evidence.DefaultSeries(ctx, yardstick.IncomeIndicator)
	if err != nil {
		return nil
	}
	areas, err := s.evidence.Areas(ctx)
	if err != nil {
		return nil
	}
	byCode := make(map[string]evidence.Area, len(areas))
	for _, a := range areas {
		byCode[a.Code] = a
	}
	return s.frontiersOver(ctx, byCode, se).of(in, values)
}

// apiGroupFigures are an indicator's group figures, each group by the rule
// its indicator takes (a sum for a population, a population-weighted mean
// for a rate), with the coverage of every year.
type apiGroupFigures struct {
	Indicator string           `json:"indicator"`
	Rule      string           `json:"rule"`
	Series    evidence.Series  `json:"series"`
	Weights   *evidence.Series `json:"population_series,omitempty"`
	Groups    []apiGroupFigure `json:"groups"`
}

type apiGroupFigure struct {
	groups.Result
	Names   map[string]string `json:"names"`
	Members []string          `json:"members"`
}

func (s *Server) apiIndicatorGroups(w http.ResponseWriter, r *http.Request) error {
	in, p, err := s.indicatorPanel(r)
	if err != nil {
		return err
	}
	gs, err := s.evidenceGroups(r.Context())
	if err != nil {
		return err
	}
	want := r.URL.Query().Get("group")
	if want != "" {
		if _, ok := gs.Get(want); !ok {
			return errs.Field("group", "unknown_group", "evidence_api.error.group", "code", want)
		}
	}
	pop, err := s.peerPanel(r.Context(), "SP.POP.TOTL")
	if err != nil {
		return err
	}
	rule := groups.RuleFor(in.Code)
	out := apiGroupFigures{Indicator: in.Code, Rule: rule.String(), Series: p.Series, Groups: []apiGroupFigure{}}
	if pop != nil && rule != groups.Sum {
		out.Weights = &pop.Series
	}
	for _, g := range gs {
		if want != "" && g.Code != want {
			continue
		}
		weights := pop
		if rule == groups.Sum || weights == nil {
			weights = p
		}
		res := groups.Aggregate(p, weights, g, rule)
		if res.Years == nil {
			res.Years = []groups.Year{}
		}
		out.Groups = append(out.Groups, apiGroupFigure{Result: res, Names: g.Names, Members: g.Areas()})
	}
	return writeJSON(w, http.StatusOK, out)
}

// apiPeers is a country's peer suggestions for an indicator.
type apiPeers struct {
	Indicator string             `json:"indicator"`
	Country   string             `json:"country"`
	Series    evidence.Series    `json:"series"`
	From      int                `json:"from"`
	To        int                `json:"to"`
	Peers     []peers.Suggestion `json:"peers"`
}

// apiIndicatorPeers answers /indicators/{code}/peers?country=BOL: the
// economies that started the window (?from=, ?to=; by default the country's
// last twenty years) near the country's level, income and population and
// improved most, each with its reasons.
func (s *Server) apiIndicatorPeers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	from, to, err := peerWindow(q)
	if err != nil {
		return err
	}
	country := q.Get("country")
	if country == "" {
		return errs.Field("country", "country_required", "evidence_api.error.country_required")
	}
	in, p, err := s.indicatorPanel(r)
	if err != nil {
		return err
	}
	if to == 0 {
		latest, ok := p.Latest(country)
		if !ok {
			return errs.New(errs.NotFound, "no_data", "evidence.error.no_data", "code", in.Code, "area", country)
		}
		from, to = latest.Year-peerDefaultYears, latest.Year
	}
	income, err := s.peerPanel(r.Context(), peerIncomeCode)
	if err != nil {
		return err
	}
	pop, err := s.peerPanel(r.Context(), peerPopulationCode)
	if err != nil {
		return err
	}
	areas, err := s.evidence.Areas(r.Context())
	if err != nil {
		return err
	}
	found := peers.Suggest(peers.Input{Country: country, Indicator: p, Direction: in.Direction, From: from, To: to,
		Income: income, Population: pop, Areas: areas})
	if found == nil {
		found = []peers.Suggestion{}
	}
	return writeJSON(w, http.StatusOK, apiPeers{Indicator: in.Code, Country: country, Series: p.Series, From: from, To: to, Peers: found})
}
