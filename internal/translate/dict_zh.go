package translate

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ToChinese translates an English query: the whole phrase when a headword
// has it as a gloss ("freedom of speech" → 言论自由), "right to X" and
// "freedom of X" as X's words with 权利 or 自由, else the longest glossed
// phrases word by word, English stop words dropped. Words are separated by
// spaces, as search cuts Chinese into bigrams and a joined word would add
// pairs no text has. "" when nothing could be translated.
func (d *Dictionary) ToChinese(en string) string {
	q := normGloss(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\'' {
			return r
		}
		return ' '
	}, en))
	if q == "" {
		return ""
	}
	if w, ok := d.headFor(q); ok {
		return w
	}
	for _, p := range []struct{ prefix, suffix, zh string }{
		{"right to ", "", "权利"}, {"rights to ", "", "权利"}, {"right of ", "", "权利"},
		{"rights of ", "", "权利"}, {"", " rights", "权利"}, {"", " right", "权利"},
		{"freedom of ", "", "自由"}, {"liberty of ", "", "自由"}, {"", " freedom", "自由"},
	} {
		if rest, ok := strings.CutPrefix(q, p.prefix); ok && p.prefix != "" {
			if zh := d.wordsToChinese(rest); zh != "" {
				return zh + " " + p.zh
			}
		}
		if rest, ok := strings.CutSuffix(q, p.suffix); ok && p.suffix != "" {
			if zh := d.wordsToChinese(rest); zh != "" {
				return zh + " " + p.zh
			}
		}
	}
	return d.wordsToChinese(q)
}

// wordsToChinese covers the words of q left to right with the longest
// phrases (up to four words) that are some headword's gloss.
func (d *Dictionary) wordsToChinese(q string) string {
	words := strings.Fields(q)
	var out []string
	for i := 0; i < len(words); {
		n := 0
		for l := min(4, len(words)-i); l >= 1; l-- {
			phrase := strings.Join(words[i:i+l], " ")
			if l == 1 && enStopWords[phrase] {
				break
			}
			if w, ok := d.headFor(phrase); ok {
				out = append(out, w)
				n = l
				break
			}
		}
		if n == 0 {
			n = 1
		}
		i += n
	}
	return strings.Join(out, " ")
}

// headFor picks the headword a normalised English phrase most plausibly
// translates: among headwords having it (or its singular) as a gloss, the
// best by score, then the one where the gloss comes earliest (its main
// sense), then with fewer glosses, then of two characters (the usual
// length of a Chinese word; single characters are mostly bound forms),
// then shorter.
func (d *Dictionary) headFor(phrase string) (string, bool) {
	cands := d.byGloss[phrase]
	if s := singular(phrase); s != phrase {
		cands = append(cands[:len(cands):len(cands)], d.byGloss[s]...)
	}
	if len(cands) == 0 {
		return "", false
	}
	best := cands[0]
	for _, c := range cands[1:] {
		if d.better(c, best) {
			best = c
		}
	}
	return best.head, true
}

// score weighs how common a headword is (log2 of the headwords it is part
// of) against how far down its glosses the phrase comes, with a bonus for a
// word of one or two meanings: 国籍 ("nationality") over 民族 ("nationality;
// ethnic group"), 教育 (whose third gloss is "education") over 弦歌.
func (d *Dictionary) score(w zhWord) float64 {
	s := math.Log2(1+float64(d.within[w.head])) - float64(w.pos)
	if w.senses <= 2 {
		s += 1.5
	}
	return s
}

func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "women"), strings.HasSuffix(w, "children"), strings.HasSuffix(w, "people"):
		return map[string]string{"women": "woman", "children": "child", "people": "person"}[w[strings.LastIndex(w, " ")+1:]]
	case strings.HasSuffix(w, "ies"):
		return strings.TrimSuffix(w, "ies") + "y"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return strings.TrimSuffix(w, "s")
	}
	return w
}

func (d *Dictionary) better(a, b zhWord) bool {
	if sa, sb := d.score(a), d.score(b); sa != sb {
		return sa > sb
	}
	if a.pos != b.pos {
		return a.pos < b.pos
	}
	if a.senses != b.senses {
		return a.senses < b.senses
	}
	la, lb := utf8.RuneCountInString(a.head), utf8.RuneCountInString(b.head)
	if (la == 2) != (lb == 2) {
		return la == 2
	}
	if la != lb {
		return la < lb
	}
	return a.head < b.head
}

var enStopWords = setOf(`a an the of to in on for and or with by at from as is are be
	this that these those its it their his her our your all any each every which who whom`)
