package outcome

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"time"

	"roundtable/internal/audit"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
)

// RunDeadlines ends every silence whose deadline is at now or before, and
// says how many it ended. A server runs it once as it starts, so that a
// deadline that passed while no instance was up takes effect then, dated
// at the deadline, and then follows the deadlines (FollowDeadlines).
func (s *Service) RunDeadlines(ctx context.Context, now time.Time) (int, error) {
	return outbox.RunDue(ctx, s.DB, silenceJob, now, endSilence)
}

// NextDeadline is the earliest deadline still to run, or the zero time.
func (s *Service) NextDeadline(ctx context.Context) (time.Time, error) {
	return outbox.NextDue(ctx, s.DB.Reader(), silenceJob)
}

// FollowDeadlines runs the deadlines as they come, until ctx ends: every
// interval, to see the deadlines other instances set, and at the next
// deadline known, so that a silence ends on time.
func (s *Service) FollowDeadlines(ctx context.Context, every time.Duration, log *slog.Logger) {
	for {
		wait := every
		next, err := s.NextDeadline(ctx)
		if err != nil && ctx.Err() == nil {
			log.Error("outcome deadlines", "err", err)
		}
		// A deadline already past waits for the next round: it is one
		// whose work failed, and trying it again at once would spin.
		if d := time.Until(next); !next.IsZero() && d > 0 && d < wait {
			wait = d
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		if n, err := s.RunDeadlines(ctx, store.Now()); err != nil && ctx.Err() == nil {
			log.Error("outcome deadlines", "err", err)
		} else if n > 0 {
			log.Info("outcome deadlines ran", "count", n)
		}
	}
}

// endSilence is the silence job: at the deadline, inside the job's
// transaction, a silence nobody broke adopts its revision, dated at the
// deadline however late the job runs; a broken one sends the text back to
// drafting and leaves the chair the report of its breaks. A silence no
// longer running (cancelled, or ended by another instance) is left alone.
func endSilence(ctx context.Context, tx *store.Tx, silenceID int64, _ time.Time) error {
	var docID int64
	if err := tx.QueryRow(ctx, "SELECT document_id FROM outcome_silences WHERE id = ?", silenceID).Scan(&docID); err != nil {
		return notFoundIsDone(err)
	}
	// The document's row lock, as every write takes it; not lockOpen,
	// whose refusal of an adopted document would leave the job failing
	// for ever (an adopted document has no running silence anyway: Adopt
	// waits for the silence to end).
	if _, err := tx.Exec(ctx, "UPDATE outcome_documents SET version = version WHERE id = ?", docID); err != nil {
		return err
	}
	d, err := loadDocument(ctx, tx, docID)
	if err != nil {
		return err
	}
	sil, err := scanSilence(tx.QueryRow(ctx, "SELECT "+silenceColumns+silenceFrom+" WHERE s.id = ?", silenceID))
	if err != nil {
		return err
	}
	var breaks int
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM outcome_silence_breaks WHERE silence_id = ?", silenceID).Scan(&breaks); err != nil {
		return err
	}
	state := SilenceAdopted
	switch {
	case d.Status == Adopted:
		state = SilenceCancelled
	case breaks > 0:
		state = SilenceBroken
	}
	// The state guard makes the job safe to run twice: only the run that
	// moves the silence from running ends it.
	res, err := tx.Exec(ctx, "UPDATE outcome_silences SET state = ?, ended_at = ? WHERE id = ? AND state = ?", state, sil.Deadline, silenceID, SilenceRunning)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	change := map[string]any{"state": state, "deadline": sil.Deadline}
	switch state {
	case SilenceCancelled:
		return nil
	case SilenceBroken:
		if _, err := tx.Exec(ctx, "UPDATE outcome_documents SET status = ? WHERE id = ?", Drafting, docID); err != nil {
			return err
		}
		return touchAsSystem(ctx, tx, docID, "outcome.silence.broken", silenceID, change)
	}
	rev, err := revisionText(ctx, tx, docID, sil.Revision)
	if err != nil {
		return err
	}
	if err := adopt(ctx, tx, d, rev, MethodSilence, sil.Deadline); err != nil {
		return err
	}
	return touchAsSystem(ctx, tx, docID, "outcome.silence.adopted", silenceID, change)
}

// touchAsSystem is touch for what Roundtable does by itself at a
// deadline: the audit names the deadline, not a person.
func touchAsSystem(ctx context.Context, tx *store.Tx, docID int64, action string, silenceID int64, change any) error {
	if _, err := tx.Exec(ctx, "UPDATE outcome_documents SET version = version + 1, updated_at = ? WHERE id = ?", store.Now(), docID); err != nil {
		return err
	}
	if err := outbox.Live(ctx, tx, Channel(docID)); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Event{Actor: audit.System("deadline"), Action: action, EntityType: "outcome_silence", EntityID: itoa(silenceID), Change: change})
}

// notFoundIsDone: a job whose silence is gone has nothing left to do.
func notFoundIsDone(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}
