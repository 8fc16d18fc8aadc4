package translate

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"roundtable/data"
)

// Dictionary is the Chinese–English dictionary query translation ships
// with: CC-CEDICT's simplified headwords and English glosses (see
// data/cedict/SOURCES.md). It translates queries word by word, which is
// what a search needs and all a dictionary can do.
type Dictionary struct {
	glosses map[string][]string // simplified headword → glosses, CC-CEDICT's order
	maxLen  int                 // longest headword, in runes
	byGloss map[string][]zhWord // normalised English gloss → headwords
	within  map[string]int      // headword → how many longer headwords contain it
}

// zhWord is a headword one English gloss leads to, with what ranks it.
type zhWord struct {
	head   string
	pos    int // the gloss's place among the headword's glosses
	senses int // how many glosses the headword has
}

var (
	cedictOnce sync.Once
	cedict     *Dictionary
	cedictErr  error
)

// CEDICT returns the shipped dictionary, read on first use (0.7–1 s and
// 27 MB of heap, measured on a busy 2-core machine) and kept for the life
// of the process.
func CEDICT() (*Dictionary, error) {
	cedictOnce.Do(func() {
		f, err := data.CEDICT()
		if err != nil {
			cedictErr = err
			return
		}
		defer f.Close()
		cedict, cedictErr = ReadDictionary(f)
	})
	return cedict, cedictErr
}

// ReadDictionary reads a gzip-compressed dictionary in the shipped format:
// "headword<TAB>gloss/gloss/…" lines, # lines being notes.
func ReadDictionary(r io.Reader) (*Dictionary, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("cedict: %w", err)
	}
	d := &Dictionary{glosses: map[string][]string{}, byGloss: map[string][]zhWord{}}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		head, rest, ok := strings.Cut(line, "\t")
		if !ok || rest == "" {
			return nil, fmt.Errorf("cedict: line %q has no glosses", line)
		}
		gl := strings.Split(rest, "/")
		d.glosses[head] = gl
		d.maxLen = max(d.maxLen, utf8.RuneCountInString(head))
		for i, g := range gl {
			k := normGloss(g)
			if k == "" {
				continue
			}
			d.byGloss[k] = append(d.byGloss[k], zhWord{head: head, pos: i, senses: len(gl)})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cedict: %w", err)
	}
	if len(d.glosses) == 0 {
		return nil, fmt.Errorf("cedict: no entries")
	}
	d.countCompounds()
	return d, nil
}

// countCompounds counts, for each headword of two to four characters, the
// longer headwords it is part of: 教育 is in 教育部, 受教育, 教育学 …, 弦歌 in
// almost nothing. Words that build many others are the common ones, which
// makes the count the dictionary's own frequency proxy.
func (d *Dictionary) countCompounds() {
	d.within = map[string]int{}
	var starts []int
	var seen []string
	for head := range d.glosses {
		starts = starts[:0]
		for i := range head {
			starts = append(starts, i)
		}
		n := len(starts)
		starts = append(starts, len(head))
		seen = seen[:0]
		for l := 2; l <= 4 && l < n; l++ {
			for i := 0; i+l <= n; i++ {
				sub := head[starts[i]:starts[i+l]]
				if _, ok := d.glosses[sub]; ok && !slices.Contains(seen, sub) {
					seen = append(seen, sub)
					d.within[sub]++
				}
			}
		}
	}
}

// normGloss is the form English is looked up in: lower case, single
// spaces, without a leading infinitive "to" or article.
func normGloss(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	for _, p := range []string{"to ", "a ", "an ", "the "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// isHan reports whether r is a Chinese character.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// hasHan reports whether s contains a Chinese character.
func hasHan(s string) bool { return strings.IndexFunc(s, isHan) >= 0 }

// Segment cuts a run of Chinese characters into dictionary words by
// backward maximum matching (longest headword ending at each point, right
// to left), which errs less than forward matching on Chinese: 受教育权 is
// 受|教育|权, not 受教|育|权. A character no headword covers is a word of
// its own.
func (d *Dictionary) Segment(s string) []string {
	rs := []rune(s)
	var words []string
	for end := len(rs); end > 0; {
		n := 1
		for l := min(d.maxLen, end); l > 1; l-- {
			if _, ok := d.glosses[string(rs[end-l:end])]; ok {
				n = l
				break
			}
		}
		words = append(words, string(rs[end-n:end]))
		end -= n
	}
	for i, j := 0, len(words)-1; i < j; i, j = i+1, j-1 {
		words[i], words[j] = words[j], words[i]
	}
	return words
}

// Gloss returns the English a headword is best searched as: the first
// gloss naming a human-rights topic if any (庇护 → "asylum", not "to
// shelter"), else the first short one (three words or fewer), else the
// first; without a leading infinitive "to". "" for an unknown word.
func (d *Dictionary) Gloss(word string) string {
	gl := d.glosses[word]
	if len(gl) == 0 {
		return ""
	}
	best := ""
	for _, g := range gl {
		if len(strings.Fields(g)) <= 3 && topical(g) {
			return bare(g)
		}
		if best == "" && len(strings.Fields(g)) <= 3 {
			best = g
		}
	}
	if best == "" {
		best = gl[0]
	}
	return bare(best)
}

func bare(g string) string { return strings.TrimPrefix(g, "to ") }

// topical reports whether a gloss names something the forum's texts are
// about; it picks the sense among a headword's many.
func topical(g string) bool {
	for _, w := range strings.Fields(strings.ToLower(g)) {
		if topicWords[w] {
			return true
		}
	}
	return false
}

var topicWords = setOf(`right rights freedom liberty education health housing work
	employment life development privacy asylum nationality citizenship marriage family
	property assembly association religion belief expression opinion speech torture security
	food water equality discrimination poverty child children woman women disability migrant
	immigrant refugee minority indigenous justice trial law democracy election suffrage vote
	culture science environment peace slavery detention arrest movement residence labor labour
	wage union strike leisure rest sanitation participation dignity
	protection welfare pension insurance`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
