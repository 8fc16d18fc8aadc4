package translate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"roundtable/internal/store"
	"roundtable/internal/text"
)

// Worker follows the translation_jobs outbox: it claims a due job, loads
// the item from its area's Source, translates it into every working
// language it lacks (not its own, not one a person wrote) that an engine
// offers, and hands the versions to Save. Several instances may run one
// against one database: a job is claimed by a conditional UPDATE, so only
// one works on it at a time; a claim left by an instance that died runs
// out after Claim.
type Worker struct {
	DB      *store.DB
	Engines *Engines
	Log     *slog.Logger
	// Poll is how often the queue is looked at when idle (default 1 s).
	Poll time.Duration
	// JobTimeout bounds one job's translations (default 2 min); Claim is
	// how long a claim holds (default JobTimeout + 1 min).
	JobTimeout, Claim time.Duration
	// Rest is how long the worker pauses after a job, as a share of the
	// time the job took (default 1: working at most half the time), so a
	// long queue does not hold the processors that serve pages. Negative:
	// no pause.
	Rest float64

	sources map[string]Source
	wake    chan struct{}
}

// NewWorker returns a worker translating with engines (nil or empty: Run
// returns at once and jobs wait).
func NewWorker(db *store.DB, engines *Engines, log *slog.Logger) *Worker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Worker{DB: db, Engines: engines, Log: log, sources: map[string]Source{}, wake: make(chan struct{}, 1)}
}

// Register names the Source of one job kind (outbox.TranslateStatement …).
// Jobs of kinds nobody registered wait.
func (w *Worker) Register(kind string, s Source) { w.sources[kind] = s }

