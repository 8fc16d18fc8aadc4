package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/speakers"
	"roundtable/internal/store"
)

// The home page leads: the edition running now (else the next one, else
// the latest) with today's sessions, a search box, the newest published
// statements, and, for someone signed in, what needs them: a chair's
// sessions today, a delegation's drafts and requests for the floor, the
// secretariat's statements awaiting translation and drafts. Every list is
// asked of its area's service in a fixed number of queries.

// homeLatest is how many published statements the home page lists.
const homeLatest = 6

// homeDrafts is how many drafts "what needs you" lists.
const homeDrafts = 10

type homePage struct {
	layout
	// Edition is the edition the page leads with (nil: none the reader
	// may see); Lead says which it is: current, next or latest.
	Edition *dialogue.Edition
	Lead    string
	Venue   string // the venue's city and country in the page's language
	// Today are the sessions of today, on their venue's clock, of the
	// editions running today: the lead edition's are shown with it, and a
	// chair or the secretariat sees them all under "what needs you".
	Today  []homeSession
	Latest []dialogue.Listed

	Chair        bool // the reader chairs (or runs, as the secretariat) sessions
	Delegate     bool // the reader is a member of a delegation
	Drafts       []dialogue.Listed
	Requests     []homeRequest
	Untranslated []dialogue.EditionCount
	// Delegation is a delegate's delegation in the lead edition.
	Delegation *dialogue.Delegation
}

// homeSession is a session of today with its edition's time zone.
type homeSession struct {
	dialogue.Session
	Zone string
	// Lead: the session belongs to the edition the page leads with.
	Lead bool
}

// homeRequest is a delegation's request for the floor with its session.
type homeRequest struct {
	speakers.Pending
	Session dialogue.Session
}

// LeadToday are today's sessions of the lead edition.
func (p homePage) LeadToday() []homeSession {
	var out []homeSession
	for _, x := range p.Today {
		if x.Lead {
			out = append(out, x)
		}
	}
	return out
}

// Untitled names a statement that has no title, by its delegation.
func (p homePage) Untitled(st dialogue.Listed) string {
	return p.T("home.untitled", "delegation", p.Text(st.DelegationNames))
}

// Delivered is the day a statement was delivered, else the day it was
// published, as the page's language writes it.
func (p homePage) Delivered(st dialogue.Listed) string {
	if st.DeliveredOn != "" {
		return p.Day(st.DeliveredOn)
	}
	return p.Day(st.PublishedAt().UTC().Format(time.DateOnly))
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := stateOf(r).user
	p := homePage{layout: s.layout(w, r, "home.title", "home")}
	eds, err := s.dialogue.Editions(ctx, v)
	if err != nil {
		return err
	}
	now := store.Now()
	if e, lead := leadEdition(eds, now); e != nil {
		p.Edition, p.Lead = e, lead
		if p.Venue, err = s.venueName(ctx, *e, p.Lang); err != nil {
			return err
		}
	}
	if p.Today, err = s.sessionsToday(ctx, eds, p.Edition, now); err != nil {
		return err
	}
	if p.Latest, err = s.dialogue.LatestListed(ctx, homeLatest); err != nil {
		return err
	}
	if v != nil {
		if err := s.homeWork(ctx, v, &p); err != nil {
			return err
		}
	}
	return s.render(w, http.StatusOK, "home.html", p)
}

// homeWork fills "what needs you" for a signed-in reader.
func (s *Server) homeWork(ctx context.Context, v *account.User, p *homePage) error {
	var err error
	switch v.Role {
	case account.Chair:
		p.Chair = true
	case account.Administrator:
		p.Chair = true
		if p.Untranslated, err = s.dialogue.Untranslated(ctx, v); err != nil {
			return err
		}
		p.Drafts, err = s.dialogue.Drafts(ctx, v, homeDrafts)
		return err
	case account.Delegate:
		p.Delegate = true
		if p.Drafts, err = s.dialogue.Drafts(ctx, v, homeDrafts); err != nil {
			return err
		}
		return s.homeRequests(ctx, v, p)
	}
	return nil
}

// homeRequests reads a delegate's requests for the floor in the lead
// edition, where their delegation takes part.
func (s *Server) homeRequests(ctx context.Context, v *account.User, p *homePage) error {
	if p.Edition == nil {
		return nil
	}
	dels, err := s.dialogue.Delegations(ctx, v, p.Edition.ID)
	if err != nil {
		return err
	}
	p.Delegation = dialogue.OwnIn(v, dels)
	if p.Delegation == nil {
		return nil
	}
	pending, err := s.speakers.Requests(ctx, v, p.Delegation.ID)
	if err != nil || len(pending) == 0 {
		return err
	}
	programme, err := s.dialogue.Sessions(ctx, v, p.Edition.ID)
	if err != nil {
		return err
	}
	byID := make(map[int64]dialogue.Session, len(programme))
	for _, x := range programme {
		byID[x.ID] = x
	}
	for _, e := range pending {
		p.Requests = append(p.Requests, homeRequest{Pending: e, Session: byID[e.SessionID]})
	}
	return nil
}

