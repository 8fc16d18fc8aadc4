package groups

import (
	"strings"
	"sync"

	"roundtable/internal/evidence"
)

// cacheKey names a group's figures: the two series at their revisions (an
// import moves a revision, so a stale entry is never read), the group with
// its members, the rule.
type cacheKey struct {
	values, valuesRev, pop, popRev int64
	group, members                 string
	rule                           Rule
}

// cache keeps recent group figures. A profile draws some sixty group lines
// (each indicator against its sub-region, CELAC and the world), every one
// the same until the next import.
var cache = struct {
	sync.Mutex
	m    map[cacheKey]Result
	tick int64
	used map[cacheKey]int64
}{m: map[cacheKey]Result{}, used: map[cacheKey]int64{}}

// cacheSize bounds the cache: a Result is a few kilobytes.
const cacheSize = 2048

// CachedAggregate is Aggregate, remembered per series revisions, group and
// rule. Panels made in memory (series id 0, or a panel cut from a stored
// one) must go through Aggregate: they have no revision to key on.
func CachedAggregate(values, population *evidence.Panel, g Group, rule Rule) Result {
	if values.Series.ID == 0 || population.Series.ID == 0 {
		return Aggregate(values, population, g, rule)
	}
	k := cacheKey{values.Series.ID, values.Series.Revision, population.Series.ID, population.Series.Revision,
		g.Code + "|" + g.SourceArea, strings.Join(g.Members, ","), rule}
	cache.Lock()
	if r, ok := cache.m[k]; ok {
		cache.tick++
		cache.used[k] = cache.tick
		cache.Unlock()
		return r
	}
	cache.Unlock()
	r := Aggregate(values, population, g, rule)
	cache.Lock()
	defer cache.Unlock()
	if len(cache.m) >= cacheSize {
		var oldest cacheKey
		least := int64(-1)
		for key, t := range cache.used {
			if least < 0 || t < least {
				oldest, least = key, t
			}
		}
		delete(cache.m, oldest)
		delete(cache.used, oldest)
	}
	cache.tick++
	cache.m[k], cache.used[k] = r, cache.tick
	return r
}