// Kinds are the registered job kinds, sorted.
func (w *Worker) Kinds() []string {
	out := make([]string, 0, len(w.sources))
	for k := range w.sources {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Enabled reports whether an engine is there to translate with.
func (w *Worker) Enabled() bool { return w.Engines != nil && len(w.Engines.List()) > 0 }

// Wake makes a running worker look at the queue now rather than at its
// next poll (after a write of this instance queued a job).
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *Worker) poll() time.Duration {
	if w.Poll > 0 {
		return w.Poll
	}
	return time.Second
}

func (w *Worker) jobTimeout() time.Duration {
	if w.JobTimeout > 0 {
		return w.JobTimeout
	}
	return 2 * time.Minute
}

func (w *Worker) claim() time.Duration {
	if w.Claim > 0 {
		return w.Claim
	}
	return w.jobTimeout() + time.Minute
}

// Run works through due jobs until ctx ends, looking again every Poll or
// when woken. Without an engine it returns at once.
func (w *Worker) Run(ctx context.Context) {
	if !w.Enabled() {
		return
	}
	t := time.NewTicker(w.poll())
	defer t.Stop()
	for {
		if _, err := w.RunDue(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("machine translation queue", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake:
		}
	}
}

// rest pauses after a job that took d.
func (w *Worker) rest(ctx context.Context, d time.Duration) {
	share := w.Rest
	if share == 0 {
		share = 1
	}
	if share < 0 {
		return
	}
	t := time.NewTimer(time.Duration(float64(d) * share))
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// job is a claimed translation job.
type job struct {
	id       int64
	kind     string
	ref      int64
	queuedAt time.Time
	attempts int
}

// RunDue works on due jobs one by one until none is left that this worker
// can claim, and says how many it finished (done, or dropped as gone).
// A job that fails is rescheduled with backoff and is not counted.
func (w *Worker) RunDue(ctx context.Context) (int, error) {
	if !w.Enabled() || len(w.sources) == 0 {
		return 0, nil
	}
	finished := 0
	for ctx.Err() == nil {
		j, ok, err := w.claimNext(ctx)
		if err != nil || !ok {
			return finished, err
		}
		t0 := time.Now()
		done, err := w.work(ctx, j)
		if err != nil {
			return finished, err
		}
		if done {
			finished++
		}
		w.rest(ctx, time.Since(t0))
	}
	return finished, ctx.Err()
}

// claimNext claims the oldest due job of a registered kind; ok is false
// when there is none (or other instances took them all).
func (w *Worker) claimNext(ctx context.Context) (job, bool, error) {
	kinds := w.Kinds()
	now := store.Now()
	args := []any{now, now}
	for _, k := range kinds {
		args = append(args, k)
	}
	cands, err := store.QueryAll(ctx, w.DB.Reader(), func(r store.Scanner) (job, error) {
		var j job
		err := r.Scan(&j.id, &j.kind, &j.ref, &j.queuedAt, &j.attempts)
		return j, err
	}, `SELECT id, kind, ref_id, queued_at, attempts FROM translation_jobs
		WHERE done_at IS NULL AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
		AND kind IN (?`+strings.Repeat(", ?", len(kinds)-1)+`)
		ORDER BY next_attempt_at, id LIMIT 16`, args...)
	if err != nil {
		return job{}, false, fmt.Errorf("due translation jobs: %w", err)
	}
	for _, j := range cands {
		var claimed bool
		err := w.DB.Write(ctx, func(tx *store.Tx) error {
			res, err := tx.Exec(ctx, `UPDATE translation_jobs SET claimed_until = ?
				WHERE id = ? AND queued_at = ? AND done_at IS NULL AND next_attempt_at <= ?
				AND (claimed_until IS NULL OR claimed_until < ?)`,
				now.Add(w.claim()), j.id, j.queuedAt, now, now)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			claimed = n == 1
			return err
		})
		if err != nil {
			return job{}, false, fmt.Errorf("claim translation job %d: %w", j.id, err)
		}
		if claimed {
			return j, true, nil
		}
	}
	return job{}, false, nil
}

// work does one claimed job and records its outcome; done reports that
// the job is finished (translated, or its item is gone).
func (w *Worker) work(ctx context.Context, j job) (done bool, err error) {
	jctx, cancel := context.WithTimeout(ctx, w.jobTimeout())
	defer cancel()
	engine, werr := w.translate(jctx, j)
	if ctx.Err() != nil {
		// Shutting down: let the claim go so another instance (or this
		// one, restarted) takes the job at once.
		w.release(context.Background(), j)
		return false, ctx.Err()
	}
	if werr != nil {
		w.Log.Warn("machine translation failed", "kind", j.kind, "ref", j.ref, "engine", engine, "attempt", j.attempts+1, "err", werr)
		return false, w.fail(ctx, j, engine, werr)
	}
	return true, w.finish(ctx, j, engine)
}

// translate loads the item, translates it into the languages it lacks and
// saves the versions, grouped by the engine that made them. It returns
// the engines used (or the one that failed) and the first failure;
// versions that did succeed are saved even then.
func (w *Worker) translate(ctx context.Context, j job) (string, error) {
	src := w.sources[j.kind]
	item, err := src.Load(ctx, j.ref)
	if errors.Is(err, ErrGone) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load %s %d: %w", j.kind, j.ref, err)
	}
	byEngine := map[string]map[string][]string{}
	var names []string
	var failure error
	failed := ""
	for _, lang := range Targets(item, w.Engines) {
		eng := w.Engines.For(item.Lang, lang)
		out, err := w.Engines.Translate(ctx, item.Lang, lang, item.Texts)
		if err != nil {
			if failure == nil {
				failure, failed = err, eng.Name()
			}
			continue
		}
		if byEngine[eng.Name()] == nil {
			byEngine[eng.Name()] = map[string][]string{}
			names = append(names, eng.Name())
		}
		byEngine[eng.Name()][lang] = out
	}
	for _, name := range names {
		if err := src.Save(ctx, j.ref, item.Lang, byEngine[name], name); err != nil {
			if errors.Is(err, ErrGone) {
				return "", nil
			}
			return name, fmt.Errorf("save %s %d: %w", j.kind, j.ref, err)
		}
	}
	if failure != nil {
		return failed, failure
	}
	return strings.Join(names, "+"), nil
}

// Targets are the languages an item gets machine versions in: the working
// languages other than its own and those a person wrote, that an engine
// translates to from its language.
func Targets(item Item, engines *Engines) []string {
	var out []string
	for _, lang := range text.Langs {
		if lang == item.Lang || slices.Contains(item.Human, lang) || len(item.Texts) == 0 {
			continue
		}
		if engines != nil && engines.Supports(item.Lang, lang) {
			out = append(out, lang)
		}
	}
	return out
}

// finish marks the job done, unless it was queued again while it was
// worked on: then the newer text still needs its versions, and the claim
// is only let go.
func (w *Worker) finish(ctx context.Context, j job, engine string) error {
	return w.DB.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE translation_jobs SET done_at = ?, claimed_until = NULL, last_error = '', engine = ?
			WHERE id = ? AND queued_at = ?`, store.Now(), engine, j.id, j.queuedAt)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			_, err = tx.Exec(ctx, "UPDATE translation_jobs SET claimed_until = NULL WHERE id = ?", j.id)
		}
		return err
	})
}

// fail records a failed attempt: the job is tried again after a backoff
// that doubles with each attempt (5 s, 10 s, 20 s … at most an hour); the
// error and the engine stay for the status page. A job queued again in
// the meantime keeps its fresh state.
func (w *Worker) fail(ctx context.Context, j job, engine string, cause error) error {
	now := store.Now()
	return w.DB.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE translation_jobs SET attempts = attempts + 1, next_attempt_at = ?,
			last_error = ?, engine = ?, claimed_until = NULL WHERE id = ? AND queued_at = ?`,
			now.Add(Backoff(j.attempts+1)), truncate(cause.Error(), 500), engine, j.id, j.queuedAt)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			_, err = tx.Exec(ctx, "UPDATE translation_jobs SET claimed_until = NULL WHERE id = ?", j.id)
		}
		return err
	})
}

func (w *Worker) release(ctx context.Context, j job) {
	err := w.DB.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE translation_jobs SET claimed_until = NULL WHERE id = ?", j.id)
		return err
	})
	if err != nil {
		w.Log.Warn("release translation job", "id", j.id, "err", err)
	}
}

// Backoff is the wait before attempt n+1 after n failed attempts: 5 s
// doubled for each, at most an hour.
func Backoff(failed int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < failed && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return strings.TrimSpace(s) + "…"
}
