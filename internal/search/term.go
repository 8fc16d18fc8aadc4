package search

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/scorer"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// termQuery is a term in a field, matched and scored exactly as Bleve's
// term query is under BM25, but read straight from each segment's
// postings. Bleve's term searcher goes through a layer that turns every
// posting's field length into a norm (a square root and a division) and
// back into a length (two more), copies it into a term-field document
// and then into a match: for a word in a quarter of the corpus, about a
// third of the search. Here the length goes straight into the score, with
// the part of BM25 that depends on the length alone computed once per
// length.
type termQuery struct {
	field, term string
	boost       float64
}

func newTermQuery(field, term string) *termQuery {
	return &termQuery{field: field, term: term, boost: 1}
}

func (q *termQuery) SetBoost(b float64) { q.boost = b }
func (q *termQuery) Boost() float64     { return q.boost }

func (q *termQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || options.Score == "none" || options.IncludeTermVectors || options.Explain {
		tq := bleve.NewTermQuery(q.term)
		tq.SetField(q.field)
		tq.SetBoost(q.boost)
		return tq.Searcher(ctx, r, m, options)
	}
	s := &termSearcher{}
	var base uint64
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		dict, err := seg.Dictionary(q.field)
		if err != nil {
			return nil, err
		}
		if dict != nil {
			pl, err := dict.PostingsList([]byte(q.term), ss.Deleted(), nil)
			if err != nil {
				return nil, err
			}
			if n := pl.Count(); n > 0 {
				s.count += n
				s.segs = append(s.segs, termSegment{base: base, end: base + seg.Count(), postings: pl})
			}
		}
		base += seg.Count()
	}
	docs, docTerm, card, err := q.statistics(ctx, snap, s.count)
	if err != nil {
		return nil, err
	}
	// Count orders a conjunction's terms, and so the order its scores are
	// added in: it must not depend on hidden documents either.
	s.count = docTerm
	s.score = newBM25(docs, docTerm, card, q.boost)
	return s, nil
}

// statistics are the figures BM25 weighs the term with: the search's
// public statistics (stats.go) when it has them, else Bleve's own over the
// whole snapshot (count is the term's postings there).
func (q *termQuery) statistics(ctx context.Context, snap *scorch.IndexSnapshot, count uint64) (docs, docTerm uint64, card int, err error) {
	if rs := rankStatsFrom(ctx); rs != nil {
		if docTerm, err = rs.publicDocFreq(q.field, q.term); err != nil {
			return 0, 0, 0, err
		}
		if card, err = rs.publicCardinality(q.field); err != nil {
			return 0, 0, 0, err
		}
		return rs.docs, docTerm, card, nil
	}
	if docs, err = snap.DocCount(); err != nil {
		return 0, 0, 0, err
	}
	if card, err = snap.FieldCardinality(q.field); err != nil {
		return 0, 0, 0, err
	}
	return docs, count, card, nil
}

// bm25 computes what Bleve's TermQueryScorer does, in the same order of
// operations, so that the scores are the same to the last bit.
type bm25 struct {
	idf, boost, avgLen float64
	weight             float64 // the query weight; 1 until a parent sets a norm
	byLen              []float64
}

func newBM25(docs, docTerm uint64, fieldCardinality int, boost float64) *bm25 {
	b := &bm25{boost: boost, weight: 1}
	if docs == 0 {
		// Nothing public yet (an unpublished first edition): Bleve never
		// scores here, having no document to match. Rank by how often and
		// how densely the term occurs (idf 1, no average length) rather
		// than by BM25's formulas, which give -Inf.
		b.idf = 1
		return b
	}
	if docs > 0 || fieldCardinality > 0 {
		b.avgLen = math.Ceil(float64(fieldCardinality) / float64(docs))
	}
	if b.avgLen > 0 {
		b.idf = math.Log(1 + (float64(docs)-float64(docTerm)+0.5)/(float64(docTerm)+0.5))
	} else {
		b.idf = 1.0 + math.Log(float64(docs)/float64(docTerm+1.0))
	}
	return b
}

// maxCachedLen bounds the lengths whose BM25 part is kept: statements run
// to a few hundred tokens.
const maxCachedLen = 4096

