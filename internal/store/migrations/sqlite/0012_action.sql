-- Practical action: commitments and their follow-up, UN recommendations,
-- national practices, requests and offers and the matches between them.

-- Files attached to reports and practices, kept in the database (so every
-- instance of a deployment serves the same bytes) with their checksum. The
-- type is the one the content was recognised as, never the one the
-- browser claimed.
CREATE TABLE uploads (
    id         INTEGER PRIMARY KEY,
    sha256     TEXT NOT NULL,
    size       INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    content    BLOB NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX uploads_sha256 ON uploads(sha256);

-- A Universal Periodic Review recommendation: one recommending paragraph
-- addressed to a state under review in a cycle, with the state's response.
-- source_ref identifies it in the file it came from, so a second import of
-- the same file adds nothing.
CREATE TABLE recommendations (
    id             INTEGER PRIMARY KEY,
    source_ref     TEXT NOT NULL UNIQUE,
    under_review   TEXT NOT NULL,              -- ISO alpha-3
    cycle          INTEGER NOT NULL,
    review_year    INTEGER,
    paragraph      TEXT NOT NULL DEFAULT '',   -- the paragraph of the Working Group report (64.1)
    text           TEXT NOT NULL,
    language       TEXT NOT NULL DEFAULT 'en',
    response       TEXT NOT NULL,              -- supported, noted
    import_id      INTEGER,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX recommendations_state ON recommendations(under_review, cycle);

-- The states that made a recommendation, as the file names them and, where
-- recognised, their code.
CREATE TABLE recommendation_states (
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id),
    name              TEXT NOT NULL,
    country           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (recommendation_id, name)
);
CREATE INDEX recommendation_states_country ON recommendation_states(country);

CREATE TABLE recommendation_concepts (
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id),
    concept_id        TEXT NOT NULL,
    PRIMARY KEY (recommendation_id, concept_id)
);

-- One row per recommendation file imported.
CREATE TABLE recommendation_imports (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    rows_read   INTEGER NOT NULL,
    added       INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL
);

