package speakers

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"roundtable/internal/outbox"
	"roundtable/internal/store"
)

// DefaultPoll is how often a Hub reads the live_events table: fast enough
// that a room display follows the chair within a blink, cheap enough (one
// indexed range query) to run on every instance.
const DefaultPoll = 150 * time.Millisecond

// Hub fans changes out to the viewers connected to this instance. It polls
// the live_events table, which every instance's writes append to in commit
// order, so a change made through any instance wakes the subscribers of
// every instance; no message broker is needed beside the database.
type Hub struct {
	db   *store.DB
	log  *slog.Logger
	poll time.Duration

	mu      sync.Mutex
	subs    map[string]map[chan struct{}]struct{}
	stopped bool
}

// NewHub returns a hub on db; it wakes nobody until Run runs.
func NewHub(db *store.DB, log *slog.Logger) *Hub {
	if log == nil {
		log = slog.Default()
	}
	return &Hub{db: db, log: log, poll: DefaultPoll, subs: map[string]map[chan struct{}]struct{}{}}
}

// Subscribe returns a channel that receives a value after each change on
// channel (changes coming faster than the subscriber reads are merged into
// one wake-up: it re-reads the state anyway), and a function that ends the
// subscription. The channel is closed when the hub stops, so that streams
// end and the server can shut down.
func (h *Hub) Subscribe(channel string) (<-chan struct{}, func()) {
	c := make(chan struct{}, 1)
	h.mu.Lock()
	if h.stopped {
		h.mu.Unlock()
		close(c)
		return c, func() {}
	}
	if h.subs[channel] == nil {
		h.subs[channel] = map[chan struct{}]struct{}{}
	}
	h.subs[channel][c] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return c, func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.subs[channel], c)
			if len(h.subs[channel]) == 0 {
				delete(h.subs, channel)
			}
			h.mu.Unlock()
		})
	}
}

// Run follows the live_events table until ctx ends, starting from its
// current head: events written before the hub started are history, which
// subscribers read as state when they connect. Database errors are logged
// and retried; they never stop the hub. When ctx ends, every subscription
// channel is closed.
// Live events are pruned every pruneEvery, keeping keepLive of them: far
// more than any hub's poll interval, so no follower misses one.
const (
	pruneEvery = 10 * time.Minute
	keepLive   = time.Hour
)

func (h *Hub) Run(ctx context.Context) {
	t := time.NewTicker(h.poll)
	defer t.Stop()
	defer h.stop()
	last := int64(-1)
	var failing time.Time // when the current run of errors was last logged
	pruned := time.Now()
	for {
		if time.Since(pruned) > pruneEvery {
			if _, err := outbox.PruneLive(ctx, h.db, keepLive); err != nil && ctx.Err() == nil {
				h.log.Warn("live events: cannot prune", "err", err)
			}
			pruned = time.Now()
		}
		var err error
		if last < 0 {
			last, err = outbox.Head(ctx, h.db.Reader(), "live_events")
			if err != nil {
				last = -1
			}
		} else {
			last, err = h.step(ctx, last)
		}
		switch {
		case err != nil && ctx.Err() == nil && time.Since(failing) > time.Minute:
			// Once a minute, not at every poll, while the database is away.
			h.log.Warn("live events: cannot read", "err", err)
			failing = time.Now()
		case err == nil && !failing.IsZero():
			h.log.Info("live events: reading again")
			failing = time.Time{}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (h *Hub) stop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stopped = true
	for _, subs := range h.subs {
		for c := range subs {
			close(c)
		}
	}
	h.subs = nil
}

// step wakes the subscribers of every channel with events after seq and
// returns the last sequence number seen. Numbers are handed out under a
// lock held until commit, so none can appear later below one already seen.
func (h *Hub) step(ctx context.Context, seq int64) (int64, error) {
	rows, err := h.db.Reader().Query(ctx, "SELECT seq, channel FROM live_events WHERE seq > ? ORDER BY seq LIMIT 1000", seq)
	if err != nil {
		return seq, err
	}
	defer rows.Close()
	changed := map[string]bool{}
	last := seq
	for rows.Next() {
		var ch string
		if err := rows.Scan(&last, &ch); err != nil {
			return seq, err
		}
		changed[ch] = true
	}
	if err := rows.Err(); err != nil {
		return seq, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range changed {
		for c := range h.subs[ch] {
			select {
			case c <- struct{}{}:
			default: // a wake-up is already pending
			}
		}
	}
	return last, nil
}
