-- The outbox: what happened to referrals and cases, one entry per organisation concerned,
-- written in the same transaction as the change (haven_domain::outbox). Webhooks deliver it in
-- order, each from where it got to. Kept in step with migrations/sqlite/0008_outbox.sql.

CREATE TABLE outbox (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic      TEXT NOT NULL,
    org_id     UUID NOT NULL REFERENCES organisations(id),
    record_id  UUID NOT NULL,
    payload    TEXT NOT NULL,                       -- JSON; ids and codes, nothing identifying
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX outbox_org ON outbox(org_id, seq);

CREATE TABLE webhooks (
    id              UUID PRIMARY KEY,
    org_id          UUID NOT NULL REFERENCES organisations(id),
    url             TEXT NOT NULL,
    secret          BYTEA NOT NULL,                 -- sealed; signs each delivery
    delivered_seq   BIGINT NOT NULL,                -- the last outbox entry the receiver took
    failures        BIGINT NOT NULL,                -- in a row, since the last delivery
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error      TEXT,
    active          BOOLEAN NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
