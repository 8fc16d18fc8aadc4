package web

import (
	"context"
	"slices"
	"sync"
	"time"

	"roundtable/internal/country"
	"roundtable/internal/evidence/groups"
)

// refCache keeps the reference lists every evidence page reads — the
// participants by language and the groups with their members — for a
// minute. They change only when the shipped country data does (a new
// release, synchronised at start), and reading them on every chart was
// most of a warm map's time.
type refCache struct {
	mu           sync.Mutex
	participants map[string]refEntry[[]country.Country]
	groups       refEntry[groups.List]
}

type refEntry[T any] struct {
	v    T
	read time.Time
}

// refFresh is how long a read of the reference lists is kept.
const refFresh = time.Minute

func (e refEntry[T]) fresh() bool { return !e.read.IsZero() && time.Since(e.read) < refFresh }

// participants are the forum's countries, China and the CELAC states,
// sorted by name in lang (a copy: callers may reorder it).
func (s *Server) participants(ctx context.Context, lang string) ([]country.Country, error) {
	c := &s.refs
	c.mu.Lock()
	if e, ok := c.participants[lang]; ok && e.fresh() {
		c.mu.Unlock()
		return slices.Clone(e.v), nil
	}
	c.mu.Unlock()
	cs, err := s.readParticipants(ctx, lang)
	if err != nil || len(cs) == 0 {
		return cs, err
	}
	c.mu.Lock()
	if c.participants == nil {
		c.participants = map[string]refEntry[[]country.Country]{}
	}
	c.participants[lang] = refEntry[[]country.Country]{cs, time.Now()}
	c.mu.Unlock()
	return slices.Clone(cs), nil
}

// evidenceGroups are the groups the evidence pages compute (CELAC, its
// sub-regions, China + CELAC, the world).
func (s *Server) evidenceGroups(ctx context.Context) (groups.List, error) {
	c := &s.refs
	c.mu.Lock()
	if c.groups.fresh() {
		gs := c.groups.v
		c.mu.Unlock()
		return slices.Clone(gs), nil
	}
	c.mu.Unlock()
	gs, err := groups.Load(ctx, s.db.Reader())
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.groups = refEntry[groups.List]{gs, time.Now()}
	c.mu.Unlock()
	return slices.Clone(gs), nil
}
