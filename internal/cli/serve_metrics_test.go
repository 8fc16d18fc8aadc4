package cli

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"roundtable/internal/config"
)

// get answers a GET's status and body; err when nothing answers.
func get(url string, header http.Header) (int, string, error) {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header = header
	// A listener nobody serves would hold the request forever.
	res, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

// `serve --metrics-addr` serves /metrics there and not on the site's
// address; with --metrics-token too, the site's address serves it to the
// token's holder. Both listeners stop with the server.
func TestServeMetricsAddress(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cfg := config.Default()
	cfg.Addr, cfg.MetricsAddr, cfg.DataDir, cfg.LogLevel = freeAddr(t), freeAddr(t), t.TempDir(), "error"
	cfg.MetricsToken = "sixteen or more characters"
	e := &env{ctx: ctx, cfg: cfg, stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	done := make(chan error, 1)
	go func() { done <- serve(e) }()
	site, ops := "http://"+cfg.Addr, "http://"+cfg.MetricsAddr
	for i := 0; ; i++ {
		if code, _, err := get(site+"/readyz", nil); err == nil && code == 200 {
			break
		}
		if i > 100 {
			cancel()
			t.Fatalf("server never became ready: %v", <-done)
		}
		time.Sleep(50 * time.Millisecond)
	}
	get(site+"/countries", nil)
	code, body, err := get(ops+"/metrics", nil)
	if err != nil || code != 200 || !strings.Contains(body, `route="GET /countries"`) {
		t.Errorf("metrics address: %d %v\n%s", code, err, body)
	}
	if code, _, _ := get(ops+"/countries", nil); code != 404 {
		t.Errorf("the metrics address serves the site: %d", code)
	}
	if code, _, _ := get(site+"/metrics", nil); code != 404 {
		t.Errorf("the site serves /metrics without the token: %d", code)
	}
	if code, body, _ := get(site+"/metrics", http.Header{"Authorization": {"Bearer " + cfg.MetricsToken}}); code != 200 || !strings.Contains(body, "roundtable_http_requests_total") {
		t.Errorf("the site refuses /metrics to the token: %d", code)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
	if _, _, err := get(ops+"/metrics", nil); err == nil {
		t.Error("the metrics address still answers after the server stopped")
	}
}
