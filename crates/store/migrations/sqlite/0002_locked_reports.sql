-- Locked reports: published figures, kept as they were published. Kept in step with
-- migrations/postgres/0002_locked_reports.sql.

CREATE TABLE locked_reports (
    id          BLOB PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    threshold   INTEGER NOT NULL CHECK (threshold > 0),
    figures     TEXT NOT NULL,            -- JSON list of haven_domain::publication::LockedFigure
    fingerprint BLOB NOT NULL,            -- keyed digest of everything above but the id
    locked_at   TEXT NOT NULL,
    locked_by   TEXT NOT NULL
) STRICT;

CREATE TRIGGER locked_reports_no_update BEFORE UPDATE ON locked_reports
BEGIN SELECT RAISE(ABORT, 'a locked report never changes'); END;
CREATE TRIGGER locked_reports_no_delete BEFORE DELETE ON locked_reports
BEGIN SELECT RAISE(ABORT, 'a locked report never changes'); END;
