// Command crosslang measures how well a query in one working language finds
// the same text in another: the Universal Declaration's 30 articles and the
// SDGs' 17 goals (and 169 targets) in five languages, which Roundtable ships
// as parallel texts.
//
// For each target language M it indexes only M's version of every item, one
// document per item, with the product's search package (its analyzers and
// ranking) and concepts tagged as discovery tags the Declaration (concepts
// that link to the item, plus thesaurus.Tag on its text). Each query of
// queries.csv (the right each article names, a sample of SDG targets by
// topic) and each goal's shipped short name, in language L, is planned as a
// planner says (the product's before and after issue 12, and each part
// alone) and run against M's index; the query finds its item when the item
// is among the first 10 hits. Recall@10 for a pair L → M is the share of
// L's queries that find their item in M. Reported per part (articles,
// goals, targets) for the 20 pairs L ≠ M, the diagonal beside them; and
// per L, how many articles its query finds in all five languages.
//
//	cd bench && go run ./crosslang                  # every planner this build has
//	cd bench && go run ./crosslang -planners concepts -out crosslang/results/x.md
//	cd bench && go run -tags before ./crosslang     # code older than discovery.PlanQuery
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"roundtable/data"
	"roundtable/internal/reference"
	"roundtable/internal/search"
	"roundtable/internal/thesaurus"
)

// langs are the working languages, in the order the tables show them.
var langs = []string{"en", "es", "pt", "zh", "fr"}

// A planner turns a query typed in lang into the search the product runs.
type planner struct {
	name, about string
	// concepts: whether the planner may use the thesaurus (the concept-less
	// count is made with planners that do not).
	concepts bool
	plan     func(ctx context.Context, th *thesaurus.Thesaurus, text, lang string) search.Query
}

// planners lists the planners this build knows; plan_*.go add to it.
var planners = []planner{
	{name: "text", about: "the text alone: no concepts, no translation", plan: func(_ context.Context, _ *thesaurus.Thesaurus, text, _ string) search.Query {
		return search.Query{Text: text}
	}},
	{name: "concepts", about: "the text and the concepts thesaurus.Match finds in it (discovery.Search before issue 12)", concepts: true,
		plan: func(_ context.Context, th *thesaurus.Thesaurus, text, _ string) search.Query {
			return search.Query{Text: text, Concepts: th.Match(text)}
		}},
}

// notes are lines a planner file adds to the end of the report.
var notes []func() string

// item is one parallel text: an article or an SDG goal or target.
type item struct {
	set   string // "udhr", "sdg"
	key   string // "26", "4", "4.1"
	level string // "article", "goal", "target"
	title map[string]string
	text  map[string]string
}

// query is one query of the set, typed in lang, that should find key.
type query struct {
	set, key, lang, text string
	level                string // the item's: article, goal, target
}

const k = 10

