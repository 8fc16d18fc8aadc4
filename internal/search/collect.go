package search

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	vis "roundtable/internal/visibility"
)

// ranked is one hit kept for the page: its global document number in the
// snapshot, score, date and key (docRow.key).
type ranked struct {
	num   uint64
	score float64
	date  int64
	key   uint64
}

// before orders hits: higher score first, then newer, then by key, so
// that equal hits keep one order across pages and snapshots.
func (a ranked) before(b ranked, byDate bool) bool {
	if !byDate && a.score != b.score {
		return a.score > b.score
	}
	if a.date != b.date {
		return a.date > b.date
	}
	if a.key != b.key {
		return a.key < b.key
	}
	return a.num < b.num
}

// worstFirst is a heap of the best hits seen so far, the worst on top so
// that it is the one a better hit replaces.
type worstFirst struct {
	hits   []ranked
	byDate bool
}

func (h *worstFirst) Len() int           { return len(h.hits) }
func (h *worstFirst) Less(i, j int) bool { return h.hits[j].before(h.hits[i], h.byDate) }
func (h *worstFirst) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *worstFirst) Push(x any)         { h.hits = append(h.hits, x.(ranked)) }
func (h *worstFirst) Pop() any {
	x := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return x
}

// collection is what one pass over the matches yields.
type collection struct {
	total  uint64
	page   []ranked // best first, after the offset
	facets map[string]int
}

// segmentView is one segment of the snapshot with its place in the
// snapshot's global document numbers.
type segmentView struct {
	base uint64 // global number of its first document
	cols *columns
}

// collect runs the query over reader, keeps the hits v may see at nowSec,
// counts their facet values and returns the page [offset, offset+limit).
// This replaces Bleve's collector for two reasons: visibility and facet
// values come from the segments' columns (a slice lookup per hit, where
// Bleve's filters and facets re-read postings or doc values per hit), and
// it needs nothing per hit but its number and score.
//
// A large index is walked in parts, one per CPU, each by a searcher of its
// own over a range of document numbers: the snapshot is immutable and
// scores depend only on it, so the parts' hits merge into exactly the
// ranking one walk would give.
//
// segs are reader's segments with their columns (segmentViews).
func (ix *Index) collect(ctx context.Context, reader index.IndexReader, segs []segmentView, newSearcher func() (search.Searcher, error), v Viewer, nowSec int64, offset, limit int, byDate bool) (collection, error) {
	w := walk{segs: segs, visible: visibility(v, nowSec), want: offset + limit, byDate: byDate}
	n, minDocs := runtime.GOMAXPROCS(0), uint64(minPartDocs)
	if ix.parts > 0 {
		n, minDocs = ix.parts, 1
	}
	parts := w.split(n, minDocs)
	results := make([]partResult, len(parts))
	if len(parts) == 1 {
		results[0] = w.run(ctx, reader, newSearcher, parts[0])
	} else {
		var wg sync.WaitGroup
		for i, p := range parts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = w.run(ctx, reader, newSearcher, p)
			}()
		}
		wg.Wait()
	}

	var out collection
	var best []ranked
	counts := make([][]uint32, len(segs))
	for _, r := range results {
		if r.err != nil {
			return collection{}, r.err
		}
		out.total += r.total
		best = append(best, r.best...)
		for s, cs := range r.counts {
			if counts[s] == nil {
				counts[s] = cs
				continue
			}
			for t, c := range cs {
				counts[s][t] += c
			}
		}
	}
	sort.Slice(best, func(i, j int) bool { return best[i].before(best[j], byDate) })
	if offset < len(best) {
		out.page = best[offset:min(len(best), offset+limit)]
	}
	out.facets = map[string]int{}
	for s, cs := range counts {
		for t, c := range cs {
			if c > 0 {
				out.facets[segs[s].cols.terms[t]] += int(c)
			}
		}
	}
	return out, nil
}

// walk is one search's pass over the matches, shared by its parts.
type walk struct {
	segs    []segmentView
	visible func(c *columns, d uint32) bool
	want    int // hits each part keeps: offset+limit
	byDate  bool
}

// part is a range [from, to) of global document numbers.
type part struct{ from, to uint64 }

// minPartDocs is the least a part is worth walking in a goroutine of its
// own; a smaller index is walked in one.
const minPartDocs = 50_000

// split cuts the snapshot's document numbers into up to n parts of about
// equal size, each of at least minDocs.
func (w walk) split(n int, minDocs uint64) []part {
	var docs uint64
	if len(w.segs) > 0 {
		last := w.segs[len(w.segs)-1]
		docs = last.base + last.cols.count()
	}
	n = max(1, min(n, int(docs/minDocs)))
	parts := make([]part, n)
	for i := range parts {
		parts[i] = part{docs * uint64(i) / uint64(n), docs * uint64(i+1) / uint64(n)}
	}
	parts[n-1].to = math.MaxUint64
	return parts
}

type partResult struct {
	total  uint64
	best   []ranked
	counts [][]uint32 // per segment, per facet value id; nil for untouched
	err    error
}

