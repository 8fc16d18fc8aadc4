package translate

import (
	"container/list"
	"slices"
	"sync"
	"time"
)

// queryCache keeps the alternatives of the most recent queries, so a query
// searched again (the next page, a changed filter, another reader asking
// the same) costs a map look-up.
type queryCache struct {
	mu    sync.Mutex
	max   int
	order *list.List               // most recent first; values are *cached
	byKey map[string]*list.Element // key → its place in order
}

type cached struct {
	key   string
	alts  []Alternative
	until time.Time // zero: kept until pushed out
}

func newQueryCache(max int) *queryCache {
	return &queryCache{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *queryCache) get(key string) ([]Alternative, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	v := e.Value.(*cached)
	if !v.until.IsZero() && time.Now().After(v.until) {
		c.order.Remove(e)
		delete(c.byKey, key)
		return nil, false
	}
	c.order.MoveToFront(e)
	return slices.Clone(v.alts), true
}

// put keeps alts for key, for ttl (0: until the entry is pushed out).
func (c *queryCache) put(key string, alts []Alternative, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var until time.Time
	if ttl > 0 {
		until = time.Now().Add(ttl)
	}
	if e, ok := c.byKey[key]; ok {
		v := e.Value.(*cached)
		v.alts, v.until = alts, until
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&cached{key: key, alts: alts, until: until})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*cached).key)
	}
}

func (c *queryCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
