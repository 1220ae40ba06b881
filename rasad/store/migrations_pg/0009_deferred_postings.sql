-- rasad PostgreSQL schema 9: `postings` filled once at the end of a bulk copy. The trigger of schemas
-- 4 and 7 writes each article's words and kept pairs into `postings` as the article is written: right
-- for a monitor storing a few articles a minute, slow for `rasad migrate-store`, which writes every
-- article of an archive (each row placed in the key's b-tree in term order, one article at a time).
-- A session that sets `rasad.postings` to `deferred` now writes articles without their postings, and
-- then calls rasad_rebuild_postings(), which fills the whole table in one statement and builds its key
-- after, by one sort. Any other session keeps the trigger as it was.
DROP TRIGGER articles_postings ON articles;
CREATE TRIGGER articles_postings AFTER INSERT OR DELETE OR UPDATE OF id, frequencies, words ON articles
    FOR EACH ROW WHEN (current_setting('rasad.postings', true) IS DISTINCT FROM 'deferred')
    EXECUTE FUNCTION rasad_postings();

-- `postings` made again from every article (its words and kept pairs, as the trigger writes them):
-- emptied, filled in one statement, its key built after. Returns the rows written. Run it in the
-- transaction that records it done, so that a copy killed during it does it again on resume.
CREATE OR REPLACE FUNCTION rasad_rebuild_postings() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    written BIGINT;
BEGIN
    TRUNCATE postings;
    ALTER TABLE postings DROP CONSTRAINT postings_pkey;
    INSERT INTO postings (term, article_id, tf)
        SELECT f.key, a.id, f.value::integer FROM articles AS a, jsonb_each_text(a.frequencies) AS f
        UNION ALL SELECT p.term, a.id, p.tf FROM articles AS a, rasad_pairs(a.words) AS p;
    GET DIAGNOSTICS written = ROW_COUNT;
    ALTER TABLE postings ADD CONSTRAINT postings_pkey PRIMARY KEY (term, article_id) INCLUDE (tf);
    RETURN written;
END $$;
