package translate

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Engines is the engines in order of preference: the first that supports
// a pair translates it (Apertium, local, before a remote service, which
// covers Chinese and whatever Apertium lacks). It is itself an Engine,
// and remembers each engine's last error for the status page.
type Engines struct {
	list []Engine

	mu     sync.Mutex
	health map[string]Health
}

// Health is an engine's last outcome as the status page shows it.
type Health struct {
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	LastOKAt    time.Time `json:"last_ok_at,omitzero"`
}

// NewEngines chains engines in order of preference; nil entries are
// skipped.
func NewEngines(engines ...Engine) *Engines {
	e := &Engines{health: map[string]Health{}}
	for _, x := range engines {
		if x != nil {
			e.list = append(e.list, x)
		}
	}
	return e
}

// List is the engines, in order.
func (e *Engines) List() []Engine { return e.list }

// Name is the names of the engines that make up the chain.
func (e *Engines) Name() string {
	s := ""
	for i, x := range e.list {
		if i > 0 {
			s += "+"
		}
		s += x.Name()
	}
	return s
}

// For is the engine that translates from → to, nil when none does.
func (e *Engines) For(from, to string) Engine {
	for _, x := range e.list {
		if x.Supports(from, to) {
			return x
		}
	}
	return nil
}

// Supports reports whether some engine translates from → to.
func (e *Engines) Supports(from, to string) bool { return e.For(from, to) != nil }

// Translate uses the first engine that supports the pair.
func (e *Engines) Translate(ctx context.Context, from, to string, texts []string) ([]string, error) {
	x := e.For(from, to)
	if x == nil {
		return nil, fmt.Errorf("no engine translates %s to %s", from, to)
	}
	out, err := x.Translate(ctx, from, to, texts)
	e.record(x.Name(), err)
	return out, err
}

func (e *Engines) record(name string, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	h := e.health[name]
	if err != nil {
		h.LastError, h.LastErrorAt = err.Error(), time.Now().UTC()
	} else {
		h.LastOKAt = time.Now().UTC()
	}
	e.health[name] = h
}

// Health is the named engine's last outcome.
func (e *Engines) Health(name string) Health {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.health[name]
}
