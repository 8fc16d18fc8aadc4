package translate

import (
	"container/list"
	"sync"
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
	key  string
	alts []Alternative
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
	c.order.MoveToFront(e)
	return e.Value.(*cached).alts, true
}

func (c *queryCache) put(key string, alts []Alternative) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		e.Value.(*cached).alts = alts
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&cached{key: key, alts: alts})
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
