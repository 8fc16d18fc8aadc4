package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/speakers"
)

// speakerRoutes are the pages of a session's speakers list: the list with
// its controls, the room display, the display's live stream, and one form
// action per change.
func (s *Server) speakerRoutes() []route {
	return []route{
		{"GET", "/sessions/{id}/speakers", authz.ViewSpeakers, s.speakersPage},
		{"GET", "/sessions/{id}/speakers/display", authz.ViewSpeakers, s.speakersDisplay},
		{"GET", "/sessions/{id}/speakers/events", authz.ViewSpeakers, s.speakersEvents},
		{"POST", "/sessions/{id}/speakers/open", authz.ManageSpeakers, s.speakersForm(speakersOpen)},
		{"POST", "/sessions/{id}/speakers/close", authz.ManageSpeakers, s.speakersForm(speakersClose)},
		{"POST", "/sessions/{id}/speakers/start", authz.ManageSpeakers, s.speakersForm(speakersStart)},
		{"POST", "/sessions/{id}/speakers/stop", authz.ManageSpeakers, s.speakersForm(speakersStop)},
		{"POST", "/sessions/{id}/speakers/move", authz.ManageSpeakers, s.speakersForm(speakersMove)},
		{"POST", "/sessions/{id}/speakers/time-limit", authz.ManageSpeakers, s.speakersForm(speakersTimeLimit)},
		{"POST", "/sessions/{id}/speakers/request", authz.RequestFloor, s.speakersForm(speakersRequest)},
		{"POST", "/sessions/{id}/speakers/withdraw", authz.WithdrawSpeaker, s.speakersForm(speakersWithdraw)},
	}
}

// speakersHub is the hub a server follows: the one given, else its own
// (started by RunLive).
func speakersHub(o Options, log *slog.Logger) *speakers.Hub {
	if o.Live != nil {
		return o.Live
	}
	return speakers.NewHub(o.DB, log)
}

// RunLive follows the database's live events until ctx ends, so that room
// displays connected to this server update when any instance changes a
// list. `roundtable serve` runs it beside the HTTP server.
func (s *Server) RunLive(ctx context.Context) { s.live.Run(ctx) }

type speakersPage struct {
	layout
	Session dialogue.Session
	Board   speakers.Board
	// Shown is the head of the queue the room display lists, More how
	// many wait after it ("+13 more").
	Shown       []speakers.Entry
	More        int
	CanManage   bool
	CanRequest  bool
	Own         *dialogue.Delegation  // a delegate's delegation in this edition
	Delegations []dialogue.Delegation // accredited ones, for the secretariat
	Blocs       []country.Group
	Error       string // why the last action was refused
	ErrorField  string // the field at fault, if any
	// Chosen is what a refused request asked for, drawn again as chosen
	// so that sending it again sends the same.
	Chosen speakers.Request
	// TimeLimitTyped is what a refused limit form held, drawn again as
	// typed; nil draws the list's limit.
	TimeLimitTyped *string
}

// Clock formats seconds as m:ss or h:mm:ss.
func (p speakersPage) Clock(sec int64) string {
	if sec >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", sec/3600, sec/60%60, sec%60)
	}
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}

// Speaker is an entry's delegation name in the page's language.
func (p speakersPage) Speaker(e speakers.Entry) string { return e.Names.In(string(p.Lang)) }

// Note says how an entry speaks: in right of reply, on behalf of a group.
func (p speakersPage) Note(e speakers.Entry) string { return speakerNote(p.layout, e) }

// Mine reports whether the viewer's delegation made the entry.
func (p speakersPage) Mine(e speakers.Entry) bool { return p.Own != nil && p.Own.ID == e.DelegationID }

// SessionTitle is the session's title in the page's language.
func (p speakersPage) SessionTitle() string { return p.Session.Titles.In(string(p.Lang)) }

// DelegationLabel names a delegation in the page's language.
func (p speakersPage) DelegationLabel(d dialogue.Delegation) string {
	return d.Names.In(string(p.Lang))
}

// GroupName is a bloc's short name in the page's language.
func (p speakersPage) GroupName(g country.Group) string { return g.Name(string(p.Lang)) }

