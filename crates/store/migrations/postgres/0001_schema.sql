-- Haven schema, PostgreSQL. Kept in step with migrations/sqlite/0001_schema.sql: the same
-- tables, columns and constraints, with each engine's types. Columns that hold sealed (encrypted) values are BYTEAs whose
-- comment says "sealed".

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BYTEA NOT NULL
);

CREATE TABLE organisations (
    id         UUID PRIMARY KEY,
    parent_id  UUID REFERENCES organisations(id),
    name       TEXT NOT NULL,
    short_name TEXT,
    kind       TEXT NOT NULL,
    region     TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version    BIGINT NOT NULL CHECK (version > 0)
);
CREATE INDEX organisations_parent ON organisations(parent_id);

CREATE TABLE users (
    id            UUID PRIMARY KEY,
    org_id        UUID NOT NULL REFERENCES organisations(id),
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    roles         TEXT NOT NULL,              -- comma-separated role codes
    active        BOOLEAN NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL CHECK (version > 0)
);

CREATE TABLE persons (
    id         UUID PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,          -- pseudonymous code
    sex        TEXT NOT NULL,
    birth_year BIGINT,                       -- in clear, for age groups
    birth_date BYTEA,                          -- sealed partial date
    registered_by UUID REFERENCES organisations(id),  -- NULL when a system task registered them
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version    BIGINT NOT NULL CHECK (version > 0)
);

CREATE TABLE person_citizenships (
    person_id UUID NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    country   TEXT NOT NULL,
    PRIMARY KEY (person_id, country)
);
CREATE INDEX person_citizenships_country ON person_citizenships(country);

CREATE TABLE person_names (
    id          UUID PRIMARY KEY,
    person_id   UUID NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    script      TEXT NOT NULL,
    source      TEXT NOT NULL,
    recorded_by UUID REFERENCES organisations(id),
    name        BYTEA NOT NULL                 -- sealed JSON {given, family, patronymic}
);
CREATE INDEX person_names_person ON person_names(person_id);

CREATE TABLE person_documents (
    id              UUID PRIMARY KEY,
    person_id       UUID NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    position        BIGINT NOT NULL,
    kind            TEXT NOT NULL,
    issuing_country TEXT NOT NULL,
    number          BYTEA NOT NULL,            -- sealed
    valid_until     BYTEA                      -- sealed date
);
CREATE INDEX person_documents_person ON person_documents(person_id);

CREATE TABLE person_contacts (
    id        UUID PRIMARY KEY,
    person_id UUID NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    value     BYTEA NOT NULL                   -- sealed
);
CREATE INDEX person_contacts_person ON person_contacts(person_id);

-- Keyed blind indexes of normalised names and document numbers, for equality look-up.
CREATE TABLE person_lookup (
    person_id UUID NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    digest    BYTEA NOT NULL
);
CREATE INDEX person_lookup_digest ON person_lookup(kind, digest);
CREATE INDEX person_lookup_person ON person_lookup(person_id);

CREATE TABLE cases (
    id         UUID PRIMARY KEY,
    kind       TEXT NOT NULL,
    org_id     UUID NOT NULL REFERENCES organisations(id),
    person_id  UUID REFERENCES persons(id),
    reference  TEXT NOT NULL,
    opened_on  DATE NOT NULL,
    closed_on  DATE,
    status     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version    BIGINT NOT NULL CHECK (version > 0),
    UNIQUE (org_id, reference),
    CHECK (closed_on IS NULL OR closed_on >= opened_on)
);
CREATE INDEX cases_person ON cases(person_id);
CREATE INDEX cases_kind_org ON cases(kind, org_id);

CREATE TABLE trafficking_cases (
    case_id                UUID PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    status                 TEXT NOT NULL,
    detected_on            DATE NOT NULL,
    identified_on          DATE,
    status_decided_by      TEXT,
    forced_labour_industry TEXT,
    recruiter_relation     TEXT,
    recruitment_country    TEXT,
    exploitation_country   TEXT
);

-- The multi-select HTCDS attributes of a trafficking case, one row per chosen value.
CREATE TABLE trafficking_case_codes (
    case_id UUID NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    list    TEXT NOT NULL,  -- exploitation | sex_exploitation | means_of_control | recruitment | vulnerability | transit_country
    code    TEXT NOT NULL,
    position BIGINT NOT NULL,   -- order as entered
    PRIMARY KEY (case_id, list, code)
);
CREATE INDEX trafficking_case_codes_list ON trafficking_case_codes(list, code);

