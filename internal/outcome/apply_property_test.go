package outcome_test

import (
	"fmt"
	"math/rand"
	"slices"
	"strconv"
	"strings"
	"testing"

	"roundtable/internal/errs"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// The property: Rev.N+1 is Rev.N with the accepted amendments applied, in
// the order the chair accepted them, by a small applier of our own that
// follows the rules of the design (labels PPn/OPn, Xbis … after X and
// what was inserted after it, Xalt … after X and its alternatives; a
// deleted paragraph keeps its label and its place for what follows it).
// Every word the tests write is unique in the whole document, so where
// each word of the text came from is known without a diff.

// mpara is a paragraph of the model: every paragraph ever made, deleted
// ones too, since they keep their label and their place.
type mpara struct {
	label, kind, altOf string
	zh                 bool     // Chinese: words are characters, not spaced
	words              []string // its words, each unique in the document
	src                []int64  // where each word came from (0: the chair)
	// also are the other sources a word's trace may name: the amendments
	// that replaced the paragraph's text while the word stayed (see
	// TestEveryWordIsTracedToItsAmendment).
	also    [][]int64
	version int // moves on with each change of its words
	deleted bool
}

func (p *mpara) text() string {
	if p.zh {
		return strings.Join(p.words, "") + "。"
	}
	return strings.Join(p.words, " ") + ";"
}

// model is the text as the test expects it, with its own word source.
type model struct {
	r     *rand.Rand
	list  []*mpara
	fresh int // the next unique word
}

// word is a word never used before: a Latin one of letters only, or a
// Han character.
func (m *model) word(zh bool) string {
	m.fresh++
	if zh {
		return string(rune(0x4E00 + m.fresh))
	}
	var b []byte
	for n := m.fresh; n > 0; n /= 26 {
		b = append(b, byte('a'+n%26))
	}
	return "w" + string(b)
}

func (m *model) sentence(zh bool, source int64) ([]string, []int64) {
	n := 2 + m.r.Intn(6)
	words, src := make([]string, n), make([]int64, n)
	for i := range words {
		words[i], src[i] = m.word(zh), source
	}
	return words, src
}

// edit changes some words of p at random: replaces, inserts and deletes
// words, the new ones from source; at least one change, at least a word
// left.
func (m *model) edit(p *mpara, source int64) ([]string, []int64, [][]int64) {
	var words []string
	var src []int64
	var also [][]int64
	kept := func(i int) {
		words, src = append(words, p.words[i]), append(src, p.src[i])
		also = append(also, append(slices.Clone(p.also[i]), source))
	}
	added := func() {
		words, src, also = append(words, m.word(p.zh)), append(src, source), append(also, nil)
	}
	for i := range p.words {
		switch m.r.Intn(8) {
		case 0: // replaced
			added()
		case 1: // a word inserted before it
			added()
			kept(i)
		case 2: // deleted
		default:
			kept(i)
		}
	}
	if len(words) == 0 || slices.Equal(words, p.words) {
		added()
	}
	return words, src, also
}

func (m *model) find(label string) int {
	for i, p := range m.list {
		if p.label == label {
			return i
		}
	}
	return -1
}

func (m *model) live() []*mpara {
	var out []*mpara
	for _, p := range m.list {
		if !p.deleted {
			out = append(out, p)
		}
	}
	return out
}

// labelRoot is "OP7" for OP7, OP7bis, OP7alt2, OP7-11.
func labelRoot(label string) string {
	i := 2
	for i < len(label) && label[i] >= '0' && label[i] <= '9' {
		i++
	}
	return label[:i]
}

var latinOrdinals = []string{"bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies"}

func (m *model) taken(label string) bool { return m.find(label) >= 0 }

// place puts p into the list after index i and the paragraphs after it
// that belong with it (deleted ones are passed over).
func (m *model) place(p *mpara, i int, belongs func(*mpara) bool) {
	j := i
	for k := i + 1; k < len(m.list) && (m.list[k].deleted || belongs(m.list[k])); k++ {
		j = k
	}
	m.list = slices.Insert(m.list, j+1, p)
}

// append adds a paragraph of kind at the end of its kind.
func (m *model) append(p *mpara) {
	prefix, max, last := "OP", 0, len(m.list)-1
	if p.kind == outcome.Preambular {
		prefix, last = "PP", -1
		for i, q := range m.list {
			if q.kind == outcome.Preambular {
				last = i
			}
		}
	}
	for _, q := range m.list {
		if r := labelRoot(q.label); r[:2] == prefix {
			if n, _ := strconv.Atoi(r[2:]); n > max {
				max = n
			}
		}
	}
	p.label = prefix + strconv.Itoa(max+1)
	m.list = slices.Insert(m.list, last+1, p)
}

// insertAfter adds p after the paragraph labelled anchor.
func (m *model) insertAfter(p *mpara, anchor string) {
	i := m.find(anchor)
	r := labelRoot(anchor)
	p.kind = m.list[i].kind
	for _, s := range latinOrdinals {
		if !m.taken(r + s) {
			p.label = r + s
			break
		}
	}
	for n := 11; p.label == ""; n++ {
		if l := r + "-" + strconv.Itoa(n); !m.taken(l) {
			p.label = l
		}
	}
	m.place(p, i, func(q *mpara) bool { return labelRoot(q.label) == r })
}

// alternative adds p as an alternative to the paragraph labelled of.
func (m *model) alternative(p *mpara, of string) {
	i := m.find(of)
	base := of
	if k := strings.Index(of, "alt"); k > 0 {
		base = of[:k]
	}
	p.kind, p.altOf, p.label = m.list[i].kind, of, base+"alt"
	for n := 2; m.taken(p.label); n++ {
		p.label = base + "alt" + strconv.Itoa(n)
	}
	m.place(p, i, func(q *mpara) bool { return q.altOf == of })
}

// amendProposal is an amendment as the test proposed it, with what the model
// will do if the chair accepts it.
type amendProposal struct {
	outcome.AmendmentInput
	code  string
	id    int64
	base  int // the target's version when proposed
	words []string
	src   []int64 // with source -1 for the amendment's own words, set once its id is known
	also  [][]int64
}

// propose makes a random amendment against the live paragraphs.
func (m *model) propose(codes []string) amendProposal {
	live := m.live()
	p := live[m.r.Intn(len(live))]
	pr := amendProposal{code: codes[m.r.Intn(len(codes))], base: p.version}
	pr.Paragraph, pr.TextVersion = p.label, p.version
	for _, c := range codes {
		if c != pr.code && m.r.Intn(4) == 0 {
			pr.Sponsors = append(pr.Sponsors, c)
		}
	}
	zh := m.r.Intn(3) == 0
	switch k := m.r.Intn(10); {
	case k < 4:
		pr.Kind = outcome.Replace
		pr.words, pr.src, pr.also = m.edit(p, -1)
		pr.Text = (&mpara{zh: p.zh, words: pr.words}).text()
	case k < 6:
		pr.Kind = outcome.Insert
		if m.r.Intn(4) == 0 {
			pr.Paragraph, pr.NewKind = "", []string{outcome.Preambular, outcome.Operative}[m.r.Intn(2)]
		}
		pr.words, pr.src = m.sentence(zh, -1)
		pr.Text = (&mpara{zh: zh, words: pr.words}).text()
	case k < 7:
		pr.Kind = outcome.Delete
	default:
		pr.Kind = outcome.Alternative
		pr.words, pr.src = m.sentence(zh, -1)
		pr.Text = (&mpara{zh: zh, words: pr.words}).text()
	}
	return pr
}

// apply applies an accepted amendment to the model, or says which error
// the chair gets instead: a paragraph deleted meanwhile, or changed
// meanwhile (stale).
func (m *model) apply(pr amendProposal) string {
	src := slices.Clone(pr.src)
	for i := range src {
		if src[i] == -1 {
			src[i] = pr.id
		}
	}
	also := make([][]int64, len(src))
	for i := range pr.also {
		also[i] = slices.Clone(pr.also[i])
		for k := range also[i] {
			if also[i][k] == -1 {
				also[i][k] = pr.id
			}
		}
	}
	var target *mpara
	if pr.Paragraph != "" {
		target = m.list[m.find(pr.Paragraph)]
		if target.deleted {
			return "paragraph_deleted"
		}
		if pr.Kind != outcome.Insert && target.version != pr.base {
			return "stale_revision"
		}
	}
	zh := strings.HasSuffix(pr.Text, "。")
	switch pr.Kind {
	case outcome.Replace:
		target.words, target.src, target.also = pr.words, src, also
		target.version++
	case outcome.Delete:
		target.deleted = true
	case outcome.Insert:
		p := &mpara{kind: pr.NewKind, zh: zh, words: pr.words, src: src, also: also, version: 1}
		if target == nil {
			m.append(p)
		} else {
			m.insertAfter(p, target.label)
		}
	case outcome.Alternative:
		m.alternative(&mpara{zh: zh, words: pr.words, src: src, also: also, version: 1}, target.label)
	}
	return ""
}

// result is the label the model gave the last paragraph an accepted
// amendment made or changed.
func (m *model) result(pr amendProposal) string {
	if pr.Kind == outcome.Replace || pr.Kind == outcome.Delete {
		return pr.Paragraph
	}
	// the newest label: the one with the most words from pr
	for _, p := range m.list {
		if len(p.src) > 0 && p.src[0] == pr.id {
			return p.label
		}
	}
	return "?"
}

// rounds builds a document, then runs rounds of random amendments, each
// ending with a revision checked against the model by check.
func rounds(t *testing.T, f *fixture, seed int64, n int, check func(t *testing.T, m *model, r outcome.Revision)) {
	m := &model{r: rand.New(rand.NewSource(seed))}
	d := f.document(t, fmt.Sprintf("Declaration %d", seed))
	for i, kinds := 0, 2+m.r.Intn(3)+3+m.r.Intn(4); i < kinds; i++ {
		kind := outcome.Operative
		if i < 2 || m.r.Intn(3) == 0 {
			kind = outcome.Preambular
		}
		p := &mpara{kind: kind, zh: m.r.Intn(3) == 0, version: 1}
		p.words, p.src = m.sentence(p.zh, 0)
		p.also = make([][]int64, len(p.words))
		m.append(p)
		got := f.add(t, d.ID, kind, p.text())
		if got.Label != p.label {
			t.Fatalf("seed %d: appended %s, model says %s", seed, got.Label, p.label)
		}
	}
	issue := func() outcome.Revision {
		r, err := f.svc.Revision(bg, f.chair, d.ID, f.issue(t, d.ID).Number)
		must(t, err)
		return r
	}
	check(t, m, issue())
	codes := []string{"CHN", "BRA", "MEX", "ARG", "CUB"}
	for round := 1; round <= n; round++ {
		var props []amendProposal
		for i, k := 0, 3+m.r.Intn(8); i < k; i++ {
			pr := m.propose(codes)
			a := f.amend(t, pr.code, d.ID, pr.AmendmentInput)
			pr.id = a.ID
			props = append(props, pr)
		}
		m.r.Shuffle(len(props), func(i, j int) { props[i], props[j] = props[j], props[i] })
		for _, pr := range props {
			if m.r.Intn(5) < 3 {
				want := m.apply(pr)
				a, err := f.svc.AcceptAmendment(bg, f.chair, pr.id, "")
				if want == "" {
					if err != nil {
						t.Fatalf("seed %d round %d: accepting %s %s of %s: %v", seed, round, pr.Kind, pr.Paragraph, pr.code, err)
					}
					if a.Result != m.result(pr) {
						t.Fatalf("seed %d round %d: %s %s made %s, model says %s", seed, round, pr.Kind, pr.Paragraph, a.Result, m.result(pr))
					}
					continue
				}
				if errs.As(err).Code != want {
					t.Fatalf("seed %d round %d: accepting %s %s: %v, model says %s", seed, round, pr.Kind, pr.Paragraph, err, want)
				}
			}
			_, err := f.svc.RejectAmendment(bg, f.chair, pr.id, "not now")
			must(t, err)
		}
		check(t, m, issue())
	}
}

// Rev.N+1 equals Rev.N with the accepted amendments applied by hand, and
// a label names one paragraph for ever.
func TestAcceptedAmendmentsApplyAsByHand(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA", "MEX", "ARG", "CUB")
		for seed := int64(1); seed <= 6; seed++ {
			ids := map[string]int64{}     // label → paragraph id, across all revisions
			labelOf := map[int64]string{} // and back
			rounds(t, f, seed, 3, func(t *testing.T, m *model, r outcome.Revision) {
				t.Helper()
				var want, got []string
				for _, p := range m.live() {
					want = append(want, p.label+" "+p.kind+" "+p.text())
				}
				for _, p := range r.Paragraphs {
					got = append(got, p.Label+" "+p.Kind+" "+p.Text)
					if id, ok := ids[p.Label]; ok && id != p.ID {
						t.Fatalf("seed %d %s: label %s names paragraph %d, earlier %d", seed, r.Label, p.Label, p.ID, id)
					}
					if l, ok := labelOf[p.ID]; ok && l != p.Label {
						t.Fatalf("seed %d %s: paragraph %d is labelled %s, earlier %s", seed, r.Label, p.ID, p.Label, l)
					}
					ids[p.Label], labelOf[p.ID] = p.ID, p.Label
				}
				if !slices.Equal(got, want) {
					t.Fatalf("seed %d %s:\n got %s\nwant %s", seed, r.Label, strings.Join(got, "\n     "), strings.Join(want, "\n     "))
				}
			})
		}
	})
}

