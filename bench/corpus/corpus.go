// Package corpus generates a deterministic, realistic corpus of multilingual
// statements for the search benchmarks, and the queries run against it.
//
// Sentences come from the Universal Declaration of Human Rights (en, es,
// pt, zh, fr) and from the UPR recommendations (English and Spanish),
// both read at run time from the shared data folder; nothing of them is
// copied into the repository. Statement i is a pure function of (seed, i)
// and the sources, so any engine can stream the same corpus without
// holding it in memory.
package corpus

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// Langs in the order of the weights below.
var Langs = []string{"en", "es", "pt", "zh", "fr"}

// langWeights: about a fifth Chinese; English and Spanish, which also have
// the UPR recommendations, a bit more than Portuguese and French.
var langWeights = []int{25, 25, 15, 20, 15}

var udhrFiles = map[string]string{
	"en": "eng.json", "es": "spa.json", "pt": "por_BR.json", "zh": "cmn_hans.json", "fr": "fra.json",
}

// Statement is one generated statement.
type Statement struct {
	ID         string
	Title      string
	Text       string
	Language   string
	Edition    int64 // 1–10
	Session    int64 // edition*100 + 1–12
	Delegation string
	Date       time.Time
	Visibility string // public, participants, delegation, draft
	Concepts   []string
}

// Sources are the sentence pools per language and the delegations.
type Sources struct {
	Sentences   map[string][]string
	Delegations []string            // ISO3
	Names       map[string][]string // delegation names per language, same order
}

// Config locates the data. Data is the shared data folder
// (…/shared/data); Countries is data/countries/countries.json of the repo.
type Config struct {
	Data      string
	Countries string
}

// DefaultConfig finds the data relative to root, the repository root.
func DefaultConfig(root string) Config {
	return Config{
		Data:      filepath.Join(root, "..", "shared", "data"),
		Countries: filepath.Join(root, "data", "countries", "countries.json"),
	}
}

// Load reads the sentence pools.
func Load(c Config) (*Sources, error) {
	s := &Sources{Sentences: map[string][]string{}, Names: map[string][]string{}}
	for lang, f := range udhrFiles {
		sents, err := udhrSentences(filepath.Join(c.Data, "udhr", "json", f), lang)
		if err != nil {
			return nil, err
		}
		s.Sentences[lang] = sents
	}
	upr, err := uprSentences(filepath.Join(c.Data, "upr", "upr_recommendations_cycles1-2_celac_china.csv"))
	if err != nil {
		return nil, err
	}
	for lang, sents := range upr {
		s.Sentences[lang] = append(s.Sentences[lang], sents...)
	}
	b, err := os.ReadFile(c.Countries)
	if err != nil {
		return nil, err
	}
	var countries []struct {
		ISO3  string            `json:"iso3"`
		Names map[string]string `json:"names"`
	}
	if err := json.Unmarshal(b, &countries); err != nil {
		return nil, fmt.Errorf("%s: %w", c.Countries, err)
	}
	for _, ct := range countries {
		s.Delegations = append(s.Delegations, ct.ISO3)
		for _, l := range Langs {
			s.Names[l] = append(s.Names[l], ct.Names[l])
		}
	}
	if len(s.Delegations) == 0 {
		return nil, errors.New("corpus: no delegations")
	}
	return s, nil
}

