package commitment

import (
	"testing"
	"time"
)

// Two filters whose strings would run together (country BR and concept
// Ac.x, country BRA and concept c.x) never share a cached result.
func TestCacheKeysDoNotRunTogether(t *testing.T) {
	day := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	a := cacheKey("page", "w", day, "BR", "Ac.x")
	b := cacheKey("page", "w", day, "BRA", "c.x")
	if a == b {
		t.Errorf("keys %q and %q are the same", a, b)
	}
	if cacheKey("page", "w", day, "BRA") != cacheKey("page", "w", day, "BRA") {
		t.Error("the same arguments give two keys")
	}
}
