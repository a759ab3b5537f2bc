-- Record linkage: pairs of person records proposed as possibly one person, and what was decided
-- about them (haven_domain::merge). A merge deletes nothing: it is an edge from one record to the
-- record it is shown as, which an undo removes. Kept in step with
-- migrations/sqlite/0009_person_pairs.sql.

CREATE TABLE person_pairs (
    id          UUID PRIMARY KEY,
    left_id     UUID NOT NULL REFERENCES persons(id),   -- the lesser id
    right_id    UUID NOT NULL REFERENCES persons(id),
    score       DOUBLE PRECISION NOT NULL,
    evidence    TEXT NOT NULL,                          -- JSON: each field's weight; nothing identifying
    state       TEXT NOT NULL,                          -- review, merged, kept_apart
    survivor_id UUID REFERENCES persons(id),            -- while merged: the record chosen to be shown
    merged_from UUID REFERENCES persons(id),            -- while merged: the edge the merge added,
    merged_to   UUID REFERENCES persons(id),            -- from this record to the one it shows as
    proposed_by TEXT NOT NULL,
    proposed_at TIMESTAMPTZ NOT NULL,
    decided_by  TEXT,
    decided_at  TIMESTAMPTZ,
    version     BIGINT NOT NULL CHECK (version > 0),
    UNIQUE (left_id, right_id)
);
CREATE INDEX person_pairs_right ON person_pairs(right_id);
CREATE INDEX person_pairs_state ON person_pairs(state, score);
-- A record is shown as one other record at most.
CREATE UNIQUE INDEX person_pairs_edge ON person_pairs(merged_from) WHERE merged_from IS NOT NULL;

CREATE TABLE person_pair_decisions (
    id          UUID PRIMARY KEY,                       -- time-ordered
    pair_id     UUID NOT NULL REFERENCES person_pairs(id),
    decision    TEXT NOT NULL,                          -- merge, keep_apart, undo
    survivor_id UUID REFERENCES persons(id),
    decided_by  TEXT NOT NULL,
    decided_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX person_pair_decisions_pair ON person_pair_decisions(pair_id);
