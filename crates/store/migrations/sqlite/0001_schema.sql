-- Haven schema, SQLite. Kept in step with migrations/postgres/0001_schema.sql: the same
-- tables, columns and constraints, with each engine's types (UUIDs are 16-byte BLOBs, dates
-- ISO TEXT, times RFC 3339 TEXT). Columns that hold sealed (encrypted) values are BLOBs whose
-- comment says "sealed".

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;

CREATE TABLE organisations (
    id         BLOB PRIMARY KEY,
    parent_id  BLOB REFERENCES organisations(id),
    name       TEXT NOT NULL,
    short_name TEXT,
    kind       TEXT NOT NULL,
    region     TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version > 0)
) STRICT;
CREATE INDEX organisations_parent ON organisations(parent_id);

CREATE TABLE users (
    id            BLOB PRIMARY KEY,
    org_id        BLOB NOT NULL REFERENCES organisations(id),
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    roles         TEXT NOT NULL,              -- comma-separated role codes
    active        INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL CHECK (version > 0)
) STRICT;

CREATE TABLE persons (
    id         BLOB PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,          -- pseudonymous code
    sex        TEXT NOT NULL,
    birth_year INTEGER,                       -- in clear, for age groups
    birth_date BLOB,                          -- sealed partial date
    registered_by BLOB REFERENCES organisations(id),  -- NULL when a system task registered them
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version > 0)
) STRICT;

CREATE TABLE person_citizenships (
    person_id BLOB NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    country   TEXT NOT NULL,
    PRIMARY KEY (person_id, country)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_citizenships_country ON person_citizenships(country);

CREATE TABLE person_names (
    id          BLOB PRIMARY KEY,
    person_id   BLOB NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    script      TEXT NOT NULL,
    source      TEXT NOT NULL,
    recorded_by BLOB REFERENCES organisations(id),
    name        BLOB NOT NULL                 -- sealed JSON {given, family, patronymic}
) STRICT;
CREATE INDEX person_names_person ON person_names(person_id);

CREATE TABLE person_documents (
    id              BLOB PRIMARY KEY,
    person_id       BLOB NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    issuing_country TEXT NOT NULL,
    number          BLOB NOT NULL,            -- sealed
    valid_until     BLOB                      -- sealed date
) STRICT;
CREATE INDEX person_documents_person ON person_documents(person_id);

CREATE TABLE person_contacts (
    id        BLOB PRIMARY KEY,
    person_id BLOB NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    value     BLOB NOT NULL                   -- sealed
) STRICT;
CREATE INDEX person_contacts_person ON person_contacts(person_id);

-- Keyed blind indexes of normalised names and document numbers, for equality look-up.
CREATE TABLE person_lookup (
    person_id BLOB NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    digest    BLOB NOT NULL
) STRICT;
CREATE INDEX person_lookup_digest ON person_lookup(kind, digest);
CREATE INDEX person_lookup_person ON person_lookup(person_id);

CREATE TABLE cases (
    id         BLOB PRIMARY KEY,
    kind       TEXT NOT NULL,
    org_id     BLOB NOT NULL REFERENCES organisations(id),
    person_id  BLOB REFERENCES persons(id),
    reference  TEXT NOT NULL,
    opened_on  TEXT NOT NULL,
    closed_on  TEXT,
    status     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version > 0),
    UNIQUE (org_id, reference),
    CHECK (closed_on IS NULL OR closed_on >= opened_on)
) STRICT;
CREATE INDEX cases_person ON cases(person_id);
CREATE INDEX cases_kind_org ON cases(kind, org_id);

CREATE TABLE trafficking_cases (
    case_id                BLOB PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    status                 TEXT NOT NULL,
    detected_on            TEXT NOT NULL,
    identified_on          TEXT,
    status_decided_by      TEXT,
    forced_labour_industry TEXT,
    recruiter_relation     TEXT,
    recruitment_country    TEXT,
    exploitation_country   TEXT
) STRICT;

-- The multi-select HTCDS attributes of a trafficking case, one row per chosen value.
CREATE TABLE trafficking_case_codes (
    case_id BLOB NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    list    TEXT NOT NULL,  -- exploitation | sex_exploitation | means_of_control | recruitment | vulnerability | transit_country
    code    TEXT NOT NULL,
    position INTEGER NOT NULL,   -- order as entered
    PRIMARY KEY (case_id, list, code)
) STRICT, WITHOUT ROWID;
CREATE INDEX trafficking_case_codes_list ON trafficking_case_codes(list, code);

