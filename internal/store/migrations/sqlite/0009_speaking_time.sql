-- The chair may set a speaking-time limit for a list (0: none); the room
-- display counts down from it and warns before the end.
ALTER TABLE speaker_lists ADD COLUMN time_limit_seconds INTEGER NOT NULL DEFAULT 0;
