package yardstick

import (
	"hash/fnv"
	"math"
	"sync"

	"roundtable/internal/evidence"
)

// Cache keeps fitted frontiers by the two series and revisions they were
// fitted on (and the options), so a page may ask for a frontier on every
// request: a new import of either series has a new revision, and so a new
// key. Safe for concurrent use; the zero value is ready.
type Cache struct {
	mu   sync.Mutex
	m    map[cacheKey]*cached
	tick uint64
}

type cacheKey struct {
	values, valuesRev int64
	income, incomeRev int64
	dir               evidence.Direction
	from, to, min     int
	width, quantile   float64
	economies         uint64 // hash of the sorted codes
}

type cached struct {
	f    *Frontier
	err  error
	used uint64
}

// cacheSize bounds the frontiers kept: a frontier is a few dozen knots,
// but it holds its income panel (about 140 KB, shared by all).
const cacheSize = 128

var frontiers Cache

// CachedFrontier is FitFrontier through the package's cache.
func CachedFrontier(values, income *evidence.Panel, dir evidence.Direction, opt FrontierOptions) (*Frontier, error) {
	return frontiers.Frontier(values, income, dir, opt)
}

// Frontier returns the frontier FitFrontier gives for these arguments,
// fitting it once per key. A refusal (no direction, too few points) is kept
// too, so it is not recomputed on every page.
//
// Panels of no stored series (ID 0, as NewPanel makes for computed groups
// and tests) have no identity to key on: they are fitted every time.
func (c *Cache) Frontier(values, income *evidence.Panel, dir evidence.Direction, opt FrontierOptions) (*Frontier, error) {
	if values.Series.ID == 0 || income.Series.ID == 0 {
		return FitFrontier(values, income, dir, opt)
	}
	n := opt.normalised()
	k := cacheKey{values.Series.ID, values.Series.Revision, income.Series.ID, income.Series.Revision, dir,
		n.From, n.To, n.MinPoints, n.BandWidth, n.Quantile, economiesHash(opt.Economies)}
	c.mu.Lock()
	if e, ok := c.m[k]; ok {
		c.tick++
		e.used = c.tick
		c.mu.Unlock()
		return e.f, e.err
	}
	c.mu.Unlock()

	// Fit outside the lock: two first requests may both fit, and agree.
	f, err := FitFrontier(values, income, dir, opt)

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[cacheKey]*cached{}
	}
	// An older revision of either series will not be asked for again.
	for old := range c.m {
		if (old.values == k.values && old.valuesRev < k.valuesRev) || (old.income == k.income && old.incomeRev < k.incomeRev) {
			delete(c.m, old)
		}
	}
	if len(c.m) >= cacheSize {
		var oldest cacheKey
		least := uint64(math.MaxUint64)
		for key, e := range c.m {
			if e.used < least {
				oldest, least = key, e.used
			}
		}
		delete(c.m, oldest)
	}
	c.tick++
	c.m[k] = &cached{f: f, err: err, used: c.tick}
	return f, err
}

// Len is the number of frontiers kept.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// economiesHash fingerprints a pool of economies whatever the map's order:
// the sum of each code's own FNV-1a hash (a page asks on every request, so
// no sorting).
func economiesHash(set map[string]bool) uint64 {
	var sum uint64
	for code, in := range set {
		if in {
			h := fnv.New64a()
			h.Write([]byte(code))
			sum += h.Sum64()
		}
	}
	return sum
}
