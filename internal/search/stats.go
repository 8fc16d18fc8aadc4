package search

import (
	"context"
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	vis "roundtable/internal/visibility"
)

// Ranking statistics. BM25 weighs a hit by how many documents hold its
// terms and how long a field is on average. Taken over the whole index, as
// Bleve takes them, those figures would count drafts, restricted and
// embargoed statements: adding a hidden text with a word would move every
// public hit on that word, and a reader could probe hidden texts through
// scores. So every search, whoever runs it, is scored with statistics of
// the documents everyone may see — public ones whose embargo has passed:
// no reader's ranking depends on anything hidden from that reader, and
// readers who see the same documents get the same ranking. Where every
// document is public, the figures are Bleve's and so are the scores.
//
// What the query asks (textQuery leaves out fields where a word occurs in
// no document) is decided on the documents the viewer may see, for the
// same reason: the share of matching alternatives enters the score.

// segmentStats is what one segment contributes to the statistics: which
// documents each viewer may not see, and per field how many of its terms
// occur in a public document. Both hold until the segment's next embargo
// ends (or, for a query dated in the past, while the query's time stays
// between the same two embargo ends).
type segmentStats struct {
	mu          sync.Mutex
	from, until int64 // the embargo interval [from, until) the sets hold for
	hidden      map[Viewer]*roaring.Bitmap
	publicTerms map[string]int
	// df caches the public document frequency of the terms searched,
	// for one state of the segment's deletions, dfDeleted (Scorch makes a
	// new bitmap whenever a write reaches the segment, and never changes
	// one a snapshot holds): intersecting a frequent term's postings costs
	// a tenth of walking them. Only one state is kept, so no old bitmap
	// stays alive for it.
	df        map[[2]string]uint64
	dfDeleted *roaring.Bitmap
}

// maxCachedTerms bounds the document frequencies kept per segment.
const maxCachedTerms = 4096

// maxCachedViewers bounds the hidden sets kept per segment: one per
// delegation that searched, plus the public, participants and secretariat.
const maxCachedViewers = 256

// at makes the cached sets those of nowSec, dropping them if an embargo
// ended (or began) in between. The caller holds mu.
func (s *segmentStats) at(c *columns, nowSec int64) {
	if s.hidden != nil && nowSec >= s.from && nowSec < s.until {
		return
	}
	s.from, s.until = math.MinInt64, math.MaxInt64
	i := sort.Search(len(c.embargoEnds), func(i int) bool { return c.embargoEnds[i] > nowSec })
	if i < len(c.embargoEnds) {
		s.until = c.embargoEnds[i]
	}
	if i > 0 {
		s.from = c.embargoEnds[i-1]
	}
	s.hidden = map[Viewer]*roaring.Bitmap{}
	s.publicTerms = map[string]int{}
	s.df = map[[2]string]uint64{}
	s.dfDeleted = nil
}

// publicDocFreq is how many of the segment's documents the public may see
// at nowSec hold term in field; except is the public's hidden set with
// deleted added (statsSegment.public).
func (c *columns) publicDocFreq(seg segment.Segment, field, term string, deleted, except *roaring.Bitmap, nowSec int64) (uint64, error) {
	s := &c.stats
	k := [2]string{field, term}
	s.mu.Lock()
	s.at(c, nowSec)
	if s.dfDeleted != deleted {
		clear(s.df)
		s.dfDeleted = deleted
	}
	n, ok := s.df[k]
	from, until := s.from, s.until
	s.mu.Unlock()
	if ok {
		return n, nil
	}
	dict, err := seg.Dictionary(field)
	if err != nil || dict == nil {
		return 0, err
	}
	pl, err := dict.PostingsList([]byte(term), except, nil)
	if err != nil {
		return 0, err
	}
	n = pl.Count()
	s.mu.Lock()
	if s.from == from && s.until == until && s.dfDeleted == deleted {
		if len(s.df) >= maxCachedTerms {
			clear(s.df)
		}
		s.df[k] = n
	}
	s.mu.Unlock()
	return n, nil
}

