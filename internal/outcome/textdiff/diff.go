package textdiff

import (
	"fmt"
	"unicode/utf8"
)

// Kind says what an Op does to the old text.
type Kind uint8

const (
	Equal  Kind = iota // in both texts
	Insert             // only in the new text
	Delete             // only in the old text
)

var kindNames = [...]string{Equal: "equal", Insert: "insert", Delete: "delete"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// MarshalText writes the kind as its name, so a diff sent as JSON reads
// {"Kind":"insert",…} rather than a bare number.
func (k Kind) MarshalText() ([]byte, error) {
	if int(k) >= len(kindNames) {
		return nil, fmt.Errorf("textdiff: unknown kind %d", k)
	}
	return []byte(kindNames[k]), nil
}

func (k *Kind) UnmarshalText(b []byte) error {
	for i, name := range kindNames {
		if string(b) == name {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("textdiff: unknown kind %q", b)
}

// Op is a stretch of text that is equal, inserted or deleted. Adjacent
// tokens of one kind are merged into one Op, and Text is never empty.
type Op struct {
	Kind Kind
	Text string
}

// Diff compares two revisions word by word. Concatenating the Equal and
// Delete texts gives a back; the Equal and Insert texts give b.
//
// The script is a shortest one on tokens (Myers, after the common prefix
// and suffix are set aside) whenever the texts differ by at most 2,048
// token edits, which takes in any two texts of 2,048 tokens together
// (about 500 words each); two long texts that share little get a correct
// script found in bounded time instead (see limits.bisect). It is then
// tidied for a reader, which is the one place it may grow by a whitespace
// token or two:
//   - an insertion or deletion that could sit in several places starts
//     at a word after a space ("the [big ]State", not "the[ big] State");
//   - a single space kept between two changes joins them, so replacing two
//     words reads as one change ("[shall respect]→[should protect]"), not
//     as four pieces around a kept space;
//   - a change of whitespace only is cut down to the characters that
//     differ ("the  State" → "the State" deletes one space).
//
// At each place, the deleted text comes before the inserted text.
// The same inputs always give the same ops.
func Diff(a, b string) []Op {
	w := compareTexts(a, b)
	defer w.release()
	return render(&w.a, &w.b, w.segs)
}

// render writes segments as ops. Every piece is a substring of a or b and
// consecutive pieces of one kind are contiguous in their text, so merging
// them is re-slicing, not copying.
func render(ta, tb *tokens, segs []seg) []Op {
	w := opWriter{a: ta.s, b: tb.s, ops: make([]Op, 0, len(segs)+1)}
	for _, sg := range segs {
		alo, ahi := ta.off(sg.a0), ta.off(sg.a1)
		blo, bhi := tb.off(sg.b0), tb.off(sg.b1)
		if !sg.change {
			w.add(Equal, alo, ahi)
			continue
		}
		if sg.a1-sg.a0 == 1 && sg.b1-sg.b0 == 1 && ta.kind(sg.a0) == kSpace && tb.kind(sg.b0) == kSpace {
			p, q := commonRunes(ta.s[alo:ahi], tb.s[blo:bhi])
			w.add(Equal, alo, alo+p)
			w.add(Delete, alo+p, ahi-q)
			w.add(Insert, blo+p, bhi-q)
			w.add(Equal, ahi-q, ahi)
			continue
		}
		w.add(Delete, alo, ahi)
		w.add(Insert, blo, bhi)
	}
	return w.ops
}

// commonRunes returns the byte lengths of the common prefix and of the
// common suffix of x and y (not overlapping), cut at rune boundaries so a
// multi-byte space (U+3000) is never split.
func commonRunes(x, y string) (prefix, suffix int) {
	for prefix < len(x) && prefix < len(y) {
		r1, n1 := utf8.DecodeRuneInString(x[prefix:])
		r2, n2 := utf8.DecodeRuneInString(y[prefix:])
		if r1 != r2 || n1 != n2 {
			break
		}
		prefix += n1
	}
	for suffix < len(x)-prefix && suffix < len(y)-prefix {
		r1, n1 := utf8.DecodeLastRuneInString(x[:len(x)-suffix])
		r2, n2 := utf8.DecodeLastRuneInString(y[:len(y)-suffix])
		if r1 != r2 || n1 != n2 || n1 > len(x)-prefix-suffix || n2 > len(y)-prefix-suffix {
			break
		}
		suffix += n1
	}
	return prefix, suffix
}

type opWriter struct {
	a, b string
	ops  []Op
	// lo and hi are the bytes of the last op in its own text.
	lo, hi int
}

func (w *opWriter) add(k Kind, lo, hi int) {
	if lo == hi {
		return
	}
	src := w.a
	if k == Insert {
		src = w.b
	}
	if n := len(w.ops); n > 0 && w.ops[n-1].Kind == k {
		if w.hi == lo {
			w.hi = hi
			w.ops[n-1].Text = src[w.lo:w.hi]
			return
		}
		// Not reached: segments alternate and each uses its text in
		// order. Copy rather than lose text if that ever changes.
		w.ops[n-1].Text += src[lo:hi]
		w.lo, w.hi = -1, -1
		return
	}
	w.ops = append(w.ops, Op{Kind: k, Text: src[lo:hi]})
	w.lo, w.hi = lo, hi
}
