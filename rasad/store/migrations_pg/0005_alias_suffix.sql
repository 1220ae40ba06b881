-- rasad PostgreSQL schema 5: every alias keeps its key reversed (`rkey`, indexed), so the stored
-- names that end with a word (`روحانی` -> `حسن روحانی`, rasad.link.people.stored_person) are a
-- range of an index instead of a `LIKE '%...'` scan of every alias: SQLite's schema 12. The value
-- is written by the store (Python's reversal of the key), here filled for the aliases already kept.
ALTER TABLE person_aliases ADD COLUMN rkey TEXT COLLATE "C";
UPDATE person_aliases SET rkey = reverse(key);
ALTER TABLE person_aliases ALTER COLUMN rkey SET NOT NULL;
CREATE INDEX person_aliases_rkey ON person_aliases (rkey);
