-- rasad PostgreSQL schema 11: `postings` keyed by a 64-bit hash of the term (rasad_term) and a 32-bit
-- article id. A row was a text term (11 bytes on average, a word or a pair of words), a BIGINT id
-- and the occurrences: 60 bytes in the table and 49 in its key, 4.3 GB of a 100,000-article store's
-- 7.2 GB, and about 43 GB of a million articles' (too large, with the sort that builds the key, for
-- one machine's disk). Now 44 and 31 bytes (every column fixed-width and aligned), and comparing two
-- terms compares two integers. A search asks for `term = rasad_term('...')`, folded to a constant
-- when the statement is planned, so the planner's statistics of common terms still apply. Two terms
-- with the same hash would share postings: with 64 bits and the few million distinct terms of an
-- archive the chance of any such pair is below one in a million. No search reads a term back from
-- `postings` (the words are in the articles' tsvectors and `common_grams`).
CREATE OR REPLACE FUNCTION rasad_term(term TEXT) RETURNS BIGINT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT hashtextextended(term COLLATE "C", 0) $$;

CREATE OR REPLACE FUNCTION rasad_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM postings WHERE article_id = OLD.id AND term IN (
            SELECT rasad_term(k) FROM jsonb_object_keys(OLD.frequencies) AS k
            UNION ALL SELECT rasad_term(p.term) FROM rasad_pairs(OLD.words) AS p);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO postings (term, article_id, tf)
            SELECT rasad_term(f.key), NEW.id, f.value::integer FROM jsonb_each_text(NEW.frequencies) AS f
            UNION ALL SELECT rasad_term(p.term), NEW.id, p.tf FROM rasad_pairs(NEW.words) AS p;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION rasad_rebuild_postings() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    written BIGINT;
BEGIN
    TRUNCATE postings;
    ALTER TABLE postings DROP CONSTRAINT postings_pkey;
    INSERT INTO postings (term, article_id, tf)
        SELECT rasad_term(f.key), a.id, f.value::integer FROM articles AS a, jsonb_each_text(a.frequencies) AS f
        UNION ALL SELECT rasad_term(p.term), a.id, p.tf FROM articles AS a, rasad_pairs(a.words) AS p;
    GET DIAGNOSTICS written = ROW_COUNT;
    ALTER TABLE postings ADD CONSTRAINT postings_pkey PRIMARY KEY (term, article_id) INCLUDE (tf);
    RETURN written;
END $$;

-- the rows again, hashed, into a new table (free disk for about two thirds of the old one); its key
-- built after, by one sort
CREATE TABLE postings_hashed (term BIGINT NOT NULL, article_id INTEGER NOT NULL, tf INTEGER NOT NULL);
INSERT INTO postings_hashed (term, article_id, tf) SELECT rasad_term(term), article_id, tf FROM postings;
DROP TABLE postings;
ALTER TABLE postings_hashed RENAME TO postings;
ALTER TABLE postings ADD CONSTRAINT postings_pkey PRIMARY KEY (term, article_id) INCLUDE (tf);
ALTER TABLE postings ALTER COLUMN term SET STATISTICS 5000;  -- schema 10's, for the new column
ANALYZE postings;
