-- Sign-in: a user's second factor and language, server-side sessions, and the failed attempts
-- that lock an account or an address out. Kept in step with migrations/postgres/0003_sign_in.sql.

ALTER TABLE users ADD COLUMN totp_secret BLOB;             -- sealed with the keyring; NULL until enrolled
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
-- The last TOTP time step accepted, so a code cannot be used twice.
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;

-- The cookie carries a random token; only its SHA-256 is stored, so a copy of the database
-- opens no session.
CREATE TABLE sessions (
    token_hash    BLOB PRIMARY KEY,
    user_id       BLOB NOT NULL REFERENCES users(id),
    csrf_token    TEXT NOT NULL,
    second_factor INTEGER NOT NULL,                     -- 1 once the TOTP code was checked
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

-- One row per failed attempt, per subject: 'account:<username>' or 'address:<keyed digest>'.
CREATE TABLE sign_in_failures (
    subject TEXT NOT NULL,
    at      TEXT NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_subject ON sign_in_failures(subject, at);
