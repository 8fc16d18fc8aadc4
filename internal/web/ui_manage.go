package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outcome"
)

// The secretariat's pages: create an edition, then set up its programme and
// accredit its delegations.

type manageEditionPage struct {
	layout
	Edition     dialogue.Edition
	Forums      []dialogue.Forum
	Countries   []country.Country
	Groups      []country.Group
	Sessions    []dialogue.Session
	Delegations []dialogue.Delegation
	Statuses    []string
	Roles       []string
	// Zones are the venue time zones the edition form offers.
	Zones []zoneGroup
	// Posted is what the failed form sent (PostedTo names it: "session" or
	// "delegation"), so its fields are drawn again as typed.
	Posted   url.Values
	PostedTo string
	// OutcomeRules are the rules of the edition's forum for its outcome
	// documents (nil for a new edition).
	OutcomeRules *outcome.Rules
	formFailure
}

func (s *Server) manageForm(w http.ResponseWriter, r *http.Request, status int, e dialogue.Edition, formErr error) error {
	ctx := r.Context()
	v := stateOf(r).user
	p := manageEditionPage{layout: s.layout(w, r, "record.manage", "editions"), Edition: e,
		Statuses: []string{dialogue.Planned, dialogue.Open, dialogue.Closed}, Roles: dialogue.MemberRoles, Posted: r.PostForm}
	if formErr != nil {
		p.PostedTo = postedForm(r)
	}
	var err error
	if p.Forums, err = s.dialogue.Forums(ctx); err != nil {
		return err
	}
	if p.Countries, err = country.List(ctx, s.db.Reader(), country.Filter{}, string(p.Lang)); err != nil {
		return err
	}
	if p.Groups, err = country.Groups(ctx, s.db.Reader()); err != nil {
		return err
	}
	if e.ID != 0 {
		if p.Sessions, err = s.dialogue.Sessions(ctx, v, e.ID); err != nil {
			return err
		}
		if p.Delegations, err = s.dialogue.Delegations(ctx, v, e.ID); err != nil {
			return err
		}
		dialogue.SortDelegations(p.Delegations, string(p.Lang))
		rules, err := s.outcome.Rules(ctx, e.ForumID)
		if err != nil {
			return err
		}
		p.OutcomeRules = &rules
	}
	p.Zones = zoneOptions(p.Countries, e, string(p.Lang))
	if p.formFailure, err = s.explain(p.Lang, formErr); err != nil {
		return err
	}
	return s.render(w, status, "edition_manage.html", p)
}

func (s *Server) editionNew(w http.ResponseWriter, r *http.Request) error {
	return s.manageForm(w, r, http.StatusOK, dialogue.Edition{Number: 1, Languages: []string{"zh", "es", "pt", "en"}}, nil)
}

func (s *Server) editionManage(w http.ResponseWriter, r *http.Request) error {
	e, err := s.pathEdition(r)
	if err != nil {
		return err
	}
	return s.manageForm(w, r, http.StatusOK, e, nil)
}

func editionFromForm(r *http.Request, e dialogue.Edition) dialogue.Edition {
	f := r.PostForm
	e.Number, _ = strconv.Atoi(f.Get("number"))
	e.Titles = dialogue.Texts{}
	for _, l := range []string{"en", "es", "pt", "zh", "fr"} {
		if t := strings.TrimSpace(f.Get("title_" + l)); t != "" {
			e.Titles[l] = t
		}
	}
	e.StartsOn, e.EndsOn = f.Get("starts_on"), f.Get("ends_on")
	e.VenueCity, e.VenueCountry, e.Host = f.Get("venue_city"), f.Get("venue_country"), f.Get("host")
	e.TimeZone = f.Get("time_zone")
	e.Languages, e.Status, e.Published = f["languages"], f.Get("status"), f.Get("published") == "on"
	return e
}

// editionCreate creates an edition, and its forum when a new one is named.
func (s *Server) editionCreate(w http.ResponseWriter, r *http.Request) error {
	v := stateOf(r).user
	e := editionFromForm(r, dialogue.Edition{})
	var err error
	e.ForumID, err = formID(r, "forum_id")
	if err == nil && e.ForumID == 0 {
		var f dialogue.Forum
		f, err = s.dialogue.CreateForum(r.Context(), v, dialogue.Forum{Slug: r.PostForm.Get("forum_slug"), Names: dialogue.Texts{"en": r.PostForm.Get("forum_name")}})
		e.ForumID = f.ID
	}
	if err == nil {
		e, err = s.dialogue.CreateEdition(r.Context(), v, e)
	}
	if err != nil {
		return s.manageForm(w, r, errs.As(err).Kind.Status(), e, err)
	}
	http.Redirect(w, r, "/editions/"+strconv.FormatInt(e.ID, 10)+"/manage", http.StatusSeeOther)
	return nil
}

func (s *Server) editionUpdate(w http.ResponseWriter, r *http.Request) error {
	old, err := s.pathEdition(r)
	if err != nil {
		return err
	}
	e, err := s.dialogue.UpdateEdition(r.Context(), stateOf(r).user, editionFromForm(r, old))
	if err != nil {
		return s.manageForm(w, r, errs.As(err).Kind.Status(), old, err)
	}
	return s.backToManage(w, r, e.ID)
}

func (s *Server) backToManage(w http.ResponseWriter, r *http.Request, editionID int64) error {
	s.flash(w, "record.saved")
	http.Redirect(w, r, "/editions/"+strconv.FormatInt(editionID, 10)+"/manage", http.StatusSeeOther)
	return nil
}

func (s *Server) sessionCreate(w http.ResponseWriter, r *http.Request) error {
	e, err := s.pathEdition(r)
	if err != nil {
		return err
	}
	x, err := sessionFromForm(r, e, dialogue.Session{EditionID: e.ID})
	if err == nil {
		_, err = s.dialogue.SaveSession(r.Context(), stateOf(r).user, x)
	}
	if err != nil {
		return s.manageForm(w, r, errs.As(err).Kind.Status(), e, err)
	}
	return s.backToManage(w, r, e.ID)
}

func (s *Server) delegationCreate(w http.ResponseWriter, r *http.Request) error {
	e, err := s.pathEdition(r)
	if err != nil {
		return err
	}
	id := e.ID
	f := r.PostForm
	d := dialogue.Delegation{EditionID: id, Kind: f.Get("kind"), Code: f.Get("code")}
	if n := strings.TrimSpace(f.Get("name")); n != "" {
		d.Names = dialogue.Texts{"en": n}
	}
	if _, err := s.dialogue.AddDelegation(r.Context(), stateOf(r).user, d); err != nil {
		return s.manageForm(w, r, errs.As(err).Kind.Status(), e, err)
	}
	return s.backToManage(w, r, id)
}

func (s *Server) delegationAccredit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.dialogue.Delegation(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	if err := s.dialogue.Accredit(r.Context(), stateOf(r).user, id, r.PostForm.Get("accredited") == "true"); err != nil {
		return err
	}
	return s.backToManage(w, r, d.EditionID)
}

func (s *Server) memberCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.dialogue.Delegation(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	f := r.PostForm
	if _, err := s.dialogue.AddMember(r.Context(), stateOf(r).user, id, dialogue.Member{Name: f.Get("name"), Title: f.Get("title"), Role: f.Get("role")}); err != nil {
		e, gerr := s.dialogue.Edition(r.Context(), stateOf(r).user, d.EditionID)
		if gerr != nil {
			return gerr
		}
		return s.manageForm(w, r, errs.As(err).Kind.Status(), e, err)
	}
	return s.backToManage(w, r, d.EditionID)
}
