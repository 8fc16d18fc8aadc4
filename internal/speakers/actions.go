package speakers

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
)

// Request is a request for the floor.
type Request struct {
	// DelegationID names the delegation: the secretariat must give it; a
	// delegate may leave it zero (their own delegation) and may name no other.
	DelegationID int64  `json:"delegation_id"`
	Kind         string `json:"kind"`         // floor (the default) or right_of_reply
	OnBehalfOf   string `json:"on_behalf_of"` // a bloc's code, e.g. CELAC; empty for itself
}

// Open opens the session's list to requests (chair or secretariat).
// Opening an open list changes nothing.
func (s *Service) Open(ctx context.Context, v dialogue.Viewer, sessionID int64) error {
	return s.setStatus(ctx, v, sessionID, Open)
}

// Close closes the list to new requests; those already on it stay, and the
// chair still gives them the floor.
func (s *Service) Close(ctx context.Context, v dialogue.Viewer, sessionID int64) error {
	return s.setStatus(ctx, v, sessionID, Closed)
}

func (s *Service) setStatus(ctx context.Context, v dialogue.Viewer, sessionID int64, status string) error {
	return s.chairWrite(ctx, v, sessionID, func(tx *store.Tx, old string) error {
		if old == status {
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE speaker_lists SET status = ? WHERE session_id = ?", status, sessionID); err != nil {
			return err
		}
		return announce(ctx, tx, v, "speakers."+status, sessionID, map[string]string{"status": status})
	})
}

// Request puts a delegation on the list: a delegate asks for their own
// accredited delegation, the secretariat may add any delegation of the
// session's edition. A delegation waits at most once per kind.
func (s *Service) Request(ctx context.Context, v dialogue.Viewer, sessionID int64, r Request) (Entry, error) {
	if v == nil {
		return Entry{}, errs.ErrUnauthenticated
	}
	if v.Role != account.Administrator && v.Role != account.Delegate {
		return Entry{}, errs.ErrForbidden
	}
	if r.Kind == "" {
		r.Kind = Floor
	}
	if r.Kind != Floor && r.Kind != RightOfReply {
		return Entry{}, errKind
	}
	sess, err := s.Dialogue.Session(ctx, v, sessionID)
	if err != nil {
		return Entry{}, err
	}
	d, err := s.requester(ctx, v, sess, r.DelegationID)
	if err != nil {
		return Entry{}, err
	}
	if !d.Accredited {
		return Entry{}, ErrNotAccredited
	}
	r.OnBehalfOf = strings.ToUpper(strings.TrimSpace(r.OnBehalfOf))
	if err := s.checkGroup(ctx, d, r.OnBehalfOf); err != nil {
		return Entry{}, err
	}
	e := Entry{DelegationID: d.ID, Code: d.Code, Names: d.Names, Kind: r.Kind, OnBehalfOf: r.OnBehalfOf, Status: Waiting, RequestedAt: store.Now()}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		status, err := lockList(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		if status != Open {
			return ErrListClosed
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM speaker_entries WHERE session_id = ? AND delegation_id = ? AND kind = ? AND status = 'waiting'",
			sessionID, d.ID, r.Kind).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrAlreadyRequested
		}
		if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM speaker_entries WHERE session_id = ?", sessionID).Scan(&e.Position); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO speaker_entries (session_id, delegation_id, kind, on_behalf_of, position, status, requested_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, sessionID, d.ID, e.Kind, e.OnBehalfOf, e.Position, Waiting, e.RequestedAt).Scan(&e.ID); err != nil {
			return err
		}
		return announce(ctx, tx, v, "speakers.request", sessionID, e)
	})
	return e, err
}

// requester is the delegation a request is for.
func (s *Service) requester(ctx context.Context, v dialogue.Viewer, sess dialogue.Session, id int64) (dialogue.Delegation, error) {
	if isSecretariat(v) {
		if id == 0 {
			return dialogue.Delegation{}, errDelegation
		}
		d, err := s.Dialogue.Delegation(ctx, v, id)
		if errs.Is(err, errs.NotFound) || (err == nil && d.EditionID != sess.EditionID) {
			return dialogue.Delegation{}, errDelegation
		}
		return d, err
	}
	own, err := s.ownDelegation(ctx, v, sess)
	if err != nil {
		return own, err
	}
	if id != 0 && id != own.ID {
		return own, ErrNotYourDelegation
	}
	return own, nil
}

