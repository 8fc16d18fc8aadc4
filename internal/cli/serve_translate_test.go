package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"roundtable/internal/config"
)

// An Apertium folder named in the settings must be there: serve refuses
// to start rather than run without the engine it was told to use.
func TestServeRefusesAMissingApertiumFolder(t *testing.T) {
	cfg := config.Default()
	cfg.Addr, cfg.DataDir, cfg.LogLevel = freeAddr(t), t.TempDir(), "error"
	cfg.Apertium = "/nonexistent/apertium"
	// Should it start anyway, it stops after a while and the test fails.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	e := &env{ctx: ctx, cfg: cfg, stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	err := serve(e)
	if err == nil || !strings.Contains(err.Error(), "--apertium /nonexistent/apertium") {
		t.Fatalf("serve with a missing Apertium folder: %v", err)
	}
}
