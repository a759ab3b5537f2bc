-- The outbox: what happened to referrals and cases, one entry per organisation concerned,
-- written in the same transaction as the change (haven_domain::outbox). Webhooks deliver it in
-- order, each from where it got to. Kept in step with migrations/postgres/0008_outbox.sql.

CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    topic      TEXT NOT NULL,
    org_id     BLOB NOT NULL REFERENCES organisations(id),
    record_id  BLOB NOT NULL,
    payload    TEXT NOT NULL,                       -- JSON; ids and codes, nothing identifying
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_org ON outbox(org_id, seq);

CREATE TABLE webhooks (
    id              BLOB PRIMARY KEY,
    org_id          BLOB NOT NULL REFERENCES organisations(id),
    url             TEXT NOT NULL,
    secret          BLOB NOT NULL,                  -- sealed; signs each delivery
    delivered_seq   INTEGER NOT NULL,               -- the last outbox entry the receiver took
    failures        INTEGER NOT NULL,               -- in a row, since the last delivery
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    active          INTEGER NOT NULL,
    created_at      TEXT NOT NULL
) STRICT;
