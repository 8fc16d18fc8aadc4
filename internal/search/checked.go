package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// checkedQuery matches what find matches where check matches too, and
// scores as find does. Unlike a conjunction, it never lets check look
// ahead on its own: check is only asked whether it matches each of find's
// documents. A long phrase's shingles (find) are nearly only where the
// phrase is; the phrase itself (check) has to read the positions of its
// words in every document holding them all, so left to walk by itself, as
// a conjunction's member, it would cost as much as if there were no
// shingles.
type checkedQuery struct {
	find, check queryT
}

func (q *checkedQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	find, err := q.find.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	check, err := q.check.Searcher(ctx, r, m, search.SearcherOptions{Score: "none"})
	if err != nil {
		find.Close()
		return nil, err
	}
	return &checkedSearcher{find: find, check: check}, nil
}

type checkedSearcher struct {
	find, check search.Searcher
	// at is check's current match; nil before the first question or once
	// check has no more (done).
	at   *search.DocumentMatch
	done bool
}

func (s *checkedSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.find.Next(ctx)
	return s.firstChecked(ctx, dm, err)
}

func (s *checkedSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.find.Advance(ctx, id)
	return s.firstChecked(ctx, dm, err)
}

// firstChecked returns dm if check matches it, else find's next document
// that check matches.
func (s *checkedSearcher) firstChecked(ctx *search.SearchContext, dm *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	for err == nil && dm != nil {
		var ok bool
		if ok, err = s.matches(ctx, dm.IndexInternalID); err != nil || ok {
			break
		}
		ctx.DocumentMatchPool.Put(dm)
		dm, err = s.find.Next(ctx)
	}
	if err != nil {
		return nil, err
	}
	return dm, nil
}

// matches reports whether check matches document id; ids asked grow.
func (s *checkedSearcher) matches(ctx *search.SearchContext, id index.IndexInternalID) (bool, error) {
	for !s.done {
		if s.at != nil {
			switch s.at.IndexInternalID.Compare(id) {
			case 0:
				return true, nil
			case 1: // check's next match is further on
				return false, nil
			}
			ctx.DocumentMatchPool.Put(s.at)
		}
		at, err := s.check.Advance(ctx, id)
		if err != nil {
			return false, err
		}
		s.at, s.done = at, at == nil
	}
	return false, nil
}

func (s *checkedSearcher) Close() error {
	err := s.find.Close()
	if cerr := s.check.Close(); err == nil {
		err = cerr
	}
	return err
}

func (s *checkedSearcher) Weight() float64            { return s.find.Weight() }
func (s *checkedSearcher) SetQueryNorm(qnorm float64) { s.find.SetQueryNorm(qnorm) }
func (s *checkedSearcher) Count() uint64              { return s.find.Count() }
func (s *checkedSearcher) Min() int                   { return s.find.Min() }
func (s *checkedSearcher) Size() int                  { return s.find.Size() + s.check.Size() }
func (s *checkedSearcher) DocumentMatchPoolSize() int {
	return s.find.DocumentMatchPoolSize() + s.check.DocumentMatchPoolSize() + 1
}
