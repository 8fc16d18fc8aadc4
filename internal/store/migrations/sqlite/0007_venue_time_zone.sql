-- An edition's sessions are held, and shown, in the venue's time zone (an
-- IANA name such as America/Sao_Paulo); times are still stored in UTC.
ALTER TABLE editions ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
