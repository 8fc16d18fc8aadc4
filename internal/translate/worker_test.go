package translate_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"roundtable/internal/outbox"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/translate"
)

// memSource is an area's side of translation kept in memory: the items
// to translate and the machine versions saved for them.
type memSource struct {
	mu     sync.Mutex
	items  map[int64]translate.Item
	saved  map[int64]map[string][]string // ref → lang → parts
	by     map[int64]map[string]string   // ref → lang → engine
	loads  int
	saves  int
	onLoad func(ref int64) // called during Load (a write while the job runs)
}

func newMemSource() *memSource {
	return &memSource{items: map[int64]translate.Item{}, saved: map[int64]map[string][]string{}, by: map[int64]map[string]string{}}
}

func (s *memSource) Load(ctx context.Context, ref int64) (translate.Item, error) {
	s.mu.Lock()
	s.loads++
	it, ok := s.items[ref]
	hook := s.onLoad
	s.mu.Unlock()
	if hook != nil {
		hook(ref)
	}
	if !ok {
		return translate.Item{}, translate.ErrGone
	}
	return it, nil
}

func (s *memSource) Save(ctx context.Context, ref int64, from string, versions map[string][]string, engine string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saves++
	if s.saved[ref] == nil {
		s.saved[ref], s.by[ref] = map[string][]string{}, map[string]string{}
	}
	for l, v := range versions {
		s.saved[ref][l] = v
		s.by[ref][l] = engine
	}
	return nil
}

// fakeEngine translates the pairs it is given by tagging each text with
// the target language ("[pt] Hola"); it fails while failures > 0, and
// blocks while block is set until the channel closes.
type fakeEngine struct {
	name  string
	pairs []string

	mu       sync.Mutex
	failures int
	calls    []string // "es>pt" per call
	entered  chan struct{}
	block    chan struct{}
}

func (f *fakeEngine) Name() string                  { return f.name }
func (f *fakeEngine) Supports(from, to string) bool { return slices.Contains(f.pairs, from+">"+to) }
func (f *fakeEngine) Translate(ctx context.Context, from, to string, texts []string) ([]string, error) {
	f.mu.Lock()
	f.calls = append(f.calls, from+">"+to)
	fail := f.failures > 0
	if fail {
		f.failures--
	}
	entered, block := f.entered, f.block
	f.mu.Unlock()
	if entered != nil {
		select {
		case entered <- struct{}{}:
		default:
		}
	}
	if block != nil {
		<-block
	}
	if fail {
		return nil, errors.New("503 Service Unavailable")
	}
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = "[" + to + "] " + t
	}
	return out, nil
}

func (f *fakeEngine) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func queue(t *testing.T, db *store.DB, kind string, ref int64) {
	t.Helper()
	err := db.Write(context.Background(), func(tx *store.Tx) error { return outbox.Translate(context.Background(), tx, kind, ref) })
	if err != nil {
		t.Fatal(err)
	}
}

type jobRow struct {
	attempts   int
	lastError  string
	engine     string
	done       bool
	claimed    bool
	nextAttemp time.Time
}

func readJob(t *testing.T, db *store.DB, kind string, ref int64) jobRow {
	t.Helper()
	var j jobRow
	var done, claimed *time.Time
	err := db.Reader().QueryRow(context.Background(), `SELECT attempts, last_error, engine, done_at, claimed_until, next_attempt_at
		FROM translation_jobs WHERE kind = ? AND ref_id = ?`, kind, ref).Scan(&j.attempts, &j.lastError, &j.engine, &done, &claimed, &j.nextAttemp)
	if err != nil {
		t.Fatal(err)
	}
	j.done, j.claimed = done != nil, claimed != nil
	return j
}

var esPairs = []string{"es>en", "es>pt", "es>fr"}

func TestWorkerTranslatesMissingLanguages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		src := newMemSource()
		// A Spanish statement whose English version a person wrote.
		src.items[7] = translate.Item{Lang: "es", Texts: []string{"Título", "Cuerpo"}, Human: []string{"en"}}
		eng := &fakeEngine{name: "fake", pairs: esPairs}
		w := translate.NewWorker(db, translate.NewEngines(eng), nil)
		w.Register(outbox.TranslateStatement, src)
		queue(t, db, outbox.TranslateStatement, 7)

		n, err := w.RunDue(ctx)
		if err != nil || n != 1 {
			t.Fatalf("RunDue = %d, %v; want 1 job done", n, err)
		}
		// pt and fr by the engine; en is human (never asked for); zh has
		// no engine.
		want := map[string][]string{"pt": {"[pt] Título", "[pt] Cuerpo"}, "fr": {"[fr] Título", "[fr] Cuerpo"}}
		if fmt.Sprint(src.saved[7]) != fmt.Sprint(want) {
			t.Errorf("saved %v, want %v", src.saved[7], want)
		}
		if calls := eng.Calls(); slices.Contains(calls, "es>en") || len(calls) != 2 {
			t.Errorf("engine asked for %v, want es>pt and es>fr only", calls)
		}
		if src.by[7]["pt"] != "fake" {
			t.Errorf("engine recorded as %q", src.by[7]["pt"])
		}
		if j := readJob(t, db, outbox.TranslateStatement, 7); !j.done || j.claimed || j.engine != "fake" {
			t.Errorf("job after success: %+v", j)
		}
		// Nothing left to do.
		if n, _ := w.RunDue(ctx); n != 0 || len(eng.Calls()) != 2 {
			t.Errorf("a done job ran again (%d, %v)", n, eng.Calls())
		}
	})
}

