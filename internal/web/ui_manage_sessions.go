package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

// The programme on the venue's clock: the secretariat types a session's
// times as the clock in the room reads them, the form says which zone and
// offset that is, and the service stores UTC.

// venueInput is t on the edition's clock as a datetime-local value.
func venueInput(t time.Time, e dialogue.Edition) string {
	if t.IsZero() {
		return ""
	}
	return t.In(e.Location()).Format("2006-01-02T15:04")
}

// VenueClock names the edition's zone with its offset on its first day,
// for the hint beside time fields: "America/Sao_Paulo (UTC−3)".
func (p sessionFormPage) VenueClock() string { return venueClock(p.Edition) }

// VenueClock is the hint of the manage page's session form.
func (p manageEditionPage) VenueClock() string { return venueClock(p.Edition) }

func venueClock(e dialogue.Edition) string {
	return e.Location().String() + " (" + i18n.FormatOffset(zoneDay(e.Location(), e.StartsOn)) + ")"
}

// zoneDay is noon of day (YYYY-MM-DD, else today) in loc, where a zone's
// offset for a meeting is read.
func zoneDay(loc *time.Location, day string) time.Time {
	d, ok := i18n.ParseDay(day)
	if !ok {
		d = time.Now()
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, loc)
}

// sessionFromForm reads a session's form into x; its times are on the
// venue's clock. A time that does not parse is a field error.
func sessionFromForm(r *http.Request, e dialogue.Edition, x dialogue.Session) (dialogue.Session, error) {
	f := r.PostForm
	x.Titles, x.Chair, x.Room = dialogue.Texts{}, f.Get("chair"), f.Get("room")
	for _, l := range i18n.Supported {
		if t := strings.TrimSpace(f.Get("title_" + string(l))); t != "" {
			x.Titles[string(l)] = t
		}
	}
	var err error
	for _, field := range []struct {
		name string
		to   *time.Time
	}{{"starts_at", &x.StartsAt}, {"ends_at", &x.EndsAt}} {
		if *field.to, err = time.ParseInLocation("2006-01-02T15:04", f.Get(field.name), e.Location()); err != nil {
			return x, errs.Field(field.name, "invalid_date", "validation.date")
		}
	}
	return x, nil
}

// postedForm names which of the manage page's forms a failed POST came
// from, so that form is drawn again with what was typed.
func postedForm(r *http.Request) string {
	switch {
	case strings.HasSuffix(r.URL.Path, "/sessions"):
		return "session"
	case strings.HasSuffix(r.URL.Path, "/delegations"):
		return "delegation"
	}
	return "edition"
}

// zoneOption is a time zone in the edition form's select.
type zoneOption struct {
	Zone, Label string
	Selected    bool
}

// zoneGroup is a country's zones, under its name (Country "" for UTC).
type zoneGroup struct {
	Country string
	Zones   []zoneOption
}

// zoneOptions groups the venue zones by country, in the order countries
// are listed (by name in the reader's language), UTC first; the edition's
// zone is selected, or for a new edition none (the service then takes the
// venue country's).
func zoneOptions(countries []country.Country, e dialogue.Edition, lang string) []zoneGroup {
	byCountry := map[string][]zoneOption{}
	for _, z := range dialogue.VenueZones() {
		loc, err := time.LoadLocation(z.Zone)
		if err != nil {
			continue
		}
		label := z.Zone + " (" + i18n.FormatOffset(zoneDay(loc, e.StartsOn)) + ")"
		byCountry[z.Country] = append(byCountry[z.Country], zoneOption{Zone: z.Zone, Label: label, Selected: z.Zone == e.TimeZone})
	}
	out := []zoneGroup{{Zones: byCountry[""]}}
	for _, c := range countries {
		if zs := byCountry[c.ISO3]; len(zs) > 0 {
			out = append(out, zoneGroup{Country: dialogue.Texts(c.Names).In(lang), Zones: zs})
		}
	}
	return out
}

type sessionFormPage struct {
	layout
	Edition dialogue.Edition
	Session dialogue.Session
	// StartsAt and EndsAt are the datetime-local values: the session's, or
	// what the failed form sent.
	StartsAt, EndsAt string
	formFailure
}

// pathSession is the session of the path with its edition.
func (s *Server) pathSession(r *http.Request) (dialogue.Session, dialogue.Edition, error) {
	id, err := pathID(r)
	if err != nil {
		return dialogue.Session{}, dialogue.Edition{}, err
	}
	v := stateOf(r).user
	x, err := s.dialogue.Session(r.Context(), v, id)
	if err != nil {
		return x, dialogue.Edition{}, err
	}
	e, err := s.dialogue.Edition(r.Context(), v, x.EditionID)
	return x, e, err
}

func (s *Server) sessionForm(w http.ResponseWriter, r *http.Request, status int, e dialogue.Edition, x dialogue.Session, formErr error) error {
	p := sessionFormPage{layout: s.layout(w, r, "manage.edit_session", "editions"), Edition: e, Session: x,
		StartsAt: venueInput(x.StartsAt, e), EndsAt: venueInput(x.EndsAt, e)}
	if r.Method == http.MethodPost {
		p.StartsAt, p.EndsAt = r.PostForm.Get("starts_at"), r.PostForm.Get("ends_at")
	}
	var err error
	if p.formFailure, err = s.explain(p.Lang, formErr); err != nil {
		return err
	}
	return s.render(w, status, "manage_session.html", p)
}

func (s *Server) sessionEdit(w http.ResponseWriter, r *http.Request) error {
	x, e, err := s.pathSession(r)
	if err != nil {
		return err
	}
	return s.sessionForm(w, r, http.StatusOK, e, x, nil)
}

func (s *Server) sessionUpdate(w http.ResponseWriter, r *http.Request) error {
	x, e, err := s.pathSession(r)
	if err != nil {
		return err
	}
	x, err = sessionFromForm(r, e, x)
	if err == nil {
		_, err = s.dialogue.SaveSession(r.Context(), stateOf(r).user, x)
	}
	if err != nil {
		return s.sessionForm(w, r, errs.As(err).Kind.Status(), e, x, err)
	}
	return s.backToManage(w, r, e.ID)
}

// sessionDelete asks first; once confirmed it deletes, or answers 409 while
// statements or requests for the floor belong to the session.
func (s *Server) sessionDelete(w http.ResponseWriter, r *http.Request) error {
	x, e, err := s.pathSession(r)
	if err != nil {
		return err
	}
	if !isConfirmed(r) {
		return s.confirm(w, r, "manage.delete_session", "editions", confirmPage{
			Question: s.say(r, "manage.confirm_delete_session", "title", x.Titles.In(string(stateOf(r).lang))), Detail: s.say(r, "manage.confirm_delete_session_detail"),
			Action: r.URL.Path, Button: s.say(r, "manage.delete_session"), Back: manageURL(e.ID), Danger: true})
	}
	if _, err := s.dialogue.DeleteSession(r.Context(), stateOf(r).user, x.ID); err != nil {
		return err
	}
	s.flash(w, "manage.flash.session_deleted")
	http.Redirect(w, r, manageURL(e.ID), http.StatusSeeOther)
	return nil
}

func manageURL(editionID int64) string {
	return "/editions/" + strconv.FormatInt(editionID, 10) + "/manage"
}

// say is a message in the reader's language, for texts a handler composes
// (a confirmation's question).
func (s *Server) say(r *http.Request, key string, args ...any) string {
	return s.catalog.T(stateOf(r).lang, key, args...)
}
