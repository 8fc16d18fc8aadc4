package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"roundtable/internal/errs"
)

// sseHeartbeat keeps idle streams alive through proxies that drop quiet
// connections.
const sseHeartbeat = 15 * time.Second

// eventStream is what a live page follows: the channel whose changes wake
// it and what it sends when they do.
type eventStream struct {
	channel string
	// read returns the event's data as the reader now sees it.
	read func(context.Context) (string, error)
	// onlyChanges sends an event only when its data differ from the last
	// one sent, so a change the reader may not see leaves the stream quiet.
	onlyChanges bool
	// logMsg and logArgs name the stream when a read fails on a wake-up.
	logMsg  string
	logArgs []any
}

// serveEvents streams es as server-sent events: the data once on connect,
// then after every change to its channel, made through any instance (the
// hub follows the database), and a comment line every 15 s. It ends when
// the client goes away or the hub stops (at shutdown; the page then
// reconnects, to another instance if need be).
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request, es eventStream) error {
	ctx := r.Context()
	// Subscribe before reading, so no change falls between the two.
	wake, stop := s.live.Subscribe(es.channel)
	defer stop()
	last, err := es.read(ctx)
	if err != nil {
		return err // nothing sent yet: an ordinary error page
	}
	send := openStream(w)
	if !send("retry: 2000\n\n") || !send("data: "+last+"\n\n") {
		return nil
	}
	beat := time.NewTicker(sseHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-beat.C:
			if !send(": heartbeat\n\n") {
				return nil
			}
		case _, ok := <-wake:
			if !ok {
				return nil // the server is shutting down
			}
			d, err := es.read(ctx)
			if err != nil {
				if ctx.Err() == nil && errs.As(err).Kind == errs.Internal {
					s.log.Error(es.logMsg, append(es.logArgs, "err", err)...)
				}
				return nil // the page reconnects and gets a fresh start
			}
			if es.onlyChanges && d == last {
				continue
			}
			last = d
			if !send("data: " + d + "\n\n") {
				return nil
			}
		}
	}
}

// openStream starts a server-sent event response and returns what writes
// a chunk of it and flushes it, reporting false once the client has gone.
func openStream(w http.ResponseWriter) func(string) bool {
	// A stream lives longer than any write timeout the HTTP server may
	// have; lift it for this response. The recorder hides the connection's
	// deadlines, so reach past it.
	raw := w
	if rec, ok := w.(*statusRecorder); ok {
		raw = rec.ResponseWriter
	}
	rc := http.NewResponseController(raw)
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events on at once
	w.WriteHeader(http.StatusOK)
	return func(chunk string) bool {
		if _, err := fmt.Fprint(w, chunk); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
}
