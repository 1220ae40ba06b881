"""rasad PostgreSQL schema 8: common grams. Schema 7 kept every pair of adjacent words of every
article as a term of `postings`: 68 million rows where the words alone were 23 million (100,000
articles), a database 1.83 times larger, too large at 1,000,000 articles for one machine's disk.
Now a pair is kept only when both its words are common or the pair itself is (`common_grams`: the
words and pairs of rasad/data/common_grams.txt, copied into the database once, here, so that the
database says which pairs it holds whatever list a later rasad ships). A phrase of them is the
costly one to test against the articles' positions (its candidates, the articles holding both
words, are many) and is matched, counted and scored from its pair's postings as before; any other
phrase has as candidates the articles holding all its words (and stored pairs), tested against
their positions (rasad.store.postgres_window, rasad.store.postgres_rank; the scores are the same
either way).

The stored pairs not kept are dropped by copying the rest into a new table (the key built after by
one sort: deleting most of the rows in place would leave the table its old size). Run `VACUUM`
(or let autovacuum) after, so that the new table's index-only scans need not visit its rows."""

from __future__ import annotations

from typing import Any

from rasad.store.postgres_search import common_grams

SCHEMA = """
CREATE TABLE common_grams (term TEXT COLLATE "C" PRIMARY KEY);  -- a word, or a pair: two words and a space
"""

# Every word of a common gram, and whether it is a common word itself: the trigger reads only these
# words' positions (a join per article) before it pairs them.
WORDS = """
CREATE TABLE common_gram_words AS
    SELECT w::text COLLATE "C" AS word, bool_or(strpos(g.term, ' ') = 0) AS common
    FROM common_grams AS g, unnest(string_to_array(g.term, ' ')) AS w GROUP BY w;
ALTER TABLE common_gram_words ADD PRIMARY KEY (word);
ANALYZE common_grams, common_gram_words;
"""

# The kept pairs of adjacent words of a tsvector written by rasad.store.postgres_search.words_vector
# (one word at each position), with their occurrences (in the title * 65536 + in the body), as
# schema 7 read them (two words at positions p and p + 1), of the positions of the words of common
# grams only: a pair is kept when both words are common or the pair is a common gram. Reads tables:
# STABLE, no longer IMMUTABLE. (As fast as schema 7's, which paired every word: 3.7 ms an article,
# where testing each pair against `common_grams` took twice that.)
PAIRS = """
CREATE OR REPLACE FUNCTION rasad_pairs(words TSVECTOR) RETURNS TABLE (term TEXT, tf INTEGER)
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT s.lexeme || ' ' || s.next, sum(CASE WHEN s.weight = 'A' THEN 65536 ELSE 1 END)::integer
    FROM (SELECT t.lexeme, c.common, p.position, p.weight, lead(t.lexeme) OVER w AS next,
                 lead(c.common) OVER w AS next_common, lead(p.position) OVER w AS next_position
          FROM unnest(words) AS t JOIN common_gram_words AS c ON c.word = t.lexeme,
               unnest(t.positions, t.weights) AS p(position, weight)
          WINDOW w AS (ORDER BY p.position)) AS s
    WHERE s.next_position = s.position + 1
      AND ((s.common AND s.next_common)
           OR EXISTS (SELECT 1 FROM common_grams AS g WHERE g.term = s.lexeme || ' ' || s.next))
    GROUP BY s.lexeme, s.next
$$;
"""

# The words' postings and the kept pairs' into a new table; its key built after, by one sort.
KEPT = """
CREATE TABLE postings_kept (LIKE postings);
INSERT INTO postings_kept (term, article_id, tf)
    SELECT p.term, p.article_id, p.tf FROM postings AS p
    WHERE strpos(p.term, ' ') = 0
       OR p.term IN (SELECT term FROM common_grams)
       OR (split_part(p.term, ' ', 1) IN (SELECT term FROM common_grams)
           AND split_part(p.term, ' ', 2) IN (SELECT term FROM common_grams));
DROP TABLE postings;
ALTER TABLE postings_kept RENAME TO postings;
ALTER TABLE postings ADD PRIMARY KEY (term, article_id) INCLUDE (tf);
ANALYZE postings;
"""


def upgrade(conn: Any) -> None:
    conn.execute(SCHEMA)
    with conn.cursor() as cur, cur.copy("COPY common_grams (term) FROM STDIN") as copy:
        for term in sorted(common_grams()):
            copy.write_row((term,))
    conn.execute(WORDS)
    conn.execute(PAIRS)
    conn.execute(KEPT)