CREATE TABLE criminal_cases (
    case_id        BLOB PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    article        TEXT NOT NULL,
    initiated_on   TEXT NOT NULL,
    stage          TEXT NOT NULL,
    stage_on       TEXT NOT NULL,
    partner_country TEXT,
    partner_agency TEXT
) STRICT;

CREATE TABLE criminal_case_parties (
    case_id   BLOB NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    person_id BLOB NOT NULL REFERENCES persons(id),
    role      TEXT NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (case_id, person_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX criminal_case_parties_person ON criminal_case_parties(person_id);

CREATE TABLE migration_cases (
    case_id     BLOB PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    detected_on TEXT NOT NULL,
    detected_in TEXT,
    grounds     TEXT NOT NULL,
    decision    TEXT,
    decided_on  TEXT,
    executed_on TEXT,
    destination TEXT
) STRICT;

CREATE TABLE detention_periods (
    case_id    BLOB NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    facility   TEXT NOT NULL,
    started_on TEXT NOT NULL,
    ended_on   TEXT,
    PRIMARY KEY (case_id, position),
    CHECK (ended_on IS NULL OR ended_on >= started_on)
) STRICT, WITHOUT ROWID;
CREATE INDEX detention_periods_dates ON detention_periods(started_on, ended_on);

CREATE TABLE protection_cases (
    case_id      BLOB PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    form_applied TEXT NOT NULL,
    applied_on   TEXT NOT NULL,
    outcome      TEXT,
    form_granted TEXT,
    decided_on   TEXT,
    valid_until  TEXT
) STRICT;

CREATE TABLE protection_extensions (
    case_id     BLOB NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    decided_on  TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    PRIMARY KEY (case_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE citizenship_cases (
    case_id     BLOB PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    applied_on  TEXT NOT NULL,
    outcome     TEXT,
    decided_on  TEXT,
    acquired_on TEXT
) STRICT;

CREATE TABLE hotline_contacts (
    case_id             BLOB PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    contacted_at        TEXT NOT NULL,
    caller              TEXT NOT NULL,
    channel             TEXT NOT NULL,
    topic               TEXT NOT NULL,
    destination_country TEXT,
    advice              BLOB,             -- sealed
    referred_to         BLOB REFERENCES organisations(id)
) STRICT;

CREATE TABLE funding_allocations (
    id           BLOB PRIMARY KEY,
    source       TEXT NOT NULL,
    donor        TEXT NOT NULL,
    recipient_id BLOB REFERENCES organisations(id),
    purpose      TEXT NOT NULL,
    allocated_on TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency     TEXT NOT NULL,
    usd_rate     TEXT NOT NULL,           -- decimal, US dollars per unit
    usd_cents    INTEGER NOT NULL CHECK (usd_cents >= 0),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version > 0)
) STRICT;
CREATE INDEX funding_allocations_purpose ON funding_allocations(purpose, allocated_on);

CREATE TABLE assistance (
    id           BLOB PRIMARY KEY,
    person_id    BLOB NOT NULL REFERENCES persons(id),
    case_id      BLOB REFERENCES cases(id),
    provider_id  BLOB NOT NULL REFERENCES organisations(id),
    kind         TEXT NOT NULL,
    delivered_on TEXT NOT NULL,
    cost_minor   INTEGER CHECK (cost_minor >= 0),
    currency     TEXT,
    funding_id   BLOB REFERENCES funding_allocations(id),
    notes        BLOB,                    -- sealed
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version > 0),
    CHECK ((cost_minor IS NULL) = (currency IS NULL))
) STRICT;
CREATE INDEX assistance_person ON assistance(person_id);
CREATE INDEX assistance_kind_date ON assistance(kind, delivered_on);

CREATE TABLE referrals (
    id                  BLOB PRIMARY KEY,
    case_id             BLOB NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    person_id           BLOB REFERENCES persons(id),
    from_org            BLOB NOT NULL REFERENCES organisations(id),
    to_org              BLOB NOT NULL REFERENCES organisations(id),
    reason              TEXT NOT NULL,
    sections            TEXT NOT NULL,    -- comma-separated section codes
    consent_basis       TEXT NOT NULL,
    consent_recorded_on TEXT NOT NULL,
    consent_recorded_by BLOB,
    status              TEXT NOT NULL,
    sent_on             TEXT NOT NULL,
    responded_on        TEXT,
    decline_reason      BLOB,             -- sealed
    completed_on        TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL CHECK (version > 0)
) STRICT;
CREATE INDEX referrals_case ON referrals(case_id);
CREATE INDEX referrals_to ON referrals(to_org, status);

-- The timeline. `source` and `source_id` name the record that states the event (a case, an
-- assistance record, a referral), which rewrites it whenever it changes; user-recorded
-- events have source 'user' and their own id.
CREATE TABLE events (
    id          BLOB PRIMARY KEY,
    case_id     BLOB NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    person_id   BLOB REFERENCES persons(id),
    org_id      BLOB NOT NULL REFERENCES organisations(id),
    kind        TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    code        TEXT,
    source      TEXT NOT NULL,
    source_id   BLOB NOT NULL,
    notes       BLOB,                     -- sealed
    recorded_at TEXT NOT NULL,
    recorded_by BLOB,
    version     INTEGER NOT NULL CHECK (version > 0)
) STRICT;
CREATE INDEX events_case ON events(case_id, occurred_on);
CREATE INDEX events_kind_date ON events(kind, occurred_on);

CREATE TABLE prevention_activities (
    id         BLOB PRIMARY KEY,
    org_id     BLOB NOT NULL REFERENCES organisations(id),
    kind       TEXT NOT NULL,
    topic      TEXT NOT NULL,
    held_on    TEXT NOT NULL,
    title      TEXT NOT NULL,
    region     TEXT,
    audience   INTEGER CHECK (audience >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version > 0)
) STRICT;
CREATE INDEX prevention_activities_kind ON prevention_activities(kind, topic, held_on);

CREATE TABLE trainings (
    id         BLOB PRIMARY KEY,
    org_id     BLOB NOT NULL REFERENCES organisations(id),
    title      TEXT NOT NULL,
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version > 0),
    CHECK (ends_on >= starts_on)
) STRICT;

CREATE TABLE training_participants (
    training_id BLOB NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,
    country     TEXT NOT NULL,
    count       INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (training_id, country)
) STRICT, WITHOUT ROWID;

CREATE TABLE cooperation (
    id                  BLOB PRIMARY KEY,
    org_id              BLOB NOT NULL REFERENCES organisations(id),
    kind                TEXT NOT NULL,
    counterpart         TEXT NOT NULL,
    counterpart_country TEXT,
    subject             TEXT NOT NULL,
    case_id             BLOB REFERENCES cases(id),
    started_on          TEXT NOT NULL,
    ended_on            TEXT,
    outcome             TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL CHECK (version > 0)
) STRICT;

CREATE TABLE surveys (
    id           BLOB PRIMARY KEY,
    org_id       BLOB NOT NULL REFERENCES organisations(id),
    title        TEXT NOT NULL,
    fielded_from TEXT NOT NULL,
    fielded_to   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version > 0)
) STRICT;

CREATE TABLE survey_answers (
    survey_id  BLOB NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    respondent INTEGER NOT NULL,
    sex        TEXT,
    region     TEXT,
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    PRIMARY KEY (survey_id, respondent, question)
) STRICT, WITHOUT ROWID;

-- The audit trail: append-only, hash-chained (see haven_domain::audit).
CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor_user    BLOB,
    actor_org     BLOB,
    actor_label   TEXT NOT NULL,
    action        TEXT NOT NULL,
    record_table  TEXT NOT NULL,
    record_id     BLOB,
    detail        TEXT,
    before_digest BLOB,
    after_digest  BLOB,
    prev_hash     BLOB NOT NULL,
    hash          BLOB NOT NULL
) STRICT;
CREATE INDEX audit_log_record ON audit_log(record_id);

-- The last entry's number and hash. Appending locks this row, which orders concurrent
-- writers; verification compares the chain's end with it.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash BLOB NOT NULL
) STRICT;
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));

-- The application never changes or removes an entry. (Someone with write access to the file
-- can drop these triggers; the hash chain is what shows that they did.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
