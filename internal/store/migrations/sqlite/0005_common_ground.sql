-- Common ground: the blocs an edition declares, the propositions put
-- forward, and each delegation's position on each of them, with every
-- change kept. Owned by package ground.

-- A bloc groups delegations of one edition (China; South America; …); a
-- delegation may be in several.
CREATE TABLE blocs (
    id         INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions(id),
    code       TEXT NOT NULL,
    names      TEXT NOT NULL,  -- JSON keyed by language
    position   INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (edition_id, code)
);

CREATE TABLE bloc_members (
    bloc_id       INTEGER NOT NULL REFERENCES blocs(id) ON DELETE CASCADE,
    delegation_id INTEGER NOT NULL REFERENCES delegations(id),
    PRIMARY KEY (bloc_id, delegation_id)
);

-- Who sees positions before the outcome is adopted: 'participants' (the
-- delegations and the chair) or 'public'. No row: participants.
CREATE TABLE ground_settings (
    edition_id INTEGER PRIMARY KEY REFERENCES editions(id),
    positions  TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Each write to an edition's common ground bumps its version in the same
-- transaction, so a reader learns with one lookup whether what it computed
-- from the positions still holds.
CREATE TABLE ground_versions (
    edition_id INTEGER PRIMARY KEY REFERENCES editions(id),
    version    INTEGER NOT NULL
);

-- A proposition is a short text put forward by the chair (delegation_id
-- NULL) or by a delegation; a delegation's waits for the chair.
CREATE TABLE propositions (
    id            INTEGER PRIMARY KEY,
    edition_id    INTEGER NOT NULL REFERENCES editions(id),
    delegation_id INTEGER REFERENCES delegations(id),
    language      TEXT NOT NULL,
    body          TEXT NOT NULL,
    status        TEXT NOT NULL,  -- submitted, published, withdrawn, merged
    merged_into   INTEGER REFERENCES propositions(id),
    created_by    INTEGER REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX propositions_edition ON propositions(edition_id, status, id);

CREATE TABLE proposition_translations (
    proposition_id INTEGER NOT NULL REFERENCES propositions(id) ON DELETE CASCADE,
    language       TEXT NOT NULL,
    body           TEXT NOT NULL,
    origin         TEXT NOT NULL,  -- human, machine
    review         TEXT NOT NULL,  -- pending, reviewed
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (proposition_id, language)
);

CREATE TABLE proposition_concepts (
    proposition_id INTEGER NOT NULL REFERENCES propositions(id) ON DELETE CASCADE,
    concept_id     TEXT NOT NULL,
    origin         TEXT NOT NULL,  -- auto, added, removed
    PRIMARY KEY (proposition_id, concept_id)
);

-- The statements a proposition comes from.
CREATE TABLE proposition_sources (
    proposition_id INTEGER NOT NULL REFERENCES propositions(id) ON DELETE CASCADE,
    statement_id   INTEGER NOT NULL REFERENCES statements(id),
    PRIMARY KEY (proposition_id, statement_id)
);

-- The current position of a delegation on a proposition ...
CREATE TABLE positions (
    proposition_id INTEGER NOT NULL REFERENCES propositions(id),
    delegation_id  INTEGER NOT NULL REFERENCES delegations(id),
    stance         TEXT NOT NULL,  -- support, can_live_with, cannot_accept, pending
    reason         TEXT NOT NULL,
    set_by         INTEGER REFERENCES users(id),
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (proposition_id, delegation_id)
);
CREATE INDEX positions_delegation ON positions(delegation_id);

-- ... and every change of it, in order, with who made it.
CREATE TABLE position_history (
    id             INTEGER PRIMARY KEY,
    proposition_id INTEGER NOT NULL REFERENCES propositions(id),
    delegation_id  INTEGER NOT NULL REFERENCES delegations(id),
    stance         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    set_by         INTEGER REFERENCES users(id),
    -- the account's name as it was when it made the change: the record
    -- keeps who acted even if the account is renamed later
    set_by_name    TEXT NOT NULL,
    note           TEXT NOT NULL,  -- '' or how it came (merged from proposition N)
    at             TIMESTAMP NOT NULL
);
CREATE INDEX position_history_proposition ON position_history(proposition_id, id);
