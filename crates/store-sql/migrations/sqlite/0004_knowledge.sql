-- Knowledge base: a platform admin's edits to the shipped content files, one
-- row per file, stored whole as TOML. The shipped file stays in the binary; an
-- edit overrides it and deleting the edit brings it back. The history of each
-- file is its audit lines (entity 'knowledge-file', old and new text).
-- Twin of the PostgreSQL file.

CREATE TABLE knowledge_edits (
    path TEXT PRIMARY KEY,
    entry_id TEXT NOT NULL UNIQUE,
    toml TEXT NOT NULL,
    edited_at BIGINT NOT NULL,
    edited_by TEXT NOT NULL,
    edited_by_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL
);

-- The history of one record (a knowledge file, …) without scanning the log.
CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id, id);
