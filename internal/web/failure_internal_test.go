package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAbandonedRequestIsNoInternalError: a request whose client left (its
// context cancelled, the service returning that) is not logged as an
// internal error, while a real failure still is.
func TestAbandonedRequestIsNoInternalError(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequest("GET", "/outcomes/1", nil).WithContext(ctx)
	s.fail(httptest.NewRecorder(), r, fmt.Errorf("reading the status view: %w", context.Canceled))
	if strings.Contains(logs.String(), "internal error") {
		t.Errorf("an abandoned request was logged as an internal error: %s", logs.String())
	}
	live := httptest.NewRequest("GET", "/api/v1/outcomes/1", nil)
	s.fail(httptest.NewRecorder(), live, fmt.Errorf("reading the status view: %w", context.Canceled))
	if !strings.Contains(logs.String(), "internal error") {
		t.Error("a cancellation while the client is still there was not logged")
	}
}
