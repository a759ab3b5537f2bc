-- The register of licensed recruitment agencies and foreign employers, a reference list that
-- administrators import. Kept in step with migrations/sqlite/0004_agency_register.sql.

CREATE TABLE licensed_agencies (
    licence_no  TEXT PRIMARY KEY,                       -- the licensing authority's number
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,                          -- agency::search_key(name), for look-ups
    kind        TEXT NOT NULL,
    country     TEXT NOT NULL,
    valid_from  DATE NOT NULL,
    valid_until DATE,
    version     BIGINT NOT NULL
);
CREATE INDEX licensed_agencies_name ON licensed_agencies(name_key);