func udhrSentences(path, lang string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var d struct {
		Preamble struct {
			Paragraphs []string `json:"paragraphs"`
		} `json:"preamble"`
		Articles []struct {
			Paragraphs []struct {
				Text string `json:"text"`
			} `json:"paragraphs"`
		} `json:"articles"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []string
	for _, p := range d.Preamble.Paragraphs {
		out = append(out, splitSentences(p, lang)...)
	}
	for _, a := range d.Articles {
		for _, p := range a.Paragraphs {
			out = append(out, splitSentences(p.Text, lang)...)
		}
	}
	return out, nil
}

var (
	latinEnd = regexp.MustCompile(`([.;!?])\s+`)
	uprNum   = regexp.MustCompile(`^\s*\d+(\.\d+)*\.?\s+`)
	uprBy    = regexp.MustCompile(`\s*\([^()]*\)\s*[;.]?\s*$`)
)

// splitSentences cuts a paragraph into sentences: after . ; ! ? followed
// by a space in Latin scripts, after 。；！？ in Chinese.
func splitSentences(p, lang string) []string {
	p = strings.TrimSpace(p)
	var parts []string
	if lang == "zh" {
		var cur strings.Builder
		for _, r := range p {
			cur.WriteRune(r)
			if strings.ContainsRune("。；！？;", r) {
				parts = append(parts, cur.String())
				cur.Reset()
			}
		}
		parts = append(parts, cur.String())
	} else {
		p = latinEnd.ReplaceAllString(p, "$1\x00")
		parts = strings.Split(p, "\x00")
	}
	var out []string
	for _, s := range parts {
		s = strings.TrimSpace(s)
		if len([]rune(s)) >= 12 {
			out = append(out, s)
		}
	}
	return out
}

// uprSentences reads the recommendation texts (deduplicated), strips the
// paragraph number and the recommending states, and sorts them into
// English and Spanish by their function words.
func uprSentences(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, err
	}
	col := -1
	for i, h := range head {
		if h == "recommendation_text" {
			col = i
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("%s: no recommendation_text column", path)
	}
	seen := map[string]bool{}
	out := map[string][]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		t := strings.Join(strings.Fields(rec[col]), " ")
		t = uprNum.ReplaceAllString(t, "")
		t = uprBy.ReplaceAllString(t, "")
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		lang := guessLang(t)
		if lang == "" {
			continue
		}
		for _, s := range splitSentences(t, lang) {
			s = strings.TrimRight(s, ";")
			if !strings.HasSuffix(s, ".") {
				s += "."
			}
			out[lang] = append(out[lang], s)
		}
	}
	return out, nil
}

var (
	enWords = map[string]bool{"the": true, "of": true, "and": true, "to": true, "its": true, "in": true, "with": true}
	esWords = map[string]bool{"de": true, "la": true, "el": true, "los": true, "las": true, "que": true, "y": true, "en": true, "del": true}
)

func guessLang(t string) string {
	en, es := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if enWords[w] {
			en++
		}
		if esWords[w] {
			es++
		}
	}
	switch {
	case en > es && en >= 2:
		return "en"
	case es > en && es >= 2:
		return "es"
	}
	return ""
}

// Generator yields statement i of a corpus of N.
type Generator struct {
	Src  *Sources
	Seed uint64
	N    int
}

var visibilities = []string{"public", "public", "public", "public", "public", "public", "public", "public", "participants", "delegation", "draft"}

var epoch = time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)

// Doc returns statement i; the same (Seed, i) always gives the same one.
func (g *Generator) Doc(i int) Statement {
	r := rand.New(rand.NewPCG(g.Seed, uint64(i)))
	lang := pickLang(r)
	pool := g.Src.Sentences[lang]
	nSent := 2 + r.IntN(5)
	sep := " "
	if lang == "zh" {
		sep = ""
	}
	var b strings.Builder
	for k := range nSent {
		if k > 0 {
			b.WriteString(sep)
		}
		b.WriteString(pool[r.IntN(len(pool))])
	}
	edition := int64(1 + r.IntN(10))
	session := edition*100 + int64(1+r.IntN(12))
	di := r.IntN(len(g.Src.Delegations))
	var concepts []string
	for range r.IntN(4) {
		concepts = append(concepts, fmt.Sprintf("c%03d", r.IntN(120)))
	}
	date := epoch.AddDate(int(edition-1), 0, 0).Add(time.Duration(r.IntN(365*24)) * time.Hour)
	return Statement{
		ID:         fmt.Sprintf("statement:%d", i),
		Title:      fmt.Sprintf("%s · %d", g.Src.Names[lang][di], session),
		Text:       b.String(),
		Language:   lang,
		Edition:    edition,
		Session:    session,
		Delegation: g.Src.Delegations[di],
		Date:       date,
		Visibility: visibilities[r.IntN(len(visibilities))],
		Concepts:   concepts,
	}
}

func pickLang(r *rand.Rand) string {
	n := r.IntN(100)
	for i, w := range langWeights {
		if n < w {
			return Langs[i]
		}
		n -= w
	}
	return Langs[0]
}
