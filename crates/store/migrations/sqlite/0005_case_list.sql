-- The case list reads each organisation's newest cases from this index and stops after a page,
-- instead of sorting every case in scope. Kept in step with migrations/postgres/0005_case_list.sql.

CREATE INDEX cases_org_opened ON cases(org_id, opened_on, id);
