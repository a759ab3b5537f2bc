-- What each imported row became. `haven import` finds a row's natural key here on the next run
-- and leaves the record alone, so importing the same file twice changes nothing. The key (a case
-- number, a register number) and the row's content are kept only as keyed digests: they may
-- identify someone. Kept in step with migrations/sqlite/0006_import_keys.sql.

CREATE TABLE import_keys (
    kind        TEXT NOT NULL,                          -- what the row was imported as (persons, cases...)
    key_digest  BYTEA NOT NULL,
    record_id   UUID NOT NULL,
    row_digest  BYTEA NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, key_digest)
);
