package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"roundtable/internal/web"
)

const metricsToken = "a metrics token of some length"

// metricsSite is a site whose /metrics answers the holder of metricsToken.
func metricsSite(t *testing.T) (*site, *web.Server) {
	t.Helper()
	base := newSite(t, sqliteDB(t)) // reference data and accounts
	base.srv.Close()
	s, err := web.New(web.Options{DB: base.db, Accounts: base.accounts, Logger: quietLog(), MetricsToken: metricsToken})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	base.srv = srv
	return base, s
}

func bodyOf(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const countriesCounted = `roundtable_http_requests_total{route="GET /countries",method="GET",code="200"} 1`

// With a token, /metrics counts the site's requests for whoever brings it;
// to anyone else it is the page an unknown address gets.
func TestMetricsBehindAToken(t *testing.T) {
	s, _ := metricsSite(t)
	c := s.client()
	// Reading the whole page means the server has finished the request.
	bodyOf(t, c.get("/countries"))
	unknown := c.get("/no-such-page")
	wantStatus(t, unknown, 404)
	unknownTitle := text(one(t, doc(t, unknown), "title"))
	for _, h := range []http.Header{
		nil,
		{"Authorization": {"Bearer a wrong token of the same length"}},
		{"Authorization": {"Bearer " + metricsToken[:len(metricsToken)-1]}},
		{"Authorization": {"Basic " + metricsToken}},
	} {
		res := c.do("GET", "/metrics", nil, h)
		if res.StatusCode != 404 {
			t.Errorf("Authorization %q: status %d, want 404", h.Get("Authorization"), res.StatusCode)
			continue
		}
		if got := text(one(t, doc(t, res), "title")); got != unknownTitle {
			t.Errorf("Authorization %q: the refusal is titled %q, an unknown page %q", h.Get("Authorization"), got, unknownTitle)
		}
	}
	res := c.do("GET", "/metrics", nil, http.Header{"Authorization": {"Bearer " + metricsToken}})
	wantStatus(t, res, 200)
	if got := bodyOf(t, res); !strings.Contains(got, countriesCounted) {
		t.Fatalf("metrics do not count the request:\n%s", got)
	}
}

// MetricsHandler, for an address of its own, serves /metrics without a
// token and nothing of the site.
func TestMetricsOnTheirOwnAddress(t *testing.T) {
	s, srv := metricsSite(t)
	ops := httptest.NewServer(srv.MetricsHandler())
	defer ops.Close()
	bodyOf(t, s.client().get("/countries"))
	res, err := http.Get(ops.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, res, 200)
	if got := bodyOf(t, res); !strings.Contains(got, countriesCounted) {
		t.Fatalf("metrics do not count the request:\n%s", got)
	}
	for _, p := range []string{"/countries", "/", "/signin"} {
		res, err := http.Get(ops.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 404 {
			t.Errorf("the metrics address serves %s: %d", p, res.StatusCode)
		}
	}
}