// StatusLabel says whether the list takes requests.
func (p speakersPage) StatusLabel() string { return p.T("speakers.status." + p.Board.Status) }

// Place is a waiting entry's place in the queue, counting from 1.
func (p speakersPage) Place(i int) int { return i + 1 }

// HasActions reports whether the reader may act on some waiting entry.
func (p speakersPage) HasActions() bool {
	return p.CanManage || slices.ContainsFunc(p.Board.Waiting, p.Mine)
}

// Last reports whether i is the last place of the queue.
func (p speakersPage) Last(i int) bool { return i == len(p.Board.Waiting)-1 }

func speakerNote(l layout, e speakers.Entry) string {
	var kind, group string
	if e.Kind == speakers.RightOfReply {
		kind = l.T("speakers.kind.right_of_reply")
	}
	if e.OnBehalfOf != "" {
		name := e.OnBehalfOfName.In(string(l.Lang))
		if name == "" {
			name = e.OnBehalfOf
		}
		group = l.T("speakers.on_behalf_of", "group", name)
	}
	switch {
	case kind != "" && group != "":
		return kind + " · " + group
	case kind != "":
		return kind
	}
	return group
}

func (s *Server) speakersPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSpeakers(w, r, http.StatusOK, "speakers.html", formFailure{})
}

func (s *Server) speakersDisplay(w http.ResponseWriter, r *http.Request) error {
	return s.renderSpeakers(w, r, http.StatusOK, "speakers_display.html", formFailure{})
}

// renderSpeakers shows a list page, with the message of a refused action.
func (s *Server) renderSpeakers(w http.ResponseWriter, r *http.Request, status int, tmpl string, refused formFailure) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v := stateOf(r).user
	ctx := r.Context()
	b, err := s.speakers.State(ctx, v, id)
	if err != nil {
		return err
	}
	sess, err := s.dialogue.Session(ctx, v, id)
	if err != nil {
		return err
	}
	p := speakersPage{layout: s.layout(w, r, "speakers.title", "editions"), Session: sess, Board: b, Error: refused.Error, ErrorField: refused.ErrorField,
		CanManage:  v != nil && authz.Allowed(v.Role, authz.ManageSpeakers),
		CanRequest: v != nil && authz.Allowed(v.Role, authz.RequestFloor)}
	if r.Method != http.MethodGet {
		// A refused form: switching language comes back to the list, not
		// to the form's address.
		p.Here = fmt.Sprintf("/sessions/%d/speakers", id)
		if r.URL.Path == p.Here+"/request" {
			// An unreadable number chooses nothing.
			del, _ := formInt(r, "delegation_id")
			p.Chosen = speakers.Request{DelegationID: del, Kind: r.PostForm.Get("kind"),
				OnBehalfOf: strings.ToUpper(strings.TrimSpace(r.PostForm.Get("on_behalf_of")))}
		}
		if r.URL.Path == p.Here+"/time-limit" {
			typed := r.PostForm.Get("time_limit")
			p.TimeLimitTyped = &typed
		}
	}
	p.Shown = b.Waiting[:min(displayQueue, len(b.Waiting))]
	p.More = len(b.Waiting) - len(p.Shown)
	if tmpl == "speakers_display.html" {
		return s.render(w, status, tmpl, p)
	}
	if p.CanRequest {
		if err := s.speakersChoices(ctx, v, &p); err != nil {
			return err
		}
	}
	return s.render(w, status, tmpl, p)
}

