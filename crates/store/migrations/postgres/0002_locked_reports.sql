-- Locked reports: published figures, kept as they were published. Kept in step with
-- migrations/sqlite/0002_locked_reports.sql.

CREATE TABLE locked_reports (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    period_from DATE NOT NULL,
    period_to   DATE NOT NULL,
    threshold   BIGINT NOT NULL CHECK (threshold > 0),
    figures     TEXT NOT NULL,            -- JSON list of haven_domain::publication::LockedFigure
    fingerprint BYTEA NOT NULL,           -- keyed digest of everything above but the id
    locked_at   TIMESTAMPTZ NOT NULL,
    locked_by   TEXT NOT NULL
);

CREATE FUNCTION locked_reports_unchanging() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a locked report never changes';
END;
$$;
CREATE TRIGGER locked_reports_no_change BEFORE UPDATE OR DELETE ON locked_reports
FOR EACH ROW EXECUTE FUNCTION locked_reports_unchanging();
