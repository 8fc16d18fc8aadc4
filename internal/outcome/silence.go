package outcome

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	_ "time/tzdata" // deadlines name IANA zones; load them on a machine without a zone database

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
)

// States of a silence procedure.
const (
	SilenceRunning   = "running"
	SilenceAdopted   = "adopted"   // nobody broke it: the revision was adopted at the deadline
	SilenceBroken    = "broken"    // a delegation broke it: the text went back to drafting
	SilenceCancelled = "cancelled" // the chair ended it before the deadline
)

// silenceJob is the kind of the deadline job that ends a silence.
const silenceJob = "outcome.silence"

var (
	errDeadlinePast    = errs.Field("deadline", "deadline_past", "outcome.error.deadline_past")
	errBadTimeZone     = errs.Field("time_zone", "bad_time_zone", "outcome.error.bad_time_zone")
	errNotUnderSilence = errs.New(errs.Conflict, "not_under_silence", "outcome.error.not_under_silence")
	errSilenceOver     = errs.New(errs.Conflict, "silence_over", "outcome.error.silence_over")
	errBreakParagraphs = errs.Field("paragraphs", "paragraphs_required", "outcome.error.break_paragraphs")
)

func errSilenceTooShort(hours int) error {
	return errs.Field("deadline", "silence_too_short", "outcome.error.silence_too_short", "hours", hours)
}

// SilenceInput puts a revision under silence until Deadline, an instant
// shown in TimeZone (an IANA name such as America/Sao_Paulo). Revision is
// the number of the revision the chair means (0: the latest); it must be
// the latest issued, with the working text unchanged since.
type SilenceInput struct {
	Deadline time.Time `json:"deadline"`
	TimeZone string    `json:"time_zone"`
	Revision int       `json:"revision,omitempty"`
}

// BreakInput breaks silence on named paragraphs of the revision, with the
// delegation's reason.
type BreakInput struct {
	Paragraphs []string `json:"paragraphs"`
	Reason     string   `json:"reason"`
}

// SilenceProcedure is one silence procedure of a document.
type SilenceProcedure struct {
	ID         int64     `json:"id"`
	DocumentID int64     `json:"document_id"`
	Revision   int       `json:"revision"`
	Label      string    `json:"revision_label"`
	Deadline   time.Time `json:"deadline"` // UTC
	TimeZone   string    `json:"time_zone"`
	// LocalDeadline is the deadline as the chair stated it, in its zone
	// (RFC 3339 with the zone's offset).
	LocalDeadline string     `json:"local_deadline"`
	State         string     `json:"state"`
	StartedAt     time.Time  `json:"started_at"`
	EndedAt       *time.Time `json:"ended_at,omitempty"`
}

// SilenceBreak is one delegation's break of silence.
type SilenceBreak struct {
	ID         int64     `json:"id"`
	Delegation string    `json:"delegation"` // its code
	Paragraphs []string  `json:"paragraphs"`
	Reason     string    `json:"reason"`
	At         time.Time `json:"at"`
}

// SilenceReport is the chair's notice on a silence: its state and, when it
// was broken, which paragraphs drew objections, from which delegations
// and why.
type SilenceReport struct {
	Silence SilenceProcedure `json:"silence"`
	// Paragraphs are the paragraphs that drew objections, in the order of
	// the text.
	Paragraphs []BrokenParagraph `json:"paragraphs"`
	// Breaks are the breaks as they came.
	Breaks []SilenceBreak `json:"breaks"`
}

// BrokenParagraph is a paragraph on which silence was broken.
type BrokenParagraph struct {
	Label      string      `json:"label"`
	Objections []Objection `json:"objections"`
}

// Objection is one delegation's objection to a paragraph.
type Objection struct {
	Delegation string    `json:"delegation"`
	Reason     string    `json:"reason"`
	At         time.Time `json:"at"`
}