func (b *bm25) of(freq, length uint64) float64 {
	var tf float64
	if freq < scorer.MaxSqrtCache {
		tf = scorer.SqrtCache[int(freq)]
	} else {
		tf = math.Sqrt(float64(freq))
	}
	var score float64
	if b.avgLen > 0 {
		score = b.idf * (tf * search.BM25_k1) / (tf + b.lengthPart(length))
	} else {
		score = tf * norm(length) * b.idf
	}
	if b.weight != 1.0 {
		score *= b.weight
	}
	return score
}

// lengthPart is BM25's k1·(1 − b + b·length/avgLen), where the length is
// what Bleve recovers from the posting's norm.
func (b *bm25) lengthPart(length uint64) float64 {
	if length < uint64(len(b.byLen)) && b.byLen[length] != 0 {
		return b.byLen[length]
	}
	n := norm(length)
	fieldLength := 1 / (n * n)
	part := search.BM25_k1 * (1 - search.BM25_b + (search.BM25_b * fieldLength / b.avgLen))
	if length < maxCachedLen {
		if length >= uint64(len(b.byLen)) {
			grown := make([]float64, min(maxCachedLen, max(2*len(b.byLen), int(length)+1, 256)))
			copy(grown, b.byLen)
			b.byLen = grown
		}
		b.byLen[length] = part
	}
	return part
}

// norm is the norm a zap posting reports for a field of length tokens.
func norm(length uint64) float64 {
	return float64(float32(1.0 / math.Sqrt(float64(length))))
}

type termSegment struct {
	base, end uint64 // the segment's global document numbers [base, end)
	postings  segment.PostingsList
	it        segment.PostingsIterator
}

type termSearcher struct {
	segs []termSegment
	cur  int // the segment being read
	// last is past the last document returned or asked for: the postings
	// iterators cannot go back before it.
	last  uint64
	count uint64
	score *bm25
}

// lengthOf is implemented by zap's postings: the field length as stored,
// before Bleve turns it into a norm.
type lengthOf interface{ NormUint64() uint64 }

func (s *termSearcher) match(ctx *search.SearchContext, seg *termSegment, p segment.Posting) *search.DocumentMatch {
	num := seg.base + p.Number()
	s.last = num + 1
	var length uint64
	if l, ok := p.(lengthOf); ok {
		length = l.NormUint64()
	} else {
		n := p.Norm()
		length = uint64(math.Round(1 / (n * n)))
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, num)
	dm.Score = s.score.of(p.Frequency(), length)
	return dm
}

func (s *termSearcher) iterator(seg *termSegment) segment.PostingsIterator {
	if seg.it == nil {
		seg.it = seg.postings.Iterator(true, true, false, nil)
	}
	return seg.it
}

func (s *termSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for ; s.cur < len(s.segs); s.cur++ {
		seg := &s.segs[s.cur]
		p, err := s.iterator(seg).Next()
		if err != nil {
			return nil, err
		}
		if p != nil {
			return s.match(ctx, seg, p), nil
		}
	}
	return nil, nil
}

// Advance returns the first match at or after id. Asked for one it may
// have passed, it starts again from the beginning, as Bleve's term
// searchers do.
func (s *termSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	target := id.Value()
	if s.last > target {
		for i := range s.segs {
			s.segs[i].it = nil
		}
		s.cur = 0
	}
	s.last = target
	for s.cur < len(s.segs) && s.segs[s.cur].end <= target {
		s.cur++
	}
	if s.cur == len(s.segs) {
		return nil, nil
	}
	seg := &s.segs[s.cur]
	if target < seg.base {
		return s.Next(ctx)
	}
	p, err := s.iterator(seg).Advance(target - seg.base)
	if err != nil {
		return nil, err
	}
	if p != nil {
		return s.match(ctx, seg, p), nil
	}
	s.cur++
	return s.Next(ctx)
}

func (s *termSearcher) Weight() float64 {
	w := s.score.boost * s.score.idf
	return w * w
}

func (s *termSearcher) SetQueryNorm(qnorm float64) {
	s.score.weight = s.score.boost * s.score.idf * qnorm
}

func (s *termSearcher) Count() uint64              { return s.count }
func (s *termSearcher) Min() int                   { return 0 }
func (s *termSearcher) Close() error               { return nil }
func (s *termSearcher) DocumentMatchPoolSize() int { return 1 }

func (s *termSearcher) Size() int {
	n := 64
	for _, seg := range s.segs {
		n += seg.postings.Size()
		if seg.it != nil {
			n += seg.it.Size()
		}
	}
	return n
}
