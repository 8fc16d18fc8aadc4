package search

import (
	"fmt"
	"hash/fnv"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/numeric"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// columns is what the collector needs to know about every document of one
// index segment, besides its score: whom it is visible to, its embargo, its
// date and its facet values. Bleve's own route to such values (doc values,
// read per hit) costs more than matching a frequent word; a segment is
// immutable, so its columns are read once from its postings and kept for
// as long as the segment lives.
type columns struct {
	// vis is each document's visibility (visUnknown for none).
	vis []uint8
	// embargo is the end of each running-or-past embargo, unix seconds;
	// only documents that have one are present.
	embargo map[uint32]int64
	// date is each document's date in unix nanoseconds, 0 for none.
	date []int64
	// key is a hash of each document's ID: the last tie-break of the
	// ranking, the same in every snapshot (document numbers change with
	// every merge), so pages of one search neither repeat nor skip a hit.
	key []uint64
	// terms are the segment's facet values ("language=es") and docs[t]
	// the documents having terms[t]. Counting a facet value over a
	// result is one intersection of bitmaps, not a read per hit.
	terms  []string
	termID map[string]uint32
	docs   []*roaring.Bitmap
}

const (
	visUnknown uint8 = iota
	visPublic
	visParticipants
	visDelegation
	visDraft
)

var visCodes = map[string]uint8{
	VisPublic:       visPublic,
	VisParticipants: visParticipants,
	VisDelegation:   visDelegation,
	VisDraft:        visDraft,
}

// count adds to counts (per facet value id; allocated when nil) how many
// of the documents hits, in increasing order, have each facet value.
func (c *columns) count(hits []uint32, counts []uint32) []uint32 {
	if len(hits) == 0 {
		return counts
	}
	if counts == nil {
		counts = make([]uint32, len(c.terms))
	}
	set := roaring.New()
	set.AddMany(hits)
	for t, docs := range c.docs {
		counts[t] += uint32(set.AndCardinality(docs))
	}
	return counts
}

// hasFacet reports whether document d has facet value id t.
func (c *columns) hasFacet(d uint32, t uint32) bool {
	return c.docs[t].Contains(d)
}

// readColumns reads a segment's columns from its term dictionaries.
func readColumns(seg segment.Segment) (*columns, error) {
	n := seg.Count()
	c := &columns{vis: make([]uint8, n), date: make([]int64, n), key: make([]uint64, n),
		embargo: map[uint32]int64{}, termID: map[string]uint32{}}
	err := eachPosting(seg, "_id", nil, nil, func(term []byte, doc uint64) {
		h := fnv.New64a()
		h.Write(term)
		c.key[doc] = h.Sum64()
	})
	if err != nil {
		return nil, err
	}
	err = eachPosting(seg, fieldVisibility, nil, nil, func(term []byte, doc uint64) {
		c.vis[doc] = visCodes[string(term)]
	})
	if err != nil {
		return nil, err
	}
	// Numeric and date terms come at several precisions; the full value is
	// the one with shift 0, whose prefix byte is ShiftStartInt64.
	full, next := []byte{numeric.ShiftStartInt64}, []byte{numeric.ShiftStartInt64 + 1}
	err = eachPosting(seg, fieldDate, full, next, func(term []byte, doc uint64) {
		if v, err := numeric.PrefixCoded(term).Int64(); err == nil {
			c.date[doc] = v
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachPosting(seg, fieldEmbargo, full, next, func(term []byte, doc uint64) {
		v, err := numeric.PrefixCoded(term).Int64()
		if err != nil {
			return
		}
		if s := int64(numeric.Int64ToFloat64(v)); s > 0 {
			c.embargo[uint32(doc)] = s
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachPosting(seg, fieldFacets, nil, nil, func(term []byte, doc uint64) {
		id, ok := c.termID[string(term)]
		if !ok {
			id = uint32(len(c.terms))
			c.terms = append(c.terms, string(term))
			c.termID[string(term)] = id
			c.docs = append(c.docs, roaring.New())
		}
		c.docs[id].Add(uint32(doc))
	})
	if err != nil {
		return nil, err
	}
	for _, b := range c.docs {
		b.RunOptimize()
	}
	return c, nil
}

// eachPosting calls fn for every (term, document) of field in seg, terms in
// [from, to) (nil: unbounded). Deleted documents are included: the
// collector never sees them, so their values do no harm.
func eachPosting(seg segment.Segment, field string, from, to []byte, fn func(term []byte, doc uint64)) error {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return fmt.Errorf("search columns %s: %w", field, err)
	}
	if dict == nil {
		return nil
	}
	it := dict.AutomatonIterator(nil, from, to)
	var pl segment.PostingsList
	var pi segment.PostingsIterator
	for {
		e, err := it.Next()
		if err != nil {
			return fmt.Errorf("search columns %s: %w", field, err)
		}
		if e == nil {
			return nil
		}
		term := []byte(e.Term)
		if pl, err = dict.PostingsList(term, nil, pl); err != nil {
			return fmt.Errorf("search columns %s: %w", field, err)
		}
		pi = pl.Iterator(false, false, false, pi)
		for {
			p, err := pi.Next()
			if err != nil {
				return fmt.Errorf("search columns %s: %w", field, err)
			}
			if p == nil {
				break
			}
			fn(term, p.Number())
		}
	}
}

// columnCache keeps the columns of the segments in use, keyed by segment.
// Segments come and go with merges; retain drops those no longer in the
// snapshot being searched.
type columnCache struct {
	mu   sync.Mutex
	segs map[segment.Segment]*cachedColumns
}

type cachedColumns struct {
	once sync.Once
	c    *columns
	err  error
}

func newColumnCache() *columnCache {
	return &columnCache{segs: map[segment.Segment]*cachedColumns{}}
}

// get returns seg's columns, reading them on first use; concurrent callers
// for the same segment wait for the one read. A failed read is not kept.
func (cc *columnCache) get(seg segment.Segment) (*columns, error) {
	cc.mu.Lock()
	e := cc.segs[seg]
	if e == nil {
		e = &cachedColumns{}
		cc.segs[seg] = e
	}
	cc.mu.Unlock()
	e.once.Do(func() { e.c, e.err = readColumns(seg) })
	if e.err != nil {
		cc.mu.Lock()
		if cc.segs[seg] == e {
			delete(cc.segs, seg)
		}
		cc.mu.Unlock()
	}
	return e.c, e.err
}

// retain drops the columns of every segment not in live. A search still
// running on an older snapshot keeps the columns it already holds.
func (cc *columnCache) retain(live []segment.Segment) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if len(cc.segs) <= len(live) {
		return
	}
	keep := make(map[segment.Segment]bool, len(live))
	for _, s := range live {
		keep[s] = true
	}
	for s := range cc.segs {
		if !keep[s] {
			delete(cc.segs, s)
		}
	}
}
