-- rasad PostgreSQL schema 4: search ranks in the database (rasad.store.postgres_rank). BM25 needs
-- each matched article's occurrences of each query word: read from the jsonb `frequencies` they
-- cost a detoast and a parse per article (a common word: ~0.5 s of server CPU at 50,000 articles);
-- `postings` holds them one row per word and article, read by an index-only scan beside the GIN
-- match. A trigger keeps it equal to `frequencies`, whoever writes the articles (store.add, a
-- reprocessed article, `rasad migrate-store`); nothing else writes it.
CREATE TABLE postings (
    term TEXT COLLATE "C" NOT NULL,
    article_id BIGINT NOT NULL,
    tf INTEGER NOT NULL                  -- in the title * 65536 + in the body, as in `frequencies`
);
INSERT INTO postings (term, article_id, tf)
    SELECT f.key, a.id, f.value::integer FROM articles a, jsonb_each_text(a.frequencies) f;
ALTER TABLE postings ADD PRIMARY KEY (term, article_id) INCLUDE (tf);

CREATE FUNCTION rasad_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM postings WHERE term IN (SELECT jsonb_object_keys(OLD.frequencies)) AND article_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO postings (term, article_id, tf)
            SELECT f.key, NEW.id, f.value::integer FROM jsonb_each_text(NEW.frequencies) f;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_postings AFTER INSERT OR DELETE OR UPDATE OF id, frequencies ON articles
    FOR EACH ROW EXECUTE FUNCTION rasad_postings();

-- BM25 of one term in one article, as rasad.store.search.bm25 computes it (the same float8
-- operations in the same order, so the same number): `packed` is the term's occurrences (in the
-- title * 65536 + in the body), `length` the article's words, `average` the store's average.
CREATE FUNCTION rasad_bm25(idf DOUBLE PRECISION, packed INTEGER, length INTEGER, average DOUBLE PRECISION)
RETURNS DOUBLE PRECISION LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT idf * (4.0::float8 * (packed >> 16) + (packed & 65535)) * 2.2::float8
        / ((4.0::float8 * (packed >> 16) + (packed & 65535))
           + CASE WHEN average > 0 THEN 1.2::float8 * (0.25::float8 + 0.75::float8 * length / average)
                  ELSE 1.2::float8 END)
$$;

-- BM25's idf of a term `holding` articles of `documents` hold (at least 1e-6, as FTS5 has it;
-- so also while `rasad migrate-store` fills a store whose count is set at the end).
CREATE FUNCTION rasad_idf(documents BIGINT, holding BIGINT) RETURNS DOUBLE PRECISION
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN r > 1 THEN ln(r) ELSE 1e-6::float8 END
    FROM (SELECT ((documents - holding)::float8 + 0.5::float8) / (holding::float8 + 0.5::float8) AS r) AS t
$$;

-- How often the words of `phrase` stand one after the other in an article's `words`: in the
-- title * 65536 + in the body. Only the phrase's words are unpacked from the vector (setweight
-- marks them B, ts_filter keeps them: both in C). `first_in_title`: how often the phrase's first
-- word is in the title (its postings say): the title comes first, so its occurrences are that
-- word's first positions, and a phrase starting there is in the title (none spans both fields:
-- the body starts after a gap).
CREATE FUNCTION rasad_phrase_count(words TSVECTOR, phrase TEXT[], first_in_title INTEGER) RETURNS INTEGER
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    WITH places AS MATERIALIZED (
        SELECT t.lexeme, p.position, p.n
        FROM unnest(ts_filter(setweight(words, 'B', phrase), '{b}')) AS t,
             unnest(t.positions) WITH ORDINALITY AS p(position, n))
    SELECT coalesce(sum(CASE WHEN f.n <= first_in_title THEN 65536 ELSE 1 END), 0)::integer
    FROM places AS f
    WHERE f.lexeme = phrase[1] AND NOT EXISTS (
        SELECT 1 FROM generate_series(2, cardinality(phrase)) AS k
        WHERE NOT EXISTS (SELECT 1 FROM places AS n WHERE n.lexeme = phrase[k] AND n.position = f.position + k - 1))
$$;
