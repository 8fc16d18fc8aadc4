package translate

import "testing"

// The cache keeps the most recently used queries and forgets the oldest.
func TestQueryCacheForgetsTheLeastRecent(t *testing.T) {
	c := newQueryCache(2)
	c.put("a", []Alternative{{Lang: "en", Text: "a"}})
	c.put("b", []Alternative{{Lang: "en", Text: "b"}})
	if _, ok := c.get("a"); !ok { // a is now the most recent
		t.Fatal("a missing")
	}
	c.put("c", []Alternative{{Lang: "en", Text: "c"}})
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
