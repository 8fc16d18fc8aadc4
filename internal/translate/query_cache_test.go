package translate

import (
	"testing"
	"time"
)

// The cache keeps the most recently used queries and forgets the oldest.
func TestQueryCacheForgetsTheLeastRecent(t *testing.T) {
	c := newQueryCache(2)
	c.put("a", []Alternative{{Lang: "en", Text: "a"}}, 0)
	c.put("b", []Alternative{{Lang: "en", Text: "b"}}, 0)
	if _, ok := c.get("a"); !ok { // a is now the most recent
		t.Fatal("a missing")
	}
	c.put("c", []Alternative{{Lang: "en", Text: "c"}}, 0)
	if _, ok := c.get("b"); ok {
		t.Error("b kept, though it was the least recently used")
	}
	for _, k := range []string{"a", "c"} {
		if got, ok := c.get(k); !ok || got[0].Text != k {
			t.Errorf("get(%s) = %v, %v", k, got, ok)
		}
	}
	if c.len() != 2 {
		t.Errorf("len = %d, want 2", c.len())
	}
}

// An entry with a lifetime (an engine's failure) is forgotten after it.
func TestQueryCacheExpires(t *testing.T) {
	c := newQueryCache(4)
	c.put("down", nil, time.Millisecond)
	c.put("kept", nil, 0)
	time.Sleep(5 * time.Millisecond)
	if _, ok := c.get("down"); ok {
		t.Error("an expired entry is still answered")
	}
	if _, ok := c.get("kept"); !ok {
		t.Error("an entry without a lifetime was forgotten")
	}
}
