package textdiff

// Run is Words consecutive words of a text that came from one Source.
type Run struct {
	Words  int   `json:"n"`
	Source int64 `json:"s"`
}

// Trace says where each word of a text came from, in runs: the first
// Runs[0].Words words from Runs[0].Source, and so on. What a source
// number means is the caller's (0 the zero draft, 7 amendment 7 …).
// Only words are traced: spaces and punctuation follow their word, so a
// trace survives a change of typography.
type Trace []Run

// NewTrace attributes every word of s to source.
func NewTrace(s string, source int64) Trace {
	var b traceBuilder
	b.add(Words(s), source)
	return b.trace()
}

// Carry traces the next revision: a word that Diff(old, new) keeps equal
// keeps the source oldTrace gave it, and every inserted word is from
// source. The result covers exactly Words(new) words, with neighbouring
// runs of one source merged and no empty runs.
//
// A trace that does not fit old (stored before a text was corrected by
// hand, say) is read as far as it goes: words of old beyond its end count
// as from source, and runs beyond old's words are ignored.
func Carry(old string, oldTrace Trace, new string, source int64) Trace {
	w := compareTexts(old, new)
	defer w.release()
	ta, tb, segs := &w.a, &w.b, w.segs
	from := traceCursor{t: oldTrace, fallback: source}
	var b traceBuilder
	for _, sg := range segs {
		if !sg.change {
			for i := sg.a0; i < sg.a1; i++ {
				if ta.kind(i) == kWord {
					b.add(1, from.next())
				}
			}
			continue
		}
		for i := sg.a0; i < sg.a1; i++ {
			if ta.kind(i) == kWord {
				from.next()
			}
		}
		n := 0
		for j := sg.b0; j < sg.b1; j++ {
			if tb.kind(j) == kWord {
				n++
			}
		}
		b.add(n, source)
	}
	return b.trace()
}

// Words is the number of words the trace covers.
func (t Trace) Words() int {
	n := 0
	for _, r := range t {
		if r.Words > 0 {
			n += r.Words
		}
	}
	return n
}

// Sources lists the distinct sources of the trace's words in the order
// they first appear in the text.
func (t Trace) Sources() []int64 {
	var out []int64
	seen := make(map[int64]bool, len(t))
	for _, r := range t {
		if r.Words > 0 && !seen[r.Source] {
			seen[r.Source] = true
			out = append(out, r.Source)
		}
	}
	return out
}

// Span is a stretch of text whose words all have one source.
type Span struct {
	Text   string
	Source int64
}

// Spans cuts s, the text t traces, into consecutive spans of one source
// each, for showing who wrote what. Spaces and punctuation go with the
// word before them, and anything before the first word with the first
// word. Concatenating the spans' texts gives s.
//
// If t is shorter than s's words, the words past its end stay with the
// last source; a text without words is one span of t's first source
// (0 for an empty trace). An empty s has no spans.
func (t Trace) Spans(s string) []Span {
	if s == "" {
		return nil
	}
	var out []Span
	from := traceCursor{t: t}
	cur, started, start := int64(0), false, 0
	if src := t.Sources(); len(src) > 0 {
		cur = src[0]
	}
	for i := 0; i < len(s); {
		j, k := next(s, i)
		if k == kWord {
			from.fallback = cur
			src := from.next()
			switch {
			case !started:
				cur, started = src, true
			case src != cur:
				out = append(out, Span{Text: s[start:i], Source: cur})
				cur, start = src, i
			}
		}
		i = j
	}
	return append(out, Span{Text: s[start:], Source: cur})
}

// traceCursor reads a trace one word at a time; past its end every word
// is from fallback.
type traceCursor struct {
	t        Trace
	run      int // index in t
	used     int // words of t[run] already read
	fallback int64
}

func (c *traceCursor) next() int64 {
	for c.run < len(c.t) && c.used >= c.t[c.run].Words {
		c.run++
		c.used = 0
	}
	if c.run == len(c.t) {
		return c.fallback
	}
	c.used++
	return c.t[c.run].Source
}

// traceBuilder appends words to a normalised trace.
type traceBuilder struct{ runs Trace }

func (b *traceBuilder) add(n int, source int64) {
	if n <= 0 {
		return
	}
	if last := len(b.runs) - 1; last >= 0 && b.runs[last].Source == source {
		b.runs[last].Words += n
		return
	}
	b.runs = append(b.runs, Run{Words: n, Source: source})
}

// trace returns the runs, empty rather than nil so that a text without
// words is stored as [] and not null.
func (b *traceBuilder) trace() Trace {
	if b.runs == nil {
		return Trace{}
	}
	return b.runs
}
