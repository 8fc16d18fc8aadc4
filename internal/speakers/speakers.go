// Package speakers runs the list of speakers of a session: the chair or the
// secretariat opens and closes it, delegations ask for the floor (for
// themselves, on behalf of a group, or in right of reply), the chair orders
// the waiting requests and gives the floor to one speaker at a time. Every
// change is audited and announced on the live channel "speakers:<session>",
// which a Hub on every instance follows so that room displays update
// wherever they are connected.
package speakers

import (
	"context"
	"strconv"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// List statuses: delegations may ask for the floor only while it is open.
const (
	Open   = "open"
	Closed = "closed"
)

// Entry kinds.
const (
	Floor        = "floor"
	RightOfReply = "right_of_reply"
)

// Entry statuses.
const (
	Waiting   = "waiting"
	Speaking  = "speaking"
	Done      = "done"
	Withdrawn = "withdrawn"
)

// Errors with stable codes; their messages live in the speakers catalogs.
var (
	ErrListClosed        = errs.New(errs.Conflict, "list_closed", "speakers.error.list_closed")
	ErrAlreadyRequested  = errs.New(errs.Conflict, "already_requested", "speakers.error.already_requested")
	ErrNotYourDelegation = errs.New(errs.Forbidden, "not_your_delegation", "speakers.error.not_your_delegation")
	ErrNoDelegation      = errs.New(errs.Forbidden, "no_delegation", "speakers.error.no_delegation")
	ErrNotAccredited     = errs.New(errs.Forbidden, "delegation_not_accredited", "speakers.error.not_accredited")
	ErrNoWaitingSpeaker  = errs.New(errs.Conflict, "no_waiting_speaker", "speakers.error.no_waiting_speaker")
	ErrNoCurrentSpeaker  = errs.New(errs.Conflict, "no_current_speaker", "speakers.error.no_current_speaker")
	ErrNotWaiting        = errs.New(errs.Conflict, "not_waiting", "speakers.error.not_waiting")
	ErrStaleOrder        = errs.New(errs.Conflict, "stale_order", "speakers.error.stale_order")
)

var (
	errKind       = errs.Field("kind", "invalid_kind", "speakers.error.kind")
	errGroup      = errs.Field("on_behalf_of", "unknown_group", "speakers.error.group")
	errNotMember  = errs.Field("on_behalf_of", "not_group_member", "speakers.error.not_group_member")
	errDelegation = errs.Field("delegation_id", "not_found", "error.not_found")
)

// Service runs speakers lists on a database; sessions and delegations come
// from the dialogue service, which also decides who may see them.
type Service struct {
	DB       *store.DB
	Dialogue *dialogue.Service
}

// Channel is the live channel of a session's list.
func Channel(sessionID int64) string { return "speakers:" + strconv.FormatInt(sessionID, 10) }

// Board is a session's list as people see it.
type Board struct {
	SessionID int64     `json:"session_id"`
	Status    string    `json:"status"`
	Speaking  *Entry    `json:"speaking"`
	Waiting   []Entry   `json:"waiting"`
	Done      []Entry   `json:"done"`
	Now       time.Time `json:"now"`
	// TimeLimit is each speaker's time, in seconds (0: no limit), and
	// WarnBefore how long before its end displays warn (see WarnBefore).
	TimeLimit  int64 `json:"time_limit_seconds"`
	WarnBefore int64 `json:"warn_before_seconds"`
}

// Entry is one request for the floor.
type Entry struct {
	ID             int64          `json:"id"`
	DelegationID   int64          `json:"delegation_id"`
	Code           string         `json:"code"`
	Names          dialogue.Texts `json:"names"`
	Kind           string         `json:"kind"`
	OnBehalfOf     string         `json:"on_behalf_of,omitempty"`
	OnBehalfOfName dialogue.Texts `json:"on_behalf_of_names,omitempty"`
	Position       int            `json:"position"`
	Status         string         `json:"status"`
	RequestedAt    time.Time      `json:"requested_at"`
	StartedAt      *time.Time     `json:"started_at,omitempty"`
	EndedAt        *time.Time     `json:"ended_at,omitempty"`
	// Elapsed is how long the entry has spoken, in whole seconds, by the
	// server's clock (displays count on from it, immune to their own).
	Elapsed int64 `json:"elapsed_seconds"`
}

func isChair(v dialogue.Viewer) bool {
	return v != nil && (v.Role == account.Administrator || v.Role == account.Chair)
}

func isSecretariat(v dialogue.Viewer) bool { return v != nil && v.Role == account.Administrator }

// record audits a change inside tx.
func record(ctx context.Context, tx *store.Tx, v dialogue.Viewer, action string, sessionID int64, change any) error {
	return audit.Record(ctx, tx, audit.Event{Actor: account.ActorOf(v), Action: action, EntityType: "speaker_list",
		EntityID: strconv.FormatInt(sessionID, 10), Change: change})
}

// State returns the session's list as the viewer may see it: the list of a
// published edition is public, that of an unpublished one is shown to
// participants only (as the session itself is).
func (s *Service) State(ctx context.Context, v dialogue.Viewer, sessionID int64) (Board, error) {
	sess, err := s.Dialogue.Session(ctx, v, sessionID)
	if err != nil {
		return Board{}, err
	}
	dels, err := s.Dialogue.Delegations(ctx, v, sess.EditionID)
	if err != nil {
		return Board{}, err
	}
	byID := make(map[int64]dialogue.Delegation, len(dels))
	for _, d := range dels {
		byID[d.ID] = d
	}
	groups, err := groupNames(ctx, s.DB.Reader())
	if err != nil {
		return Board{}, err
	}
	b := Board{SessionID: sessionID, Status: Closed, Waiting: []Entry{}, Done: []Entry{}, Now: store.Now()}
	q := s.DB.Reader()
	if err := q.QueryRow(ctx, "SELECT status, time_limit_seconds FROM speaker_lists WHERE session_id = ?", sessionID).Scan(&b.Status, &b.TimeLimit); err != nil && !isNoRows(err) {
		return Board{}, err
	}
	b.WarnBefore = WarnBefore(b.TimeLimit)
	entries, err := loadEntries(ctx, q, sessionID, "status <> 'withdrawn'")
	if err != nil {
		return Board{}, err
	}
	for _, e := range entries {
		d := byID[e.DelegationID]
		e.Code, e.Names = d.Code, d.Names
		if e.OnBehalfOf != "" {
			e.OnBehalfOfName = groups[e.OnBehalfOf]
		}
		switch e.Status {
		case Speaking:
			e.Elapsed = seconds(b.Now.Sub(*e.StartedAt))
			b.Speaking = &e
		case Waiting:
			b.Waiting = append(b.Waiting, e)
		case Done:
			if e.StartedAt != nil && e.EndedAt != nil {
				e.Elapsed = seconds(e.EndedAt.Sub(*e.StartedAt))
			}
			b.Done = append(b.Done, e)
		}
	}
	return b, nil
}

func seconds(d time.Duration) int64 { return max(0, int64(d/time.Second)) }

// groupNames returns the short names of the blocs delegations may speak
// for, by code.
func groupNames(ctx context.Context, q store.Querier) (map[string]dialogue.Texts, error) {
	gs, err := country.Groups(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make(map[string]dialogue.Texts, len(gs))
	for _, g := range gs {
		t := dialogue.Texts{}
		for l := range g.Names {
			t[l] = g.Name(l)
		}
		out[g.Code] = t
	}
	return out, nil
}

// loadEntries reads a session's entries matching where, in list order:
// done ones by when they ended, then the speaker, then the waiting queue.
func loadEntries(ctx context.Context, q store.Querier, sessionID int64, where string) ([]Entry, error) {
	return store.QueryAll(ctx, q, func(rows store.Scanner) (Entry, error) {
		var e Entry
		err := rows.Scan(&e.ID, &e.DelegationID, &e.Kind, &e.OnBehalfOf, &e.Position, &e.Status, &e.RequestedAt, &e.StartedAt, &e.EndedAt)
		return e, err
	}, `SELECT id, delegation_id, kind, on_behalf_of, position, status, requested_at, started_at, ended_at
		FROM speaker_entries WHERE session_id = ? AND `+where+`
		ORDER BY CASE status WHEN 'done' THEN 0 WHEN 'speaking' THEN 1 ELSE 2 END, ended_at, position, id`, sessionID)
}
