-- Sign-in: a user's second factor and language, server-side sessions, and the failed attempts
-- that lock an account or an address out. Kept in step with migrations/sqlite/0003_sign_in.sql.

ALTER TABLE users ADD COLUMN totp_secret BYTEA;            -- sealed with the keyring; NULL until enrolled
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
-- The last TOTP time step accepted, so a code cannot be used twice.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- The cookie carries a random token; only its SHA-256 is stored, so a copy of the database
-- opens no session.
CREATE TABLE sessions (
    token_hash    BYTEA PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users(id),
    csrf_token    TEXT NOT NULL,
    second_factor BOOLEAN NOT NULL,                     -- true once the TOTP code was checked
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- One row per failed attempt, per subject: 'account:<username>' or 'address:<keyed digest>'.
CREATE TABLE sign_in_failures (
    subject TEXT NOT NULL,
    at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_failures_subject ON sign_in_failures(subject, at);