// zone loads an IANA time zone by name. "Local" is refused: it means the
// server's zone, which nobody reading the deadline knows.
func zone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, errBadTimeZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, errBadTimeZone
	}
	return loc, nil
}

// StartSilence circulates the latest revision under silence until a
// deadline: unless a delegation breaks silence before it, the revision is
// adopted at the deadline. The chair (or the secretariat) starts it; the
// text must be clean and unchanged since the revision, and the deadline at
// least the forum's minimum away.
func (s *Service) StartSilence(ctx context.Context, v Viewer, docID int64, in SilenceInput) (SilenceProcedure, error) {
	if !presides(v) {
		return SilenceProcedure{}, errChairOnly
	}
	d, err := s.Document(ctx, v, docID)
	if err != nil {
		return SilenceProcedure{}, err
	}
	loc, err := zone(in.TimeZone)
	if err != nil {
		return SilenceProcedure{}, err
	}
	e, err := s.edition(ctx, v, d)
	if err != nil {
		return SilenceProcedure{}, err
	}
	rules, err := rulesOf(ctx, s.DB.Reader(), e.ForumID)
	if err != nil {
		return SilenceProcedure{}, err
	}
	deadline := in.Deadline.UTC().Truncate(time.Second)
	now := store.Now()
	if !deadline.After(now) {
		return SilenceProcedure{}, errDeadlinePast
	}
	if deadline.Before(now.Add(time.Duration(rules.SilenceMinHours) * time.Hour)) {
		return SilenceProcedure{}, errSilenceTooShort(rules.SilenceMinHours)
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		d, err := lockDrafting(ctx, tx, docID)
		if err != nil {
			return err
		}
		rev, err := ready(ctx, tx, d, in.Revision)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO outcome_silences (document_id, revision_id, deadline, time_zone, state, started_by, started_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, docID, rev.ID, deadline, loc.String(), SilenceRunning, userID(v), now).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE outcome_documents SET status = ? WHERE id = ?", Silence, docID); err != nil {
			return err
		}
		// The job is written with the silence: whichever instance is up at
		// the deadline, or the first to start after it, ends it.
		if err := outbox.Schedule(ctx, tx, silenceJob, id, deadline); err != nil {
			return err
		}
		return touch(ctx, tx, v, docID, "outcome.silence.start", "outcome_silence", id,
			map[string]any{"revision": rev.Number, "deadline": deadline, "time_zone": loc.String()})
	})
	if err != nil {
		return SilenceProcedure{}, err
	}
	return silenceByID(ctx, s.DB.Reader(), id)
}

// BreakSilence records that the viewer's delegation breaks silence on
// named paragraphs of the revision, with a reason. Only a member of an
// accredited delegation breaks silence, in its own name, before the
// deadline.
func (s *Service) BreakSilence(ctx context.Context, v Viewer, docID int64, in BreakInput) (SilenceBreak, error) {
	d, err := s.Document(ctx, v, docID)
	if err != nil {
		return SilenceBreak{}, err
	}
	own, err := s.ownDelegation(ctx, v, d)
	if err != nil {
		return SilenceBreak{}, err
	}
	if in.Reason, err = dialogue.CheckText("reason", in.Reason, maxReason, false); err != nil {
		return SilenceBreak{}, err
	}
	if in.Reason == "" {
		return SilenceBreak{}, errReasonRequired
	}
	labels := cleanLabels(in.Paragraphs)
	if len(labels) == 0 {
		return SilenceBreak{}, errBreakParagraphs
	}
	b := SilenceBreak{Delegation: own.Code, Reason: in.Reason}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := lockOpen(ctx, tx, docID); err != nil {
			return err
		}
		sil, err := latestSilence(ctx, tx, docID)
		if errors.Is(err, errs.ErrNotFound) || (err == nil && sil.State != SilenceRunning) {
			return errNotUnderSilence
		}
		if err != nil {
			return err
		}
		b.At = store.Now()
		if !b.At.Before(sil.Deadline) {
			return errSilenceOver
		}
		if b.Paragraphs, err = inRevision(ctx, tx, sil.revisionID, labels); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO outcome_silence_breaks (silence_id, delegation_id, paragraphs, reason, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, sil.ID, own.ID, strings.Join(b.Paragraphs, ","), b.Reason, userID(v), b.At).Scan(&b.ID); err != nil {
			return err
		}
		return touch(ctx, tx, v, docID, "outcome.silence.break", "outcome_silence", sil.ID, b)
	})
	return b, err
}

