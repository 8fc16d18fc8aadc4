package textdiff

// tokens is a text cut for diffing. Each token keeps where it starts (a
// last entry marks the end of the text), a key to compare tokens by, and
// its kind.
type tokens struct {
	s string
	t []tok
}

// tok's key is the token itself when it is shorter than 8 bytes (its
// length in the top byte, its bytes below), which covers spaces,
// punctuation, Chinese characters and most words: two such keys are equal
// exactly when the tokens are. A longer token's key is a hash with the top
// byte 0xff; equal keys then still need a look at the bytes.
type tok struct {
	start int
	key   uint64
	kind  tokKind
}

const hashedKey = 0xff << 56

func tokenKey(t string) uint64 {
	if len(t) < 8 {
		k := uint64(len(t)) << 56
		for i := 0; i < len(t); i++ {
			k |= uint64(t[i]) << (8 * i)
		}
		return k
	}
	h := uint64(14695981039346656037) // FNV-1a
	for i := 0; i < len(t); i++ {
		h ^= uint64(t[i])
		h *= 1099511628211
	}
	return h | hashedKey
}

// scan cuts s into t, reusing t's buffer.
func (t *tokens) scan(s string) {
	t.s = s
	if t.t == nil {
		t.t = make([]tok, 0, len(s)/3+2)
	}
	t.t = t.t[:0]
	for i := 0; i < len(s); {
		j, k := next(s, i)
		t.t = append(t.t, tok{start: i, key: tokenKey(s[i:j]), kind: k})
		i = j
	}
	t.t = append(t.t, tok{start: len(s)})
}

func scan(s string) *tokens {
	t := new(tokens)
	t.scan(s)
	return t
}

func (t *tokens) len() int           { return len(t.t) - 1 }
func (t *tokens) off(i int) int      { return t.t[i].start }
func (t *tokens) kind(i int) tokKind { return t.t[i].kind }
func (t *tokens) text(i int) string  { return t.s[t.t[i].start:t.t[i+1].start] }
func (t *tokens) same(i, j int) bool { return eqTokens(t, t, i, j) }

func eqTokens(ta, tb *tokens, i, j int) bool {
	k := ta.t[i].key
	return k == tb.t[j].key && (k < hashedKey || ta.text(i) == tb.text(j))
}

// differ finds a shortest edit script between two token sequences with
// Myers' O(ND) algorithm. The result is a mark per token: deleted from a,
// inserted in b.
//
// Two forms of the algorithm share the work. The plain forward search
// (greedy) is the fastest when few tokens change, the usual revision, but
// it keeps every step's frontier to read the path back: memory grows
// with the square of the changes. Past limits.greedy edits the
// linear-space form takes over (bisect: find the middle of an optimal
// path, recurse on both halves, trying greedy again on each half), so a
// text rewritten from end to end needs memory in proportion to its length.
type differ struct {
	a, b     *tokens
	del, ins []bool
	v1, v2   []int
	steps    []int32 // greedy's frontiers, step after step
	lim      limits
}

// limits bound the two searches, in steps (edits).
type limits struct {
	// greedy: beyond it, greedy gives way to bisect. At 256 its stored
	// frontiers stay under 33,000 numbers.
	greedy int
	// bisect: beyond it, bisect stops looking for the middle of a shortest
	// path and splits at the furthest point it has reached, as GNU diff
	// does when a comparison gets too expensive. The script is then still
	// right but may not be the shortest. Myers' search costs about
	// length × edits, so without this a 20,000-word text compared with an
	// unrelated one would take most of a minute; with it, under a second.
	// Two texts of 2,048 tokens together (some 500 words each) never reach
	// it: their shortest path has at most 2,048 edits and its middle is
	// found within 1,024 steps.
	bisect int
}

var exact = limits{greedy: 256, bisect: 1024}

func (d *differ) eq(i, j int) bool {
	return eqTokens(d.a, d.b, i, j)
}

