package translate

import (
	"context"
	"time"

	"roundtable/internal/store"
)

// Status is machine translation as the secretariat's status page shows
// it: the engines found, the pairs none offers, and the queue.
type Status struct {
	// Enabled is false when no engine was found: jobs wait.
	Enabled bool           `json:"enabled"`
	Engines []EngineStatus `json:"engines"`
	// Missing lists the directions between working languages that no
	// engine offers ("en>zh"): items get no version in those.
	Missing []string    `json:"missing"`
	Queue   QueueStatus `json:"queue"`
}

// EngineStatus is one engine: what it translates and how it last fared.
type EngineStatus struct {
	Name   string   `json:"name"`
	Where  string   `json:"where,omitempty"` // the service's URL, Apertium's folder
	Pairs  []string `json:"pairs"`
	Health Health   `json:"health"`
}

// QueueStatus counts translation jobs: Done of Total, Pending (waiting or
// being worked on), Failing (pending after at least one failed attempt);
// Failures are the failing jobs with the most attempts first.
type QueueStatus struct {
	Total    int         `json:"total"`
	Done     int         `json:"done"`
	Pending  int         `json:"pending"`
	Failing  int         `json:"failing"`
	Failures []JobStatus `json:"failures"`
}

// JobStatus is one failing job.
type JobStatus struct {
	Kind          string    `json:"kind"`
	Ref           int64     `json:"ref"`
	Attempts      int       `json:"attempts"`
	LastError     string    `json:"last_error"`
	Engine        string    `json:"engine"`
	NextAttemptAt time.Time `json:"next_attempt_at"`
}

// pairLister is an engine that can list its pairs.
type pairLister interface{ Pairs() []string }

// CurrentStatus reads the queue and describes the engines (nil: none).
func CurrentStatus(ctx context.Context, q store.Querier, engines *Engines, failures int) (Status, error) {
	st := Status{Engines: []EngineStatus{}, Missing: []string{}}
	if engines != nil {
		for _, e := range engines.List() {
			es := EngineStatus{Name: e.Name(), Pairs: []string{}, Health: engines.Health(e.Name())}
			if pl, ok := e.(pairLister); ok {
				es.Pairs = pl.Pairs()
			}
			switch x := e.(type) {
			case *Libre:
				es.Where = x.URL()
				if err := x.DiscoverError(); err != "" && es.Health.LastError == "" {
					es.Health.LastError = err
				}
			case *Apertium:
				es.Where = x.dir
			}
			st.Engines = append(st.Engines, es)
		}
		st.Enabled = len(engines.List()) > 0
	}
	for _, f := range workingLangs {
		for _, t := range workingLangs {
			if f != t && (engines == nil || !engines.Supports(f, t)) {
				st.Missing = append(st.Missing, f+">"+t)
			}
		}
	}
	err := q.QueryRow(ctx, `SELECT count(*),
		coalesce(sum(CASE WHEN done_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		coalesce(sum(CASE WHEN done_at IS NULL AND attempts > 0 THEN 1 ELSE 0 END), 0)
		FROM translation_jobs`).Scan(&st.Queue.Total, &st.Queue.Done, &st.Queue.Failing)
	if err != nil {
		return st, err
	}
	st.Queue.Pending = st.Queue.Total - st.Queue.Done
	st.Queue.Failures, err = store.QueryAll(ctx, q, func(r store.Scanner) (JobStatus, error) {
		var j JobStatus
		err := r.Scan(&j.Kind, &j.Ref, &j.Attempts, &j.LastError, &j.Engine, &j.NextAttemptAt)
		j.NextAttemptAt = j.NextAttemptAt.UTC()
		return j, err
	}, `SELECT kind, ref_id, attempts, last_error, engine, next_attempt_at FROM translation_jobs
		WHERE done_at IS NULL AND attempts > 0 ORDER BY attempts DESC, next_attempt_at, id LIMIT ?`, failures)
	return st, err
}
