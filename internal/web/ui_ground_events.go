package web

import (
	"fmt"
	"net/http"
	"time"

	"roundtable/internal/errs"
	"roundtable/internal/ground"
)

// groundEvents streams, as server-sent events, the digest of what the
// reader sees of an edition's common ground: once on connect, then each
// time it changes, whichever instance made the change. The map and the
// proposition pages fetch themselves again when it does. A change the
// reader may not see (a position, for a reader the edition keeps
// positions from) leaves the digest as it was, so nothing is sent: the
// stream's timing tells such a reader nothing.
func (s *Server) groundEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, v := r.Context(), stateOf(r).user
	// Subscribe before reading, so no change falls between the two.
	wake, stop := s.live.Subscribe(ground.Channel(id))
	defer stop()
	last, err := s.groundDigest(ctx, v, id)
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
			d, err := s.groundDigest(ctx, v, id)
			if err != nil {
				if ctx.Err() == nil && errs.As(err).Kind == errs.Internal {
					s.log.Error("ground stream", "edition", id, "err", err)
				}
				return nil // the page reconnects and gets a fresh start
			}
			if d == last {
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
