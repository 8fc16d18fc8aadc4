package web

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"roundtable/internal/errs"
	"roundtable/internal/evidence"
)

// apiIndicator is an indicator with its series, newest release first.
type apiIndicator struct {
	evidence.Indicator
	Series []evidence.Series `json:"series"`
}

// apiIndicators lists the catalogue, every indicator with its series.
func (s *Server) apiIndicators(w http.ResponseWriter, r *http.Request) error {
	ins, err := s.evidence.Indicators(r.Context())
	if err != nil {
		return err
	}
	all, err := s.evidence.Series(r.Context(), "")
	if err != nil {
		return err
	}
	out := make([]apiIndicator, len(ins))
	for i, in := range ins {
		out[i] = apiIndicator{Indicator: in, Series: []evidence.Series{}}
		for _, se := range all {
			if se.Indicator == in.Code {
				out[i].Series = append(out[i].Series, se)
			}
		}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"indicators": out})
}

func (s *Server) apiIndicator(w http.ResponseWriter, r *http.Request) error {
	in, err := s.evidence.Indicator(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	ss, err := s.evidence.Series(r.Context(), in.Code)
	if err != nil {
		return err
	}
	if ss == nil {
		ss = []evidence.Series{}
	}
	return writeJSON(w, http.StatusOK, apiIndicator{Indicator: in, Series: ss})
}

func (s *Server) apiEvidenceAreas(w http.ResponseWriter, r *http.Request) error {
	as, err := s.evidence.Areas(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"areas": as})
}

func (s *Server) apiSeries(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	se, err := s.evidence.OneSeries(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, se)
}

// apiObservation is one value of a series.
type apiObservation struct {
	Area  string  `json:"area"`
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

// apiObservations gives a series' values, for some areas (?area=ARG,BRA)
// and years (?from=, ?to=), as JSON or, with ?format=csv, as a CSV file
// that Roundtable's own import reads back (the seven-column long layout).
func (s *Server) apiObservations(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	yw, err := yearWindow(q)
	if err != nil {
		return err
	}
	format := q.Get("format")
	if format != "" && format != "json" && format != "csv" {
		return errs.Field("format", "unsupported_format", "evidence_api.error.format")
	}
	p, err := s.evidence.Panel(r.Context(), id)
	if err != nil {
		return err
	}
	areas := areaList(q.Get("area"))
	if areas == nil {
		areas = p.Areas()
		slices.Sort(areas)
	}
	obs := []apiObservation{}
	for _, a := range areas {
		for _, pt := range p.Points(a) {
			if yw.has(pt.Year) {
				obs = append(obs, apiObservation{a, pt.Year, pt.Value})
			}
		}
	}
	if format == "csv" {
		return s.writeObservationsCSV(w, r, p.Series, obs)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"series": p.Series, "observations": obs})
}

// writeObservationsCSV writes observations in the long layout
// iso3,country,indicator_code,indicator_name,year,value,source, the
// source cell naming the series' source, release and licence.
func (s *Server) writeObservationsCSV(w http.ResponseWriter, r *http.Request, se evidence.Series, obs []apiObservation) error {
	areas, err := s.evidence.Areas(r.Context())
	if err != nil {
		return err
	}
	names := make(map[string]string, len(areas))
	for _, a := range areas {
		names[a.Code] = evidence.Name(a.Names, a.Code, "en")
	}
	in, err := s.evidence.Indicator(r.Context(), se.Indicator)
	if err != nil {
		return err
	}
	name := se.Name
	if name == "" {
		name = evidence.Name(in.Names, in.Code, "en")
	}
	source := se.Source + " (" + se.Vintage + ")"
	if se.Licence != "" {
		source += ", " + se.Licence
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+csvFileName(se)+`"`)
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	_ = cw.Write([]string{"iso3", "country", "indicator_code", "indicator_name", "year", "value", "source"})
	for _, o := range obs {
		_ = cw.Write([]string{o.Area, names[o.Area], se.Indicator, name, strconv.Itoa(o.Year), rawValue(o.Value), source})
	}
	cw.Flush()
	return cw.Error()
}

// csvFileName is a download's name: the indicator and release, in
// characters every system keeps.
func csvFileName(se evidence.Series) string {
	keep := func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}
	return strings.Map(keep, se.Indicator+"_"+se.Vintage) + ".csv"
}

// areaList reads a comma-separated list of area codes (upper-cased); nil
// when empty.
func areaList(v string) []string {
	var out []string
	for _, a := range strings.Split(v, ",") {
		if a = strings.ToUpper(strings.TrimSpace(a)); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// years is a window of years asked for; zero ends are open.
type years struct{ From, To int }

func (y years) has(year int) bool {
	return (y.From == 0 || year >= y.From) && (y.To == 0 || year <= y.To)
}

// yearWindow reads ?from= and ?to=: four-digit years, from not after to.
func yearWindow(q map[string][]string) (years, error) {
	var y years
	for _, f := range []struct {
		name string
		to   *int
	}{{"from", &y.From}, {"to", &y.To}} {
		v := ""
		if vs := q[f.name]; len(vs) > 0 {
			v = vs[0]
		}
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1000 || n > 9999 {
			return y, errs.Field(f.name, "bad_year", "evidence_api.error.year")
		}
		*f.to = n
	}
	if y.From != 0 && y.To != 0 && y.From > y.To {
		return y, errs.Field("from", "bad_window", "evidence_api.error.window")
	}
	return y, nil
}