// EndSilence is the chair's ending of a silence before its deadline: the
// text goes back to drafting and nothing is adopted. Once the deadline has
// passed the silence has run its course, and only its job ends it.
func (s *Service) EndSilence(ctx context.Context, v Viewer, docID int64) error {
	if !presides(v) {
		return errChairOnly
	}
	if _, err := s.Document(ctx, v, docID); err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		// The job's row first, then the document's: the order the job
		// itself takes them in (outbox.RunDue claims the job, then
		// endSilence locks the document), so that ending a silence at its
		// deadline waits for the job instead of deadlocking with it.
		if sil, err := latestSilence(ctx, tx, docID); err == nil {
			if err := outbox.Unschedule(ctx, tx, silenceJob, sil.ID); err != nil {
				return err
			}
		}
		if _, err := lockOpen(ctx, tx, docID); err != nil {
			return err
		}
		sil, err := latestSilence(ctx, tx, docID)
		if errors.Is(err, errs.ErrNotFound) || (err == nil && sil.State != SilenceRunning) {
			return errNotUnderSilence
		}
		if err != nil {
			return err
		}
		now := store.Now()
		if !now.Before(sil.Deadline) {
			return errSilenceOver
		}
		if _, err := tx.Exec(ctx, "UPDATE outcome_silences SET state = ?, ended_at = ? WHERE id = ?", SilenceCancelled, now, sil.ID); err != nil {
			return err
		}
		// again by the id read under the lock, in case it is not the one
		// read before it
		if err := outbox.Unschedule(ctx, tx, silenceJob, sil.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE outcome_documents SET status = ? WHERE id = ?", Drafting, docID); err != nil {
			return err
		}
		return touch(ctx, tx, v, docID, "outcome.silence.end", "outcome_silence", sil.ID, map[string]string{"state": SilenceCancelled})
	})
}

// SilenceReport reads the latest silence of a document with the breaks
// grouped by paragraph: the chair's notice when silence is broken. The
// breaks are the negotiation's record, read in the room.
func (s *Service) SilenceReport(ctx context.Context, v Viewer, docID int64) (SilenceReport, error) {
	if _, err := s.Document(ctx, v, docID); err != nil {
		return SilenceReport{}, err
	}
	if !inRoom(v) {
		return SilenceReport{}, errs.ErrNotFound
	}
	q := s.DB.Reader()
	sil, err := latestSilence(ctx, q, docID)
	if err != nil {
		return SilenceReport{}, err
	}
	r := SilenceReport{Silence: sil.SilenceProcedure, Paragraphs: []BrokenParagraph{}}
	r.Breaks, err = store.QueryAll(ctx, q, scanBreak, `SELECT b.id, d.code, b.paragraphs, b.reason, b.created_at
		FROM outcome_silence_breaks b JOIN delegations d ON d.id = b.delegation_id WHERE b.silence_id = ? ORDER BY b.id`, sil.ID)
	if err != nil {
		return r, err
	}
	order, err := store.QueryAll(ctx, q, store.ScanString, "SELECT label FROM outcome_revision_paragraphs WHERE revision_id = ? ORDER BY position", sil.revisionID)
	if err != nil {
		return r, err
	}
	for _, label := range order {
		bp := BrokenParagraph{Label: label}
		for _, b := range r.Breaks {
			if contains(b.Paragraphs, label) {
				bp.Objections = append(bp.Objections, Objection{Delegation: b.Delegation, Reason: b.Reason, At: b.At})
			}
		}
		if len(bp.Objections) > 0 {
			r.Paragraphs = append(r.Paragraphs, bp)
		}
	}
	return r, nil
}

