-- Machine translation. A write of a text that needs versions in the other
-- working languages (a statement, a proposition, an outcome paragraph)
-- queues a job here inside its own transaction, as the search outbox does:
-- one row per item, reset when the item changes again. The translator
-- claims due jobs (claimed_until, so one instance works on a job at a
-- time), writes machine versions where no human one exists, and on failure
-- sets next_attempt_at further out (backoff) and keeps the engine's error
-- for the status page.
CREATE TABLE translation_jobs (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,      -- statement, proposition, paragraph
    ref_id          INTEGER NOT NULL,
    queued_at       TIMESTAMP NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until   TIMESTAMP,
    last_error      TEXT NOT NULL DEFAULT '',
    engine          TEXT NOT NULL DEFAULT '',
    done_at         TIMESTAMP,
    UNIQUE (kind, ref_id)
);
CREATE INDEX translation_jobs_due ON translation_jobs(done_at, next_attempt_at);

-- Which engine wrote a machine version (empty for a human one), so pages
-- can say "machine translation (Apertium)".
ALTER TABLE statement_translations ADD COLUMN engine TEXT NOT NULL DEFAULT '';
ALTER TABLE proposition_translations ADD COLUMN engine TEXT NOT NULL DEFAULT '';
ALTER TABLE outcome_paragraph_texts ADD COLUMN engine TEXT NOT NULL DEFAULT '';
