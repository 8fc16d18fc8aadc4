package web

import (
	"context"
	"net/http"
	"strconv"

	"roundtable/internal/outcome"
)

// outcomeEvents streams, as server-sent events, the version of a
// document: once on connect, then each time it moves on, whichever
// instance made the change (every write to the document, its paragraphs,
// amendments, positions, silence or adoption moves it). The status view
// fetches itself again when it does and swaps the parts that changed.
// A reader who may not read the document gets its 404 before anything is
// sent.
func (s *Server) outcomeEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v := stateOf(r).user
	return s.serveEvents(w, r, eventStream{
		channel: outcome.Channel(id),
		read: func(ctx context.Context) (string, error) {
			n, err := s.outcome.Version(ctx, v, id)
			return strconv.FormatInt(n, 10), err
		},
		onlyChanges: true,
		logMsg:      "outcome stream",
		logArgs:     []any{"document", id},
	})
}
