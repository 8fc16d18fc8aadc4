package speakers

import (
	"context"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// MaxTimeLimit is the longest speaking-time limit a chair may set, in
// seconds: an hour, far beyond what forums give a statement (three to
// five minutes) or a reply (one to three), yet short enough that a slip
// of the keyboard (1800 minutes for 18) is refused rather than kept.
const MaxTimeLimit = 60 * 60

// ErrTimeLimit refuses a limit below zero or above MaxTimeLimit.
var ErrTimeLimit = errs.Field("time_limit_seconds", "invalid_time_limit", "speakers_time.error.limit", "max", MaxTimeLimit/60)

// WarnBefore is how many seconds before the end of limit a display warns
// the speaker and the chair: the last 30 seconds, time enough to close a
// sentence and the span chairs are used to calling; but never more than
// the last quarter, so that a one-minute reply is not under warning for
// half of it. No limit, no warning.
func WarnBefore(limit int64) int64 {
	if limit <= 0 {
		return 0
	}
	return min(30, limit/4)
}

// SetTimeLimit sets the speaking-time limit of the session's list, in
// seconds (0: none), for the current speaker too, from now on (chair or
// secretariat). Setting the limit the list already has changes nothing.
func (s *Service) SetTimeLimit(ctx context.Context, v dialogue.Viewer, sessionID, seconds int64) error {
	if seconds < 0 || seconds > MaxTimeLimit {
		return ErrTimeLimit
	}
	return s.chairWrite(ctx, v, sessionID, func(tx *store.Tx, _ string) error {
		var old int64
		if err := tx.QueryRow(ctx, "SELECT time_limit_seconds FROM speaker_lists WHERE session_id = ?", sessionID).Scan(&old); err != nil {
			return err
		}
		if old == seconds {
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE speaker_lists SET time_limit_seconds = ? WHERE session_id = ?", seconds, sessionID); err != nil {
			return err
		}
		return announce(ctx, tx, v, "speakers.time_limit", sessionID, map[string]int64{"time_limit_seconds": seconds, "was": old})
	})
}
