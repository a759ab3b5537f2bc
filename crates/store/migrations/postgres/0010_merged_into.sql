-- A person's page lists the records merged into her by walking down the merges from her:
-- without this index each step would read every pair.
CREATE INDEX person_pairs_merged_to ON person_pairs(merged_to) WHERE merged_to IS NOT NULL;
