package textdiff

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// checkDiff asserts what every diff must satisfy, whatever the texts:
// both texts rebuilt from the ops, ops merged and non-empty, deletes
// before inserts, no kept space left alone between two changes, and a
// carried trace that covers the new text, keeping the old source for
// exactly the words the diff shows as kept.
func checkDiff(t *testing.T, a, b string) {
	t.Helper()
	ops := Diff(a, b)
	var ra, rb strings.Builder
	kept, inserted := 0, 0
	for i, op := range ops {
		if op.Text == "" {
			t.Fatalf("Diff(%q, %q): empty op %d in %q", a, b, i, ops)
		}
		if i > 0 && ops[i-1].Kind == op.Kind {
			t.Fatalf("Diff(%q, %q): ops %d and %d both %v in %q", a, b, i-1, i, op.Kind, ops)
		}
		if i > 0 && ops[i-1].Kind == Insert && op.Kind == Delete {
			t.Fatalf("Diff(%q, %q): insert before delete at op %d in %q", a, b, i, ops)
		}
		switch op.Kind {
		case Equal:
			ra.WriteString(op.Text)
			rb.WriteString(op.Text)
			kept += Words(op.Text)
			if i > 0 && i+1 < len(ops) && ops[i+1].Kind != Equal && strings.TrimSpace(op.Text) == "" {
				t.Fatalf("Diff(%q, %q): a kept space %q splits a change in %q", a, b, op.Text, ops)
			}
		case Delete:
			ra.WriteString(op.Text)
		case Insert:
			rb.WriteString(op.Text)
			inserted += Words(op.Text)
		default:
			t.Fatalf("Diff(%q, %q): op of kind %v", a, b, op.Kind)
		}
	}
	if ra.String() != a || rb.String() != b {
		t.Fatalf("Diff(%q, %q) = %q rebuilds %q and %q", a, b, ops, ra.String(), rb.String())
	}
	if kept+inserted != Words(b) {
		t.Fatalf("Diff(%q, %q) = %q: %d kept + %d inserted words, text has %d", a, b, ops, kept, inserted, Words(b))
	}
	tr := Carry(a, NewTrace(a, 1), b, 2)
	if tr.Words() != Words(b) {
		t.Fatalf("Carry(%q → %q) = %v covers %d words, text has %d", a, b, tr, tr.Words(), Words(b))
	}
	fromOld := 0
	for i, r := range tr {
		if r.Words <= 0 || (i > 0 && tr[i-1].Source == r.Source) {
			t.Fatalf("Carry(%q → %q) = %v is not normalised", a, b, tr)
		}
		if r.Source == 1 {
			fromOld += r.Words
		}
	}
	if fromOld != kept {
		t.Fatalf("Carry(%q → %q) = %v keeps %d old words, the diff %d", a, b, tr, fromOld, kept)
	}
	var spans strings.Builder
	for _, sp := range tr.Spans(b) {
		spans.WriteString(sp.Text)
	}
	if spans.String() != b {
		t.Fatalf("Spans of %q concatenate to %q", b, spans.String())
	}
}

// checkShortest asserts that the raw script (before tidying) is a
// shortest one, against the textbook O(nm) longest common subsequence.
func checkShortest(t *testing.T, a, b string) {
	t.Helper()
	ta, tb := scan(a), scan(b)
	for _, lim := range []limits{exact, {greedy: 3, bisect: exact.bisect}, {greedy: 0, bisect: exact.bisect}} {
		del, ins := script(ta, tb, lim)
		checkCost(t, ta, tb, del, ins, lim, true)
	}
}

// checkCost asserts that a script keeps equal tokens only, and compares
// its cost with the textbook O(nm) longest common subsequence: equal if
// shortest, else no less. A greedy limit of 0 is the linear-space search
// alone, 3 switches between the two.
func checkCost(t *testing.T, ta, tb *tokens, del, ins []bool, lim limits, shortest bool) {
	t.Helper()
	cost := 0
	for _, d := range del {
		if d {
			cost++
		}
	}
	for _, d := range ins {
		if d {
			cost++
		}
	}
	n, m := ta.len(), tb.len()
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if ta.text(i) == tb.text(j) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	// The unmarked tokens, read in order on both sides, must pair up equal.
	i, j := 0, 0
	for {
		for i < n && del[i] {
			i++
		}
		for j < m && ins[j] {
			j++
		}
		if i == n || j == m {
			if i != n || j != m {
				t.Fatalf("script(%q, %q, limits %+v) keeps %d tokens more on one side", ta.s, tb.s, lim, n-i+m-j)
			}
			break
		}
		if ta.text(i) != tb.text(j) {
			t.Fatalf("script(%q, %q, limits %+v) keeps %q against %q", ta.s, tb.s, lim, ta.text(i), tb.text(j))
		}
		i++
		j++
	}
	if want := n + m - 2*lcs[0][0]; cost != want && (shortest || cost < want) {
		t.Fatalf("script(%q, %q, limits %+v) edits %d tokens, shortest is %d", ta.s, tb.s, lim, cost, want)
	}
}

// pieces mix what negotiated texts hold, and what they should not.
var pieces = []string{
	"States", "shall", "should", "respect", "human", "rights", "los", "Estados", "deberán", "l'État",
	"人", "权", "各", "国", "应", "当", "1.5", "2030",
	" ", " ", " ", "  ", "\n", "\u3000", ",", ".", "，", "。", "[", "]", "［", "］", "'", "-",
	"\u0301", "\xff", "\xe4\xbd",
}

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// mutate changes about one piece in ten of a text built from pieces, the
// way a revision changes a paragraph.
func mutate(r *rand.Rand, s string) string {
	toks := Tokenize(s)
	var b strings.Builder
	for _, tok := range toks {
		switch r.IntN(20) {
		case 0: // deleted
		case 1: // replaced
			b.WriteString(pieces[r.IntN(len(pieces))])
		case 2: // something inserted before it
			b.WriteString(pieces[r.IntN(len(pieces))])
			b.WriteString(tok.Text)
		default:
			b.WriteString(tok.Text)
		}
	}
	return b.String()
}

func TestDiffRandomTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(20260517, 10))
	for i := range 3000 {
		a := randomText(r, r.IntN(40))
		var b string
		switch i % 3 {
		case 0:
			b = randomText(r, r.IntN(40))
		default:
			b = mutate(r, a)
		}
		checkDiff(t, a, b)
		checkShortest(t, a, b)
	}
}

// TestDiffSmallAlphabet makes texts of few distinct tokens, where many
// equally short scripts exist: the hardest case for the middle-snake
// search and its bounds.
func TestDiffSmallAlphabet(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	alphabet := []string{"a", " ", "b", ",", "人"}
	text := func() string {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
			b.WriteString(" ")
		}
		return b.String()
	}
	for range 5000 {
		a, b := text(), text()
		checkDiff(t, a, b)
		checkShortest(t, a, b)
	}
}

// TestScriptBeyondBudget: when the search gives up on the shortest path
// (limits.bisect), the script it falls back on still keeps only equal
// tokens, in order, and costs no less than the shortest.
func TestScriptBeyondBudget(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 17))
	for i := range 2000 {
		a := randomText(r, r.IntN(40))
		b := randomText(r, r.IntN(40))
		if i%2 == 1 {
			b = mutate(r, a)
		}
		ta, tb := scan(a), scan(b)
		for _, lim := range []limits{{greedy: 0, bisect: 0}, {greedy: 0, bisect: 2}, {greedy: 2, bisect: 1}} {
			del, ins := script(ta, tb, lim)
			checkCost(t, ta, tb, del, ins, lim, false)
		}
	}
}