func main() {
	var (
		out      = flag.String("out", "", "also write the Markdown report to this file")
		only     = flag.String("planners", "", "comma-separated planners to run (default: all this build has)")
		qfile    = flag.String("queries", "crosslang/queries.csv", "the hand-written queries")
		dir      = flag.String("dir", "", "where the indexes go (default: a temporary folder, removed after)")
		misses   = flag.Bool("misses", true, "list the misses of the last planner")
		describe = flag.String("label", "", "a line saying what code this is (e.g. the commit), printed at the top")
	)
	flag.Parse()
	log.SetFlags(0)
	ctx := context.Background()

	cs, err := thesaurus.Shipped()
	if err != nil {
		log.Fatal(err)
	}
	th, err := thesaurus.New(cs)
	if err != nil {
		log.Fatal(err)
	}
	items, err := loadItems()
	if err != nil {
		log.Fatal(err)
	}
	qs, err := loadQueries(*qfile, items)
	if err != nil {
		log.Fatal(err)
	}
	var use []planner
	for _, p := range planners {
		if *only == "" || slices.Contains(strings.Split(*only, ","), p.name) {
			use = append(use, p)
		}
	}
	if len(use) == 0 {
		log.Fatalf("no planner named %q in this build", *only)
	}

	root := *dir
	if root == "" {
		if root, err = os.MkdirTemp("", "crosslang-"); err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(root)
	}
	ixs := map[string]*search.Index{}
	for _, m := range langs {
		ix, err := buildIndex(filepath.Join(root, m), m, items, th)
		if err != nil {
			log.Fatal(err)
		}
		defer ix.Close()
		ixs[m] = ix
	}

	var b strings.Builder
	fmt.Fprintf(&b, "# Cross-language retrieval, recall@%d\n\n", k)
	if *describe != "" {
		fmt.Fprintf(&b, "Code: %s.\n\n", *describe)
	}
	fmt.Fprintf(&b, "Run %s with `%s`; %d thesaurus concepts; %d Declaration articles, %d SDG goals, %d targets per language; %d queries per language (%s).\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), "go run ./crosslang "+strings.Join(os.Args[1:], " "), th.Len(),
		count(items, "article"), count(items, "goal"), count(items, "target"), len(qs)/len(langs), buildInfo())
	for i, p := range use {
		res, err := run(ctx, p, th, ixs, qs)
		if err != nil {
			log.Fatal(err)
		}
		report(&b, p, res, qs, *misses && i == len(use)-1)
	}
	for _, n := range notes {
		b.WriteString(n())
	}
	fmt.Print(b.String())
	if *out != "" {
		if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

func count(items []item, level string) int {
	n := 0
	for _, it := range items {
		if it.level == level {
			n++
		}
	}
	return n
}

func buildInfo() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "no build info"
	}
	return bi.GoVersion
}

// loadItems reads the Declaration as reference.Shipped parses it for the
// database, and the SDGs as data.SDG ships them.
func loadItems() ([]item, error) {
	arts, err := reference.Shipped()
	if err != nil {
		return nil, err
	}
	byNum := map[int]*item{}
	var items []item
	for n := 1; n <= 30; n++ {
		items = append(items, item{set: "udhr", key: fmt.Sprint(n), level: "article", title: map[string]string{}, text: map[string]string{}})
	}
	for i := range items {
		byNum[i+1] = &items[i]
	}
	for _, a := range arts {
		it := byNum[a.Number]
		if it == nil {
			return nil, fmt.Errorf("article %d", a.Number)
		}
		it.title[a.Language], it.text[a.Language] = a.Title, a.Body
	}
	sdg, err := data.SDG()
	if err != nil {
		return nil, err
	}
	for _, s := range sdg {
		it := item{set: "sdg", key: s.Code, level: s.Level, title: map[string]string{}, text: s.Title}
		for _, l := range langs {
			// Language-neutral titles: the code, so that the title neither
			// helps nor hinders a query in any language.
			it.title[l] = "SDG " + s.Code
		}
		items = append(items, it)
	}
	for _, it := range items {
		for _, l := range langs {
			if it.text[l] == "" {
				return nil, fmt.Errorf("%s %s has no %s text", it.set, it.key, l)
			}
		}
	}
	return items, nil
}

// loadQueries reads the hand-written queries and adds, for each goal, its
// shipped short name in each language ("No poverty", "Fin de la Pobreza").
func loadQueries(name string, items []item) ([]query, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 4
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	known := map[string]string{} // set|key → level
	for _, it := range items {
		known[it.set+"|"+it.key] = it.level
	}
	var qs []query
	for i, row := range rows[1:] {
		q := query{set: row[0], key: row[1], lang: row[2], text: strings.TrimSpace(row[3]), level: known[row[0]+"|"+row[1]]}
		if q.level == "" || !slices.Contains(langs, q.lang) || q.text == "" {
			return nil, fmt.Errorf("%s:%d: unknown item or language, or no text: %v", name, i+2, row)
		}
		qs = append(qs, q)
	}
	sdg, err := data.SDG()
	if err != nil {
		return nil, err
	}
	for _, s := range sdg {
		if s.Level != "goal" {
			continue
		}
		for _, l := range langs {
			qs = append(qs, query{set: "sdg", key: s.Code, lang: l, text: s.Short[l], level: "goal"})
		}
	}
	// Every item a query names must have one query in each language, so
	// that every pair is measured over the same items.
	per := map[string]int{}
	for _, q := range qs {
		per[q.set+"|"+q.key]++
	}
	for key, n := range per {
		if n%len(langs) != 0 {
			return nil, fmt.Errorf("%s: %d queries, not one per language", key, n)
		}
	}
	return qs, nil
}

