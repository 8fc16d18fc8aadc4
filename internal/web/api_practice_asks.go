package web

import (
	"net/http"
	"strconv"

	"roundtable/internal/errs"
	"roundtable/internal/practice"
)

// /api/v1's requests and offers, the suggestions for a request (each
// reason with its code, its arguments and a sentence in the reader's
// language) and the matches the secretariat brokers.

func (s *Server) apiAsks(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := practicePaging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := practice.AskFilter{Kind: q.Get("kind"), Country: q.Get("country"), Concept: q.Get("concept"), State: q.Get("state"), Limit: limit, Offset: offset}
	page, err := s.practices.Asks(r.Context(), stateOf(r).user, f)
	if err != nil {
		return err
	}
	if page.Items == nil {
		page.Items = []practice.Ask{}
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiAsk(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.practices.Ask(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) apiAskCreate(w http.ResponseWriter, r *http.Request) error {
	var in practice.AskInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	a, err := s.practices.CreateAsk(r.Context(), stateOf(r).user, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/asks/"+strconv.FormatInt(a.ID, 10))
	return writeJSON(w, http.StatusCreated, a)
}

// apiReason is a reason with its sentence in the reader's language.
type apiReason struct {
	practice.Reason
	Text string `json:"text"`
}

type apiSuggestion struct {
	practice.Suggestion
	Reasons []apiReason `json:"reasons"`
}

func (s *Server) apiAskSuggestions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, st := r.Context(), stateOf(r)
	a, err := s.practices.Ask(ctx, st.user, id)
	if err != nil {
		return err
	}
	sugg, err := s.practices.Suggest(ctx, st.user, id)
	if err != nil {
		return err
	}
	names, err := s.practiceNames(ctx, st.lang)
	if err != nil {
		return err
	}
	words := reasonWords{l: layout{Lang: st.lang, catalog: s.catalog}, names: names, requester: a.Country}
	out := make([]apiSuggestion, 0, len(sugg))
	for _, sg := range sugg {
		x := apiSuggestion{Suggestion: sg, Reasons: []apiReason{}}
		for _, rs := range sg.Reasons {
			x.Reasons = append(x.Reasons, apiReason{rs, words.sentence(sg.Country, rs)})
		}
		out = append(out, x)
	}
	return writeJSON(w, http.StatusOK, struct {
		Items []apiSuggestion `json:"items"`
	}{out})
}

func (s *Server) apiMatches(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := practicePaging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := practice.MatchFilter{Country: q.Get("country"), Status: q.Get("status"), Limit: limit, Offset: offset}
	if v := q.Get("request_id"); v != "" {
		if f.RequestID, err = strconv.ParseInt(v, 10, 64); err != nil || f.RequestID <= 0 {
			return errInvalidID("request_id")
		}
	}
	page, err := s.practices.Matches(r.Context(), stateOf(r).user, f)
	if err != nil {
		return err
	}
	if page.Items == nil {
		page.Items = []practice.Match{}
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiMatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.practices.Match(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

// matchIn proposes a match: the request, and exactly one of an offer, a
// practice or a provider state.
type matchIn struct {
	RequestID int64 `json:"request_id" required:"true"`
	practice.MatchInput
}

func (s *Server) apiMatchCreate(w http.ResponseWriter, r *http.Request) error {
	var in matchIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := s.practices.ProposeMatch(r.Context(), stateOf(r).user, in.RequestID, in.MatchInput)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/matches/"+strconv.FormatInt(m.ID, 10))
	return writeJSON(w, http.StatusCreated, m)
}

func (s *Server) apiMatchUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var ch practice.StatusChange
	if err := decodeJSON(w, r, &ch); err != nil {
		return err
	}
	m, err := s.practices.SetMatchStatus(r.Context(), stateOf(r).user, id, ch)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

// errInvalidID is a malformed id in a query.
func errInvalidID(field string) error {
	return errs.Field(field, "invalid_id", "practice_web.error.invalid_id")
}
