package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/errs"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
)

// silencePage is the silence procedure of a document: the chair puts the
// latest revision under silence until a deadline in a stated time zone,
// or ends it; a delegation breaks it on named paragraphs; after the
// deadline, the chair's notice says what came of it.
type silencePage struct {
	flowBase
	Rules outcome.Rules
	// Latest is the revision the chair would put under silence.
	Latest *outcome.Revision
	// Report is the latest silence with its breaks, if there was one.
	Report *outcome.SilenceReport
	// Labels are the paragraphs of the revision under silence, for the
	// break form.
	Labels []string
	Now    time.Time
	// ReaderZone is the zone the reader asked to see the deadline in
	// (?zone=), if it is one.
	ReaderZone string
	Zones      []string
	Start      silenceDraft
	Break      outcome.BreakInput
	flowFailure
}

// silenceDraft is the chair's start form as drawn.
type silenceDraft struct {
	Date, Time, Zone string
}

// Running: a silence runs now.
func (p silencePage) Running() bool {
	return p.Report != nil && p.Report.Silence.State == outcome.SilenceRunning
}

// Elapsed: the deadline of the running silence has passed and its end is
// being recorded (the deadline job runs within a minute).
func (p silencePage) Elapsed() bool {
	return p.Running() && !p.Now.Before(p.Report.Silence.Deadline)
}

// Breaking reports whether the break form has paragraph label ticked.
func (p silencePage) Breaking(label string) bool {
	for _, l := range p.Break.Paragraphs {
		if l == label {
			return true
		}
	}
	return false
}

// InZone shows an instant in an IANA time zone, with the zone's name and
// its offset then, so that nobody has to work the offset out.
func (b flowBase) InZone(t time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" || zone == "Local" {
		loc, zone = time.UTC, "UTC"
	}
	lt := t.In(loc)
	return b.T("outcome_flow.time_in_zone", "time", lt.Format("2006-01-02 15:04"), "zone", zone, "offset", lt.Format("-07:00"))
}

// Remaining says how long until the deadline, in days, hours and minutes.
func (p silencePage) Remaining() string {
	left := p.Report.Silence.Deadline.Sub(p.Now)
	if left < 0 {
		left = 0
	}
	mins := int(left / time.Minute)
	parts := []string{}
	if d := mins / (24 * 60); d > 0 {
		parts = append(parts, p.N("outcome_flow.days", d))
	}
	if h := mins / 60 % 24; h > 0 {
		parts = append(parts, p.N("outcome_flow.hours", h))
	}
	parts = append(parts, p.N("outcome_flow.minutes", mins%60))
	return strings.Join(parts, p.Sep())
}

// Ended is when the last silence ended, in its zone.
func (p silencePage) Ended() string {
	if p.Report == nil || p.Report.Silence.EndedAt == nil {
		return ""
	}
	return p.InZone(*p.Report.Silence.EndedAt, p.Report.Silence.TimeZone)
}

// ISO is an instant as a machine reads it (the datetime of <time>).
func (b flowBase) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func (s *Server) silencePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderSilence(w, r, id, http.StatusOK, flowFailure{})
}

func (s *Server) renderSilence(w http.ResponseWriter, r *http.Request, docID int64, status int, f flowFailure) error {
	v, ctx := stateOf(r).user, r.Context()
	b, err := s.flowBase(w, r, docID, tabSilence, "outcome_flow.silence_title")
	if err != nil {
		return err
	}
	if !b.InRoom {
		return errs.ErrNotFound // the silence is the room's: outside it, only the adopted text
	}
	p := silencePage{flowBase: b, Now: store.Now(), Zones: suggestedZones(), flowFailure: f}
	if p.Rules, err = s.outcome.Rules(ctx, b.Edition.ForumID); err != nil {
		return err
	}
	latest, err := s.outcome.Revision(ctx, v, docID, -1)
	switch {
	case err == nil:
		p.Latest = &latest
	case errs.As(err).Code != "no_revision":
		return err
	}
	report, err := s.outcome.SilenceReport(ctx, v, docID)
	switch {
	case err == nil:
		p.Report = &report
		rev, err := s.outcome.Revision(ctx, v, docID, report.Silence.Revision)
		if err != nil {
			return err
		}
		for _, par := range rev.Paragraphs {
			p.Labels = append(p.Labels, par.Label)
		}
	case !errs.Is(err, errs.NotFound):
		return err
	}
	if z := r.URL.Query().Get("zone"); z != "" && z != "Local" {
		if _, err := time.LoadLocation(z); err == nil {
			p.ReaderZone = z
		}
	}
	// The start form suggests the earliest deadline the forum allows, on
	// the next full hour, in the venue's zone.
	zone := venueZone(b.Edition.VenueCountry)
	loc, _ := time.LoadLocation(zone)
	earliest := p.Now.Add(time.Duration(p.Rules.SilenceMinHours)*time.Hour + time.Hour).In(loc).Truncate(time.Hour)
	p.Start = silenceDraft{Date: earliest.Format(time.DateOnly), Time: earliest.Format("15:04"), Zone: zone}
	if r.Method == http.MethodPost {
		switch f.Form {
		case "silence":
			p.Start = silenceDraft{Date: r.PostForm.Get("date"), Time: r.PostForm.Get("time"), Zone: r.PostForm.Get("time_zone")}
		case "break":
			p.Break = outcome.BreakInput{Paragraphs: r.PostForm["paragraphs"], Reason: r.PostForm.Get("reason")}
		}
	}
	return s.render(w, status, "outcome_silence.html", p)
}

