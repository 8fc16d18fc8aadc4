-- The dialogue record: forums, editions, sessions, delegations, statements.
-- Multilingual titles are JSON objects keyed by language code.
CREATE TABLE forums (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    names      TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE editions (
    id            INTEGER PRIMARY KEY,
    forum_id      INTEGER NOT NULL REFERENCES forums(id),
    number        INTEGER NOT NULL,
    titles        TEXT NOT NULL,
    starts_on     TEXT NOT NULL,  -- YYYY-MM-DD
    ends_on       TEXT NOT NULL,
    venue_city    TEXT NOT NULL,
    venue_country TEXT NOT NULL REFERENCES countries(iso3),
    host          TEXT NOT NULL,
    languages     TEXT NOT NULL,  -- comma-separated working languages
    status        TEXT NOT NULL,  -- planned, open, closed
    published     INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (forum_id, number)
);

CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions(id),
    position   INTEGER NOT NULL,
    titles     TEXT NOT NULL,
    themes     TEXT NOT NULL,  -- JSON array of concept ids
    starts_at  TIMESTAMP NOT NULL,
    ends_at    TIMESTAMP NOT NULL,
    chair      TEXT NOT NULL,
    room       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_edition ON sessions(edition_id, position);

-- A delegation takes part in one edition: a country, a group or an
-- international organisation. The secretariat accredits it.
CREATE TABLE delegations (
    id          INTEGER PRIMARY KEY,
    edition_id  INTEGER NOT NULL REFERENCES editions(id),
    kind        TEXT NOT NULL,  -- country, group, organisation
    code        TEXT NOT NULL,  -- iso3, group code, or organisation acronym
    names       TEXT NOT NULL,
    accredited  INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (edition_id, code)
);

CREATE TABLE delegation_members (
    id            INTEGER PRIMARY KEY,
    delegation_id INTEGER NOT NULL REFERENCES delegations(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    title         TEXT NOT NULL,
    role          TEXT NOT NULL  -- head, alternate, adviser, focal_point
);
CREATE INDEX delegation_members_delegation ON delegation_members(delegation_id);

CREATE TABLE statements (
    id            INTEGER PRIMARY KEY,
    edition_id    INTEGER NOT NULL REFERENCES editions(id),
    session_id    INTEGER REFERENCES sessions(id),
    delegation_id INTEGER NOT NULL REFERENCES delegations(id),
    speaker       TEXT NOT NULL,
    on_behalf_of  TEXT NOT NULL,  -- group code, empty when speaking for itself
    language      TEXT NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    delivered_on  TEXT NOT NULL,  -- YYYY-MM-DD, empty when not yet delivered
    source        TEXT NOT NULL,  -- document symbol or link
    embargo_until TIMESTAMP,
    visibility    TEXT NOT NULL,  -- draft, delegation, participants, public
    created_by    INTEGER REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX statements_edition ON statements(edition_id, session_id);
CREATE INDEX statements_delegation ON statements(delegation_id);

CREATE TABLE statement_translations (
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    language     TEXT NOT NULL,
    body         TEXT NOT NULL,
    origin       TEXT NOT NULL,  -- human, machine
    review       TEXT NOT NULL,  -- pending, reviewed
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (statement_id, language)
);

-- Concept tags: automatic ones, and corrections by hand (added or removed).
CREATE TABLE statement_concepts (
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    concept_id   TEXT NOT NULL,
    origin       TEXT NOT NULL,  -- auto, added, removed
    PRIMARY KEY (statement_id, concept_id)
);

-- The thesaurus: one row per concept, its content as JSON.
CREATE TABLE concepts (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Reference texts (the Universal Declaration), one row per article and language.
CREATE TABLE reference_articles (
    doc      TEXT NOT NULL,
    language TEXT NOT NULL,
    article  INTEGER NOT NULL,
    title    TEXT NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (doc, language, article)
);

-- Speakers list per session.
CREATE TABLE speaker_lists (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
    status     TEXT NOT NULL,  -- closed, open
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE speaker_entries (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions(id),
    delegation_id INTEGER NOT NULL REFERENCES delegations(id),
    kind          TEXT NOT NULL,  -- floor, right_of_reply
    on_behalf_of  TEXT NOT NULL,
    position      INTEGER NOT NULL,
    status        TEXT NOT NULL,  -- waiting, speaking, done, withdrawn
    requested_at  TIMESTAMP NOT NULL,
    started_at    TIMESTAMP,
    ended_at      TIMESTAMP
);
CREATE INDEX speaker_entries_session ON speaker_entries(session_id, position);

-- Search outbox: every write to searchable content adds a row in the same
-- transaction. seq comes from the locked head row, so it grows in commit
-- order and an indexer that has applied seq N has seen everything before.
CREATE TABLE search_outbox (
    seq        INTEGER PRIMARY KEY,
    doc_id     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Live events for the room displays, fanned out to every instance by
-- polling this table (same ordering guarantee as the outbox).
CREATE TABLE live_events (
    seq        INTEGER PRIMARY KEY,
    channel    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE sequence_heads (
    name TEXT PRIMARY KEY,
    seq  INTEGER NOT NULL
);
INSERT INTO sequence_heads (name, seq) VALUES ('search_outbox', 0), ('live_events', 0);
