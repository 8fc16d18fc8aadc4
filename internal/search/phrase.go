package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"

	"roundtable/internal/text"
)

// shinglePhraseQuery matches the documents where a phrase's shingles
// (text.PhraseShingles) stand one after the other in a shingle field, and
// scores as the conjunction of the shingle terms.
//
// Why not Bleve's phrase query over the shingles: it reads the positions
// of its terms while it walks, and keeps them per hit in maps, which for a
// phrase in a tenth of the statements costs ten times the walk. Here the
// conjunction walks without positions, and the positions are read only
// for the documents it finds, into reused buffers.
//
// The same query checks a phrase in a title (titlePhrase), against the
// title's words: Bleve's phrase query would score with Bleve's own
// statistics, over documents some readers may not see (stats.go).
type shinglePhraseQuery struct {
	field string
	terms []string // "" for each position a removed stop word left
	boost float64  // 0 for 1
}

func (q *shinglePhraseQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	var must []queryT
	check := &positionCheck{}
	for offset, term := range q.terms {
		if term == "" {
			continue
		}
		tq := newTermQuery(q.field, term)
		if q.boost != 0 {
			tq.SetBoost(q.boost)
		}
		must = append(must, tq)
		tfr, err := r.TermFieldReader(ctx, []byte(term), q.field, false, false, true)
		if err != nil {
			check.Close()
			return nil, err
		}
		check.terms = append(check.terms, positionedTerm{reader: tfr, offset: offset})
	}
	find, err := allOf(must).Searcher(ctx, r, m, options)
	if err != nil {
		check.Close()
		return nil, err
	}
	return &checkedSearcher{find: find, check: check}, nil
}

// positionCheck says whether a document holds its terms at their offsets
// from one position. The documents asked grow, so each term's postings
// are read once, forward.
type positionCheck struct {
	terms []positionedTerm
	done  bool // a term's postings are exhausted: no later document can pass
}

type positionedTerm struct {
	reader index.TermFieldReader
	offset int
	doc    index.TermFieldDoc  // reused for each document read
	at     *index.TermFieldDoc // the term's current document, nil before the first
}

func (c *positionCheck) matches(id index.IndexInternalID) (bool, error) {
	for i := range c.terms {
		if c.done {
			return false, nil
		}
		t := &c.terms[i]
		if t.at == nil || t.at.ID.Compare(id) < 0 {
			at, err := t.reader.Advance(id, &t.doc)
			if err != nil {
				return false, err
			}
			t.at, c.done = at, at == nil
			if at == nil {
				return false, nil
			}
		}
		if t.at.ID.Compare(id) != 0 {
			return false, nil
		}
	}
	for _, v := range c.terms[0].at.Vectors {
		start := int(v.Pos) - c.terms[0].offset
		if c.allAt(start) {
			return true, nil
		}
	}
	return false, nil
}

// allAt reports whether every term but the first stands at its offset
// from start in the current document.
func (c *positionCheck) allAt(start int) bool {
	for _, t := range c.terms[1:] {
		found := false
		for _, v := range t.at.Vectors {
			if int(v.Pos) == start+t.offset {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (c *positionCheck) Close() error {
	var err error
	for _, t := range c.terms {
		if cerr := t.reader.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

func (c *positionCheck) Size() int {
	n := 0
	for _, t := range c.terms {
		n += t.reader.Size()
	}
	return n
}

// checkedSearcher matches what find matches where check passes too, and
// scores as find does. check is only asked about find's documents.
type checkedSearcher struct {
	find  search.Searcher
	check *positionCheck
}

func (s *checkedSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.find.Next(ctx)
	return s.firstChecked(ctx, dm, err)
}

func (s *checkedSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.find.Advance(ctx, id)
	return s.firstChecked(ctx, dm, err)
}

// firstChecked returns dm if check passes it, else find's next document
// that check passes.
func (s *checkedSearcher) firstChecked(ctx *search.SearchContext, dm *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	for err == nil && dm != nil {
		var ok bool
		if ok, err = s.check.matches(dm.IndexInternalID); err != nil || ok {
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
func (s *checkedSearcher) DocumentMatchPoolSize() int { return s.find.DocumentMatchPoolSize() }

// titlePhrase is the phrase p in lang's title field, matched and scored as
// Bleve's match-phrase query with lang's analyzer would: its words at
// their positions, a removed stop word leaving any word in its place.
func titlePhrase(lang, p string) *shinglePhraseQuery {
	toks := text.Analyze(lang, p)
	first, last := toks[0].Pos, toks[0].Pos
	for _, t := range toks {
		first, last = min(first, t.Pos), max(last, t.Pos)
	}
	terms := make([]string, last-first+1)
	for _, t := range toks {
		terms[t.Pos-first] = t.Term
	}
	return &shinglePhraseQuery{field: titleField(lang), terms: terms, boost: titleBoost}
}
