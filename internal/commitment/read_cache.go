package commitment

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"roundtable/internal/outbox"
)

// readCache keeps the tracker's summaries and pages until anything
// changes. A summary, or a page filtered by status or due date, reads
// owners' latest published statuses (a correlated lookup per owner: some
// 300 ms for a summary over 5,000 commitments of 35 states on SQLite),
// while the tracker asks the same few filters again and again. Every
// write of this package announces a search document in its transaction,
// so the search outbox's head moves with each of them (and with every
// other write to the record): a result computed after reading head H is
// at least as new as H, and is served only while the head is still H.
// The key is the SQL condition with its arguments, which hold the
// reader's rule and the published editions, so readers never share a
// result they would see differently.
type readCache struct {
	mu   sync.Mutex
	head int64
	m    map[string]any // Summary or Page, by key
}

// maxCached bounds the cache: filters are few, but a client could ask for
// many.
const maxCached = 512

// cacheKey writes each argument in Go syntax (a string quoted), so that
// two lists of arguments never run together into one key.
func cacheKey(kind, where string, args ...any) string {
	var b strings.Builder
	b.WriteString(kind + "\x00" + where)
	for _, a := range args {
		fmt.Fprintf(&b, "\x00%#v", a)
	}
	return b.String()
}

func (c *readCache) get(head int64, key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.head != head {
		return nil, false
	}
	x, ok := c.m[key]
	return x, ok
}

func (c *readCache) put(head int64, key string, x any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.head != head || c.m == nil || len(c.m) >= maxCached {
		c.head, c.m = head, map[string]any{}
	}
	c.m[key] = x
}

// cached returns the value under key if nothing was written since it was
// computed, or computes it; clone copies what is kept and what is
// handed out, so that no caller changes the cache.
func cached[T any](ctx context.Context, s *Service, key string, clone func(T) T, compute func() (T, error)) (T, error) {
	var zero T
	head, err := outbox.Head(ctx, s.DB.Reader(), "search_outbox")
	if err != nil {
		return zero, err
	}
	if x, ok := s.reads.get(head, key); ok {
		return clone(x.(T)), nil
	}
	x, err := compute()
	if err != nil {
		return zero, err
	}
	s.reads.put(head, key, clone(x))
	return x, nil
}

func cloneSummary(s Summary) Summary {
	s.ByStatus = maps.Clone(s.ByStatus)
	byCountry := make([]CountryCount, len(s.ByCountry))
	for i, c := range s.ByCountry {
		c.ByStatus = maps.Clone(c.ByStatus)
		byCountry[i] = c
	}
	s.ByCountry = byCountry
	s.ByConcept = slices.Clone(s.ByConcept)
	s.ByDueYear = slices.Clone(s.ByDueYear)
	return s
}

func clonePage(p Page) Page {
	items := make([]Commitment, len(p.Items))
	for i, c := range p.Items {
		c.Owners, c.Concepts, c.Targets = slices.Clone(c.Owners), slices.Clone(c.Concepts), slices.Clone(c.Targets)
		c.Milestones, c.Indicators, c.Latest = slices.Clone(c.Milestones), slices.Clone(c.Indicators), maps.Clone(c.Latest)
		items[i] = c
	}
	p.Items = items
	return p
}
