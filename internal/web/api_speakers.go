package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"roundtable/internal/authz"
	"roundtable/internal/errs"
	"roundtable/internal/speakers"
)

// speakerAPIRoutes are the JSON API of the speakers lists. Every change
// answers with the list as it now stands (a request for the floor with the
// new entry), so a client needs no second round trip.
func (s *Server) speakerAPIRoutes() []route {
	return []route{
		{"GET", "/api/v1/sessions/{id}/speakers", authz.ViewSpeakers, s.apiSpeakers},
		{"POST", "/api/v1/sessions/{id}/speakers/open", authz.ManageSpeakers, s.apiSpeakersDo(apiSpeakersOpen)},
		{"POST", "/api/v1/sessions/{id}/speakers/close", authz.ManageSpeakers, s.apiSpeakersDo(apiSpeakersClose)},
		{"POST", "/api/v1/sessions/{id}/speakers/start", authz.ManageSpeakers, s.apiSpeakersDo(apiSpeakersStart)},
		{"POST", "/api/v1/sessions/{id}/speakers/stop", authz.ManageSpeakers, s.apiSpeakersDo(apiSpeakersStop)},
		{"POST", "/api/v1/sessions/{id}/speakers/reorder", authz.ManageSpeakers, s.apiSpeakersDo(apiSpeakersReorder)},
		{"POST", "/api/v1/sessions/{id}/speakers/withdraw", authz.WithdrawSpeaker, s.apiSpeakersDo(apiSpeakersWithdraw)},
		{"POST", "/api/v1/sessions/{id}/speakers/request", authz.RequestFloor, s.apiSpeakersRequest},
	}
}

func (s *Server) apiSpeakers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b, err := s.speakers.State(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}

// speakersBody is what the POST actions may carry; each reads its part.
type speakersBody struct {
	EntryID int64   `json:"entry_id"`
	Order   []int64 `json:"order"`
}

type apiSpeakersAction func(s *Server, r *http.Request, id int64, b speakersBody) error

// apiSpeakersDo decodes an action's body (an empty body is an empty
// object), runs it and answers with the list.
func (s *Server) apiSpeakersDo(act apiSpeakersAction) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var body speakersBody
		if r.ContentLength != 0 {
			if err := decodeJSON(w, r, &body); err != nil {
				return err
			}
		}
		if err := act(s, r, id, body); err != nil {
			return err
		}
		return s.apiSpeakers(w, r)
	}
}

func apiSpeakersOpen(s *Server, r *http.Request, id int64, _ speakersBody) error {
	return s.speakers.Open(r.Context(), stateOf(r).user, id)
}

func apiSpeakersClose(s *Server, r *http.Request, id int64, _ speakersBody) error {
	return s.speakers.Close(r.Context(), stateOf(r).user, id)
}

func apiSpeakersStart(s *Server, r *http.Request, id int64, b speakersBody) error {
	return s.speakers.Start(r.Context(), stateOf(r).user, id, b.EntryID)
}

func apiSpeakersStop(s *Server, r *http.Request, id int64, _ speakersBody) error {
	return s.speakers.Stop(r.Context(), stateOf(r).user, id)
}

func apiSpeakersReorder(s *Server, r *http.Request, id int64, b speakersBody) error {
	if b.Order == nil {
		return errs.Field("order", "required", "validation.required")
	}
	return s.speakers.Reorder(r.Context(), stateOf(r).user, id, b.Order)
}

func apiSpeakersWithdraw(s *Server, r *http.Request, id int64, b speakersBody) error {
	if b.EntryID == 0 {
		return errs.Field("entry_id", "required", "validation.required")
	}
	return s.speakers.Withdraw(r.Context(), stateOf(r).user, id, b.EntryID)
}

func (s *Server) apiSpeakersRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in speakers.Request
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
	}
	e, err := s.speakers.Request(r.Context(), stateOf(r).user, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, e)
}

// liveBoard is what a room display receives: the list, with each entry's
// delegation named and described in the display's language, so the script
// only has to place the words.
type liveBoard struct {
	speakers.Board
	StatusLabel string      `json:"status_label"`
	Speaking    *liveEntry  `json:"speaking"`
	Waiting     []liveEntry `json:"waiting"`
}

type liveEntry struct {
	speakers.Entry
	Name string `json:"name"`
	Note string `json:"note"`
}

func (s *Server) liveBoard(r *http.Request, b speakers.Board) liveBoard {
	l := layout{Lang: stateOf(r).lang, catalog: s.catalog}
	entry := func(e speakers.Entry) liveEntry {
		return liveEntry{Entry: e, Name: e.Names.In(string(l.Lang)), Note: speakerNote(l, e)}
	}
	out := liveBoard{Board: b, StatusLabel: l.T("speakers.status." + b.Status), Waiting: []liveEntry{}}
	if b.Speaking != nil {
		e := entry(*b.Speaking)
		out.Speaking = &e
	}
	for _, e := range b.Waiting {
		out.Waiting = append(out.Waiting, entry(e))
	}
	return out
}

// sseHeartbeat keeps idle streams alive through proxies that drop quiet
// connections.
const sseHeartbeat = 15 * time.Second

// speakersEvents streams a list to a room display as server-sent events:
// the whole list on connect and after every change, made through any
// instance (the hub follows the database), and a comment line every 15 s.
// It ends when the client goes away or the hub stops (at shutdown; the
// display then reconnects, to another instance if need be).
func (s *Server) speakersEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, v := r.Context(), stateOf(r).user
	// Subscribe before reading, so no change falls between the two.
	wake, stop := s.live.Subscribe(speakers.Channel(id))
	defer stop()
	b, err := s.speakers.State(ctx, v, id)
	if err != nil {
		return err // nothing sent yet: an ordinary error page
	}
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
	send := func(chunk string) bool {
		if _, err := fmt.Fprint(w, chunk); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	event := func(b speakers.Board) bool {
		data, err := json.Marshal(s.liveBoard(r, b))
		return err == nil && send("data: "+string(data)+"\n\n")
	}
	if !send("retry: 2000\n\n") || !event(b) {
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
			b, err := s.speakers.State(ctx, v, id)
			if err != nil {
				if ctx.Err() == nil && errs.As(err).Kind == errs.Internal {
					s.log.Error("speakers stream", "session", id, "err", err)
				}
				return nil // the display reconnects and gets a fresh start
			}
			if !event(b) {
				return nil
			}
		}
	}
}
