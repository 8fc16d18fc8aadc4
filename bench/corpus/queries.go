package corpus

import (
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"

	"roundtable/internal/text"
)

// Query classes.
const (
	OneWord   = "one-word"
	TwoWord   = "two-word"
	Frequent  = "frequent-word"
	Phrase    = "phrase"
	Zh2       = "zh-2char"
	Zh4       = "zh-4char"
	Filtered  = "filtered"
	queryPool = 4000 // documents sampled for the frequent words
)

// Classes in report order.
var Classes = []string{OneWord, TwoWord, Frequent, Phrase, Zh2, Zh4, Filtered}

// Query is one benchmark query, engine-neutral: Words must all match (for
// Chinese, Words holds one run of Han characters), or Phrase must match
// as consecutive words; Edition and Delegation filter when non-zero.
type Query struct {
	Class      string
	Lang       string
	Words      []string
	Phrase     []string
	Edition    int64
	Delegation string
}

// UserText is the query as a person types it in Roundtable's box.
func (q Query) UserText() string {
	if len(q.Phrase) > 0 {
		return `"` + strings.Join(q.Phrase, " ") + `"`
	}
	return strings.Join(q.Words, " ")
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// words are the runs of letters and digits of s (Latin scripts).
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '\'' && r != '’' })
}

// clauses cut s at punctuation, so a phrase never spans a comma.
func clauses(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return unicode.IsPunct(r) && r != '\'' && r != '’' && r != '-' })
}

func hanRuns(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !isHan(r) })
}

// content reports whether w is worth a query: three letters at least and
// not a stop word for its language (Roundtable's analyzer drops those).
func content(lang, w string) bool {
	if len([]rune(w)) < 3 || strings.ContainsAny(w, "'’") {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return len(text.Tokens(lang, w)) > 0
}

// Queries returns count queries of class, drawn deterministically (seed)
// from statements of the corpus g.
func Queries(g *Generator, class string, count int, seed uint64) []Query {
	r := rand.New(rand.NewPCG(seed, uint64(len(class))*7919+uint64(class[0])))
	if class == Frequent {
		return frequent(g, count)
	}
	var out []Query
	for len(out) < count {
		d := g.Doc(r.IntN(g.N))
		zh := d.Language == "zh"
		if (class == Zh2 || class == Zh4) != zh {
			continue
		}
		q := Query{Class: class, Lang: d.Language}
		switch class {
		case OneWord, TwoWord, Filtered:
			var cw []string
			for _, w := range words(d.Text) {
				if content(d.Language, w) {
					cw = append(cw, strings.ToLower(w))
				}
			}
			if len(cw) < 2 {
				continue
			}
			q.Words = []string{cw[r.IntN(len(cw))]}
			if class != OneWord {
				w2 := cw[r.IntN(len(cw))]
				if w2 == q.Words[0] {
					continue
				}
				q.Words = append(q.Words, w2)
			}
			if class == Filtered {
				q.Edition, q.Delegation = d.Edition, d.Delegation
			}
		case Phrase:
			cl := clauses(d.Text)
			ws := strings.Fields(cl[r.IntN(len(cl))])
			n := 3 + r.IntN(2)
			if len(ws) < n {
				continue
			}
			start := r.IntN(len(ws) - n + 1)
			p := ws[start : start+n]
			nc := 0
			for _, w := range p {
				if content(d.Language, w) {
					nc++
				}
			}
			if nc < 2 {
				continue
			}
			q.Phrase = append([]string(nil), p...)
		case Zh2, Zh4:
			n := 2
			if class == Zh4 {
				n = 4
			}
			runs := hanRuns(d.Text)
			run := []rune(runs[r.IntN(len(runs))])
			if len(run) < n {
				continue
			}
			start := r.IntN(len(run) - n + 1)
			q.Words = []string{string(run[start : start+n])}
		}
		out = append(out, q)
	}
	return out
}

// frequent cycles through the most common content words of each language
// (by document frequency over a sample), and the most common Chinese
// two-character words: "rights", "derechos", "人权" ...
func frequent(g *Generator, count int) []Query {
	df := map[string]map[string]int{}
	for _, l := range Langs {
		df[l] = map[string]int{}
	}
	r := rand.New(rand.NewPCG(99, 99))
	for range queryPool {
		d := g.Doc(r.IntN(g.N))
		seen := map[string]bool{}
		if d.Language == "zh" {
			for _, run := range hanRuns(d.Text) {
				rs := []rune(run)
				for i := 0; i+2 <= len(rs); i++ {
					seen[string(rs[i:i+2])] = true
				}
			}
		} else {
			for _, w := range words(d.Text) {
				w = strings.ToLower(w)
				if content(d.Language, w) {
					seen[w] = true
				}
			}
		}
		for w := range seen {
			df[d.Language][w]++
		}
	}
	const perLang = 6
	var top []Query
	for _, l := range Langs {
		type wc struct {
			w string
			c int
		}
		var all []wc
		for w, c := range df[l] {
			all = append(all, wc{w, c})
		}
		sort.Slice(all, func(i, j int) bool {
			if all[i].c != all[j].c {
				return all[i].c > all[j].c
			}
			return all[i].w < all[j].w
		})
		for i := 0; i < perLang && i < len(all); i++ {
			top = append(top, Query{Class: Frequent, Lang: l, Words: []string{all[i].w}})
		}
	}
	out := make([]Query, count)
	for i := range out {
		out[i] = top[i%len(top)]
	}
	return out
}
