package web

import (
	"net/http"
	"strconv"

	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/practice"
)

// /api/v1's practices: lists, one practice, writing, submitting and
// publishing it, a person's translation, the themes with practices of two
// countries or more and the different paths on one of them.

// practicePaging reads ?limit= (1 to practice.MaxPage) and ?offset=.
func practicePaging(r *http.Request) (limit, offset int, err error) {
	q := r.URL.Query()
	limit = practice.DefaultPage
	bad := func(field string) error {
		return errs.Field(field, "bad_pagination", "error.bad_pagination", "max", practice.MaxPage)
	}
	if q.Has("limit") {
		if limit, err = strconv.Atoi(q.Get("limit")); err != nil || limit < 1 || limit > practice.MaxPage {
			return 0, 0, bad("limit")
		}
	}
	if q.Has("offset") {
		if offset, err = strconv.Atoi(q.Get("offset")); err != nil || offset < 0 {
			return 0, 0, bad("offset")
		}
	}
	return limit, offset, nil
}

func (s *Server) apiPractices(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := practicePaging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := practice.Filter{Country: q.Get("country"), Concept: q.Get("concept"), Target: q.Get("target"), State: practice.State(q.Get("state")), Limit: limit, Offset: offset}
	page, err := s.practices.List(r.Context(), stateOf(r).user, f)
	if err != nil {
		return err
	}
	if page.Items == nil {
		page.Items = []practice.Practice{}
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiPractice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.practices.Get(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiPracticeCreate(w http.ResponseWriter, r *http.Request) error {
	var in practice.Input
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := s.practices.Create(r.Context(), stateOf(r).user, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/practices/"+strconv.FormatInt(p.ID, 10))
	return writeJSON(w, http.StatusCreated, p)
}

// practicePatch is a PATCH of a practice: the fields given replace the
// practice's, the others stay.
type practicePatch struct {
	Country      *string              `json:"country"`
	Language     *string              `json:"language"`
	Title        *string              `json:"title"`
	Context      *string              `json:"context"`
	Actions      *string              `json:"actions"`
	Results      *string              `json:"results"`
	Challenges   *string              `json:"challenges"`
	Lessons      *string              `json:"lessons"`
	Transfer     *string              `json:"transfer"`
	PeriodFrom   *int                 `json:"period_from"`
	PeriodTo     *int                 `json:"period_to"`
	Institutions *string              `json:"institutions"`
	Costs        *string              `json:"costs"`
	Contact      *string              `json:"contact"`
	Concepts     *[]string            `json:"concepts"`
	Targets      *[]string            `json:"targets"`
	Indicators   *[]string            `json:"indicators"`
	Documents    *[]practice.Document `json:"documents"`
}

func (pt practicePatch) apply(in *practice.Input) {
	for _, f := range []struct {
		from *string
		to   *string
	}{{pt.Country, &in.Country}, {pt.Language, &in.Language}, {pt.Title, &in.Title}, {pt.Context, &in.Context}, {pt.Actions, &in.Actions},
		{pt.Results, &in.Results}, {pt.Challenges, &in.Challenges}, {pt.Lessons, &in.Lessons}, {pt.Transfer, &in.Transfer},
		{pt.Institutions, &in.Institutions}, {pt.Costs, &in.Costs}, {pt.Contact, &in.Contact}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if pt.PeriodFrom != nil {
		in.PeriodFrom = *pt.PeriodFrom
	}
	if pt.PeriodTo != nil {
		in.PeriodTo = *pt.PeriodTo
	}
	for _, f := range []struct {
		from *[]string
		to   *[]string
	}{{pt.Concepts, &in.Concepts}, {pt.Targets, &in.Targets}, {pt.Indicators, &in.Indicators}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if pt.Documents != nil {
		in.Documents = *pt.Documents
	}
}

func (s *Server) apiPracticeUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var pt practicePatch
	if err := decodeJSON(w, r, &pt); err != nil {
		return err
	}
	ctx, u := r.Context(), stateOf(r).user
	old, err := s.practices.Get(ctx, u, id)
	if err != nil {
		return err
	}
	in := formOfPractice(old).Input
	pt.apply(&in)
	p, err := s.practices.Update(ctx, u, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// practiceTextIn is a person's translation of a practice's text.
type practiceTextIn struct {
	Title      string `json:"title"`
	Context    string `json:"context"`
	Actions    string `json:"actions"`
	Results    string `json:"results"`
	Challenges string `json:"challenges"`
	Lessons    string `json:"lessons"`
	Transfer   string `json:"transfer"`
	Reviewed   bool   `json:"reviewed"`
}

func (s *Server) apiPracticeTranslation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	l, ok := i18n.Parse(r.PathValue("lang"))
	if !ok || string(l) != r.PathValue("lang") {
		return errs.ErrNotFound
	}
	var in practiceTextIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	t := practice.Text{Language: string(l), Title: in.Title, Context: in.Context, Actions: in.Actions, Results: in.Results,
		Challenges: in.Challenges, Lessons: in.Lessons, Transfer: in.Transfer, Origin: practice.OriginHuman, Review: practice.ReviewPending}
	if in.Reviewed {
		t.Review = practice.ReviewReviewed
	}
	p, err := s.practices.SetText(r.Context(), stateOf(r).user, id, string(l), t)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiPracticeSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.practices.Submit(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiPracticePublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.practices.Publish(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiPracticeThemes(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.practices.Themes(r.Context(), stateOf(r).user)
	if err != nil {
		return err
	}
	if ts == nil {
		ts = []practice.Theme{}
	}
	return writeJSON(w, http.StatusOK, struct {
		Items []practice.Theme `json:"items"`
	}{ts})
}

func (s *Server) apiPracticePaths(w http.ResponseWriter, r *http.Request) error {
	c := r.URL.Query().Get("concept")
	if c == "" {
		return errs.Field("concept", "required", "validation.required")
	}
	p, err := s.practices.DifferentPaths(r.Context(), stateOf(r).user, c)
	if err != nil {
		return err
	}
	if p.Countries == nil {
		p.Countries = []practice.CountryPaths{}
	}
	return writeJSON(w, http.StatusOK, p)
}
