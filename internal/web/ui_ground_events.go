package web

import (
	"context"
	"net/http"

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
	v := stateOf(r).user
	return s.serveEvents(w, r, eventStream{
		channel: ground.Channel(id),
		read: func(ctx context.Context) (string, error) {
			return s.ground.Version(ctx, v, id)
		},
		onlyChanges: true,
		logMsg:      "ground stream",
		logArgs:     []any{"edition", id},
	})
}
