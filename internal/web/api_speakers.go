package web

import (
	"context"
	"encoding/json"
	"net/http"

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
		{"POST", "/api/v1/sessions/{id}/speakers/time-limit", authz.ManageSpeakers, s.apiSpeakersTimeLimit},
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

// timeLimitBody sets a list's speaking-time limit, in seconds (0: none).
type timeLimitBody struct {
	TimeLimit *int64 `json:"time_limit_seconds" required:"true"`
}

func (s *Server) apiSpeakersTimeLimit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in timeLimitBody
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.speakers.SetTimeLimit(r.Context(), stateOf(r).user, id, *in.TimeLimit); err != nil {
		return err
	}
	return s.apiSpeakers(w, r)
}

// liveBoard is what a room display receives: the list, with each entry's
// delegation named and described in the display's language, so the script
// only has to place the words.
type liveBoard struct {
	speakers.Board
	StatusLabel string      `json:"status_label"`
	LimitText   string      `json:"limit_text"`
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
	out := liveBoard{Board: b, StatusLabel: l.T("speakers.status." + b.Status), Waiting: []liveEntry{},
		LimitText: speakersPage{layout: l, Board: b}.LimitText()}
	if b.Speaking != nil {
		e := entry(*b.Speaking)
		out.Speaking = &e
	}
	for _, e := range b.Waiting {
		out.Waiting = append(out.Waiting, entry(e))
	}
	return out
}

// speakersEvents streams a list to a room display as server-sent events:
// the whole list on connect and after every change, even one that leaves
// the list as it was (each carries the speaking time so far, which sets
// the display's clock again).
func (s *Server) speakersEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v := stateOf(r).user
	return s.serveEvents(w, r, eventStream{
		channel: speakers.Channel(id),
		read: func(ctx context.Context) (string, error) {
			b, err := s.speakers.State(ctx, v, id)
			if err != nil {
				return "", err
			}
			data, err := json.Marshal(s.liveBoard(r, b))
			return string(data), err
		},
		logMsg:  "speakers stream",
		logArgs: []any{"session", id},
	})
}