// scratch gives bisect its two frontiers and greedy its one (v2 nil).
func (d *differ) scratch(size int, two bool) (v1, v2 []int) {
	if cap(d.v1) < size {
		d.v1 = make([]int, size)
	}
	if two && cap(d.v2) < size {
		d.v2 = make([]int, size)
	}
	if !two {
		return d.v1[:size], nil
	}
	return d.v1[:size], d.v2[:size]
}

// compare marks a shortest edit script of a[alo:ahi] to b[blo:bhi]
// (within d.lim).
func (d *differ) compare(alo, ahi, blo, bhi int) {
	for alo < ahi && blo < bhi && d.eq(alo, blo) {
		alo++
		blo++
	}
	for alo < ahi && blo < bhi && d.eq(ahi-1, bhi-1) {
		ahi--
		bhi--
	}
	switch {
	case alo == ahi:
		mark(d.ins[blo:bhi])
		return
	case blo == bhi:
		mark(d.del[alo:ahi])
		return
	}
	if d.greedy(alo, ahi, blo, bhi) {
		return
	}
	x, y, ok := d.bisect(alo, ahi, blo, bhi)
	// After trimming, an optimal path has at least one step on each side
	// of its middle, and furthest never picks a corner, so the split is
	// strictly inside; the check only keeps a mistake from recursing
	// forever.
	if !ok || (x == alo && y == blo) || (x == ahi && y == bhi) {
		mark(d.del[alo:ahi])
		mark(d.ins[blo:bhi])
		return
	}
	d.compare(alo, x, blo, y)
	d.compare(x, ahi, y, bhi)
}

func mark(b []bool) {
	for i := range b {
		b[i] = true
	}
}

// greedy runs the forward search (Myers 1986, section 3) from (alo, blo)
// to (ahi, bhi) and marks the shortest path it finds. With more than
// d.lim.greedy edits it stops, marks nothing and returns false.
func (d *differ) greedy(alo, ahi, blo, bhi int) bool {
	n, m := ahi-alo, bhi-blo
	limit := min(n+m, d.lim.greedy)
	// v[off+k] is the furthest x reached on diagonal k = x-y. A step
	// only reads the diagonals the step before wrote, so v needs no reset.
	off := limit + 1
	v, _ := d.scratch(2*limit+3, false)
	v[off+1] = 0
	d.steps = d.steps[:0]
	for step := 0; step <= limit; step++ {
		for k := -step; k <= step; k += 2 {
			var x int
			if k == -step || (k != step && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down from diagonal k+1: an insertion
			} else {
				x = v[off+k-1] + 1 // right from diagonal k-1: a deletion
			}
			y := x - k
			for x < n && y < m && d.eq(alo+x, blo+y) {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				d.backtrack(alo, blo, n, m, step)
				return true
			}
		}
		for k := -step; k <= step; k += 2 {
			d.steps = append(d.steps, int32(v[off+k]))
		}
	}
	return false
}

// backtrack walks greedy's path back from (x, y), relative to (alo, blo),
// reached at the given step, repeating at each step the choice the
// search made there, and marks the path's insertions and deletions.
func (d *differ) backtrack(alo, blo, x, y, step int) {
	for s := step; s > 0; s-- {
		// Step s-1 stored s entries, for diagonals -(s-1), -(s-1)+2 … s-1.
		prev := d.steps[(s-1)*s/2 : (s-1)*s/2+s]
		at := func(k int) int { return int(prev[(k+s-1)/2]) }
		k := x - y
		pk := k - 1
		if k == -s || (k != s && at(k-1) < at(k+1)) {
			pk = k + 1
		}
		px := at(pk)
		py := px - pk
		if pk == k+1 {
			d.ins[blo+py] = true
		} else {
			d.del[alo+px] = true
		}
		x, y = px, py
	}
}

