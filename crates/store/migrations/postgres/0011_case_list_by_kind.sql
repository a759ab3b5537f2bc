-- The case list reads the newest cases of each kind of each organisation it shows, so that
-- an organisation's many cases of a kind the reader may not open are never read past.
-- (kind, org_id) prefixes still serve what the old index served.
DROP INDEX cases_kind_org;
CREATE INDEX cases_kind_org_opened ON cases(kind, org_id, opened_on, id);