// run walks one part with a searcher of its own.
func (w walk) run(ctx context.Context, reader index.IndexReader, newSearcher func() (search.Searcher, error), p part) (r partResult) {
	s, err := newSearcher()
	if err != nil {
		return partResult{err: err}
	}
	defer s.Close()
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0),
		IndexReader:       reader,
	}
	h := &worstFirst{hits: make([]ranked, 0, w.want+1), byDate: w.byDate}
	r.counts = make([][]uint32, len(w.segs))
	var dm *search.DocumentMatch
	if p.from == 0 {
		dm, err = s.Next(sctx)
	} else {
		dm, err = s.Advance(sctx, internalID(p.from))
	}
	// Hits come in document order, a segment after the other; each
	// segment's facets are tallied apart (its own facet value ids).
	cur := segmentOf(w.segs, p.from, 0)
	var tally *facetTally
	for n := 1; err == nil && dm != nil; n++ {
		num := dm.IndexInternalID.Value()
		score := dm.Score
		sctx.DocumentMatchPool.Put(dm)
		if num >= p.to {
			break
		}
		if next := segmentOf(w.segs, num, cur); next != cur || tally == nil {
			if tally != nil {
				r.counts[cur] = tally.counts()
			}
			cur = next
			tally = newFacetTally(w.segs[cur].cols)
		}
		cols := w.segs[cur].cols
		local := uint32(num - w.segs[cur].base)
		if w.visible(cols, local) {
			r.total++
			tally.add(local)
			// Most hits score below the worst one kept: they are
			// turned away on the score alone.
			full := h.Len() >= w.want
			if !full || (w.want > 0 && (w.byDate || score >= h.hits[0].score)) {
				ties := &cols.ties[local]
				hit := ranked{num: num, score: score, date: ties.date, key: ties.key}
				if !full {
					heap.Push(h, hit)
				} else if hit.before(h.hits[0], w.byDate) {
					h.hits[0] = hit
					heap.Fix(h, 0)
				}
			}
		}
		if n%1024 == 0 {
			if err = ctx.Err(); err != nil {
				break
			}
		}
		dm, err = s.Next(sctx)
	}
	if err != nil {
		return partResult{err: fmt.Errorf("search: %w", err)}
	}
	if tally != nil {
		r.counts[cur] = tally.counts()
	}
	r.best = h.hits
	return r
}

// segmentOf finds the segment holding global document num, starting from
// the one that held the previous hit.
func segmentOf(segs []segmentView, num uint64, cur int) int {
	if cur >= 0 && cur < len(segs) && num >= segs[cur].base && (cur+1 == len(segs) || num < segs[cur+1].base) {
		return cur
	}
	return sort.Search(len(segs), func(i int) bool { return segs[i].base > num }) - 1
}

// segmentViews lists reader's segments with their columns. The global
// numbering is Scorch's: segments in snapshot order, each taking as many
// numbers as it has documents, deleted ones included.
func (ix *Index) segmentViews(reader index.IndexReader) ([]segmentView, error) {
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("search: index reader is %T, not a Scorch snapshot", reader)
	}
	ss := snap.Segments()
	views := make([]segmentView, len(ss))
	live := make([]segment.Segment, len(ss))
	var base uint64
	for i, s := range ss {
		seg := s.Segment()
		cols, err := ix.cols.get(seg)
		if err != nil {
			return nil, err
		}
		views[i] = segmentView{base: base, cols: cols}
		live[i] = seg
		base += seg.Count()
	}
	ix.cols.retain(live)
	return views, nil
}

// visibility is what v may see at nowSec, as a test on a segment's
// columns. It is applied to every hit of every search: a search can never
// return more than its viewer may read. The rule is the visibility
// package's, asked once per case before the walk — a document's level
// (publication already folded in, visibility.Effective), whether its
// owner is the viewer's own delegation or the state whose reports the
// viewer validates, and whether its embargo holds — so that per document
// the walk reads a table, and reads the delegation and embargo columns
// only for the levels where they change the answer.
func visibility(v Viewer, nowSec int64) func(c *columns, d uint32) bool {
	var cases [visValidation + 1]visCase
	// The owner a document may have, as the rule tells them apart:
	// another's (or none), the viewer's delegation, the state it
	// validates for.
	owners := [3]string{"", v.Delegation(), v.Validates()}
	for code, lv := range visLevels {
		c := &cases[code]
		for o, owner := range owners {
			for emb := range 2 {
				t := vis.Text{Level: lv, Embargoed: emb == 1, Published: true, Owner: owner}
				c.sees[o][emb] = v.Sees(t)
			}
			c.needEmbargo = c.needEmbargo || c.sees[o][0] != c.sees[o][1]
		}
		c.needOwn = c.sees[0] != c.sees[1] || c.sees[0] != c.sees[2]
	}
	var ownTerms [3]string
	for o := 1; o < len(owners); o++ {
		if owners[o] != "" {
			ownTerms[o] = facetTerm(FacetDelegation, owners[o])
		}
	}
	return func(c *columns, d uint32) bool {
		k := &cases[c.vis[d]]
		o, e := 0, 0
		if k.needOwn {
			for i := 1; i < len(ownTerms) && o == 0; i++ {
				if ownTerms[i] == "" {
					continue
				}
				if t, ok := c.termID[ownTerms[i]]; ok && c.hasFacet(d, t) {
					o = i
				}
			}
		}
		if k.needEmbargo {
			if until, ok := c.embargo[d]; ok && until > nowSec {
				e = 1
			}
		}
		return k.sees[o][e]
	}
}

// visCase is the rule's answer for one level of document: by whose it is
// (another's, the viewer's delegation's, the validated state's), then by
// whether its embargo holds.
type visCase struct {
	sees                 [3][2]bool
	needOwn, needEmbargo bool
}

// visLevels are the levels the visibility column codes; an unknown code
// (visUnknown) is seen by nobody.
var visLevels = map[uint8]vis.Level{
	visPublic:       vis.Public,
	visParticipants: vis.Participants,
	visDelegation:   vis.Delegation,
	visDraft:        vis.Draft,
	visValidation:   vis.Validation,
}