// docID is the document of item it in language m.
func docID(it item, m string) string { return it.set + ":" + m + ":" + it.key }

// buildIndex indexes m's version of every item. Concepts: those linking to
// the item (UDHR articles, SDG codes) plus those thesaurus.Tag finds in its
// text, as discovery's udhrDoc tags an article.
func buildIndex(dir, m string, items []item, th *thesaurus.Thesaurus) (*search.Index, error) {
	ix, err := search.Open(dir)
	if err != nil {
		return nil, err
	}
	linked := map[string][]string{} // set|key → concept ids
	for _, c := range th.All() {
		for _, n := range c.UDHR {
			linked["udhr|"+fmt.Sprint(n)] = append(linked["udhr|"+fmt.Sprint(n)], c.ID)
		}
		for _, code := range c.SDG {
			linked["sdg|"+code] = append(linked["sdg|"+code], c.ID)
		}
	}
	var docs []search.Document
	for _, it := range items {
		set := map[string]bool{}
		for _, id := range linked[it.set+"|"+it.key] {
			set[id] = true
		}
		for _, id := range th.Tag(m, it.text[m]) {
			set[id] = true
		}
		concepts := make([]string, 0, len(set))
		for id := range set {
			concepts = append(concepts, id)
		}
		sort.Strings(concepts)
		d := search.Document{ID: docID(it, m), Type: it.set, Language: m, Title: it.title[m], Text: it.text[m],
			Visibility: search.VisPublic, Concepts: concepts, URL: "/" + it.set + "/" + it.key + "?lang=" + m}
		if it.set == "udhr" {
			d.Date = time.Date(1948, 12, 10, 0, 0, 0, 0, time.UTC)
		} else {
			d.Date = time.Date(2015, 9, 25, 0, 0, 0, 0, time.UTC)
		}
		docs = append(docs, d)
	}
	if err := ix.Apply(docs, nil); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// outcome is where a query's item ranked in one target language (0: not in
// the first k).
type outcome struct {
	q    query
	m    string
	rank int
	hits []string
}

type results struct {
	out  []outcome
	took []time.Duration
}

func run(ctx context.Context, p planner, th *thesaurus.Thesaurus, ixs map[string]*search.Index, qs []query) (results, error) {
	var res results
	for _, q := range qs {
		for _, m := range langs {
			start := time.Now()
			sq := p.plan(ctx, th, q.text, q.lang)
			sq.Limit = k
			sq.Offset = 0
			r, err := ixs[m].Search(ctx, sq)
			if err != nil {
				return res, fmt.Errorf("%s %q in %s: %w", p.name, q.text, m, err)
			}
			res.took = append(res.took, time.Since(start))
			o := outcome{q: q, m: m}
			for i, h := range r.Hits {
				set, key := itemOf(h)
				o.hits = append(o.hits, key)
				if set == q.set && key == q.key && o.rank == 0 {
					o.rank = i + 1
				}
			}
			res.out = append(res.out, o)
		}
	}
	return res, nil
}

// itemOf reads the item a hit stands for from its id ("udhr:es:26",
// "sdg:zh:4.1"): the type before the first colon, the key after the last.
func itemOf(h search.Hit) (set, key string) {
	set, _, _ = strings.Cut(h.ID, ":")
	return set, h.ID[strings.LastIndexByte(h.ID, ':')+1:]
}

// report writes one planner's tables.
func report(w io.Writer, p planner, res results, qs []query, misses bool) {
	fmt.Fprintf(w, "## Planner `%s`: %s\n\n", p.name, p.about)
	for _, part := range []struct{ level, title, about string }{
		{"article", "Declaration (30 articles)", "the query names the article's right; found = that article in the target language among the first 10 of 216 documents (30 articles, 186 SDG items)"},
		{"goal", "SDG goals (17)", "the query is the goal's shipped short name in the query language; found = the goal's own text in the target language among the first 10 of 216 documents"},
		{"target", "SDG targets (a hand-written sample)", "the query is a short hand-written name of the target's topic (queries.csv); found = the target's text in the target language among the first 10 of 216 documents"},
	} {
		found := map[[2]string]int{}
		total := map[[2]string]int{}
		for _, o := range res.out {
			if o.q.level != part.level {
				continue
			}
			pair := [2]string{o.q.lang, o.m}
			total[pair]++
			if o.rank > 0 {
				found[pair]++
			}
		}
		if len(total) == 0 {
			continue
		}
		fmt.Fprintf(w, "### %s\n\nRecall@%d, rows: query language, columns: target language (%s; the diagonal is the query in its own language, not one of the 20 pairs).\n\n", part.title, k, part.about)
		fmt.Fprintf(w, "| query ↓ target → | %s | min of the 4 pairs |\n|---|%s---:|\n", strings.Join(langs, " | "), strings.Repeat("---:|", len(langs)))
		lo, sum, n := 1.0, 0.0, 0
		for _, l := range langs {
			fmt.Fprintf(w, "| %s |", l)
			rowMin := 1.0
			for _, m := range langs {
				t := total[[2]string{l, m}]
				if t == 0 {
					fmt.Fprint(w, " – |")
					continue
				}
				r := float64(found[[2]string{l, m}]) / float64(t)
				if l == m {
					fmt.Fprintf(w, " (%.2f) |", r)
					continue
				}
				rowMin = min(rowMin, r)
				lo = min(lo, r)
				sum += r
				n++
				fmt.Fprintf(w, " %.2f |", r)
			}
			fmt.Fprintf(w, " %.2f |\n", rowMin)
		}
		if n > 0 {
			met := 0
			for _, l := range langs {
				for _, m := range langs {
					if t := total[[2]string{l, m}]; l != m && t > 0 && float64(found[[2]string{l, m}])/float64(t) >= 0.9 {
						met++
					}
				}
			}
			fmt.Fprintf(w, "\nOver the 20 pairs: mean %.2f, lowest %.2f; %d of 20 pairs at 0.9 or more.\n\n", sum/float64(n), lo, met)
		}
	}
	// The Declaration's articles that each language's query finds in all
	// five languages (its own included).
	fmt.Fprintf(w, "### Articles found in all five languages\n\n| query language | articles found in all 5 (of 30) |\n|---|---:|\n")
	all := map[string]map[string]int{} // lang → article → languages found
	for _, o := range res.out {
		if o.q.set != "udhr" {
			continue
		}
		if all[o.q.lang] == nil {
			all[o.q.lang] = map[string]int{}
		}
		if o.rank > 0 {
			all[o.q.lang][o.q.key]++
		}
	}
	for _, l := range langs {
		n := 0
		for _, c := range all[l] {
			if c == len(langs) {
				n++
			}
		}
		fmt.Fprintf(w, "| %s | %d |\n", l, n)
	}
	sort.Slice(res.took, func(i, j int) bool { return res.took[i] < res.took[j] })
	if len(res.took) > 0 {
		fmt.Fprintf(w, "\nPlanning and search per query (216-document index, %d searches): p50 %.2f ms, p99 %.2f ms.\n\n",
			len(res.took), ms(res.took[len(res.took)/2]), ms(res.took[len(res.took)*99/100]))
	}
	if !misses {
		return
	}
	fmt.Fprintf(w, "### Misses of `%s` (query → target languages where its item is not in the first %d)\n\n", p.name, k)
	missed := map[query][]string{}
	var order []query
	for _, o := range res.out {
		if o.rank > 0 || o.q.lang == o.m {
			continue
		}
		if missed[o.q] == nil {
			order = append(order, o.q)
		}
		missed[o.q] = append(missed[o.q], o.m)
	}
	if len(order) == 0 {
		fmt.Fprint(w, "None.\n\n")
		return
	}
	fmt.Fprint(w, "| item | query | missed in |\n|---|---|---|\n")
	for _, q := range order {
		fmt.Fprintf(w, "| %s %s | %s: %s | %s |\n", q.set, q.key, q.lang, q.text, strings.Join(missed[q], " "))
	}
	fmt.Fprintln(w)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
