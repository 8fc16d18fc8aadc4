package commitment

import (
	"context"
	"fmt"
	"maps"
	"sync"

	"roundtable/internal/outbox"
)

// summaryCache keeps the tracker's summaries until anything changes. Each
// summary reads every visible owner's latest published status (a
// correlated lookup per owner: some 300 ms over 5,000 commitments of 35
// states on SQLite), while the tracker asks the same few filters again
// and again. Every write of this package announces a search document in
// its transaction, so the search outbox's head moves with each of them
// (and with every other write to the record): a summary computed after
// reading head H is at least as new as H, and is served only while the
// head is still H. The key is the SQL condition with its arguments, which
// holds the reader's rule and the published editions, so readers never
// share a summary they would count differently.
type summaryCache struct {
	mu   sync.Mutex
	head int64
	m    map[string]Summary
}

// maxSummaries bounds the cache: filters are few, but a client could ask
// for many.
const maxSummaries = 256

func summaryKey(where string, args []any) string { return where + "\x00" + fmt.Sprint(args...) }

func (c *summaryCache) get(head int64, key string) (Summary, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.head != head {
		return Summary{}, false
	}
	s, ok := c.m[key]
	return cloneSummary(s), ok
}

func (c *summaryCache) put(head int64, key string, s Summary) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.head != head || c.m == nil || len(c.m) >= maxSummaries {
		c.head, c.m = head, map[string]Summary{}
	}
	c.m[key] = cloneSummary(s)
}

// cloneSummary copies the maps and slices, so that no caller changes what
// the cache keeps.
func cloneSummary(s Summary) Summary {
	s.ByStatus = maps.Clone(s.ByStatus)
	byCountry := make([]CountryCount, len(s.ByCountry))
	for i, c := range s.ByCountry {
		c.ByStatus = maps.Clone(c.ByStatus)
		byCountry[i] = c
	}
	s.ByCountry = byCountry
	s.ByConcept = append([]KeyCount{}, s.ByConcept...)
	s.ByDueYear = append([]KeyCount{}, s.ByDueYear...)
	return s
}

// cachedSummary returns the summary under key if nothing was written
// since it was computed, or computes it.
func (s *Service) cachedSummary(ctx context.Context, key string, compute func() (Summary, error)) (Summary, error) {
	head, err := outbox.Head(ctx, s.DB.Reader(), "search_outbox")
	if err != nil {
		return Summary{}, err
	}
	if sum, ok := s.summaries.get(head, key); ok {
		return sum, nil
	}
	sum, err := compute()
	if err != nil {
		return Summary{}, err
	}
	s.summaries.put(head, key, sum)
	return sum, nil
}
