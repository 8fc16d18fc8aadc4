package search

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// unionQuery matches what any of its queries matches and scores as Bleve's
// disjunction does (the sum of the matching queries' scores, times the
// share of them that match), without what the collector never reads: term
// locations, score explanations and per-field bookkeeping, which Bleve's
// disjunction merges for every hit. A word asked in four languages' fields
// over a quarter of the corpus spends a sixth of its time there.
type unionQuery struct {
	queries []queryT
}

func (q *unionQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s := &unionSearcher{}
	for _, sub := range q.queries {
		ss, err := sub.Searcher(ctx, r, m, options)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.subs = append(s.subs, ss)
	}
	s.currs = make([]*search.DocumentMatch, len(s.subs))
	s.at = make([]uint64, len(s.subs))
	var sum float64
	for _, ss := range s.subs {
		sum += ss.Weight()
	}
	if sum > 0 {
		s.SetQueryNorm(1 / math.Sqrt(sum))
	}
	return s, nil
}

type unionSearcher struct {
	subs  []search.Searcher
	currs []*search.DocumentMatch // each sub's current match; nil when done
	// at holds each current match's document number (noDoc when done):
	// comparing numbers costs less than comparing Bleve's byte IDs.
	at      []uint64
	started bool
}

const noDoc = math.MaxUint64

func (s *unionSearcher) set(i int, dm *search.DocumentMatch) {
	s.currs[i] = dm
	s.at[i] = noDoc
	if dm != nil {
		s.at[i] = dm.IndexInternalID.Value()
	}
}

func (s *unionSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		s.started = true
		for i, ss := range s.subs {
			dm, err := ss.Next(ctx)
			if err != nil {
				return nil, err
			}
			s.set(i, dm)
		}
	}
	return s.take(ctx)
}

func (s *unionSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	target := id.Value()
	for i, ss := range s.subs {
		if s.started && (s.at[i] == noDoc || s.at[i] >= target) {
			continue
		}
		if s.currs[i] != nil {
			ctx.DocumentMatchPool.Put(s.currs[i])
		}
		dm, err := ss.Advance(ctx, id)
		if err != nil {
			return nil, err
		}
		s.set(i, dm)
	}
	s.started = true
	return s.take(ctx)
}

// take returns the lowest document any sub is at, with the scores of all
// subs at it, and moves those subs on.
func (s *unionSearcher) take(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	low := uint64(noDoc)
	for _, n := range s.at {
		low = min(low, n)
	}
	if low == noDoc {
		return nil, nil
	}
	var first *search.DocumentMatch
	var sum float64
	matched := 0
	for i, n := range s.at {
		if n != low {
			continue
		}
		dm := s.currs[i]
		sum += dm.Score
		matched++
		if first == nil {
			first = dm
		} else {
			ctx.DocumentMatchPool.Put(dm)
		}
		next, err := s.subs[i].Next(ctx)
		if err != nil {
			return nil, err
		}
		s.set(i, next)
	}
	// As Bleve's disjunction scorer: the share first, then the product
	// (sum·matched/n rounds differently, by a last bit).
	first.Score = sum * (float64(matched) / float64(len(s.subs)))
	return first, nil
}

func (s *unionSearcher) Close() error {
	var err error
	for _, ss := range s.subs {
		if cerr := ss.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

func (s *unionSearcher) Weight() float64 {
	var w float64
	for _, ss := range s.subs {
		w += ss.Weight()
	}
	return w
}

func (s *unionSearcher) SetQueryNorm(qnorm float64) {
	for _, ss := range s.subs {
		ss.SetQueryNorm(qnorm)
	}
}

func (s *unionSearcher) Count() uint64 {
	var n uint64
	for _, ss := range s.subs {
		n += ss.Count()
	}
	return n
}

func (s *unionSearcher) Min() int { return 0 }

func (s *unionSearcher) Size() int {
	n := 0
	for _, ss := range s.subs {
		n += ss.Size()
	}
	return n
}

func (s *unionSearcher) DocumentMatchPoolSize() int {
	n := 0
	for _, ss := range s.subs {
		n += ss.DocumentMatchPoolSize()
	}
	return n + 1
}
