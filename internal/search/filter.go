package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// filteredQuery matches what rank matches where every filter matches too,
// with rank's score unchanged: a filter narrows the hits, never reorders
// them. Bleve's conjunction would add each filter's score (a term's BM25,
// which depends on the length of the document's facets field) and set a
// query norm over all of them, so the same hit would rank differently
// with a filter and without.
type filteredQuery struct {
	rank    queryT
	filters []queryT
}

func (q *filteredQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	rank, err := q.rank.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	s := &filteredSearcher{rank: rank}
	// Filters are only matched: no scores to compute.
	fopts := options
	fopts.Score = "none"
	for _, f := range q.filters {
		fs, err := f.Searcher(ctx, r, m, fopts)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.filters = append(s.filters, fs)
	}
	s.at = make([]*search.DocumentMatch, len(s.filters))
	return s, nil
}

type filteredSearcher struct {
	rank    search.Searcher
	filters []search.Searcher
	at      []*search.DocumentMatch // each filter's current match; nil before its first
}

func (s *filteredSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.rank.Next(ctx)
	if err != nil {
		return nil, err
	}
	return s.settle(ctx, dm)
}

func (s *filteredSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.rank.Advance(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.settle(ctx, dm)
}

// settle returns dm if every filter holds it, else rank's first later
// match they all hold (leapfrogging: whoever is behind advances to the
// furthest).
func (s *filteredSearcher) settle(ctx *search.SearchContext, dm *search.DocumentMatch) (*search.DocumentMatch, error) {
	for dm != nil {
		agreed := true
		for i, f := range s.filters {
			if s.at[i] == nil || s.at[i].IndexInternalID.Compare(dm.IndexInternalID) < 0 {
				if s.at[i] != nil {
					ctx.DocumentMatchPool.Put(s.at[i])
				}
				next, err := f.Advance(ctx, dm.IndexInternalID)
				if err != nil {
					return nil, err
				}
				s.at[i] = next
				if next == nil {
					ctx.DocumentMatchPool.Put(dm)
					return nil, nil // this filter matches nothing further
				}
			}
			if s.at[i].IndexInternalID.Compare(dm.IndexInternalID) > 0 {
				ctx.DocumentMatchPool.Put(dm)
				var err error
				if dm, err = s.rank.Advance(ctx, s.at[i].IndexInternalID); err != nil {
					return nil, err
				}
				agreed = false
				break
			}
		}
		if agreed {
			return dm, nil
		}
	}
	return nil, nil
}

func (s *filteredSearcher) Close() error {
	err := s.rank.Close()
	for _, f := range s.filters {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

func (s *filteredSearcher) Weight() float64            { return s.rank.Weight() }
func (s *filteredSearcher) SetQueryNorm(qnorm float64) { s.rank.SetQueryNorm(qnorm) }
func (s *filteredSearcher) Count() uint64              { return s.rank.Count() }
func (s *filteredSearcher) Min() int                   { return 0 }

func (s *filteredSearcher) Size() int {
	n := s.rank.Size()
	for _, f := range s.filters {
		n += f.Size()
	}
	return n
}

func (s *filteredSearcher) DocumentMatchPoolSize() int {
	n := s.rank.DocumentMatchPoolSize() + 1
	for _, f := range s.filters {
		n += f.DocumentMatchPoolSize()
	}
	return n
}
