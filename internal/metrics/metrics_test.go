package metrics

import (
	"strings"
	"testing"
	"time"
)

func TestExposition(t *testing.T) {
	r := New()
	r.ObserveRequest("GET /countries", "GET", 200, 3*time.Millisecond)
	r.ObserveRequest("GET /countries", "GET", 200, 300*time.Millisecond)
	var b strings.Builder
	r.Write(&b)
	out := b.String()
	for _, want := range []string{
		`roundtable_http_requests_total{route="GET /countries",method="GET",code="200"} 2`,
		`roundtable_http_request_duration_seconds_bucket{route="GET /countries",le="0.005"} 1`,
		`roundtable_http_request_duration_seconds_bucket{route="GET /countries",le="+Inf"} 2`,
		`roundtable_http_request_duration_seconds_count{route="GET /countries"} 2`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
}