// ownDelegation is the delegate's delegation in the session's edition: the
// country delegation whose code is the one on their account.
func (s *Service) ownDelegation(ctx context.Context, v dialogue.Viewer, sess dialogue.Session) (dialogue.Delegation, error) {
	if v == nil || v.Role != account.Delegate || v.Delegation == "" {
		return dialogue.Delegation{}, ErrNoDelegation
	}
	dels, err := s.Dialogue.Delegations(ctx, v, sess.EditionID)
	if err != nil {
		return dialogue.Delegation{}, err
	}
	if own := dialogue.OwnIn(v, dels); own != nil {
		return *own, nil
	}
	return dialogue.Delegation{}, ErrNoDelegation
}

// checkGroup accepts an empty code, or a bloc the delegation may speak for:
// a country only for a bloc it belongs to.
func (s *Service) checkGroup(ctx context.Context, d dialogue.Delegation, code string) error {
	if code == "" {
		return nil
	}
	gs, err := country.Groups(ctx, s.DB.Reader())
	if err != nil {
		return err
	}
	i := slices.IndexFunc(gs, func(g country.Group) bool { return g.Code == code && g.Kind == "bloc" })
	if i < 0 {
		return errGroup
	}
	if d.Kind == dialogue.KindCountry && !slices.Contains(gs[i].Members, d.Code) {
		return errNotMember
	}
	return nil
}

// Withdraw takes a waiting request off the list: the chair or the
// secretariat any, a delegate only their own delegation's.
func (s *Service) Withdraw(ctx context.Context, v dialogue.Viewer, sessionID, entryID int64) error {
	if v == nil {
		return errs.ErrUnauthenticated
	}
	if !isChair(v) && v.Role != account.Delegate {
		return errs.ErrForbidden
	}
	sess, err := s.Dialogue.Session(ctx, v, sessionID)
	if err != nil {
		return err
	}
	var own int64
	if !isChair(v) {
		d, err := s.ownDelegation(ctx, v, sess)
		if err != nil {
			return ErrNotYourDelegation
		}
		own = d.ID
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := lockList(ctx, tx, sessionID); err != nil {
			return err
		}
		var delegation int64
		var status string
		err := tx.QueryRow(ctx, "SELECT delegation_id, status FROM speaker_entries WHERE id = ? AND session_id = ?", entryID, sessionID).Scan(&delegation, &status)
		if isNoRows(err) {
			return errs.ErrNotFound
		}
		if err != nil {
			return err
		}
		if own != 0 && delegation != own {
			return ErrNotYourDelegation
		}
		if status != Waiting {
			return ErrNotWaiting
		}
		if _, err := tx.Exec(ctx, "UPDATE speaker_entries SET status = 'withdrawn', ended_at = ? WHERE id = ?", store.Now(), entryID); err != nil {
			return err
		}
		return announce(ctx, tx, v, "speakers.withdraw", sessionID, map[string]int64{"entry_id": entryID})
	})
}

// Reorder puts the waiting requests in the given order, which must name
// each of them exactly once (else the chair was looking at a stale list).
func (s *Service) Reorder(ctx context.Context, v dialogue.Viewer, sessionID int64, order []int64) error {
	return s.reorder(ctx, v, sessionID, func([]int64) ([]int64, error) { return order, nil })
}

// Move moves a waiting request by places (negative: earlier), stopping at
// either end of the queue.
func (s *Service) Move(ctx context.Context, v dialogue.Viewer, sessionID, entryID int64, by int) error {
	return s.reorder(ctx, v, sessionID, func(ids []int64) ([]int64, error) {
		i := slices.Index(ids, entryID)
		if i < 0 {
			return nil, ErrNotWaiting
		}
		j := min(max(i+by, 0), len(ids)-1)
		out := slices.Delete(slices.Clone(ids), i, i+1)
		return slices.Insert(out, j, entryID), nil
	})
}

func (s *Service) reorder(ctx context.Context, v dialogue.Viewer, sessionID int64, arrange func(current []int64) ([]int64, error)) error {
	return s.chairWrite(ctx, v, sessionID, func(tx *store.Tx, _ string) error {
		waiting, err := loadEntries(ctx, tx, sessionID, "status = 'waiting'")
		if err != nil {
			return err
		}
		ids, positions := make([]int64, len(waiting)), make([]int, len(waiting))
		for i, e := range waiting {
			ids[i], positions[i] = e.ID, e.Position
		}
		order, err := arrange(ids)
		if err != nil {
			return err
		}
		if len(order) != len(ids) || !slices.Equal(slices.Sorted(slices.Values(order)), slices.Sorted(slices.Values(ids))) {
			return ErrStaleOrder
		}
		if slices.Equal(order, ids) {
			return nil
		}
		// The queue keeps the places it had; only who holds them changes.
		for i, id := range order {
			if _, err := tx.Exec(ctx, "UPDATE speaker_entries SET position = ? WHERE id = ?", positions[i], id); err != nil {
				return err
			}
		}
		return announce(ctx, tx, v, "speakers.reorder", sessionID, map[string][]int64{"order": order})
	})
}