-- A commitment: what one or several states undertook to do, from an
-- operative paragraph of an adopted outcome, a statement (a pledge) or a
-- recommendation a state supported. level is who reads it (draft: the
-- secretariat alone, while it prepares it; participants; public, once its
-- edition, if any, is published).
CREATE TABLE commitments (
    id               INTEGER PRIMARY KEY,
    edition_id       INTEGER REFERENCES editions(id),
    source           TEXT NOT NULL,             -- paragraph, statement, recommendation
    paragraph_id     INTEGER REFERENCES outcome_paragraphs(id),
    statement_id     INTEGER REFERENCES statements(id),
    recommendation_id INTEGER REFERENCES recommendations(id),
    title            TEXT NOT NULL,
    text             TEXT NOT NULL,
    language         TEXT NOT NULL,
    level            TEXT NOT NULL,             -- draft, participants, public
    starts_on        TEXT NOT NULL,             -- YYYY-MM-DD
    due_on           TEXT NOT NULL,             -- YYYY-MM-DD
    report_every     INTEGER NOT NULL DEFAULT 12, -- months between progress reports
    created_by       INTEGER REFERENCES users(id),
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX commitments_edition ON commitments(edition_id);
CREATE INDEX commitments_due ON commitments(due_on);

-- The states that own a commitment, each with the institution responsible,
-- and the status and date of its latest published report (NULL: none yet),
-- kept by the report's publication so the tracker counts without looking
-- for each owner's latest report.
CREATE TABLE commitment_owners (
    commitment_id INTEGER NOT NULL REFERENCES commitments(id),
    country       TEXT NOT NULL,
    institution   TEXT NOT NULL DEFAULT '',
    latest_status TEXT,
    latest_on     TEXT,
    PRIMARY KEY (commitment_id, country)
);
CREATE INDEX commitment_owners_country ON commitment_owners(country, commitment_id);
CREATE INDEX commitment_owners_status ON commitment_owners(latest_status, country);

CREATE TABLE commitment_concepts (
    commitment_id INTEGER NOT NULL REFERENCES commitments(id),
    concept_id    TEXT NOT NULL,
    PRIMARY KEY (commitment_id, concept_id)
);
CREATE INDEX commitment_concepts_concept ON commitment_concepts(concept_id, commitment_id);

CREATE TABLE commitment_targets (
    commitment_id INTEGER NOT NULL REFERENCES commitments(id),
    target        TEXT NOT NULL,                -- SDG target: 3.2
    PRIMARY KEY (commitment_id, target)
);

CREATE TABLE commitment_milestones (
    id            INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES commitments(id),
    position      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    done_on       TEXT
);
CREATE INDEX commitment_milestones_commitment ON commitment_milestones(commitment_id, position);

-- An indicator that measures a commitment in one owner state, with the
-- baseline and the target the owner set.
CREATE TABLE commitment_indicators (
    commitment_id  INTEGER NOT NULL REFERENCES commitments(id),
    indicator_code TEXT NOT NULL REFERENCES indicators(code),
    country        TEXT NOT NULL,
    baseline_year  INTEGER NOT NULL,
    baseline_value REAL NOT NULL,
    target_year    INTEGER NOT NULL,
    target_value   REAL NOT NULL,
    PRIMARY KEY (commitment_id, indicator_code, country)
);

-- What happened to a commitment, in order: created, edited, a report
-- submitted, returned, published, a milestone done.
CREATE TABLE commitment_events (
    id            INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES commitments(id),
    at            TIMESTAMP NOT NULL,
    kind          TEXT NOT NULL,
    country       TEXT NOT NULL DEFAULT '',
    report_id     INTEGER,
    actor_id      INTEGER REFERENCES users(id),
    detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX commitment_events_commitment ON commitment_events(commitment_id, id);

-- A progress report of one owner state on a commitment. state is its way
-- to publication: draft (its delegation), submitted (waiting for the
-- state's validator), returned (back to the delegation with a note),
-- published. No report is published without a validator: the CHECK makes
-- it impossible whatever the code does.
CREATE TABLE progress_reports (
    id            INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES commitments(id),
    country       TEXT NOT NULL,
    reported_on   TEXT NOT NULL,                -- YYYY-MM-DD: the date the report speaks of
    status        TEXT NOT NULL,                -- not_started, in_progress, achieved, partly_achieved, not_achieved
    narrative     TEXT NOT NULL,
    language      TEXT NOT NULL,
    state         TEXT NOT NULL,                -- draft, submitted, returned, published
    return_note   TEXT NOT NULL DEFAULT '',
    author_id     INTEGER REFERENCES users(id),
    submitted_at  TIMESTAMP,
    validated_by  INTEGER REFERENCES users(id),
    validated_at  TIMESTAMP,
    published_at  TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    CHECK (state <> 'published' OR (validated_by IS NOT NULL AND validated_at IS NOT NULL AND published_at IS NOT NULL))
);
CREATE INDEX progress_reports_commitment ON progress_reports(commitment_id, country, reported_on);
CREATE INDEX progress_reports_published ON progress_reports(state, published_at);

-- The evidence a report gives: a document (an upload), a link, or a figure.
CREATE TABLE report_evidence (
    id             INTEGER PRIMARY KEY,
    report_id      INTEGER NOT NULL REFERENCES progress_reports(id),
    kind           TEXT NOT NULL,               -- document, link, data
    title          TEXT NOT NULL DEFAULT '',
    upload_id      INTEGER REFERENCES uploads(id),
    url            TEXT NOT NULL DEFAULT '',
    indicator_code TEXT NOT NULL DEFAULT '',
    year           INTEGER,
    value          REAL
);
CREATE INDEX report_evidence_report ON report_evidence(report_id);

-- Civil society's comments on a published report, shown once the
-- secretariat approves them.
CREATE TABLE report_comments (
    id           INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES progress_reports(id),
    author_id    INTEGER NOT NULL REFERENCES users(id),
    language     TEXT NOT NULL,
    body         TEXT NOT NULL,
    state        TEXT NOT NULL,                 -- pending, approved, rejected
    created_at   TIMESTAMP NOT NULL,
    moderated_by INTEGER REFERENCES users(id),
    moderated_at TIMESTAMP
);
CREATE INDEX report_comments_report ON report_comments(report_id, state);

-- Per forum: whether civil society may comment on published reports.
CREATE TABLE action_settings (
    forum_id               INTEGER PRIMARY KEY REFERENCES forums(id),
    civil_society_comments INTEGER NOT NULL DEFAULT 0
);

-- Reminders sent: one row per commitment, state, due date, kind and
-- recipient, claimed before the mail goes out. The key is what makes two
-- instances send a reminder once.
CREATE TABLE reminders_sent (
    commitment_id INTEGER NOT NULL REFERENCES commitments(id),
    country       TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    kind          TEXT NOT NULL,                -- due, overdue
    user_id       INTEGER NOT NULL REFERENCES users(id),
    sent_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (commitment_id, country, due_on, kind, user_id)
);

-- A national practice written for transfer. state: draft (its delegation),
-- submitted (its delegation and the secretariat), published (everyone).
-- The contact is read by accredited participants only.
CREATE TABLE practices (
    id            INTEGER PRIMARY KEY,
    country       TEXT NOT NULL,
    language      TEXT NOT NULL,                -- the language it was written in
    period_from   INTEGER,
    period_to     INTEGER,
    institutions  TEXT NOT NULL DEFAULT '',
    costs         TEXT NOT NULL DEFAULT '',
    contact       TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL,                -- draft, submitted, published
    author_id     INTEGER REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    published_at  TIMESTAMP
);
CREATE INDEX practices_country ON practices(country, state);

-- A practice's text in one language: the original and its translations,
-- each with its origin and whether a person reviewed it.
CREATE TABLE practice_texts (
    practice_id INTEGER NOT NULL REFERENCES practices(id),
    language    TEXT NOT NULL,
    title       TEXT NOT NULL,
    context     TEXT NOT NULL DEFAULT '',       -- context and problem
    actions     TEXT NOT NULL DEFAULT '',       -- what was done
    results     TEXT NOT NULL DEFAULT '',
    challenges  TEXT NOT NULL DEFAULT '',
    lessons     TEXT NOT NULL DEFAULT '',
    transfer    TEXT NOT NULL DEFAULT '',       -- conditions for transfer
    origin      TEXT NOT NULL,                  -- original, human, machine
    review      TEXT NOT NULL,                  -- pending, reviewed
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (practice_id, language)
);

CREATE TABLE practice_concepts (
    practice_id INTEGER NOT NULL REFERENCES practices(id),
    concept_id  TEXT NOT NULL,
    PRIMARY KEY (practice_id, concept_id)
);
CREATE INDEX practice_concepts_concept ON practice_concepts(concept_id, practice_id);

CREATE TABLE practice_targets (
    practice_id INTEGER NOT NULL REFERENCES practices(id),
    target      TEXT NOT NULL,
    PRIMARY KEY (practice_id, target)
);

CREATE TABLE practice_indicators (
    practice_id    INTEGER NOT NULL REFERENCES practices(id),
    indicator_code TEXT NOT NULL REFERENCES indicators(code),
    PRIMARY KEY (practice_id, indicator_code)
);

CREATE TABLE practice_documents (
    practice_id INTEGER NOT NULL REFERENCES practices(id),
    upload_id   INTEGER NOT NULL REFERENCES uploads(id),
    title       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (practice_id, upload_id)
);

-- A state asks to learn about something (request) or offers its
-- experience (offer). level: participants or public.
CREATE TABLE exchange_asks (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,               -- request, offer
    country        TEXT NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL DEFAULT '',
    language       TEXT NOT NULL,
    indicator_code TEXT NOT NULL DEFAULT '',    -- what the request is measured by, if anything
    level          TEXT NOT NULL,
    state          TEXT NOT NULL,               -- open, closed
    author_id      INTEGER REFERENCES users(id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX exchange_asks_country ON exchange_asks(country, kind);

CREATE TABLE exchange_ask_concepts (
    ask_id     INTEGER NOT NULL REFERENCES exchange_asks(id),
    concept_id TEXT NOT NULL,
    PRIMARY KEY (ask_id, concept_id)
);
CREATE INDEX exchange_ask_concepts_concept ON exchange_ask_concepts(concept_id, ask_id);

-- A match the secretariat brokers between a request and what answers it
-- (an offer, a practice, or a state), from proposal to a result. While in
-- progress, both states and the secretariat read it; once done, everyone.
CREATE TABLE exchange_matches (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES exchange_asks(id),
    offer_id    INTEGER REFERENCES exchange_asks(id),
    practice_id INTEGER REFERENCES practices(id),
    requester   TEXT NOT NULL,                  -- country of the request
    provider    TEXT NOT NULL,                  -- country of the offer or practice
    reasons     TEXT NOT NULL DEFAULT '[]',     -- JSON: why the system suggested it
    status      TEXT NOT NULL,                  -- proposed, accepted, in_progress, done, declined
    result      TEXT NOT NULL DEFAULT '',       -- exchange_visit, training, joint_project
    result_note TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX exchange_matches_request ON exchange_matches(request_id);

CREATE TABLE exchange_match_events (
    id       INTEGER PRIMARY KEY,
    match_id INTEGER NOT NULL REFERENCES exchange_matches(id),
    at       TIMESTAMP NOT NULL,
    status   TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT '',
    actor_id INTEGER REFERENCES users(id)
);
CREATE INDEX exchange_match_events_match ON exchange_match_events(match_id, id);