// bisect finds a point (x, y) on a shortest path from (alo, blo) to
// (ahi, bhi) by running the search forward from the start and backward
// from the end until they meet (Myers 1986, section 4b). The diagonal
// bounds k1start… skip diagonals whose path has run off the grid (the
// same bookkeeping as diff-match-patch's diff_bisect). ok is false when
// the two ranges have nothing in common.
func (d *differ) bisect(alo, ahi, blo, bhi int) (x, y int, ok bool) {
	n, m := ahi-alo, bhi-blo
	maxD := (n + m + 1) / 2
	off := maxD
	size := 2*maxD + 2
	v1, v2 := d.scratch(size, true)
	for i := range v1 {
		v1[i] = -1
		v2[i] = -1
	}
	v1[off+1], v2[off+1] = 0, 0
	delta := n - m
	front := delta%2 != 0 // odd: the paths meet in a forward step
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for step := 0; step < maxD; step++ {
		if step > d.lim.bisect {
			return furthest(v1, off, step-1, n, m, alo, blo)
		}
		for k1 := -step + k1start; k1 <= step-k1end; k1 += 2 {
			i := off + k1
			var x1 int
			if k1 == -step || (k1 != step && v1[i-1] < v1[i+1]) {
				x1 = v1[i+1]
			} else {
				x1 = v1[i-1] + 1
			}
			y1 := x1 - k1
			for x1 < n && y1 < m && d.eq(alo+x1, blo+y1) {
				x1++
				y1++
			}
			v1[i] = x1
			switch {
			case x1 > n:
				k1end += 2
			case y1 > m:
				k1start += 2
			case front:
				if j := off + delta - k1; j >= 0 && j < size && v2[j] != -1 && x1 >= n-v2[j] {
					return alo + x1, blo + y1, true
				}
			}
		}
		for k2 := -step + k2start; k2 <= step-k2end; k2 += 2 {
			i := off + k2
			var x2 int
			if k2 == -step || (k2 != step && v2[i-1] < v2[i+1]) {
				x2 = v2[i+1]
			} else {
				x2 = v2[i-1] + 1
			}
			y2 := x2 - k2
			for x2 < n && y2 < m && d.eq(ahi-1-x2, bhi-1-y2) {
				x2++
				y2++
			}
			v2[i] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				if j := off + delta - k2; j >= 0 && j < size && v1[j] != -1 {
					x1 := v1[j]
					y1 := x1 - (j - off)
					if x1 >= n-x2 {
						return alo + x1, blo + y1, true
					}
				}
			}
		}
	}
	return 0, 0, false
}

// furthest picks, on the forward frontier v of the given step, the point
// that has come furthest from the start (largest x+y) without leaving the
// grid: a split of the comparison that is always valid, if not optimal.
func furthest(v []int, off, step, n, m, alo, blo int) (x, y int, ok bool) {
	best := -1
	for k := -step; k <= step; k += 2 {
		x1 := v[off+k]
		y1 := x1 - k
		if x1 < 0 || x1 > n || y1 < 0 || y1 > m || x1+y1 <= best || (x1 == n && y1 == m) {
			continue
		}
		best, x, y = x1+y1, x1, y1
	}
	return alo + x, blo + y, best > 0
}

// run marks a script from a to b in d.del and d.ins, shortest within lim,
// reusing d's buffers from an earlier run.
func (d *differ) run(a, b *tokens, lim limits) {
	d.a, d.b, d.lim = a, b, lim
	d.del = resetMarks(d.del, a.len())
	d.ins = resetMarks(d.ins, b.len())
	d.compare(0, a.len(), 0, b.len())
}

func resetMarks(b []bool, n int) []bool {
	if cap(b) < n {
		return make([]bool, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// script runs a new differ over two whole texts.
func script(a, b *tokens, lim limits) (del, ins []bool) {
	var d differ
	d.run(a, b, lim)
	return d.del, d.ins
}
