package textdiff

import (
	"math/rand/v2"
	"strings"
	"testing"
)

var benchWords = strings.Fields(`States shall should respect protect promote human rights fundamental
freedoms all without discrimination including the right to development education health and
international cooperation in accordance with Charter of United Nations recognizing importance
dialogue between regions reaffirming commitment implementation Agenda sustainable women girls
persons disabilities indigenous peoples migrants`)

var benchHan = []rune("各国应当尊重保护促进人权和基本自由包括发展权教育健康国际合作根据联合国宪章认识到对话重要性重申承诺落实可持续议程妇女女童残疾人土著移民")

// benchParagraphs builds n pairs of paragraphs of about size tokens
// each, the second with about one word in ten replaced, inserted or
// deleted: a revision of a whole outcome document, paragraph by paragraph.
func benchParagraphs(n, size int, han bool) [][2]string {
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		if han {
			return string(benchHan[r.IntN(len(benchHan))])
		}
		return benchWords[r.IntN(len(benchWords))]
	}
	sep := func(i int) string {
		switch {
		case han && i%17 == 16:
			return "，"
		case han:
			return ""
		case i%15 == 14:
			return ", "
		}
		return " "
	}
	pairs := make([][2]string, n)
	for p := range pairs {
		var a, b strings.Builder
		for i := range size {
			w := word()
			a.WriteString(w)
			a.WriteString(sep(i))
			switch r.IntN(30) {
			case 0: // replaced
				b.WriteString(word())
			case 1: // deleted
				continue
			case 2: // inserted before
				b.WriteString(word())
				b.WriteString(sep(i))
				b.WriteString(w)
			default:
				b.WriteString(w)
			}
			b.WriteString(sep(i))
		}
		a.WriteString("。")
		b.WriteString("。")
		pairs[p] = [2]string{a.String(), b.String()}
	}
	return pairs
}

// BenchmarkDiff: one op is a whole document of 300 paragraphs, 120 words
// each (English) or 200 characters each (Chinese), about 10% changed.
func BenchmarkDiff(b *testing.B) {
	for _, bc := range []struct {
		name string
		size int
		han  bool
	}{{"en-300x120", 120, false}, {"zh-300x200", 200, true}} {
		pairs := benchParagraphs(300, bc.size, bc.han)
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				for _, p := range pairs {
					Diff(p[0], p[1])
				}
			}
		})
	}
}

// BenchmarkCarry: tracing the same document to its next revision.
func BenchmarkCarry(b *testing.B) {
	pairs := benchParagraphs(300, 120, false)
	traces := make([]Trace, len(pairs))
	for i, p := range pairs {
		traces[i] = NewTrace(p[0], 0)
	}
	for b.Loop() {
		for i, p := range pairs {
			Carry(p[0], traces[i], p[1], 7)
		}
	}
}