// silenceAction is a form of the silence page.
func (s *Server) silenceAction(do flowDo) handler {
	return s.flowAction(do, s.renderSilence)
}

var errDeadlineFormat = errs.Field("deadline", "invalid_deadline", "outcome_flow.error.deadline_format")

func silenceStart(s *Server, r *http.Request, v *account.User, docID int64) (string, string, error) {
	f := r.PostForm
	zone := strings.TrimSpace(f.Get("time_zone"))
	// An unknown zone is read as UTC here only to parse the date: the
	// service refuses the zone itself (bad_time_zone).
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	deadline, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(f.Get("date"))+" "+strings.TrimSpace(f.Get("time")), loc)
	if err != nil {
		return "", "", errDeadlineFormat
	}
	in := outcome.SilenceInput{Deadline: deadline, TimeZone: zone}
	if n := f.Get("revision"); n != "" {
		if in.Revision, err = strconv.Atoi(n); err != nil {
			return "", "", errs.Field("revision", "invalid_number", "error.invalid")
		}
	}
	if _, err := s.outcome.StartSilence(r.Context(), v, docID, in); err != nil {
		return "", "", err
	}
	return flowPath(docID) + "/silence", "outcome_flow.silence_started", nil
}

func silenceEnd(s *Server, r *http.Request, v *account.User, docID int64) (string, string, error) {
	if err := confirmed(r); err != nil {
		return "", "", err
	}
	if err := s.outcome.EndSilence(r.Context(), v, docID); err != nil {
		return "", "", err
	}
	return flowPath(docID) + "/silence", "outcome_flow.silence_ended", nil
}

func silenceBreak(s *Server, r *http.Request, v *account.User, docID int64) (string, string, error) {
	_, err := s.outcome.BreakSilence(r.Context(), v, docID, outcome.BreakInput{Paragraphs: r.PostForm["paragraphs"], Reason: r.PostForm.Get("reason")})
	if err != nil {
		return "", "", err
	}
	return flowPath(docID) + "/silence", "outcome_flow.silence_broken", nil
}

// venueZones is the time zone of the capital of the countries that host
// the forum's editions. An edition names its venue's country, not its
// zone: the capital's zone is the likeliest, and the chair changes it
// where the venue is elsewhere (Brazil, Mexico and Chile span several).
var venueZones = map[string]string{
	"ARG": "America/Argentina/Buenos_Aires", "ATG": "America/Antigua", "BHS": "America/Nassau", "BLZ": "America/Belize",
	"BOL": "America/La_Paz", "BRA": "America/Sao_Paulo", "BRB": "America/Barbados", "CHL": "America/Santiago",
	"CHN": "Asia/Shanghai", "COL": "America/Bogota", "CRI": "America/Costa_Rica", "CUB": "America/Havana",
	"DMA": "America/Dominica", "DOM": "America/Santo_Domingo", "ECU": "America/Guayaquil", "GRD": "America/Grenada",
	"GTM": "America/Guatemala", "GUY": "America/Guyana", "HND": "America/Tegucigalpa", "HTI": "America/Port-au-Prince",
	"JAM": "America/Jamaica", "KNA": "America/St_Kitts", "LCA": "America/St_Lucia", "MEX": "America/Mexico_City",
	"NIC": "America/Managua", "PAN": "America/Panama", "PER": "America/Lima", "PRY": "America/Asuncion",
	"SLV": "America/El_Salvador", "SUR": "America/Paramaribo", "TTO": "America/Port_of_Spain", "URY": "America/Montevideo",
	"VCT": "America/St_Vincent", "VEN": "America/Caracas", "CHE": "Europe/Zurich", "USA": "America/New_York",
}

// venueZone is the zone of a venue's country, or UTC for a country the
// table does not know.
func venueZone(country string) string {
	if z, ok := venueZones[country]; ok {
		if _, err := time.LoadLocation(z); err == nil {
			return z
		}
	}
	return "UTC"
}

// suggestedZones are the zones the start form offers as suggestions
// (any IANA name may be typed): UTC and the venues' zones, sorted.
func suggestedZones() []string {
	seen := map[string]bool{"UTC": true}
	out := []string{"UTC"}
	for _, z := range venueZones {
		if !seen[z] {
			seen[z] = true
			out = append(out, z)
		}
	}
	slices.Sort(out[1:])
	return out
}
