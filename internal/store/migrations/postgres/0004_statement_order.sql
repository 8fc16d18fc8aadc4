-- Statement lists page in the database, in delivery order, after a cursor
-- (delivered_on, id): one index per way a list is narrowed, so that a page
-- costs the same in an edition of a million statements as in one of a
-- thousand. The feed reads the newest changes and embargo ends, of one
-- edition or of all.
CREATE INDEX statements_edition_order ON statements(edition_id, delivered_on, id);
CREATE INDEX statements_session_order ON statements(session_id, delivered_on, id);
CREATE INDEX statements_delegation_order ON statements(delegation_id, delivered_on, id);
CREATE INDEX statements_order ON statements(delivered_on, id);
CREATE INDEX statements_updated ON statements(updated_at, id);
CREATE INDEX statements_embargo ON statements(embargo_until, id);
CREATE INDEX statements_edition_updated ON statements(edition_id, updated_at, id);
CREATE INDEX statements_edition_embargo ON statements(edition_id, embargo_until, id);