func TestWorkerRetriesWithBackoff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		src := newMemSource()
		src.items[3] = translate.Item{Lang: "es", Texts: []string{"Hola"}}
		eng := &fakeEngine{name: "fake", pairs: []string{"es>pt"}, failures: 2}
		w := translate.NewWorker(db, translate.NewEngines(eng), nil)
		w.Register(outbox.TranslateProposition, src)
		queue(t, db, outbox.TranslateProposition, 3)

		before := store.Now()
		if n, err := w.RunDue(ctx); err != nil || n != 0 {
			t.Fatalf("RunDue with the engine down = %d, %v", n, err)
		}
		after := store.Now()
		j := readJob(t, db, outbox.TranslateProposition, 3)
		if j.done || j.claimed || j.attempts != 1 || j.engine != "fake" || !strings.Contains(j.lastError, "503 Service Unavailable") {
			t.Fatalf("job after a failure: %+v", j)
		}
		// First retry 5 s later.
		if j.nextAttemp.Before(before.Add(5*time.Second)) || j.nextAttemp.After(after.Add(5*time.Second)) {
			t.Errorf("next attempt at %v, want 5 s after %v", j.nextAttemp, before)
		}
		// Not due yet: the engine is not asked again.
		if n, _ := w.RunDue(ctx); n != 0 || len(eng.Calls()) != 1 {
			t.Fatalf("a job in backoff ran: %d, calls %v", n, eng.Calls())
		}
		// Time passes; the second attempt fails too and waits 10 s.
		due(t, db)
		before = store.Now()
		w.RunDue(ctx)
		j = readJob(t, db, outbox.TranslateProposition, 3)
		if j.attempts != 2 || j.nextAttemp.Before(before.Add(10*time.Second)) || j.nextAttemp.After(store.Now().Add(10*time.Second)) {
			t.Errorf("after a second failure: %+v (want attempt 2, next in 10 s)", j)
		}
		due(t, db)
		if n, err := w.RunDue(ctx); err != nil || n != 1 {
			t.Fatalf("third attempt: %d, %v", n, err)
		}
		if j := readJob(t, db, outbox.TranslateProposition, 3); !j.done || j.lastError != "" {
			t.Errorf("job after the engine came back: %+v", j)
		}
		if got := src.saved[3]["pt"]; len(got) != 1 || got[0] != "[pt] Hola" {
			t.Errorf("saved %v", src.saved[3])
		}
	})
}

// due makes every job due now, as if its backoff had passed.
func due(t *testing.T, db *store.DB) {
	t.Helper()
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Exec(context.Background(), "UPDATE translation_jobs SET next_attempt_at = ?", store.Now().Add(-time.Second))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBackoff(t *testing.T) {
	for _, c := range []struct {
		failed int
		want   time.Duration
	}{{1, 5 * time.Second}, {2, 10 * time.Second}, {3, 20 * time.Second}, {10, 2560 * time.Second}, {11, time.Hour}, {40, time.Hour}} {
		if got := translate.Backoff(c.failed); got != c.want {
			t.Errorf("Backoff(%d) = %v, want %v", c.failed, got, c.want)
		}
	}
}

// TestWorkerRequeuedDuringWork: the text changes while its old version is
// being translated; the job is not marked done by the old work, and the
// new text is translated.
func TestWorkerRequeuedDuringWork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		src := newMemSource()
		src.items[5] = translate.Item{Lang: "es", Texts: []string{"Viejo"}}
		first := true
		src.onLoad = func(ref int64) {
			if first {
				first = false
				time.Sleep(2 * time.Millisecond) // a later queued_at
				queue(t, db, outbox.TranslateParagraph, ref)
				src.mu.Lock()
				src.items[5] = translate.Item{Lang: "es", Texts: []string{"Nuevo"}}
				src.mu.Unlock()
			}
		}
		eng := &fakeEngine{name: "fake", pairs: []string{"es>pt"}}
		w := translate.NewWorker(db, translate.NewEngines(eng), nil)
		w.Register(outbox.TranslateParagraph, src)
		queue(t, db, outbox.TranslateParagraph, 5)
		if _, err := w.RunDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		if src.loads != 2 {
			t.Errorf("item loaded %d times, want 2 (the re-queued job must run again)", src.loads)
		}
		if got := src.saved[5]["pt"]; len(got) != 1 || got[0] != "[pt] Nuevo" {
			t.Errorf("saved %v, want the new text's version", src.saved[5])
		}
		if j := readJob(t, db, outbox.TranslateParagraph, 5); !j.done {
			t.Errorf("job not done after the second run: %+v", j)
		}
	})
}