// hiddenFrom is the set of the segment's documents v may not see at
// nowSec, by the collector's own rule (visibility). Deleted documents are
// not in it.
func (c *columns) hiddenFrom(v Viewer, nowSec int64) *roaring.Bitmap {
	s := &c.stats
	s.mu.Lock()
	defer s.mu.Unlock()
	s.at(c, nowSec)
	return s.hiddenLocked(c, v, nowSec)
}

func (s *segmentStats) hiddenLocked(c *columns, v Viewer, nowSec int64) *roaring.Bitmap {
	if b, ok := s.hidden[v]; ok {
		return b
	}
	visible := visibility(v, nowSec)
	b := roaring.New()
	for d := range uint32(c.count()) {
		if !visible(c, d) {
			b.Add(d)
		}
	}
	b.RunOptimize()
	if len(s.hidden) >= maxCachedViewers {
		clear(s.hidden)
	}
	s.hidden[v] = b
	return b
}

// publicTermCount is how many terms of field occur in a document the
// public may see at nowSec: Bleve's "field cardinality" (the size of the
// field's term dictionary), summed over segments, counts every term; this
// counts those of public documents. As in Bleve's dictionaries, deleted
// documents' terms count until a merge drops them (they were public).
func (c *columns) publicTermCount(seg segment.Segment, field string, nowSec int64) (int, error) {
	s := &c.stats
	s.mu.Lock()
	s.at(c, nowSec)
	n, ok := s.publicTerms[field]
	hidden := s.hiddenLocked(c, vis.Anyone(), nowSec)
	from, until := s.from, s.until
	s.mu.Unlock()
	if ok {
		return n, nil
	}
	// Counted without the lock: in a large segment it takes a while, and
	// other searches need the segment's other figures meanwhile.
	dict, err := seg.Dictionary(field)
	if err != nil {
		return 0, fmt.Errorf("search statistics %s: %w", field, err)
	}
	if dict != nil {
		if hidden.IsEmpty() {
			n = int(dict.Cardinality())
		} else if n, err = termsOutside(dict, hidden); err != nil {
			return 0, fmt.Errorf("search statistics %s: %w", field, err)
		}
	}
	s.mu.Lock()
	if s.from == from && s.until == until {
		s.publicTerms[field] = n
	}
	s.mu.Unlock()
	return n, nil
}

// termsOutside counts dict's terms with a posting outside hidden.
func termsOutside(dict segment.TermDictionary, hidden *roaring.Bitmap) (int, error) {
	it := dict.AutomatonIterator(nil, nil, nil)
	var pl segment.PostingsList
	n := 0
	for {
		e, err := it.Next()
		if err != nil || e == nil {
			return n, err
		}
		if pl, err = dict.PostingsList([]byte(e.Term), hidden, pl); err != nil {
			return n, err
		}
		if pl.Count() > 0 {
			n++
		}
	}
}

// rankStats are one search's statistics over one snapshot: the public's
// for scoring, the viewer's for deciding which fields to ask. Safe for
// the concurrent parts of a walk.
type rankStats struct {
	nowSec int64
	viewer Viewer
	segs   []statsSegment
	docs   uint64 // public, not deleted

	mu       sync.Mutex
	df       map[[2]string]uint64 // public document frequency
	cardinal map[string]int
}

type statsSegment struct {
	seg  segment.Segment
	cols *columns
	// public is the documents out of the public's sight, deleted ones
	// included: what a postings list must leave out to count for it.
	public  *roaring.Bitmap
	deleted *roaring.Bitmap // the snapshot's, nil for none
	// viewer is the same for the viewer, made when first needed (few
	// words occur in no public document).
	viewer *roaring.Bitmap
}