// Start gives the floor to a waiting request (entryID), or to the first in
// the queue when entryID is 0. Whoever was speaking is done: there is one
// speaker at a time.
func (s *Service) Start(ctx context.Context, v dialogue.Viewer, sessionID, entryID int64) error {
	return s.chairWrite(ctx, v, sessionID, func(tx *store.Tx, _ string) error {
		waiting, err := loadEntries(ctx, tx, sessionID, "status = 'waiting'")
		if err != nil {
			return err
		}
		i := 0
		if entryID != 0 {
			i = slices.IndexFunc(waiting, func(e Entry) bool { return e.ID == entryID })
		}
		if i < 0 || len(waiting) == 0 {
			return ErrNoWaitingSpeaker
		}
		now := store.Now()
		ended, err := endSpeaker(ctx, tx, sessionID, now)
		if err != nil {
			return err
		}
		next := waiting[i].ID
		if _, err := tx.Exec(ctx, "UPDATE speaker_entries SET status = 'speaking', started_at = ? WHERE id = ?", now, next); err != nil {
			return err
		}
		return announce(ctx, tx, v, "speakers.start", sessionID, map[string]int64{"started": next, "ended": ended})
	})
}

// Stop ends the current speaker's turn.
func (s *Service) Stop(ctx context.Context, v dialogue.Viewer, sessionID int64) error {
	return s.chairWrite(ctx, v, sessionID, func(tx *store.Tx, _ string) error {
		ended, err := endSpeaker(ctx, tx, sessionID, store.Now())
		if err != nil {
			return err
		}
		if ended == 0 {
			return ErrNoCurrentSpeaker
		}
		return announce(ctx, tx, v, "speakers.stop", sessionID, map[string]int64{"ended": ended})
	})
}

// endSpeaker marks the current speaker done and returns its entry, 0 if
// nobody was speaking.
func endSpeaker(ctx context.Context, tx *store.Tx, sessionID int64, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, "SELECT id FROM speaker_entries WHERE session_id = ? AND status = 'speaking'", sessionID).Scan(&id)
	if isNoRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, "UPDATE speaker_entries SET status = 'done', ended_at = ? WHERE id = ?", now, id)
	return id, err
}

// chairOf checks that v chairs (or is the secretariat) and may see the
// session.
func (s *Service) chairOf(ctx context.Context, v dialogue.Viewer, sessionID int64) error {
	if v == nil {
		return errs.ErrUnauthenticated
	}
	if !isChair(v) {
		return errs.ErrForbidden
	}
	_, err := s.Dialogue.Session(ctx, v, sessionID)
	return err
}

// lockList makes sure the session has a list row and holds its lock until
// the transaction ends, so that changes to one list queue up behind each
// other on PostgreSQL as they do behind SQLite's single writer: two chairs
// pressing "next" at once cannot put two speakers on the floor.
// chairWrite runs fn for the chair of the session in one write
// transaction, with the session's list locked (and its status, see
// lockList), so that changes to one list never interleave.
func (s *Service) chairWrite(ctx context.Context, v dialogue.Viewer, sessionID int64, fn func(tx *store.Tx, status string) error) error {
	if err := s.chairOf(ctx, v, sessionID); err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		status, err := lockList(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		return fn(tx, status)
	})
}

func lockList(ctx context.Context, tx *store.Tx, sessionID int64) (string, error) {
	now := store.Now()
	if _, err := tx.Exec(ctx, "INSERT INTO speaker_lists (session_id, status, updated_at) VALUES (?, ?, ?) ON CONFLICT (session_id) DO NOTHING",
		sessionID, Closed, now); err != nil {
		return "", err
	}
	if _, err := tx.Exec(ctx, "UPDATE speaker_lists SET updated_at = ? WHERE session_id = ?", now, sessionID); err != nil {
		return "", err
	}
	var status string
	err := tx.QueryRow(ctx, "SELECT status FROM speaker_lists WHERE session_id = ?", sessionID).Scan(&status)
	return status, err
}

// announce audits a change and tells every instance's hub about it, in the
// change's own transaction.
func announce(ctx context.Context, tx *store.Tx, v dialogue.Viewer, action string, sessionID int64, change any) error {
	if err := record(ctx, tx, v, action, sessionID, change); err != nil {
		return err
	}
	return outbox.Live(ctx, tx, Channel(sessionID))
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
