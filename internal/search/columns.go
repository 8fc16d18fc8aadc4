package search

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// columns is what the collector needs to know about every document of one
// index segment, besides its score: whom it is visible to, its embargo, its
// date and its facet values. Bleve's own route to such values (doc values,
// read per hit) costs more than matching a frequent word; a segment is
// immutable, so its columns are read once from its postings and kept for
// as long as the segment lives.
type columns struct {
	// Per document, in three arrays by how often the walk reads them:
	// vis for every match, rows for every visible one (its facets), ties
	// only for a hit good enough to enter the page. A frequent word
	// matches every fourth document; small arrays keep those reads in
	// few memory lines.
	vis []uint8 // visUnknown for none
	// rows has one more row, ending the last document's concepts.
	rows []docRow
	ties []docTies
	// embargo is the end of each running-or-past embargo, unix seconds;
	// only documents that have one are present.
	embargo map[uint32]int64
	// embargoEnds are the distinct embargo ends, in order: the times at
	// which what the public sees of the segment changes.
	embargoEnds []int64
	// stats are the segment's share of the ranking statistics (stats.go).
	stats segmentStats
	// terms are the segment's facet values ("language=es"), termID their
	// index. A document's single-valued facets (type, edition,
	// delegation) are one combination, combos[rows[d].combo]; its
	// languages and concepts are conceptVals[rows[d].concepts:rows[d+1].concepts].
	// Counting a hit's facets is then one increment for its combination,
	// of which a segment has few, and one per language and concept.
	terms       []string
	termID      map[string]uint32
	combos      []facetCombo
	conceptVals []uint32
}

// docRow is where a document's facet values are.
type docRow struct{ concepts, combo uint32 }

// docTies breaks ties between hits of equal score.
type docTies struct {
	// date is the document's date in unix nanoseconds, 0 for none.
	date int64
	// key is a hash of the document's ID: the last tie-break of the
	// ranking, the same in every snapshot (document numbers change with
	// every merge), so pages of one search neither repeat nor skip a hit.
	// Statements of equal length with the same words score the same, so
	// ties are common.
	key uint64
}

// count is the number of documents in the segment, deleted ones included.
func (c *columns) count() uint64 { return uint64(len(c.vis)) }

// facetCombo holds, per single-valued facet (singleFacets), the term id +
// 1 of a document's value; 0 for none.
type facetCombo [len(singleFacets)]uint32

// singleFacets are the facets a document has at most one value of
// (Document.facetValues), in facetCombo order.
// The language facet is not one of them: a document has a value per
// language it has a version in (Document.facetValues).
var singleFacets = [...]string{FacetType, FacetEdition, FacetDelegation}

func singleFacetSlot(term string) (int, bool) {
	name, _, _ := strings.Cut(term, "=")
	for i, f := range singleFacets {
		if f == name {
			return i, true
		}
	}
	return 0, false
}

const (
	visUnknown uint8 = iota
	visPublic
	visParticipants
	visDelegation
	visDraft
	visValidation
)

var visCodes = map[string]uint8{
	VisPublic:       visPublic,
	VisParticipants: visParticipants,
	VisDelegation:   visDelegation,
	VisDraft:        visDraft,
	VisValidation:   visValidation,
}

// hasFacet reports whether document d has facet value id t.
func (c *columns) hasFacet(d uint32, t uint32) bool {
	for _, v := range c.combos[c.rows[d].combo] {
		if v == t+1 {
			return true
		}
	}
	for _, v := range c.concepts(d) {
		if v == t {
			return true
		}
	}
	return false
}

func (c *columns) concepts(d uint32) []uint32 {
	return c.conceptVals[c.rows[d].concepts:c.rows[d+1].concepts]
}

// facetTally counts the facet values of one segment's hits.
type facetTally struct {
	cols   *columns
	combos []uint32 // per combination
	terms  []uint32 // per facet value id
}

func newFacetTally(c *columns) *facetTally {
	return &facetTally{cols: c, combos: make([]uint32, len(c.combos)), terms: make([]uint32, len(c.terms))}
}

func (t *facetTally) add(d uint32) {
	t.combos[t.cols.rows[d].combo]++
	for _, v := range t.cols.concepts(d) {
		t.terms[v]++
	}
}

// counts returns the count of every facet value id.
func (t *facetTally) counts() []uint32 {
	for ci, n := range t.combos {
		if n == 0 {
			continue
		}
		for _, v := range t.cols.combos[ci] {
			if v > 0 {
				t.terms[v-1] += n
			}
		}
		t.combos[ci] = 0
	}
	return t.terms
}

// readColumns reads a segment's columns from its term dictionaries.
func readColumns(seg segment.Segment) (*columns, error) {
	n := seg.Count()
	c := &columns{vis: make([]uint8, n), rows: make([]docRow, n+1), ties: make([]docTies, n),
		embargo: map[uint32]int64{}, termID: map[string]uint32{}}
	err := eachPosting(seg, "_id", nil, nil, func(term []byte, doc uint64) {
		h := fnv.New64a()
		h.Write(term)
		c.ties[doc].key = h.Sum64()
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
	err = eachPosting(seg, fieldDate, nil, nil, func(term []byte, doc uint64) {
		if t, err := time.Parse(dateLayout, string(term)); err == nil {
			c.ties[doc].date = t.UnixNano()
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachPosting(seg, fieldEmbargo, nil, nil, func(term []byte, doc uint64) {
		if s, err := strconv.ParseInt(string(term), 10, 64); err == nil {
			c.embargo[uint32(doc)] = s
		}
	})
	if err != nil {
		return nil, err
	}
	for _, until := range c.embargo {
		c.embargoEnds = append(c.embargoEnds, until)
	}
	slices.Sort(c.embargoEnds)
	c.embargoEnds = slices.Compact(c.embargoEnds)
	// Facets, in two passes over the postings: single values into each
	// document's combination and a count of its concepts; then the
	// concepts laid out per document.
	singles := make([]facetCombo, n)
	err = eachPosting(seg, fieldFacets, nil, nil, func(term []byte, doc uint64) {
		id, ok := c.termID[string(term)]
		if !ok {
			id = uint32(len(c.terms))
			c.terms = append(c.terms, string(term))
			c.termID[string(term)] = id
		}
		if slot, ok := singleFacetSlot(string(term)); ok {
			singles[doc][slot] = id + 1
		} else {
			c.rows[doc+1].concepts++
		}
	})
	if err != nil {
		return nil, err
	}
	comboID := map[facetCombo]uint32{}
	for d, fc := range singles {
		id, ok := comboID[fc]
		if !ok {
			id = uint32(len(c.combos))
			c.combos = append(c.combos, fc)
			comboID[fc] = id
		}
		c.rows[d].combo = id
	}
	for d := uint64(1); d <= n; d++ {
		c.rows[d].concepts += c.rows[d-1].concepts
	}
	c.conceptVals = make([]uint32, c.rows[n].concepts)
	fill := make([]uint32, n)
	for d := range fill {
		fill[d] = c.rows[d].concepts
	}
	err = eachPosting(seg, fieldFacets, nil, nil, func(term []byte, doc uint64) {
		if _, single := singleFacetSlot(string(term)); !single {
			c.conceptVals[fill[doc]] = c.termID[string(term)]
			fill[doc]++
		}
	})
	if err != nil {
		return nil, err
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
