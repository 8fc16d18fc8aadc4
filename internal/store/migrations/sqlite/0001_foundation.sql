-- Reference data: countries and the groups they belong to. Names are a JSON
-- object keyed by language code ({"en": "...", "zh": "..."}).
CREATE TABLE country_groups (
    code        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    names       TEXT NOT NULL,
    short_names TEXT NOT NULL,
    source      TEXT NOT NULL
);

-- Which version (digest) of each shipped reference data set is loaded.
CREATE TABLE reference_data (
    name   TEXT PRIMARY KEY,
    digest TEXT NOT NULL
);

CREATE TABLE countries (
    iso3           TEXT PRIMARY KEY,
    iso2           TEXT NOT NULL UNIQUE,
    numeric        TEXT NOT NULL UNIQUE,
    names          TEXT NOT NULL,
    official_names TEXT NOT NULL
);

CREATE TABLE country_group_members (
    group_code TEXT NOT NULL REFERENCES country_groups(code) ON DELETE CASCADE,
    iso3       TEXT NOT NULL REFERENCES countries(iso3) ON DELETE CASCADE,
    PRIMARY KEY (group_code, iso3)
);

-- Accounts. A delegate is bound to one delegation, identified for now by its
-- country; other roles have none.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    language      TEXT NOT NULL,
    role          TEXT NOT NULL,
    delegation    TEXT REFERENCES countries(iso3),
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

-- Sign-in sessions live in the database so that several server instances
-- share them. Only a hash of the cookie value is stored.
CREATE TABLE login_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX login_sessions_user ON login_sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Failed sign-in attempts, per e-mail and per client address, for throttling
-- that holds across instances.
CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    subject  TEXT NOT NULL,
    at       TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures(subject, at);

-- The audit trail: append-only, each entry chained to the one before by hash.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    digest      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);

-- One row: the head of the chain. Appending updates it in the same
-- transaction, which serialises appends and lets verification notice rows
-- removed from the end.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