func TestWorkerDropsGoneItems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		src := newMemSource() // item 9 is not there: deleted since queued
		eng := &fakeEngine{name: "fake", pairs: esPairs}
		w := translate.NewWorker(db, translate.NewEngines(eng), nil)
		w.Register(outbox.TranslateStatement, src)
		queue(t, db, outbox.TranslateStatement, 9)
		if n, err := w.RunDue(context.Background()); err != nil || n != 1 {
			t.Fatalf("RunDue = %d, %v", n, err)
		}
		if j := readJob(t, db, outbox.TranslateStatement, 9); !j.done || j.attempts != 0 || src.saves != 0 || len(eng.Calls()) != 0 {
			t.Errorf("gone item: job %+v, %d saves, calls %v", j, src.saves, eng.Calls())
		}
	})
}

// TestWorkerWithoutEngineLeavesJobs: no engine, nothing happens; the jobs
// wait for one.
func TestWorkerWithoutEngineLeavesJobs(t *testing.T) {
	db := storetest.SQLite(t)
	src := newMemSource()
	src.items[1] = translate.Item{Lang: "es", Texts: []string{"Hola"}}
	w := translate.NewWorker(db, translate.NewEngines(), nil)
	w.Register(outbox.TranslateStatement, src)
	queue(t, db, outbox.TranslateStatement, 1)
	if w.Enabled() {
		t.Error("a worker without engines says it is enabled")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	w.Run(ctx) // returns at once
	if n, _ := w.RunDue(ctx); n != 0 || src.loads != 0 {
		t.Errorf("worked without an engine: %d, %d loads", n, src.loads)
	}
	if j := readJob(t, db, outbox.TranslateStatement, 1); j.done || j.attempts != 0 {
		t.Errorf("job %+v, want waiting untouched", j)
	}
}

// TestTwoInstancesOneJob: two servers share a PostgreSQL database; while
// one works on a job the other does not take it, and each of many jobs is
// translated once.
func TestTwoInstancesOneJob(t *testing.T) {
	url := storetest.PostgresURL(t)
	db1, db2 := storetest.Open(t, url), storetest.Open(t, url)
	ctx := context.Background()
	src := newMemSource()
	src.items[1] = translate.Item{Lang: "es", Texts: []string{"Hola"}}
	eng := &fakeEngine{name: "fake", pairs: []string{"es>pt"}, entered: make(chan struct{}, 1), block: make(chan struct{})}
	w1 := translate.NewWorker(db1, translate.NewEngines(eng), nil)
	w2 := translate.NewWorker(db2, translate.NewEngines(eng), nil)
	w1.Register(outbox.TranslateStatement, src)
	w2.Register(outbox.TranslateStatement, src)
	queue(t, db1, outbox.TranslateStatement, 1)

	res := make(chan int, 1)
	go func() { n, _ := w1.RunDue(ctx); res <- n }()
	<-eng.entered // instance 1 is translating
	if n, err := w2.RunDue(ctx); err != nil || n != 0 {
		t.Fatalf("instance 2 took a claimed job: %d, %v", n, err)
	}
	close(eng.block)
	if n := <-res; n != 1 {
		t.Fatalf("instance 1 finished %d jobs", n)
	}
	if c := eng.Calls(); len(c) != 1 {
		t.Errorf("translated %d times: %v", len(c), c)
	}

	// Many jobs, both instances at once: each item saved once.
	eng2 := &fakeEngine{name: "fake", pairs: []string{"es>pt"}}
	src2 := newMemSource()
	w1 = translate.NewWorker(db1, translate.NewEngines(eng2), nil)
	w2 = translate.NewWorker(db2, translate.NewEngines(eng2), nil)
	w1.Register(outbox.TranslateParagraph, src2)
	w2.Register(outbox.TranslateParagraph, src2)
	for i := int64(1); i <= 30; i++ {
		src2.items[i] = translate.Item{Lang: "es", Texts: []string{fmt.Sprint("Párrafo ", i)}}
		queue(t, db1, outbox.TranslateParagraph, i)
	}
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i, w := range []*translate.Worker{w1, w2} {
		wg.Add(1)
		go func() { defer wg.Done(); counts[i], _ = w.RunDue(ctx) }()
	}
	wg.Wait()
	if counts[0]+counts[1] != 30 || src2.saves != 30 || len(eng2.Calls()) != 30 {
		t.Errorf("jobs done %v, saves %d, translations %d; want 30 each", counts, src2.saves, len(eng2.Calls()))
	}
}
