package textdiff

import "sync"

// work is everything one comparison needs besides its result. Diffing a
// document is hundreds of small comparisons, and allocating their buffers
// each time made the garbage collector do half the work; a pool lets one
// comparison reuse the buffers of the last. Nothing in a work outlives
// the call that took it, so the package stays pure: same inputs, same
// answer, whatever ran before.
type work struct {
	a, b tokens
	d    differ
	segs []seg
	tmp  []seg
}

var works = sync.Pool{New: func() any { return new(work) }}

// maxPooled keeps the buffers of a huge comparison out of the pool, so
// one big document does not pin its memory for the life of the process.
const maxPooled = 1 << 16

// compareTexts tokenizes a and b and leaves the tidied script in w.segs.
// The caller must release w when it no longer reads w.a, w.b or w.segs.
func compareTexts(a, b string) *work {
	w := works.Get().(*work)
	w.a.scan(a)
	w.b.scan(b)
	w.d.run(&w.a, &w.b, exact)
	w.segs = segments(w.d.del, w.d.ins, w.segs[:0])
	w.segs = tidy(&w.a, &w.b, w.segs, &w.tmp)
	return w
}

func (w *work) release() {
	for _, c := range []int{cap(w.a.t), cap(w.b.t), cap(w.d.v1), cap(w.d.steps), cap(w.segs), cap(w.tmp)} {
		if c > maxPooled {
			return
		}
	}
	// A pooled work must not keep the texts it compared alive.
	w.a.s, w.b.s = "", ""
	w.d.a, w.d.b = nil, nil
	works.Put(w)
}
