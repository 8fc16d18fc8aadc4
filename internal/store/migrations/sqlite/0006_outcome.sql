-- The joint outcome: documents an edition negotiates, their paragraphs
-- (stable labels PP1, OP7bis, OP6alt, never reused), the revisions the chair
-- issues (frozen), amendments with their sponsors, each delegation's
-- position on each paragraph, the silence procedure, adoption and the annex
-- of reservations and explanations. Owned by package outcome.

-- A forum's rules for its outcomes: how long silence lasts at least, and
-- whether a vote may follow when consensus fails. No row: 72 hours,
-- consensus only.
CREATE TABLE outcome_rules (
    forum_id          INTEGER PRIMARY KEY REFERENCES forums(id),
    silence_min_hours INTEGER NOT NULL,
    adoption          TEXT NOT NULL,  -- consensus, consensus_or_vote
    updated_at        TIMESTAMP NOT NULL
);

CREATE TABLE outcome_documents (
    id              INTEGER PRIMARY KEY,
    edition_id      INTEGER NOT NULL REFERENCES editions(id),
    kind            TEXT NOT NULL,  -- declaration, joint_statement, communique
    title           TEXT NOT NULL,
    language        TEXT NOT NULL,  -- the negotiating language
    facilitators    TEXT NOT NULL,  -- JSON array of names (the chair or co-facilitators)
    opens_on        TEXT NOT NULL,  -- YYYY-MM-DD, the timeline
    closes_on       TEXT NOT NULL,
    status          TEXT NOT NULL,  -- drafting, silence, adopted
    single_text     INTEGER NOT NULL DEFAULT 0,
    -- every write bumps it in its transaction: live views and the 409 on
    -- a stale write compare it
    version         INTEGER NOT NULL DEFAULT 1,
    adopted_revision INTEGER,
    adopted_at      TIMESTAMP,
    adoption_method TEXT NOT NULL DEFAULT '',  -- consensus, vote, silence
    adoption_hash   TEXT NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES users(id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX outcome_documents_edition ON outcome_documents(edition_id, id);

-- The working text: each paragraph as it stands now. A paragraph is never
-- deleted (deleted = 1 leaves the text but keeps its label taken).
CREATE TABLE outcome_paragraphs (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL REFERENCES outcome_documents(id),
    label          TEXT NOT NULL,
    kind           TEXT NOT NULL,  -- preambular, operative
    position       INTEGER NOT NULL,
    alt_of         INTEGER REFERENCES outcome_paragraphs(id),
    status         TEXT NOT NULL,  -- proposed, bracketed, options, agreed_ad_ref, agreed
    bracket_reason TEXT NOT NULL DEFAULT '',
    ad_ref_until   TIMESTAMP,
    text           TEXT NOT NULL,  -- in the negotiating language
    text_version   INTEGER NOT NULL DEFAULT 1,
    trace          TEXT NOT NULL,  -- JSON: which amendment each word came from
    deleted        INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (document_id, label)
);
CREATE INDEX outcome_paragraphs_order ON outcome_paragraphs(document_id, position);

-- The paragraph in the other working languages; outdated when its
-- source_version is behind the paragraph's text_version.
CREATE TABLE outcome_paragraph_texts (
    paragraph_id   INTEGER NOT NULL REFERENCES outcome_paragraphs(id),
    language       TEXT NOT NULL,
    text           TEXT NOT NULL,
    status         TEXT NOT NULL,  -- machine, draft, reviewed, authentic
    source_version INTEGER NOT NULL,
    updated_by     INTEGER REFERENCES users(id),
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (paragraph_id, language)
);

-- Package links, stored both ways: agreed only together.
CREATE TABLE outcome_packages (
    paragraph_id INTEGER NOT NULL REFERENCES outcome_paragraphs(id),
    linked_id    INTEGER NOT NULL REFERENCES outcome_paragraphs(id),
    PRIMARY KEY (paragraph_id, linked_id)
);

-- Revisions: the zero draft (number 0), Rev.1, Rev.2 …, each a frozen copy
-- of the working text; the triggers below refuse to change one.
CREATE TABLE outcome_revisions (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES outcome_documents(id),
    number          INTEGER NOT NULL,
    kind            TEXT NOT NULL,  -- written, oral
    note            TEXT NOT NULL,
    words           INTEGER NOT NULL,
    bracketed_words INTEGER NOT NULL,
    hash            TEXT NOT NULL,
    issued_by       INTEGER REFERENCES users(id),
    issued_by_name  TEXT NOT NULL,
    issued_at       TIMESTAMP NOT NULL,
    UNIQUE (document_id, number)
);

CREATE TABLE outcome_revision_paragraphs (
    revision_id    INTEGER NOT NULL REFERENCES outcome_revisions(id),
    paragraph_id   INTEGER NOT NULL REFERENCES outcome_paragraphs(id),
    position       INTEGER NOT NULL,
    label          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    bracket_reason TEXT NOT NULL,
    text           TEXT NOT NULL,
    trace          TEXT NOT NULL,
    PRIMARY KEY (revision_id, paragraph_id)
);

CREATE TABLE outcome_revision_texts (
    revision_id  INTEGER NOT NULL REFERENCES outcome_revisions(id),
    paragraph_id INTEGER NOT NULL REFERENCES outcome_paragraphs(id),
    language     TEXT NOT NULL,
    text         TEXT NOT NULL,
    status       TEXT NOT NULL,
    outdated     INTEGER NOT NULL,
    PRIMARY KEY (revision_id, paragraph_id, language)
);

-- Amendments against the working text. A delegation's has delegation_id;
-- the chair's compromise has none and folds others (folded_into).
CREATE TABLE outcome_amendments (
    id                INTEGER PRIMARY KEY,
    document_id       INTEGER NOT NULL REFERENCES outcome_documents(id),
    revision_number   INTEGER NOT NULL,  -- the revision it was written against
    kind              TEXT NOT NULL,     -- insert, delete, replace, alternative
    paragraph_id      INTEGER REFERENCES outcome_paragraphs(id),  -- target, or anchor of an insert (NULL: at the end)
    base_text_version INTEGER NOT NULL,
    new_kind          TEXT NOT NULL,     -- for an insert: preambular, operative
    text              TEXT NOT NULL,
    rationale         TEXT NOT NULL,
    delegation_id     INTEGER REFERENCES delegations(id),
    status            TEXT NOT NULL,     -- pending, accepted, rejected, folded, withdrawn
    folded_into       INTEGER REFERENCES outcome_amendments(id),
    result_paragraph  INTEGER REFERENCES outcome_paragraphs(id),
    decision_note     TEXT NOT NULL DEFAULT '',
    created_by        INTEGER REFERENCES users(id),
    created_at        TIMESTAMP NOT NULL,
    decided_by        INTEGER REFERENCES users(id),
    decided_at        TIMESTAMP
);
CREATE INDEX outcome_amendments_document ON outcome_amendments(document_id, status, id);

CREATE TABLE outcome_amendment_sponsors (
    amendment_id  INTEGER NOT NULL REFERENCES outcome_amendments(id),
    delegation_id INTEGER NOT NULL REFERENCES delegations(id),
    PRIMARY KEY (amendment_id, delegation_id)
);

CREATE TABLE outcome_positions (
    paragraph_id  INTEGER NOT NULL REFERENCES outcome_paragraphs(id),
    delegation_id INTEGER NOT NULL REFERENCES delegations(id),
    stance        TEXT NOT NULL,  -- support, can_live_with, cannot_accept, pending
    reason        TEXT NOT NULL,
    text_version  INTEGER NOT NULL,  -- the wording it was taken on
    set_by        INTEGER REFERENCES users(id),
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (paragraph_id, delegation_id)
);
CREATE INDEX outcome_positions_delegation ON outcome_positions(delegation_id);

CREATE TABLE outcome_position_history (
    id            INTEGER PRIMARY KEY,
    paragraph_id  INTEGER NOT NULL REFERENCES outcome_paragraphs(id),
    delegation_id INTEGER NOT NULL REFERENCES delegations(id),
    stance        TEXT NOT NULL,
    reason        TEXT NOT NULL,
    text_version  INTEGER NOT NULL,
    set_by        INTEGER REFERENCES users(id),
    set_by_name   TEXT NOT NULL,
    at            TIMESTAMP NOT NULL
);
CREATE INDEX outcome_position_history_paragraph ON outcome_position_history(paragraph_id, id);

-- Comments of delegations on a paragraph (what they may do in single-text mode).
CREATE TABLE outcome_comments (
    id            INTEGER PRIMARY KEY,
    paragraph_id  INTEGER NOT NULL REFERENCES outcome_paragraphs(id),
    delegation_id INTEGER NOT NULL REFERENCES delegations(id),
    text          TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id),
    created_by_name TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX outcome_comments_paragraph ON outcome_comments(paragraph_id, id);

CREATE TABLE outcome_silences (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES outcome_documents(id),
    revision_id INTEGER NOT NULL REFERENCES outcome_revisions(id),
    deadline    TIMESTAMP NOT NULL,
    time_zone   TEXT NOT NULL,
    state       TEXT NOT NULL,  -- running, adopted, broken, cancelled
    started_by  INTEGER REFERENCES users(id),
    started_at  TIMESTAMP NOT NULL,
    ended_at    TIMESTAMP
);
CREATE INDEX outcome_silences_document ON outcome_silences(document_id, id);

CREATE TABLE outcome_silence_breaks (
    id            INTEGER PRIMARY KEY,
    silence_id    INTEGER NOT NULL REFERENCES outcome_silences(id),
    delegation_id INTEGER NOT NULL REFERENCES delegations(id),
    paragraphs    TEXT NOT NULL,  -- labels, comma-separated
    reason        TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE outcome_votes (
    document_id   INTEGER NOT NULL REFERENCES outcome_documents(id),
    delegation_id INTEGER NOT NULL REFERENCES delegations(id),
    vote          TEXT NOT NULL,  -- yes, no, abstain
    PRIMARY KEY (document_id, delegation_id)
);

-- The annex: explanations of position before or after adoption,
-- reservations and dissociations from named paragraphs.
CREATE TABLE outcome_annex (
    id            INTEGER PRIMARY KEY,
    document_id   INTEGER NOT NULL REFERENCES outcome_documents(id),
    delegation_id INTEGER NOT NULL REFERENCES delegations(id),
    kind          TEXT NOT NULL,  -- explanation_before, explanation_after, reservation, dissociation
    paragraphs    TEXT NOT NULL,  -- labels, comma-separated
    text          TEXT NOT NULL,
    language      TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX outcome_annex_document ON outcome_annex(document_id, id);

-- Deadlines (the end of a silence procedure, …): a job written in the
-- transaction that sets the deadline and run, once, by whichever instance
-- first sees it due, in the transaction that applies it. An instance that
-- starts after a deadline runs it then, dated at the deadline.
CREATE TABLE deadline_jobs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    ref_id     INTEGER NOT NULL,
    due_at     TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE INDEX deadline_jobs_due ON deadline_jobs(due_at);

-- A revision, once issued, is never changed (an adopted text least of all).
CREATE TRIGGER outcome_revisions_frozen_u BEFORE UPDATE ON outcome_revisions
BEGIN SELECT RAISE(ABORT, 'outcome revisions are frozen'); END;
CREATE TRIGGER outcome_revisions_frozen_d BEFORE DELETE ON outcome_revisions
BEGIN SELECT RAISE(ABORT, 'outcome revisions are frozen'); END;
CREATE TRIGGER outcome_revision_paragraphs_frozen_u BEFORE UPDATE ON outcome_revision_paragraphs
BEGIN SELECT RAISE(ABORT, 'outcome revisions are frozen'); END;
CREATE TRIGGER outcome_revision_paragraphs_frozen_d BEFORE DELETE ON outcome_revision_paragraphs
BEGIN SELECT RAISE(ABORT, 'outcome revisions are frozen'); END;
CREATE TRIGGER outcome_revision_texts_frozen_u BEFORE UPDATE ON outcome_revision_texts
BEGIN SELECT RAISE(ABORT, 'outcome revisions are frozen'); END;
CREATE TRIGGER outcome_revision_texts_frozen_d BEFORE DELETE ON outcome_revision_texts
BEGIN SELECT RAISE(ABORT, 'outcome revisions are frozen'); END;
