package outbox

import (
	"context"

	"roundtable/internal/store"
)

// Translation kinds: what a translation job refers to.
const (
	TranslateStatement   = "statement"
	TranslateProposition = "proposition"
	TranslateParagraph   = "paragraph"
)

// Translate records, inside the transaction of a write, that the text of
// kind ref changed and needs machine versions in the working languages it
// lacks. Queuing an item again (it changed before the translator reached
// it, or after) resets its job: due now, no attempts, no error; queued_at
// moves, so a translator still working on the older text knows its result
// is stale and does not mark the new request done.
func Translate(ctx context.Context, tx *store.Tx, kind string, ref int64) error {
	now := store.Now()
	_, err := tx.Exec(ctx, `INSERT INTO translation_jobs (kind, ref_id, queued_at, next_attempt_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, ref_id) DO UPDATE SET queued_at = excluded.queued_at,
			next_attempt_at = excluded.next_attempt_at, attempts = 0, last_error = '', done_at = NULL`,
		kind, ref, now, now)
	return err
}
