-- External reference statistics (UNODC GLOTIP, UNHCR, US TIP tiers): figures others publish,
-- kept apart from Haven's own records and never counted into its statistics. Each source's
-- figures are replaced whole by the next edition of its file. Kept in step with
-- migrations/sqlite/0007_reference_figures.sql.

CREATE TABLE reference_editions (
    source      TEXT PRIMARY KEY,                       -- unodc-glotip, unhcr-population, us-tip-tiers...
    file_name   TEXT NOT NULL,                          -- the file's name, as imported
    figures     BIGINT NOT NULL,
    digest      BYTEA NOT NULL,                          -- keyed digest of the figures, to tell a new edition
    imported_at TIMESTAMPTZ NOT NULL,
    imported_by TEXT NOT NULL
);

CREATE TABLE reference_figures (
    source       TEXT NOT NULL REFERENCES reference_editions(source),
    seq          BIGINT NOT NULL,                      -- order within the source's edition
    line         BIGINT NOT NULL,                      -- where in the file (first line of a sum)
    indicator    TEXT NOT NULL,
    country      TEXT,                                  -- ISO3 as published; NULL where none is given
    country_name TEXT NOT NULL,
    year         INTEGER NOT NULL,
    dimension    TEXT NOT NULL,
    category     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age          TEXT NOT NULL,
    value        BIGINT,                               -- a count
    qualifier    TEXT,                                  -- or a count published only as '<5'
    text_value   TEXT,                                  -- or a text (a tier)
    PRIMARY KEY (source, seq),
    CHECK ((CASE WHEN value IS NULL THEN 0 ELSE 1 END) + (CASE WHEN qualifier IS NULL THEN 0 ELSE 1 END)
           + (CASE WHEN text_value IS NULL THEN 0 ELSE 1 END) = 1)
);
CREATE INDEX reference_figures_country ON reference_figures(country, indicator, year);