// silence is a SilenceProcedure with the id of its revision.
type silence struct {
	SilenceProcedure
	revisionID int64
}

const silenceColumns = `s.id, s.document_id, s.revision_id, r.number, r.kind, s.deadline, s.time_zone, s.state, s.started_at, s.ended_at`

const silenceFrom = ` FROM outcome_silences s JOIN outcome_revisions r ON r.id = s.revision_id`

func scanSilence(sc store.Scanner) (silence, error) {
	var s silence
	var kind string
	var ended sql.NullTime
	err := sc.Scan(&s.ID, &s.DocumentID, &s.revisionID, &s.Revision, &kind, &s.Deadline, &s.TimeZone, &s.State, &s.StartedAt, &ended)
	if errors.Is(err, sql.ErrNoRows) {
		return s, errs.ErrNotFound
	}
	if err != nil {
		return s, err
	}
	s.Label = RevisionLabel(s.Revision, kind)
	s.Deadline, s.StartedAt, s.EndedAt = s.Deadline.UTC(), s.StartedAt.UTC(), timePtr(ended)
	s.LocalDeadline = s.Deadline.Format(time.RFC3339)
	if loc, err := time.LoadLocation(s.TimeZone); err == nil {
		s.LocalDeadline = s.Deadline.In(loc).Format(time.RFC3339)
	}
	return s, nil
}

func latestSilence(ctx context.Context, q store.Querier, docID int64) (silence, error) {
	return scanSilence(q.QueryRow(ctx, "SELECT "+silenceColumns+silenceFrom+" WHERE s.document_id = ? ORDER BY s.id DESC LIMIT 1", docID))
}

func silenceByID(ctx context.Context, q store.Querier, id int64) (SilenceProcedure, error) {
	s, err := scanSilence(q.QueryRow(ctx, "SELECT "+silenceColumns+silenceFrom+" WHERE s.id = ?", id))
	return s.SilenceProcedure, err
}

func scanBreak(sc store.Scanner) (SilenceBreak, error) {
	var b SilenceBreak
	var labels string
	err := sc.Scan(&b.ID, &b.Delegation, &labels, &b.Reason, &b.At)
	b.Paragraphs, b.At = splitLabels(labels), b.At.UTC()
	return b, err
}

// ownDelegation is v's own delegation in d's edition, which must be
// accredited: who acts in a delegation's name.
func (s *Service) ownDelegation(ctx context.Context, v Viewer, d Document) (dialogue.Delegation, error) {
	dels, err := s.Dialogue.Delegations(ctx, v, d.EditionID)
	if err != nil {
		return dialogue.Delegation{}, err
	}
	own := dialogue.OwnIn(v, dels)
	if own == nil {
		return dialogue.Delegation{}, errNoDelegation
	}
	if !own.Accredited {
		return dialogue.Delegation{}, errNotAccredited
	}
	return *own, nil
}

// inRevision checks that every label names a paragraph of the revision
// and returns them in the order of its text.
func inRevision(ctx context.Context, q store.Querier, revisionID int64, labels []string) ([]string, error) {
	order, err := store.QueryAll(ctx, q, store.ScanString, "SELECT label FROM outcome_revision_paragraphs WHERE revision_id = ? ORDER BY position", revisionID)
	if err != nil {
		return nil, err
	}
	for _, l := range labels {
		if !contains(order, l) {
			return nil, errUnknownParagraph
		}
	}
	out := []string{}
	for _, l := range order {
		if contains(labels, l) {
			out = append(out, l)
		}
	}
	return out, nil
}

// cleanLabels trims labels and drops empty and repeated ones.
func cleanLabels(in []string) []string {
	out := []string{}
	for _, l := range in {
		if l = strings.TrimSpace(l); l != "" && !contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

func splitLabels(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}
