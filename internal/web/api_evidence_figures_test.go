package web_test

import (
	"math"
	"net/http"
	"strings"
	"testing"

	"roundtable/internal/account"
)

// The figures API on the shipped World Bank file, against numbers worked
// out by hand from data/indicators/wdi_all_areas.csv.
func TestEvidenceFiguresAPI(t *testing.T) {
	s := shippedSite(t, sqliteDB(t))
	c := s.client()
	near := func(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

	t.Run("metrics", func(t *testing.T) {
		// Bolivia's under-5 mortality: 70.7 in 2000, 19.3 in 2020.
		m := decode[struct {
			Series  struct{ Vintage string }
			Metrics struct {
				Start, Latest struct {
					Year  int
					Value float64
				}
				Change        float64
				RelChange     float64 `json:"relative_change_percent"`
				CAGR          float64 `json:"cagr_percent"`
				PointsPerYear float64 `json:"points_per_year"`
				Target        *struct {
					Target float64
					Status string
				}
			}
		}](t, c.get("/api/v1/indicators/SH.DYN.MORT/metrics?area=BOL&from=2000&to=2020"))
		got := m.Metrics
		if got.Start.Year != 2000 || got.Start.Value != 70.7 || got.Latest.Year != 2020 || got.Latest.Value != 19.3 {
			t.Fatalf("window %+v → %+v", got.Start, got.Latest)
		}
		// −51.4; −72.70 %; (19.3/70.7)^(1/20) − 1 = −6.29 % a year; −2.57 points a year.
		if !near(got.Change, -51.4, 1e-9) || !near(got.RelChange, -72.70, 0.01) || !near(got.CAGR, -6.29, 0.01) || !near(got.PointsPerYear, -2.57, 1e-9) {
			t.Errorf("metrics %+v", got)
		}
		// SDG target 3.2: at most 25 per 1,000; 19.3 has reached it.
		if got.Target == nil || got.Target.Target != 25 || got.Target.Status != "reached" {
			t.Errorf("target %+v", got.Target)
		}
		if m.Series.Vintage != "2026-07-01" {
			t.Errorf("series release %q", m.Series.Vintage)
		}
		wantError(t, c.get("/api/v1/indicators/SH.DYN.MORT/metrics"), 400, "area_required", "area")
		wantError(t, c.get("/api/v1/indicators/SH.DYN.MORT/metrics?area=BOL&from=2020&to=2000"), 400, "bad_window", "from")
		wantError(t, c.get("/api/v1/indicators/NOPE/metrics?area=BOL"), 404, "indicator_not_found", "")
	})

	t.Run("groups", func(t *testing.T) {
		// CELAC's population: the sum of its 33 members, 641,623,238 in 2020.
		g := decode[struct {
			Rule   string
			Groups []struct {
				Group string
				Years []struct {
					Year  int
					OK    bool
					Value float64
				}
			}
		}](t, c.get("/api/v1/indicators/SP.POP.TOTL/groups?group=CELAC"))
		if g.Rule != "sum" || len(g.Groups) != 1 || g.Groups[0].Group != "CELAC" {
			t.Fatalf("groups %+v", g)
		}
		found := false
		for _, y := range g.Groups[0].Years {
			if y.Year == 2020 {
				found = y.OK && y.Value == 641623238
			}
		}
		if !found {
			t.Error("CELAC's 2020 population is not 641,623,238")
		}
		wantError(t, c.get("/api/v1/indicators/SP.POP.TOTL/groups?group=NOPE"), 400, "unknown_group", "group")
	})

	t.Run("peers", func(t *testing.T) {
		p := decode[struct {
			From, To int
			Peers    []struct {
				Peer    string
				Reasons []struct{ Code string }
			}
		}](t, c.get("/api/v1/indicators/SH.DYN.MORT/peers?country=BOL&from=2000&to=2020"))
		var codes []string
		for _, x := range p.Peers {
			codes = append(codes, x.Peer)
			if len(x.Reasons) == 0 {
				t.Errorf("%s has no reasons", x.Peer)
			}
		}
		if got := strings.Join(codes, " "); got != "AZE MNG UZB NAM PNG" || p.From != 2000 || p.To != 2020 {
			t.Errorf("peers of Bolivia 2000–2020: %q", got)
		}
	})

	t.Run("check", func(t *testing.T) {
		// China and CELAC over the world, 2025: (1,406,585,000 + 662,807,600) / 8,215,424,893 = 25.19 %.
		a := decode[struct {
			Value   float64
			Year    int
			Verdict string
			Series  struct{ Source, Vintage string }
		}](t, c.get("/api/v1/evidence/check?kind=share&indicator=SP.POP.TOTL&areas=CHN,CELAC&of=WLD&stated=33.3"))
		if a.Year != 2025 || !near(a.Value, 25.189, 0.001) || a.Verdict != "differs" || a.Series.Vintage != "2026-07-01" {
			t.Errorf("check %+v", a)
		}
		wantError(t, c.get("/api/v1/evidence/check?kind=share&indicator=SP.POP.TOTL&areas=CHN"), 400, "of_required", "of")
	})

	t.Run("claims need a chair or the secretariat", func(t *testing.T) {
		h := s.token("delegate@example.org", account.Delegate)
		res := c.do("POST", "/api/v1/statements/1/claims", strings.NewReader(`{"quote":"x","spec":{"kind":"value","indicator":"SP.POP.TOTL","areas":["BOL"]}}`), h)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("a delegate adds a claim: status %d", res.StatusCode)
		}
	})
}