// speakersChoices fills what the request form offers: a delegate's own
// delegation and the blocs it belongs to; the secretariat's choice of any
// accredited delegation and every bloc.
func (s *Server) speakersChoices(ctx context.Context, v *account.User, p *speakersPage) error {
	dels, err := s.dialogue.Delegations(ctx, v, p.Session.EditionID)
	if err != nil {
		return err
	}
	// Delegations and blocs in the alphabetical order of the reader's
	// language, as they read them.
	byName := i18n.Compare(p.Lang)
	slices.SortStableFunc(dels, func(a, b dialogue.Delegation) int { return byName(p.DelegationLabel(a), p.DelegationLabel(b)) })
	for i, d := range dels {
		switch {
		case v.Role == account.Delegate && d.Kind == dialogue.KindCountry && d.Code == v.Delegation:
			p.Own = &dels[i]
		case v.Role == account.Administrator && d.Accredited:
			p.Delegations = append(p.Delegations, d)
		}
	}
	groups, err := country.Groups(ctx, s.db.Reader())
	if err != nil {
		return err
	}
	slices.SortStableFunc(groups, func(a, b country.Group) int { return byName(p.GroupName(a), p.GroupName(b)) })
	for _, g := range groups {
		member := p.Own == nil || slices.Contains(g.Members, p.Own.Code)
		if g.Kind == "bloc" && member {
			p.Blocs = append(p.Blocs, g)
		}
	}
	return nil
}

// speakersAction is one change a form asks for; it returns the flash
// message to show, if any.
type speakersAction func(s *Server, r *http.Request, v *account.User, id int64) (string, error)

// speakersForm runs a form's change and goes back to the list
// (Post/Redirect/Get). A refused change shows the list again with the
// reason, in the status the refusal carries.
func (s *Server) speakersForm(act speakersAction) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		flash, err := act(s, r, stateOf(r).user, id)
		if err != nil {
			e := errs.As(err)
			if e.Kind == errs.Internal || (e.Kind == errs.NotFound && e.Field == "") {
				return err
			}
			refused := formFailure{Error: s.fieldMessage(stateOf(r).lang, e), ErrorField: e.Field}
			return s.renderSpeakers(w, r, e.Kind.Status(), "speakers.html", refused)
		}
		if flash != "" {
			s.flash(w, flash)
		}
		// Back to the part of the list the action changed: the browser
		// focuses the address's target (each such part has tabindex=-1), so
		// a keyboard or screen-reader user carries on from there, not from
		// the top of the page.
		http.Redirect(w, r, fmt.Sprintf("/sessions/%d/speakers#%s", id, landing(r.URL.Path)), http.StatusSeeOther)
		return nil
	}
}

// formInt reads an integer form field; empty is 0.
func formInt(r *http.Request, field string) (int64, error) {
	v := r.PostForm.Get(field)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, errs.Field(field, "invalid_number", "error.invalid")
	}
	return n, nil
}

func speakersOpen(s *Server, r *http.Request, v *account.User, id int64) (string, error) {
	return "", s.speakers.Open(r.Context(), v, id)
}

func speakersClose(s *Server, r *http.Request, v *account.User, id int64) (string, error) {
	return "", s.speakers.Close(r.Context(), v, id)
}

func speakersStart(s *Server, r *http.Request, v *account.User, id int64) (string, error) {
	entry, err := formInt(r, "entry")
	if err != nil {
		return "", err
	}
	return "", s.speakers.Start(r.Context(), v, id, entry)
}

func speakersStop(s *Server, r *http.Request, v *account.User, id int64) (string, error) {
	return "", s.speakers.Stop(r.Context(), v, id)
}

func speakersMove(s *Server, r *http.Request, v *account.User, id int64) (string, error) {
	entry, err := formInt(r, "entry")
	if err != nil {
		return "", err
	}
	by, err := formInt(r, "by")
	if err != nil {
		return "", err
	}
	return "", s.speakers.Move(r.Context(), v, id, entry, int(by))
}

func speakersRequest(s *Server, r *http.Request, v *account.User, id int64) (string, error) {
	del, err := formInt(r, "delegation_id")
	if err != nil {
		return "", err
	}
	_, err = s.speakers.Request(r.Context(), v, id, speakers.Request{
		DelegationID: del, Kind: r.PostForm.Get("kind"), OnBehalfOf: r.PostForm.Get("on_behalf_of")})
	return "speakers.requested", err
}

func speakersWithdraw(s *Server, r *http.Request, v *account.User, id int64) (string, error) {
	entry, err := formInt(r, "entry")
	if err != nil {
		return "", err
	}
	return "speakers.withdrawn", s.speakers.Withdraw(r.Context(), v, id, entry)
}
