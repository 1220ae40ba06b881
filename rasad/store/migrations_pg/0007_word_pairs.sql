-- rasad PostgreSQL schema 7: each pair of adjacent words is a term of `postings` of its own (the two
-- words joined by a space, a key no word can be: words are letters and digits), with its
-- occurrences packed as a word's are (in the title * 65536 + in the body). A two-word phrase is
-- then matched, counted and scored from its postings like a word (one index lookup), where before
-- each candidate's tsvector was read and tested and its idf counted the phrase over the whole
-- archive; a longer phrase's candidates are the articles holding all its pairs
-- (rasad.store.postgres_window, rasad.store.postgres_rank).
--
-- The pairs are read from the tsvector `words`, the positions the phrase test (`<->`,
-- rasad_phrase_count) reads: two words at positions p and p + 1. So a pair counts exactly what
-- rasad_phrase_count counts for it: within the title (weight A) or within the body (the body
-- starts after a gap of one position, so no pair spans both), overlapping occurrences each
-- (`الف الف الف` holds `الف الف` twice), and within PostgreSQL's limits on positions as the phrase
-- test is (rasad.store.postgres_search). An article's length (BM25's) is its words: pairs are not
-- counted in it.

-- The pairs of adjacent words of a tsvector written by rasad.store.postgres_search.words_vector
-- (one word at each position), with their occurrences (in the title * 65536 + in the body).
CREATE FUNCTION rasad_pairs(words TSVECTOR) RETURNS TABLE (term TEXT, tf INTEGER)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT s.lexeme || ' ' || s.next, sum(CASE WHEN s.weight = 'A' THEN 65536 ELSE 1 END)::integer
    FROM (SELECT t.lexeme, p.position, p.weight,
                 lead(t.lexeme) OVER w AS next, lead(p.position) OVER w AS next_position
          FROM unnest(words) AS t, unnest(t.positions, t.weights) AS p(position, weight)
          WINDOW w AS (ORDER BY p.position)) AS s
    WHERE s.next_position = s.position + 1
    GROUP BY s.lexeme, s.next
$$;

-- The trigger of schema 4 keeps `postings` equal to the words of `frequencies` and now also to the
-- pairs of `words`, whoever writes the articles (store.add, a reprocessed article,
-- `rasad migrate-store`).
CREATE OR REPLACE FUNCTION rasad_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM postings WHERE article_id = OLD.id AND term IN (
            SELECT jsonb_object_keys(OLD.frequencies) UNION ALL SELECT p.term FROM rasad_pairs(OLD.words) AS p);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO postings (term, article_id, tf)
            SELECT f.key, NEW.id, f.value::integer FROM jsonb_each_text(NEW.frequencies) AS f
            UNION ALL SELECT p.term, NEW.id, p.tf FROM rasad_pairs(NEW.words) AS p;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER articles_postings ON articles;
CREATE TRIGGER articles_postings AFTER INSERT OR DELETE OR UPDATE OF id, frequencies, words ON articles
    FOR EACH ROW EXECUTE FUNCTION rasad_postings();

-- The stored articles' pairs, in one statement; the key rebuilt after (a sort, far faster than
-- inserting each pair into it).
ALTER TABLE postings DROP CONSTRAINT postings_pkey;
INSERT INTO postings (term, article_id, tf) SELECT p.term, a.id, p.tf FROM articles AS a, rasad_pairs(a.words) AS p;
ALTER TABLE postings ADD PRIMARY KEY (term, article_id) INCLUDE (tf);
ANALYZE postings;