// Each word of a revision is traced to the amendment whose text it came
// from (0: the chair's drafting): a word an amendment wrote carries its
// id, always, through later replacements that keep it.
//
// A word an amendment kept may carry that amendment's id instead of its
// own source: the word diff keeps a space rather than a word when both
// give a shortest script ("wb wc wd we" → "wb whb wc we" reads as "wc wd"
// replaced by "whb wc"), and the trace follows the diff. So a kept word
// may name its source or an amendment that rewrote its paragraph while it
// stayed, and no other.
func TestEveryWordIsTracedToItsAmendment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA", "MEX", "ARG", "CUB")
		for seed := int64(101); seed <= 103; seed++ {
			rounds(t, f, seed, 3, func(t *testing.T, m *model, r outcome.Revision) {
				t.Helper()
				live := m.live()
				if len(live) != len(r.Paragraphs) {
					t.Fatalf("seed %d %s: %d paragraphs, model %d", seed, r.Label, len(r.Paragraphs), len(live))
				}
				for i, p := range r.Paragraphs {
					var got []int64
					for _, run := range p.Trace {
						for k := 0; k < run.Words; k++ {
							got = append(got, run.Source)
						}
					}
					want := live[i]
					if len(got) != len(want.src) {
						t.Fatalf("seed %d %s %s %q: %d words traced, want %d", seed, r.Label, p.Label, p.Text, len(got), len(want.src))
					}
					for k, src := range got {
						if src != want.src[k] && !slices.Contains(want.also[k], src) {
							t.Fatalf("seed %d %s %s %q: word %d (%s) from %d, want %d (or one of %v)\n all: %v",
								seed, r.Label, p.Label, p.Text, k, want.words[k], src, want.src[k], want.also[k], got)
						}
					}
				}
			})
		}
	})
}
