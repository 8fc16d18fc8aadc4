package translate

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Queries is the QueryTranslator search uses: a Chinese query goes to
// English through the shipped dictionary (CC-CEDICT), a Latin-script one
// to Chinese through English and the dictionary, and between English,
// Spanish, Portuguese and French (and on from the dictionary's English)
// through the engine when there is one.
//
// An engine costs a process round trip per text (milliseconds on
// Apertium's running pipelines, a hundred when it has to start one), and
// search must not wait for it: a query's alternatives are cached (the
// most recent DefaultCacheSize queries); on a miss the dictionary answers
// at once and the engine's work runs in the background under its own
// deadline (EngineTimeout), two queries at a time, the search waiting for
// it at most Wait. What the engine could not give in time is there for the
// same query's next search. Errors and timeouts only give fewer
// alternatives, remembered for FailureTTL so that an engine that is down
// is not asked again by every search, and not for longer.
type Queries struct {
	// Engine translates between the Latin-script languages, and Chinese
	// when it has it (a LibreTranslate service); nil: the dictionary
	// alone (zh ↔ en).
	Engine Engine
	// Wait is how long a search waits for the engine on a query not seen
	// before.
	Wait time.Duration
	// EngineTimeout bounds one query's engine work in the background.
	EngineTimeout time.Duration
	// FailureTTL is how long alternatives the engine failed on are kept
	// before the engine is asked again.
	FailureTTL time.Duration
	// Log receives engine errors; nil: slog.Default().
	Log *slog.Logger

	dict    func() (*Dictionary, error)
	loaded  atomic.Pointer[Dictionary]
	loading sync.Once
	cache   *queryCache

	mu       sync.Mutex
	inflight map[string]chan struct{} // key → closed when its engine work is cached
	slots    chan struct{}            // engine work running at once
}

// Defaults for NewQueries.
const (
	DefaultQueryWait     = 3 * time.Millisecond
	DefaultEngineTimeout = 3 * time.Second
	DefaultCacheSize     = 4096
	DefaultFailureTTL    = time.Minute
	maxQueryRunes        = 200
)

// NewQueries returns a query translator over the shipped dictionary and
// engine (nil for none).
func NewQueries(engine Engine) *Queries {
	return &Queries{
		Engine:        engine,
		Wait:          DefaultQueryWait,
		EngineTimeout: DefaultEngineTimeout,
		FailureTTL:    DefaultFailureTTL,
		dict:          CEDICT,
		cache:         newQueryCache(DefaultCacheSize),
		inflight:      map[string]chan struct{}{},
		slots:         make(chan struct{}, 2),
	}
}

var _ QueryTranslator = (*Queries)(nil)

// Load reads the dictionary (under a second, once). Until it is
// loaded Alternatives answers nothing rather than make a search wait; a
// server calls it at start, in the background.
func (q *Queries) Load() error {
	d, err := q.dict()
	if err != nil {
		q.log().Warn("query translation: dictionary", "err", err)
		return err
	}
	q.loaded.Store(d)
	return nil
}

// Alternatives returns the query in the other working languages, at most
// one per language, never the query itself.
func (q *Queries) Alternatives(ctx context.Context, text, hint string) []Alternative {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" || utf8.RuneCountInString(text) > maxQueryRunes {
		return nil
	}
	key := hint + "\x00" + text
	if alts, ok := q.cache.get(key); ok {
		return alts
	}
	d := q.loaded.Load()
	if d == nil {
		q.loading.Do(func() { go q.Load() })
		return nil
	}
	langs := d.QueryLanguages(text, hint)
	alts := dictionaryAlternatives(d, langs[0], text)
	if q.Engine == nil {
		q.cache.put(key, alts, 0)
		return alts
	}
	done := q.startEngine(d, key, langs, text, alts)
	wait := time.NewTimer(q.Wait)
	defer wait.Stop()
	select {
	case <-done:
		if full, ok := q.cache.get(key); ok {
			return full
		}
	case <-wait.C:
	case <-ctx.Done():
	}
	return alts
}

// dictionaryAlternatives is what the dictionary alone gives: zh → en,
// en → zh.
func dictionaryAlternatives(d *Dictionary, lang, text string) []Alternative {
	var out []Alternative
	switch lang {
	case "zh":
		out = add(out, "en", d.ToEnglish(text), "dictionary", text)
	case "en":
		out = add(out, "zh", d.ToChinese(text), "dictionary", text)
	}
	return out
}

// add appends an alternative unless it is empty, the query itself, or in
// a language that has one already (the dictionary's comes first).
func add(alts []Alternative, lang, text, by, query string) []Alternative {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" || strings.EqualFold(text, query) || slices.ContainsFunc(alts, func(a Alternative) bool { return a.Lang == lang }) {
		return alts
	}
	return append(alts, Alternative{Lang: lang, Text: text, By: by})
}

