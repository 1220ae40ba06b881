"""rasad PostgreSQL schema 8: common grams. Schema 7 kept every pair of adjacent words of every
article as a term of `postings`: 68 million rows where the words alone were 23 million (100,000
articles), a database 1.83 times larger, too large at 1,000,000 articles for one machine's disk.
Now a pair is kept only when both its words are common (`common_words`, the list of
rasad/data/common_words.txt copied into the database once, here, so that the database says which
pairs it holds whatever list a later rasad ships). A phrase of common words is the costly one to
test against the articles' positions (its words are in many articles) and is matched, counted and
scored from its pair's postings as before; a phrase with a rarer word has as candidates only the
articles holding all its words, tested against their positions (rasad.store.postgres_window,
rasad.store.postgres_rank; the scores are the same either way).

The stored pairs not kept are dropped by copying the rest into a new table (the key built after by
one sort: deleting most of the rows in place would leave the table its old size). Run `VACUUM`
(or let autovacuum) after, so that the new table's index-only scans need not visit its rows."""

from __future__ import annotations

from typing import Any

from rasad.store.postgres_search import common_words

SCHEMA = """
CREATE TABLE common_words (word TEXT COLLATE "C" PRIMARY KEY);
"""

# The pairs of adjacent common words of a tsvector written by rasad.store.postgres_search.words_vector
# (one word at each position), with their occurrences (in the title * 65536 + in the body): the
# positions of the common words only, so two of them at p and p + 1 are a pair and a common word
# before a rarer one is not. Reads `common_words`: STABLE, no longer IMMUTABLE.
PAIRS = """
CREATE OR REPLACE FUNCTION rasad_pairs(words TSVECTOR) RETURNS TABLE (term TEXT, tf INTEGER)
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT s.lexeme || ' ' || s.next, sum(CASE WHEN s.weight = 'A' THEN 65536 ELSE 1 END)::integer
    FROM (SELECT t.lexeme, p.position, p.weight,
                 lead(t.lexeme) OVER w AS next, lead(p.position) OVER w AS next_position
          FROM unnest(words) AS t JOIN common_words AS c ON c.word = t.lexeme,
               unnest(t.positions, t.weights) AS p(position, weight)
          WINDOW w AS (ORDER BY p.position)) AS s
    WHERE s.next_position = s.position + 1
    GROUP BY s.lexeme, s.next
$$;
"""

# The words' postings and the kept pairs' into a new table; its key built after, by one sort.
KEPT = """
CREATE TABLE postings_kept (LIKE postings);
INSERT INTO postings_kept (term, article_id, tf)
    SELECT p.term, p.article_id, p.tf FROM postings AS p
    WHERE strpos(p.term, ' ') = 0
       OR (split_part(p.term, ' ', 1) IN (SELECT word FROM common_words)
           AND split_part(p.term, ' ', 2) IN (SELECT word FROM common_words));
DROP TABLE postings;
ALTER TABLE postings_kept RENAME TO postings;
ALTER TABLE postings ADD PRIMARY KEY (term, article_id) INCLUDE (tf);
ANALYZE postings;
"""


def upgrade(conn: Any) -> None:
    conn.execute(SCHEMA)
    with conn.cursor() as cur, cur.copy("COPY common_words (word) FROM STDIN") as copy:
        for word in sorted(common_words()):
            copy.write_row((word,))
    conn.execute(PAIRS)
    conn.execute(KEPT)