CREATE TABLE criminal_cases (
    case_id        UUID PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    article        TEXT NOT NULL,
    initiated_on   DATE NOT NULL,
    stage          TEXT NOT NULL,
    stage_on       DATE NOT NULL,
    partner_country TEXT,
    partner_agency TEXT
);

CREATE TABLE criminal_case_parties (
    case_id   UUID NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    person_id UUID NOT NULL REFERENCES persons(id),
    role      TEXT NOT NULL,
    position  BIGINT NOT NULL,
    PRIMARY KEY (case_id, person_id, role)
);
CREATE INDEX criminal_case_parties_person ON criminal_case_parties(person_id);

CREATE TABLE migration_cases (
    case_id     UUID PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    detected_on DATE NOT NULL,
    detected_in TEXT,
    grounds     TEXT NOT NULL,
    decision    TEXT,
    decided_on  DATE,
    executed_on DATE,
    destination TEXT
);

CREATE TABLE detention_periods (
    case_id    UUID NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    facility   TEXT NOT NULL,
    started_on DATE NOT NULL,
    ended_on   DATE,
    PRIMARY KEY (case_id, position),
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX detention_periods_dates ON detention_periods(started_on, ended_on);

CREATE TABLE protection_cases (
    case_id      UUID PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    form_applied TEXT NOT NULL,
    applied_on   DATE NOT NULL,
    outcome      TEXT,
    form_granted TEXT,
    decided_on   DATE,
    valid_until  DATE
);

CREATE TABLE protection_extensions (
    case_id     UUID NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    decided_on  DATE NOT NULL,
    valid_until DATE NOT NULL,
    PRIMARY KEY (case_id, position)
);

CREATE TABLE citizenship_cases (
    case_id     UUID PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    applied_on  DATE NOT NULL,
    outcome     TEXT,
    decided_on  DATE,
    acquired_on DATE
);

CREATE TABLE hotline_contacts (
    case_id             UUID PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    contacted_at        TIMESTAMPTZ NOT NULL,
    caller              TEXT NOT NULL,
    channel             TEXT NOT NULL,
    topic               TEXT NOT NULL,
    destination_country TEXT,
    advice              BYTEA,             -- sealed
    referred_to         UUID REFERENCES organisations(id)
);

CREATE TABLE funding_allocations (
    id           UUID PRIMARY KEY,
    source       TEXT NOT NULL,
    donor        TEXT NOT NULL,
    recipient_id UUID REFERENCES organisations(id),
    purpose      TEXT NOT NULL,
    allocated_on DATE NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
    currency     TEXT NOT NULL,
    usd_rate     TEXT NOT NULL,           -- decimal, US dollars per unit
    usd_cents    BIGINT NOT NULL CHECK (usd_cents >= 0),
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    version      BIGINT NOT NULL CHECK (version > 0)
);
CREATE INDEX funding_allocations_purpose ON funding_allocations(purpose, allocated_on);

CREATE TABLE assistance (
    id           UUID PRIMARY KEY,
    person_id    UUID NOT NULL REFERENCES persons(id),
    case_id      UUID REFERENCES cases(id),
    provider_id  UUID NOT NULL REFERENCES organisations(id),
    kind         TEXT NOT NULL,
    delivered_on DATE NOT NULL,
    cost_minor   BIGINT CHECK (cost_minor >= 0),
    currency     TEXT,
    funding_id   UUID REFERENCES funding_allocations(id),
    notes        BYTEA,                    -- sealed
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    version      BIGINT NOT NULL CHECK (version > 0),
    CHECK ((cost_minor IS NULL) = (currency IS NULL))
);
CREATE INDEX assistance_person ON assistance(person_id);
CREATE INDEX assistance_kind_date ON assistance(kind, delivered_on);

CREATE TABLE referrals (
    id                  UUID PRIMARY KEY,
    case_id             UUID NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    person_id           UUID REFERENCES persons(id),
    from_org            UUID NOT NULL REFERENCES organisations(id),
    to_org              UUID NOT NULL REFERENCES organisations(id),
    reason              TEXT NOT NULL,
    sections            TEXT NOT NULL,    -- comma-separated section codes
    consent_basis       TEXT NOT NULL,
    consent_recorded_on DATE NOT NULL,
    consent_recorded_by UUID,
    status              TEXT NOT NULL,
    sent_on             DATE NOT NULL,
    responded_on        DATE,
    decline_reason      BYTEA,             -- sealed
    completed_on        DATE,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    version             BIGINT NOT NULL CHECK (version > 0)
);
CREATE INDEX referrals_case ON referrals(case_id);
CREATE INDEX referrals_to ON referrals(to_org, status);

-- The timeline. `source` and `source_id` name the record that states the event (a case, an
-- assistance record, a referral), which rewrites it whenever it changes; user-recorded
-- events have source 'user' and their own id.
CREATE TABLE events (
    id          UUID PRIMARY KEY,
    case_id     UUID NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    person_id   UUID REFERENCES persons(id),
    org_id      UUID NOT NULL REFERENCES organisations(id),
    kind        TEXT NOT NULL,
    occurred_on DATE NOT NULL,
    code        TEXT,
    source      TEXT NOT NULL,
    source_id   UUID NOT NULL,
    notes       BYTEA,                     -- sealed
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by UUID,
    version     BIGINT NOT NULL CHECK (version > 0)
);
CREATE INDEX events_case ON events(case_id, occurred_on);
CREATE INDEX events_kind_date ON events(kind, occurred_on);

CREATE TABLE prevention_activities (
    id         UUID PRIMARY KEY,
    org_id     UUID NOT NULL REFERENCES organisations(id),
    kind       TEXT NOT NULL,
    topic      TEXT NOT NULL,
    held_on    DATE NOT NULL,
    title      TEXT NOT NULL,
    region     TEXT,
    audience   BIGINT CHECK (audience >= 0),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version    BIGINT NOT NULL CHECK (version > 0)
);
CREATE INDEX prevention_activities_kind ON prevention_activities(kind, topic, held_on);

CREATE TABLE trainings (
    id         UUID PRIMARY KEY,
    org_id     UUID NOT NULL REFERENCES organisations(id),
    title      TEXT NOT NULL,
    starts_on  DATE NOT NULL,
    ends_on    DATE NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version    BIGINT NOT NULL CHECK (version > 0),
    CHECK (ends_on >= starts_on)
);

CREATE TABLE training_participants (
    training_id UUID NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,
    country     TEXT NOT NULL,
    count       BIGINT NOT NULL CHECK (count >= 0),
    PRIMARY KEY (training_id, country)
);

CREATE TABLE cooperation (
    id                  UUID PRIMARY KEY,
    org_id              UUID NOT NULL REFERENCES organisations(id),
    kind                TEXT NOT NULL,
    counterpart         TEXT NOT NULL,
    counterpart_country TEXT,
    subject             TEXT NOT NULL,
    case_id             UUID REFERENCES cases(id),
    started_on          DATE NOT NULL,
    ended_on            DATE,
    outcome             TEXT,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    version             BIGINT NOT NULL CHECK (version > 0)
);

CREATE TABLE surveys (
    id           UUID PRIMARY KEY,
    org_id       UUID NOT NULL REFERENCES organisations(id),
    title        TEXT NOT NULL,
    fielded_from DATE NOT NULL,
    fielded_to   DATE NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    version      BIGINT NOT NULL CHECK (version > 0)
);

CREATE TABLE survey_answers (
    survey_id  UUID NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    respondent BIGINT NOT NULL,
    sex        TEXT,
    region     TEXT,
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    PRIMARY KEY (survey_id, respondent, question)
);

-- The audit trail: append-only, hash-chained (see haven_domain::audit).
CREATE TABLE audit_log (
    seq           BIGINT PRIMARY KEY,
    at            TIMESTAMPTZ NOT NULL,
    actor_user    UUID,
    actor_org     UUID,
    actor_label   TEXT NOT NULL,
    action        TEXT NOT NULL,
    record_table  TEXT NOT NULL,
    record_id     UUID,
    detail        TEXT,
    before_digest BYTEA,
    after_digest  BYTEA,
    prev_hash     BYTEA NOT NULL,
    hash          BYTEA NOT NULL
);
CREATE INDEX audit_log_record ON audit_log(record_id);

-- The last entry's number and hash. Appending locks this row, which orders concurrent
-- writers; verification compares the chain's end with it.
CREATE TABLE audit_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash BYTEA NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);

-- The application never changes or removes an entry. (Someone with rights to drop this
-- trigger can; the hash chain is what shows that they did.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