// startEngine runs the engine's part for key unless it already runs, and
// returns a channel closed once its alternatives are cached. langs are the
// query's likely languages (QueryLanguages).
func (q *Queries) startEngine(d *Dictionary, key string, langs []string, text string, dictAlts []Alternative) <-chan struct{} {
	q.mu.Lock()
	defer q.mu.Unlock()
	if done, ok := q.inflight[key]; ok {
		return done
	}
	done := make(chan struct{})
	q.inflight[key] = done
	go func() {
		defer func() {
			q.mu.Lock()
			delete(q.inflight, key)
			q.mu.Unlock()
			close(done)
		}()
		ctx, cancel := context.WithTimeout(context.Background(), q.EngineTimeout)
		defer cancel()
		select {
		case q.slots <- struct{}{}:
			defer func() { <-q.slots }()
		case <-ctx.Done():
			return // too many queries at once: the next search asks again
		}
		failed := 0
		alts, unchanged := q.engineAlternatives(ctx, d, langs[0], text, dictAlts, &failed)
		if unchanged >= 2 && len(langs) > 1 && ctx.Err() == nil {
			// Most translations came back as the query: the engine did
			// not know its words ("tortura" read as English gives
			// "tortura"). Read it as the next likely language, and keep
			// that reading if the engine knows it better.
			again, u := q.engineAlternatives(ctx, d, langs[1], text, dictionaryAlternatives(d, langs[1], text), &failed)
			if u < unchanged {
				alts = again
			}
		}
		ttl := time.Duration(0)
		if failed > 0 {
			ttl = q.FailureTTL
		}
		q.cache.put(key, alts, ttl)
	}()
	return done
}

// engineAlternatives adds the engine's translations to the dictionary's.
// From Chinese: es, pt and fr from the dictionary's English, or straight
// from the Chinese where the engine has Chinese (a LibreTranslate
// service). From a Latin-script language: the other three, and Chinese
// straight where the engine has it, else through the engine's English
// (or the query's own) and the dictionary.
//
// unchanged counts the translations that came back as the query itself:
// the engine knew none of its words, a sign the query is in another
// language. failed counts the engine's errors.
func (q *Queries) engineAlternatives(ctx context.Context, d *Dictionary, lang, text string, dictAlts []Alternative, failed *int) (alts []Alternative, unchanged int) {
	alts = append([]Alternative(nil), dictAlts...)
	type job struct {
		eng               Engine
		from, to, src, by string
		out               string
		done              bool
	}
	var jobs []*job
	for _, to := range []string{"en", "es", "pt", "fr", "zh"} {
		if to == lang {
			continue
		}
		if e := q.engineFor(lang, to); e != nil && !(lang == "zh" && to == "en") {
			jobs = append(jobs, &job{eng: e, from: lang, to: to, src: text, by: e.Name()})
		} else if e := q.engineFor("en", to); lang == "zh" && to != "en" && len(dictAlts) > 0 && e != nil {
			jobs = append(jobs, &job{eng: e, from: "en", to: to, src: dictAlts[0].Text, by: "dictionary+" + e.Name()})
		}
	}
	var mu sync.Mutex
	run := func(j *job) {
		out, err := j.eng.Translate(ctx, j.from, j.to, []string{j.src})
		j.done = true
		if err != nil || len(out) != 1 {
			q.log().Warn("query translation", "engine", j.eng.Name(), "from", j.from, "to", j.to, "err", err)
			mu.Lock()
			*failed++
			mu.Unlock()
			return
		}
		j.out = out[0]
	}
	// Apertium goes through Spanish between any two languages but
	// Spanish: translate into Spanish once and on from there, rather than
	// once per target on the same pipeline.
	for _, es := range jobs {
		if es.to != "es" || es.eng.Name() != "apertium" {
			continue
		}
		if run(es); es.out == "" {
			break
		}
		for _, j := range jobs {
			if e := q.engineFor("es", j.to); j != es && j.from == es.from && e != nil && e.Name() == "apertium" && j.eng.Name() == "apertium" {
				j.eng, j.from, j.src = e, "es", es.out
			}
		}
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		if j.done {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(j)
		}()
	}
	wg.Wait()
	direct := false
	for _, j := range jobs {
		if strings.EqualFold(strings.TrimSpace(j.out), text) {
			unchanged++
		}
		alts = add(alts, j.to, j.out, j.by, text)
		direct = direct || j.to == "zh" && j.out != ""
	}
	if lang != "zh" && lang != "en" && !direct {
		for _, j := range jobs {
			if j.to == "en" && j.out != "" {
				alts = add(alts, "zh", d.ToChinese(j.out), j.eng.Name()+"+dictionary", text)
			}
		}
	}
	return alts, unchanged
}

// engineFor is the engine that translates from → to: q.Engine, or the one
// in its chain (Engines) that does, so that alternatives name the engine
// that made them; nil when none does.
func (q *Queries) engineFor(from, to string) Engine {
	if c, ok := q.Engine.(interface{ For(from, to string) Engine }); ok {
		return c.For(from, to)
	}
	if q.Engine.Supports(from, to) {
		return q.Engine
	}
	return nil
}

// WarmEngine has the engine translate a word in every direction queries
// use, so that an engine keeping processes (Apertium's pipelines) has them
// running before the first search needs them; a server calls it at start,
// in the background. Errors only mean the first searches wait less.
func (q *Queries) WarmEngine(ctx context.Context) {
	if q.Engine == nil {
		return
	}
	var wg sync.WaitGroup
	for _, from := range []string{"en", "es", "pt", "fr"} {
		for _, to := range []string{"en", "es", "pt", "fr"} {
			if from != to && q.Engine.Supports(from, to) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					q.Engine.Translate(ctx, from, to, []string{"derecho"})
				}()
			}
		}
	}
	wg.Wait()
}

// Busy reports whether engine work is still running for some query.
func (q *Queries) Busy() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.inflight) > 0
}

func (q *Queries) log() *slog.Logger {
	if q.Log != nil {
		return q.Log
	}
	return slog.Default()
}
