-- Evidence: development indicators and their observations.
--
-- An indicator is what is measured (SP.DYN.LE00.IN, life expectancy); a
-- series is one source's release of it (World Bank WDI as updated on
-- 2020-07-01). Observations belong to a series, never to an indicator, so
-- the same code from two sources or two vintages (the poverty line at $1.90
-- a day, then at $3.00) never mixes in a chart or a metric.

-- Areas observations may name: every economy and every aggregate a source
-- publishes (the World Bank's WLD, LCN, ...). Kept apart from countries,
-- which lists the forum's participants only: the income frontier and world
-- totals need all of them.
CREATE TABLE evidence_areas (
    code     TEXT PRIMARY KEY,          -- ISO 3166-1 alpha-3, or the source's aggregate code
    kind     TEXT NOT NULL,             -- economy, aggregate
    iso2     TEXT NOT NULL DEFAULT '',
    numeric  TEXT NOT NULL DEFAULT '',  -- ISO 3166-1 / UN M49 numeric, zero-padded
    region   TEXT NOT NULL DEFAULT '',  -- UN M49 sub-region of an economy (005 South America)
    names    TEXT NOT NULL              -- JSON {lang: name}
);

CREATE TABLE indicators (
    code             TEXT PRIMARY KEY,
    names            TEXT NOT NULL,                 -- JSON {lang: name}
    descriptions     TEXT NOT NULL DEFAULT '{}',    -- JSON {lang: text}
    units            TEXT NOT NULL DEFAULT '{}',    -- JSON {lang: unit}
    topic            TEXT NOT NULL DEFAULT '',
    higher_is_better INTEGER NOT NULL DEFAULT 0,    -- 1 higher is better, -1 lower is better, 0 neither
    concepts         TEXT NOT NULL DEFAULT '[]',    -- JSON [thesaurus concept id]
    sdg_targets      TEXT NOT NULL DEFAULT '[]',    -- JSON ["3.2", ...]
    decimals         INTEGER NOT NULL DEFAULT 1,
    updated_at       TIMESTAMP NOT NULL
);

CREATE TABLE indicator_series (
    id             INTEGER PRIMARY KEY,
    indicator_code TEXT NOT NULL REFERENCES indicators(code),
    source         TEXT NOT NULL,               -- the publisher's dataset: "World Bank WDI"
    vintage        TEXT NOT NULL,               -- the release: "2020-07-01"
    name           TEXT NOT NULL DEFAULT '',    -- the name the source gave it in that release
    licence        TEXT NOT NULL DEFAULT '',
    source_url     TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    revision       INTEGER NOT NULL DEFAULT 0,  -- grows with every import that changes it (caches key on it)
    observations   INTEGER NOT NULL DEFAULT 0,
    first_year     INTEGER,
    last_year      INTEGER,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (indicator_code, source, vintage)
);

CREATE TABLE observations (
    series_id INTEGER NOT NULL REFERENCES indicator_series(id),
    area      TEXT NOT NULL,
    year      INTEGER NOT NULL,
    value     REAL NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (series_id, area, year)
) WITHOUT ROWID;

-- One row per file imported: what it held, what it changed, who brought it.
-- A file imported twice (same digest) changes nothing the second time.
CREATE TABLE evidence_imports (
    id           INTEGER PRIMARY KEY,
    file_name    TEXT NOT NULL,
    format       TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    rows_read    INTEGER NOT NULL,
    rows_changed INTEGER NOT NULL,
    series       TEXT NOT NULL DEFAULT '[]',    -- JSON [series id]
    actor        TEXT NOT NULL,
    imported_at  TIMESTAMP NOT NULL
);

-- A figure quoted in a statement, checked against the data. The check
-- (what the figure is: a share, a value) is kept as JSON; the answer is
-- recomputed from the data whenever it is shown, with its year and source.
CREATE TABLE evidence_claims (
    id           INTEGER PRIMARY KEY,
    statement_id INTEGER NOT NULL REFERENCES statements(id),
    quote        TEXT NOT NULL,
    spec         TEXT NOT NULL,
    stated       REAL,
    created_by   INTEGER REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX evidence_claims_statement ON evidence_claims(statement_id);