// newRankStats gathers the statistics of reader's snapshot for v at
// nowSec; views are the snapshot's segments with their columns
// (segmentViews), in the same order.
func newRankStats(reader index.IndexReader, views []segmentView, v Viewer, nowSec int64) (*rankStats, error) {
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("search: index reader is %T, not a Scorch snapshot", reader)
	}
	ss := snap.Segments()
	if len(ss) != len(views) {
		return nil, fmt.Errorf("search: %d segments, %d column sets", len(ss), len(views))
	}
	rs := &rankStats{nowSec: nowSec, viewer: v, segs: make([]statsSegment, len(ss)),
		df: map[[2]string]uint64{}, cardinal: map[string]int{}}
	for i, s := range ss {
		cols := views[i].cols
		pub := cols.hiddenFrom(vis.Anyone(), nowSec)
		del := s.Deleted()
		if del != nil && del.IsEmpty() {
			del = nil
		}
		if del != nil {
			pub = roaring.Or(pub, del)
		}
		rs.segs[i] = statsSegment{seg: s.Segment(), cols: cols, public: pub, deleted: del}
		rs.docs += cols.count() - pub.GetCardinality()
	}
	return rs, nil
}

// publicDocFreq is how many public documents hold term in field.
func (rs *rankStats) publicDocFreq(field, term string) (uint64, error) {
	k := [2]string{field, term}
	rs.mu.Lock()
	n, ok := rs.df[k]
	rs.mu.Unlock()
	if ok {
		return n, nil
	}
	n = 0
	for _, s := range rs.segs {
		c, err := s.cols.publicDocFreq(s.seg, field, term, s.deleted, s.public, rs.nowSec)
		if err != nil {
			return 0, fmt.Errorf("search statistics %s: %w", field, err)
		}
		n += c
	}
	rs.mu.Lock()
	rs.df[k] = n
	rs.mu.Unlock()
	return n, nil
}

// publicCardinality is Bleve's field cardinality over public documents
// (publicTermCount).
func (rs *rankStats) publicCardinality(field string) (int, error) {
	rs.mu.Lock()
	n, ok := rs.cardinal[field]
	rs.mu.Unlock()
	if ok {
		return n, nil
	}
	n = 0
	for _, s := range rs.segs {
		c, err := s.cols.publicTermCount(s.seg, field, rs.nowSec)
		if err != nil {
			return 0, err
		}
		n += c
	}
	rs.mu.Lock()
	rs.cardinal[field] = n
	rs.mu.Unlock()
	return n, nil
}

// visibleDocFreq is textQuery's docFreq: whether (1) or not (0) a
// document the viewer may see holds term in field. Unknown (an error)
// counts as 1: asking a field costs less than losing a match.
func (rs *rankStats) visibleDocFreq(field, term string) uint64 {
	// Every viewer sees what the public sees, and the public's counts are
	// cached: most words are settled there, and for the public (most
	// searches: validators and observers read as the public does) a word
	// in no public document is settled too, without a second look in
	// every segment's dictionary.
	if n, err := rs.publicDocFreq(field, term); err == nil && (n > 0 || rs.viewer == vis.Anyone()) {
		return min(n, 1)
	}
	var pl segment.PostingsList
	for i := range rs.segs {
		s := &rs.segs[i]
		dict, err := s.seg.Dictionary(field)
		if err != nil {
			return 1
		}
		if dict == nil {
			continue
		}
		if pl, err = dict.PostingsList([]byte(term), rs.viewerHidden(s), pl); err != nil {
			return 1
		}
		if pl.Count() > 0 {
			return 1
		}
	}
	return 0
}

// viewerHidden is what s's postings must leave out to count the
// documents the viewer may see.
func (rs *rankStats) viewerHidden(s *statsSegment) *roaring.Bitmap {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if s.viewer == nil {
		s.viewer = s.cols.hiddenFrom(rs.viewer, rs.nowSec)
		if s.deleted != nil {
			s.viewer = roaring.Or(s.viewer, s.deleted)
		}
	}
	return s.viewer
}

// statsKey carries a search's *rankStats to its term searchers.
type statsKey struct{}

func withRankStats(ctx context.Context, rs *rankStats) context.Context {
	return context.WithValue(ctx, statsKey{}, rs)
}

func rankStatsFrom(ctx context.Context) *rankStats {
	rs, _ := ctx.Value(statsKey{}).(*rankStats)
	return rs
}
