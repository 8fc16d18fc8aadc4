package web

import (
	"net/http"
	"net/url"
	"strconv"

	"roundtable/internal/errs"
	"roundtable/internal/practice"
)

// Matches: a request brokered by the secretariat to an offer, a practice
// or a state, followed from its proposal to a result. While in progress
// its two states and the secretariat read it; once done, everyone (the
// service decides).

// matchView is a match as a page shows it.
type matchView struct {
	practice.Match
	RequesterName, ProviderName string
	StatusName, ResultName      string
	Answer                      string // what answers the request, in words
	AnswerLink                  string
	Reasons                     []reasonView
	Events                      []matchEventView
}

type matchEventView struct {
	practice.MatchEvent
	StatusName string
}

func viewMatch(l layout, n *practiceNames, m practice.Match) matchView {
	v := matchView{Match: m, RequesterName: n.Country(m.Requester), ProviderName: n.Country(m.Provider),
		StatusName: l.T("practice_web.match_status." + m.Status)}
	if m.Result != "" {
		v.ResultName = l.T("practice_web.result." + m.Result)
	}
	switch {
	case m.OfferID != 0:
		v.Answer = l.T("practice_web.answer.offer", "country", v.ProviderName)
		v.AnswerLink = "/asks/" + strconv.FormatInt(m.OfferID, 10)
	case m.PracticeID != 0:
		v.Answer = l.T("practice_web.answer.practice", "country", v.ProviderName)
		v.AnswerLink = "/practices/" + strconv.FormatInt(m.PracticeID, 10)
	default:
		v.Answer = l.T("practice_web.answer.peer", "country", v.ProviderName)
		v.AnswerLink = "/evidence/countries/" + m.Provider
	}
	v.Reasons = reasonWords{l: l, names: n, requester: m.Requester}.sentences(m.Provider, m.Reasons)
	for _, e := range m.Events {
		v.Events = append(v.Events, matchEventView{e, l.T("practice_web.match_status." + e.Status)})
	}
	return v
}

// matchesPage is /matches: the matches the reader may read (the
// secretariat all, a state its own and the done ones, the public the done
// ones).
type matchesPage struct {
	layout
	Items      []matchView
	Total      int
	Status     string
	Statuses   []labelled
	Prev, Next string
}

var matchStatuses = []string{practice.MatchProposed, practice.MatchAccepted, practice.MatchInProgress, practice.MatchDone, practice.MatchDeclined}

func (s *Server) matchesPage(w http.ResponseWriter, r *http.Request) error {
	ctx, st := r.Context(), stateOf(r)
	q := r.URL.Query()
	offset := 0
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return errs.Field("offset", "bad_pagination", "error.bad_pagination", "max", practicePageSize)
		}
		offset = n
	}
	f := practice.MatchFilter{Status: q.Get("status"), Limit: practicePageSize, Offset: offset}
	page, err := s.practices.Matches(ctx, st.user, f)
	if err != nil {
		return err
	}
	names, err := s.practiceNames(ctx, st.lang)
	if err != nil {
		return err
	}
	p := matchesPage{layout: s.layout(w, r, "practice_web.matches_title", "practices"), Total: page.Total, Status: f.Status}
	for _, x := range matchStatuses {
		p.Statuses = append(p.Statuses, labelled{x, p.T("practice_web.match_status." + x)})
	}
	for _, m := range page.Items {
		p.Items = append(p.Items, viewMatch(p.layout, names, m))
	}
	link := func(off int) string {
		v := url.Values{}
		if f.Status != "" {
			v.Set("status", f.Status)
		}
		if off > 0 {
			v.Set("offset", strconv.Itoa(off))
		}
		return "/matches?" + v.Encode()
	}
	if offset > 0 {
		p.Prev = link(max(0, offset-practicePageSize))
	}
	if offset+len(page.Items) < page.Total {
		p.Next = link(offset + practicePageSize)
	}
	return s.render(w, http.StatusOK, "asks_matches.html", p)
}

// matchPage is /matches/{id} with its history and, for the secretariat,
// the form that moves it on.
type matchPage struct {
	layout
	M        matchView
	CanMove  bool
	Statuses []labelled
	Results  []labelled
	Form     practice.StatusChange
	formFailure
}

func (s *Server) renderMatch(w http.ResponseWriter, r *http.Request, status int, id int64, form practice.StatusChange, ff formFailure) error {
	ctx, st := r.Context(), stateOf(r)
	m, err := s.practices.Match(ctx, st.user, id)
	if err != nil {
		return err
	}
	names, err := s.practiceNames(ctx, st.lang)
	if err != nil {
		return err
	}
	p := matchPage{layout: s.layout(w, r, "practice_web.match_title", "practices"), CanMove: mayManageAction(st.user), Form: form, formFailure: ff}
	p.M = viewMatch(p.layout, names, m)
	for _, x := range matchStatuses[1:] {
		p.Statuses = append(p.Statuses, labelled{x, p.T("practice_web.match_status." + x)})
	}
	for _, x := range []string{practice.ResultExchangeVisit, practice.ResultTraining, practice.ResultJointProject} {
		p.Results = append(p.Results, labelled{x, p.T("practice_web.result." + x)})
	}
	return s.render(w, status, "asks_match.html", p)
}

func (s *Server) matchPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderMatch(w, r, http.StatusOK, id, practice.StatusChange{}, formFailure{})
}

func (s *Server) matchStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v := r.PostForm
	ch := practice.StatusChange{Status: v.Get("status"), Result: v.Get("result"), Note: v.Get("note")}
	if _, err := s.practices.SetMatchStatus(r.Context(), stateOf(r).user, id, ch); err != nil {
		if errs.Is(err, errs.NotFound) || errs.Is(err, errs.Forbidden) {
			return err
		}
		status := errs.As(err).Kind.Status()
		ff, err := s.explain(stateOf(r).lang, err, errs.Invalid, errs.Conflict)
		if err != nil {
			return err
		}
		return s.renderMatch(w, r, status, id, ch, ff)
	}
	s.flash(w, "practice_web.match_moved")
	http.Redirect(w, r, "/matches/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
