package textdiff

// seg is a stretch of an edit script in tokens: a[a0:a1] equal to
// b[b0:b1], or (change) a[a0:a1] deleted and b[b0:b1] inserted in its
// place. A script alternates equal and change segments.
type seg struct {
	a0, a1, b0, b1 int
	change         bool
}

// segments groups the differ's marks into segments, appended to out, with
// an empty equal segment at each end: tidy wants every change to have an
// equal neighbour on both sides to pass tokens to.
func segments(del, ins []bool, out []seg) []seg {
	n, m := len(del), len(ins)
	out = append(out, seg{})
	for i, j := 0, 0; i < n || j < m; {
		a0, b0 := i, j
		if (i < n && del[i]) || (j < m && ins[j]) {
			for (i < n && del[i]) || (j < m && ins[j]) {
				for i < n && del[i] {
					i++
				}
				for j < m && ins[j] {
					j++
				}
			}
			out = append(out, seg{a0, i, b0, j, true})
			continue
		}
		for i < n && j < m && !del[i] && !ins[j] {
			i++
			j++
		}
		if i == a0 {
			// Unmatched tokens left on one side only: the marks do not
			// add up. Not reached; keep the texts whole regardless.
			out = append(out, seg{i, n, j, m, true})
			break
		}
		out = append(out, seg{a0, i, b0, j, false})
	}
	return append(out, seg{n, n, m, m, false})
}

// tidy turns a shortest script, as segments gives it, into one a reader
// takes in at a glance; see Diff for the rules. tmp is a buffer it may use.
func tidy(ta, tb *tokens, segs []seg, tmp *[]seg) []seg {
	slide(ta, tb, segs)
	segs = normalize(segs)
	segs = joinAcrossSpaces(ta, segs)
	out := trimChanges(ta, tb, segs, (*tmp)[:0])
	*tmp = segs[:0]
	return out
}

// slide moves each pure insertion or deletion to the best of the places it
// could equally sit: "the big State" → "the State" can delete " big" or
// "big "; the second starts at a word after a space and is chosen. Ties go
// to the leftmost place.
func slide(ta, tb *tokens, segs []seg) {
	for k := range segs {
		sg := &segs[k]
		if !sg.change {
			continue
		}
		var t *tokens
		var p, q int
		switch {
		case sg.b0 == sg.b1:
			t, p, q = ta, sg.a0, sg.a1
		case sg.a0 == sg.a1:
			t, p, q = tb, sg.b0, sg.b1
		default:
			continue
		}
		if k == 0 || k+1 == len(segs) {
			continue // tidy gives every change two neighbours; this keeps slide safe alone
		}
		size := q - p
		// The region may move within the equal text around it: moving
		// left, its last tokens go to the next segment, and moving right
		// its first go to the previous one.
		lo := p - (segs[k-1].a1 - segs[k-1].a0)
		hi := q + (segs[k+1].a1 - segs[k+1].a0)
		start := p
		for start > lo && t.same(start-1, start-1+size) {
			start--
		}
		best, bestScore := start, -1
		for s := start; ; s++ {
			if sc := boundaryScore(t, s); sc > bestScore {
				best, bestScore = s, sc
			}
			if s+size >= hi || !t.same(s, s+size) {
				break
			}
		}
		shift := best - p
		if shift == 0 {
			continue
		}
		segs[k-1].a1 += shift
		segs[k-1].b1 += shift
		sg.a0 += shift
		sg.a1 += shift
		sg.b0 += shift
		sg.b1 += shift
		segs[k+1].a0 += shift
		segs[k+1].b0 += shift
	}
}

// boundaryScore rates a change that starts at token s of t: best at a word
// after a space (or at the start), then at a word after punctuation.
func boundaryScore(t *tokens, s int) int {
	switch {
	case t.kind(s) != kWord:
		return 0
	case s == 0 || t.kind(s-1) == kSpace:
		return 2
	case t.kind(s-1) == kOther:
		return 1
	}
	return 0
}

// normalize drops empty segments and merges neighbours of one type.
func normalize(segs []seg) []seg {
	out := segs[:0]
	for _, sg := range segs {
		if sg.a0 == sg.a1 && sg.b0 == sg.b1 {
			continue
		}
		if n := len(out); n > 0 && out[n-1].change == sg.change {
			out[n-1].a1, out[n-1].b1 = sg.a1, sg.b1
			continue
		}
		out = append(out, sg)
	}
	return out
}

// joinAcrossSpaces makes one change of two that only a kept space
// separates: "[shall→should] [respect→protect]" is one rewording to a
// reader, and four marked pieces around a space are noise.
func joinAcrossSpaces(ta *tokens, segs []seg) []seg {
	out := segs[:0]
	for k := 0; k < len(segs); k++ {
		sg := segs[k]
		if !sg.change && sg.a1-sg.a0 == 1 && ta.kind(sg.a0) == kSpace &&
			len(out) > 0 && out[len(out)-1].change && k+1 < len(segs) && segs[k+1].change {
			last := &out[len(out)-1]
			last.a1, last.b1 = segs[k+1].a1, segs[k+1].b1
			k++
			continue
		}
		out = append(out, sg)
	}
	return out
}

// trimChanges gives back to the equal text what a joined change starts or
// ends with on both sides ("[shall ]→[should fully ]" keeps its space).
func trimChanges(ta, tb *tokens, segs, out []seg) []seg {
	for _, sg := range segs {
		if !sg.change {
			out = append(out, sg)
			continue
		}
		a0, a1, b0, b1 := sg.a0, sg.a1, sg.b0, sg.b1
		for a0 < a1 && b0 < b1 && eqTokens(ta, tb, a0, b0) {
			a0++
			b0++
		}
		for a0 < a1 && b0 < b1 && eqTokens(ta, tb, a1-1, b1-1) {
			a1--
			b1--
		}
		out = append(out,
			seg{sg.a0, a0, sg.b0, b0, false},
			seg{a0, a1, b0, b1, true},
			seg{a1, sg.a1, b1, sg.b1, false})
	}
	return normalize(out)
}
