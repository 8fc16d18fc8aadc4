-- A disabled account can no longer sign in or use its API tokens; it stays
-- in the record, its statements and audit entries keep naming it.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP;