// leadEdition picks the edition the home page leads with among eds (newest
// first): the one open now (the one whose days hold today, if several are
// open), else the next planned one, else the latest.
func leadEdition(eds []dialogue.Edition, now time.Time) (*dialogue.Edition, string) {
	var open, next *dialogue.Edition
	for i := range eds {
		e := &eds[i]
		today := now.In(venue(e.TimeZone)).Format(time.DateOnly)
		switch e.Status {
		case dialogue.Open:
			if open == nil || (e.StartsOn <= today && today <= e.EndsOn) {
				open = e
			}
		case dialogue.Planned:
			if e.StartsOn >= today && (next == nil || e.StartsOn < next.StartsOn) {
				next = e
			}
		}
	}
	switch {
	case open != nil:
		return open, "current"
	case next != nil:
		return next, "next"
	case len(eds) > 0:
		return &eds[0], "latest"
	}
	return nil, ""
}

// running reports whether today, on e's venue clock, falls within its days.
func running(e dialogue.Edition, now time.Time) bool {
	today := now.In(venue(e.TimeZone)).Format(time.DateOnly)
	return e.StartsOn <= today && today <= e.EndsOn
}

// sessionsToday reads, in one query, the sessions of every edition running
// today (and of the lead one) that start today on their venue's clock.
func (s *Server) sessionsToday(ctx context.Context, eds []dialogue.Edition, lead *dialogue.Edition, now time.Time) ([]homeSession, error) {
	zones := map[int64]string{}
	var ids []int64
	for _, e := range eds {
		if running(e, now) || (lead != nil && e.ID == lead.ID) {
			zones[e.ID] = e.TimeZone
			ids = append(ids, e.ID)
		}
	}
	// Today somewhere on Earth lies within a day and a half of now.
	all, err := s.dialogue.SessionsAround(ctx, ids, now.Add(-36*time.Hour), now.Add(36*time.Hour))
	if err != nil {
		return nil, err
	}
	var out []homeSession
	for _, x := range all {
		loc := venue(zones[x.EditionID])
		if x.StartsAt.In(loc).Format(time.DateOnly) == now.In(loc).Format(time.DateOnly) {
			out = append(out, homeSession{Session: x, Zone: zones[x.EditionID], Lead: lead != nil && x.EditionID == lead.ID})
		}
	}
	return out, nil
}

// venueName is an edition's city and country in lang: "Brasília, Brazil".
func (s *Server) venueName(ctx context.Context, e dialogue.Edition, lang i18n.Lang) (string, error) {
	parts := []string{}
	if c := strings.TrimSpace(e.VenueCity); c != "" {
		parts = append(parts, c)
	}
	if e.VenueCountry != "" {
		c, err := country.Get(ctx, s.db.Reader(), e.VenueCountry)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			parts = append(parts, e.VenueCountry)
		case err != nil:
			return "", err
		default:
			parts = append(parts, c.Name(string(lang)))
		}
	}
	sep := ", "
	if lang == i18n.Zh {
		sep = "，"
	}
	return strings.Join(parts, sep), nil
}

// switchLanguage sets the reader's language: a cookie for everyone, and the
// stored preference of a signed-in user (which wins on every device).
func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) error {
	l, ok := i18n.Parse(r.PostForm.Get("lang"))
	if !ok {
		return errLanguage
	}
	s.setCookie(w, langCookie, string(l), oneYear)
	if st := stateOf(r); st.user != nil && st.user.Language != l {
		if _, err := s.accounts.Update(r.Context(), st.user.Actor(), st.user.ID, accountPatchLanguage(l)); err != nil {
			return err
		}
	}
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
	return nil
}

// LangCode is a language's short label for a narrow screen: its code in
// capitals, or its own two-character name for Chinese.
func (l layout) LangCode(x i18n.Lang) string {
	if x == i18n.Zh {
		return x.NativeName()
	}
	return strings.ToUpper(string(x))
}

// LangLabel is a language button's accessible name: the language's own
// name, with the short label a phone shows when it differs, so that what
// is seen is also what is heard (and said to voice control).
func (l layout) LangLabel(x i18n.Lang) string {
	if c := l.LangCode(x); c != x.NativeName() {
		return x.NativeName() + " (" + c + ")"
	}
	return x.NativeName()
}
