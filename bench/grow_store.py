"""Large bench stores, fast: a stored archive grown by copies made inside the database.

Storing articles through `store.add` runs ~160 articles/s on this machine (a million would take
about two hours), and `rasad migrate-store` into PostgreSQL ~300/s. The scale bench therefore
starts from bench/bench_web.py's store of 100,000 articles (the real articles of ../shared/data,
each stored as five variants: another agency, day, URL, title tag and last sentence; built by
`python bench/bench_web.py --articles 100000` and kept in its cache) and grows it in the database:

    copy k (k = 1, 2, ...) of every article of the source store is a new article with
    - id: the source id + k * N (N the source's articles; arrival order is the copy's number);
    - URL: the source URL + `&copy=k`; text hash: the source hash + `:k` (the texts are the same);
    - agency: the next k-th agency in the sorted list of the source's agencies (id and name);
    - day: moved k * 36 days back within the source's year of days (wrapping round to its newest
      day), the time of day kept; the record's day, Jalali day and timestamp follow;
    - every enrichment copied with it: entities, persons, cited sources, quotes (new ids, their
      full-text index, their day), links to people, story membership (story k * N + the source's
      story), signatures; the full-text index (SQLite: the FTS5 rows, inserted in bulk;
      PostgreSQL: the tsvector, length and word counts, copied; its GIN index rebuilt after the
      copies; schema 4's `postings`, a word's occurrences per article, copied the same way) and the
      BM25 statistics grow with it; the people's article counts are multiplied.

So a store of 1,000,000 articles holds the 100,000 of the source ten times, spread over the same
year (about 2,700 articles a day, an agency's ~20,000 a year), each copy with its own agencies and
days. Searches match ten times as many articles as at 100,000, date filters and agencies ten times
as many too.

usage:
    python bench/grow_store.py --from sqlite:///web-100000.db --to sqlite:///scale-1000000.db --articles 1000000
    python bench/grow_store.py --to postgresql://.../scale --articles 1000000   (grows in place: a
        PostgreSQL store already holding the source, copied by `rasad migrate-store`)
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasad.store import open_store
from rasad.store.pairs import pairs_text
from rasad.store.tags import article_tags
from rasad.text.dates import to_jalali

DAYS_BACK = 36  # each copy's days move this many days back (within the year)
YEAR = 365


def day_map(days: list[str], copies: int) -> list[tuple[int, str, str, str]]:
    """(k, old day, new day, new Jalali day) for every stored day and copy."""
    newest = max(date.fromisoformat(d) for d in days)
    rows = []
    for k in range(1, copies + 1):
        for day in days:
            age = (newest - date.fromisoformat(day)).days
            new = newest - timedelta(days=(age + k * DAYS_BACK) % YEAR)
            rows.append((k, day, new.isoformat(), to_jalali(new)))
    return rows


def agency_map(agencies: list[tuple[str, str]], copies: int) -> list[tuple[int, str, str, str]]:
    """(k, old id, new id, new name): the k-th next agency of the sorted list."""
    ordered = sorted(agencies)
    return [(k, old, *ordered[(i + k) % len(ordered)]) for k in range(1, copies + 1)
            for i, (old, _) in enumerate(ordered)]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# SQLite

def grow_sqlite(source: Path, target: Path, articles: int) -> None:
    if target.exists():
        raise SystemExit(f"{target} exists: delete it first")
    log(f"copying {source} to {target}")
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    open_store(f"sqlite:///{target}").close()  # the copy brought to this rasad's schema (the source may be older)
    db = sqlite3.connect(target, isolation_level=None)
    db.create_function("rasad_article_tags", 2, article_tags, deterministic=True)
    db.create_function("rasad_pairs", 1, pairs_text, deterministic=True)
    n = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    if db.execute("SELECT max(id) FROM articles").fetchone()[0] != n:
        raise SystemExit(f"{source}: ids are not 1..{n}")
    copies = articles // n - 1
    if copies < 1 or articles % n:
        raise SystemExit(f"--articles must be a multiple (at least two) of the source's {n}")
    db.execute("PRAGMA journal_mode = OFF")  # a bench store, made once: no journal while it grows
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -1000000")
    days = [r[0] for r in db.execute("SELECT DISTINCT published_day FROM articles WHERE published_day IS NOT NULL")]
    agencies = list(db.execute("SELECT DISTINCT agency_id, agency_name FROM articles WHERE agency_id IS NOT NULL"))
    db.execute("CREATE TEMP TABLE grow_days (k INTEGER, old TEXT, new TEXT, jalali TEXT, PRIMARY KEY (k, old))")
    db.executemany("INSERT INTO grow_days VALUES (?, ?, ?, ?)", day_map(days, copies))
    db.execute("CREATE TEMP TABLE grow_agencies (k INTEGER, old TEXT, id TEXT, name TEXT, PRIMARY KEY (k, old))")
    db.executemany("INSERT INTO grow_agencies VALUES (?, ?, ?, ?)", agency_map(agencies, copies))
    quotes = db.execute("SELECT coalesce(max(id), 0) FROM quotes").fetchone()[0]
    for k in range(1, copies + 1):
        start = time.perf_counter()
        shift, qshift = k * n, k * quotes
        db.execute("BEGIN")
        db.execute(f"""
            INSERT INTO articles (id, url, text_hash, file, title, kicker, lead, body, agency_id, agency_name,
                                  published, published_day, dateline, news_id, record, ingested_at)
            SELECT a.id + {shift}, a.url || '&copy={k}', a.text_hash || ':{k}', a.file, a.title, a.kicker, a.lead,
                   a.body, coalesce(g.id, a.agency_id), coalesce(g.name, a.agency_name),
                   CASE WHEN d.new IS NULL THEN a.published ELSE d.new || substr(a.published, 11) END,
                   coalesce(d.new, a.published_day), a.dateline, a.news_id,
                   json_set(a.record, '$.url', a.url || '&copy={k}',
                            '$.agency', CASE WHEN g.id IS NULL THEN json_extract(a.record, '$.agency')
                                        ELSE json_object('id', g.id, 'name', g.name) END,
                            '$.published', coalesce(d.new, a.published_day),
                            '$.published_jalali', coalesce(d.jalali, json_extract(a.record, '$.published_jalali')),
                            '$.published_at', CASE WHEN d.new IS NULL OR a.published IS NULL THEN a.published
                                              ELSE d.new || substr(a.published, 11) END),
                   a.ingested_at
            FROM articles a LEFT JOIN grow_days d ON d.k = {k} AND d.old = a.published_day
            LEFT JOIN grow_agencies g ON g.k = {k} AND g.old = a.agency_id
            WHERE a.id <= {n} ORDER BY a.id""")
        db.execute(f"INSERT INTO articles_fts (rowid, title, body, tags) SELECT f.rowid + {shift}, f.title, f.body, "
                   f"rasad_article_tags(a.agency_id, a.published_day) FROM articles_fts f "
                   f"JOIN articles a ON a.id = f.rowid + {shift} WHERE f.rowid <= {n}")
        db.execute(f"INSERT INTO pairs_fts (rowid, title, body, tags) SELECT rowid, rasad_pairs(title), "
                   f"rasad_pairs(body), tags FROM articles_fts WHERE rowid > {shift} AND rowid <= {shift + n}")
        db.execute(f'INSERT INTO entities (article_id, text, type, start, "end", key) '
                   f'SELECT article_id + {shift}, text, type, start, "end", key FROM entities WHERE article_id <= {n}')
        db.execute(f"INSERT INTO persons (article_id, name, roles) SELECT article_id + {shift}, name, roles "
                   f"FROM persons WHERE article_id <= {n}")
        db.execute(f"INSERT INTO cited_sources (article_id, source) SELECT article_id + {shift}, source "
                   f"FROM cited_sources WHERE article_id <= {n}")
        db.execute(f"INSERT INTO article_people (article_id, person_id) SELECT article_id + {shift}, person_id "
                   f"FROM article_people WHERE article_id <= {n}")
        db.execute(f"INSERT INTO story_members (article_id, story_id, how) "
                   f"SELECT article_id + {shift}, story_id + {shift}, how FROM story_members WHERE article_id <= {n}")
        db.execute(f"INSERT INTO article_signatures (article_id, duplicate, topic) "
                   f"SELECT article_id + {shift}, duplicate, topic FROM article_signatures WHERE article_id <= {n}")
        db.execute(f"""
            INSERT INTO quotes (id, article_id, speaker, mention, verb, kind, text, start, "end", person_id, day)
            SELECT q.id + {qshift}, q.article_id + {shift}, q.speaker, q.mention, q.verb, q.kind, q.text, q.start,
                   q."end", q.person_id, coalesce(d.new, q.day)
            FROM quotes q LEFT JOIN grow_days d ON d.k = {k} AND d.old = q.day WHERE q.id <= {quotes}""")
        db.execute(f"INSERT INTO quotes_fts (rowid, text) SELECT rowid + {qshift}, text FROM quotes_fts "
                   f"WHERE rowid <= {quotes}")
        db.execute("COMMIT")
        log(f"SQLite: copy {k} of {copies}: {n} articles in {time.perf_counter() - start:.0f} s")
    db.execute(f"UPDATE person_roles SET articles = articles * {copies + 1}")
    db.execute("UPDATE meta SET value = value + 1 WHERE key IN ('generation', 'watch_generation')")
    start = time.perf_counter()
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    log(f"SQLite: analyzed in {time.perf_counter() - start:.0f} s; {target.stat().st_size / 1e9:.1f} GB")


# PostgreSQL

_PG_INDEXES = ("articles_words", "articles_agency_day", "articles_day", "articles_ingested", "articles_ranked",
               "articles_agency_id", "entities_article_type",
               "entities_type_key", "quotes_words", "quotes_day", "quotes_article", "quotes_speaker",
               "quotes_person", "persons_article", "cited_sources_article", "article_people_person",
               "story_members_story")


def grow_postgres(url: str, articles: int) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]  # type: ignore[index]
        if conn.execute("SELECT max(id) FROM articles").fetchone()[0] != n:  # type: ignore[index]
            raise SystemExit(f"{url}: ids are not 1..{n} (grow a store holding only the source)")
        copies = articles // n - 1
        if copies < 1 or articles % n:
            raise SystemExit(f"--articles must be a multiple (at least two) of the source's {n}")
        days = [r[0] for r in conn.execute("SELECT DISTINCT published_day FROM articles "
                                           "WHERE published_day IS NOT NULL")]
        agencies = [(r[0], r[1]) for r in conn.execute("SELECT DISTINCT agency_id, agency_name FROM articles "
                                                        "WHERE agency_id IS NOT NULL")]
        definitions = dict(conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY (%s)",
                                        (list(_PG_INDEXES),)).fetchall())
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("SET synchronous_commit = off")
        for name in definitions:  # rebuilt once after the copies: far faster than kept up row by row
            conn.execute(f"DROP INDEX {name}")
        # schema 4: `postings` (a word's occurrences per article; since schema 7 a pair's of adjacent words
        # too) is kept by a trigger on articles; here it is copied in bulk like the other tables, its key
        # rebuilt after
        postings = conn.execute("SELECT to_regclass('postings') IS NOT NULL").fetchone()[0]  # type: ignore[index]
        postings_key = None
        if postings:
            conn.execute("ALTER TABLE articles DISABLE TRIGGER articles_postings")
            postings_key = conn.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'postings_pkey'").fetchone()
            if postings_key:
                conn.execute("ALTER TABLE postings DROP CONSTRAINT postings_pkey")
        conn.execute('CREATE TEMP TABLE grow_days (k INTEGER, old TEXT COLLATE "C", new TEXT, jalali TEXT, '
                     "PRIMARY KEY (k, old))")
        conn.execute('CREATE TEMP TABLE grow_agencies (k INTEGER, old TEXT COLLATE "C", id TEXT, name TEXT, '
                     "PRIMARY KEY (k, old))")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO grow_days VALUES (%s, %s, %s, %s)", day_map(days, copies))
            cur.executemany("INSERT INTO grow_agencies VALUES (%s, %s, %s, %s)", agency_map(agencies, copies))
        quotes = conn.execute("SELECT coalesce(max(id), 0) FROM quotes").fetchone()[0]  # type: ignore[index]
        words = conn.execute("SELECT coalesce(sum(length), 0) FROM articles").fetchone()[0]  # type: ignore[index]
        for k in range(1, copies + 1):
            start = time.perf_counter()
            shift, qshift = k * n, k * quotes
            with conn.transaction():
                conn.execute(f"""
                    INSERT INTO articles (id, url, text_hash, file, title, kicker, lead, body, agency_id, agency_name,
                                          published, published_day, dateline, news_id, record, ingested_at, words,
                                          length, frequencies)
                    SELECT a.id + {shift}, a.url || '&copy={k}', a.text_hash || ':{k}', a.file, a.title, a.kicker,
                           a.lead, a.body, coalesce(g.id, a.agency_id), coalesce(g.name, a.agency_name),
                           CASE WHEN d.new IS NULL THEN a.published ELSE d.new || substr(a.published, 11) END,
                           coalesce(d.new, a.published_day), a.dateline, a.news_id,
                           (a.record::jsonb || jsonb_strip_nulls(jsonb_build_object(
                               'url', a.url || '&copy={k}',
                               'agency', CASE WHEN g.id IS NULL THEN NULL
                                         ELSE jsonb_build_object('id', g.id, 'name', g.name) END,
                               'published', d.new, 'published_jalali', d.jalali,
                               'published_at', CASE WHEN d.new IS NULL OR a.published IS NULL THEN NULL
                                               ELSE d.new || substr(a.published, 11) END)))::text,
                           a.ingested_at, a.words, a.length, a.frequencies
                    FROM articles a LEFT JOIN grow_days d ON d.k = {k} AND d.old = a.published_day
                    LEFT JOIN grow_agencies g ON g.k = {k} AND g.old = a.agency_id
                    WHERE a.id <= {n}""")
                if postings:
                    conn.execute(f"INSERT INTO postings (term, article_id, tf) SELECT term, article_id + {shift}, tf "
                                 f"FROM postings WHERE article_id <= {n}")
                conn.execute(f'INSERT INTO entities (article_id, text, type, start, "end", key) '
                             f'SELECT article_id + {shift}, text, type, start, "end", key FROM entities '
                             f"WHERE article_id <= {n}")
                conn.execute(f"INSERT INTO persons (article_id, name, roles) SELECT article_id + {shift}, name, roles "
                             f"FROM persons WHERE article_id <= {n}")
                conn.execute(f"INSERT INTO cited_sources (article_id, source) SELECT article_id + {shift}, source "
                             f"FROM cited_sources WHERE article_id <= {n}")
                conn.execute(f"INSERT INTO article_people (article_id, person_id) SELECT article_id + {shift}, "
                             f"person_id FROM article_people WHERE article_id <= {n}")
                conn.execute(f"INSERT INTO story_members (article_id, story_id, how) SELECT article_id + {shift}, "
                             f"story_id + {shift}, how FROM story_members WHERE article_id <= {n}")
                conn.execute(f"INSERT INTO article_signatures (article_id, duplicate, topic) SELECT article_id + "
                             f"{shift}, duplicate, topic FROM article_signatures WHERE article_id <= {n}")
                conn.execute(f"""
                    INSERT INTO quotes (id, article_id, speaker, mention, verb, kind, text, start, "end", person_id,
                                        day, words)
                    SELECT q.id + {qshift}, q.article_id + {shift}, q.speaker, q.mention, q.verb, q.kind, q.text,
                           q.start, q."end", q.person_id, coalesce(d.new, q.day), q.words
                    FROM quotes q LEFT JOIN grow_days d ON d.k = {k} AND d.old = q.day WHERE q.id <= {quotes}""")
            log(f"PostgreSQL: copy {k} of {copies}: {n} articles in {time.perf_counter() - start:.0f} s")
        conn.execute(f"UPDATE person_roles SET articles = articles * {copies + 1}")
        conn.execute(f"UPDATE meta SET value = value + CASE key WHEN 'documents' THEN {copies * n} "
                     f"WHEN 'words' THEN {copies * int(words)} ELSE 1 END "
                     "WHERE key IN ('documents', 'words', 'generation', 'watch_generation')")
        for table in ("articles", "quotes"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        for name, definition in definitions.items():
            start = time.perf_counter()
            conn.execute(definition)
            log(f"PostgreSQL: index {name} rebuilt in {time.perf_counter() - start:.0f} s")
        if postings:
            if postings_key:
                conn.execute(f"ALTER TABLE postings ADD CONSTRAINT postings_pkey {postings_key[0]}")
            conn.execute("ALTER TABLE articles ENABLE TRIGGER articles_postings")
            log("PostgreSQL: postings' key rebuilt")
        start = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        log(f"PostgreSQL: vacuumed and analyzed in {time.perf_counter() - start:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", help="the SQLite store to grow from (sqlite:///PATH); "
                        "for PostgreSQL the target already holds it")
    parser.add_argument("--to", required=True, help="sqlite:///PATH (made) or postgresql://... (grown in place)")
    parser.add_argument("--articles", type=int, required=True, help="articles wanted: a multiple of the source's")
    args = parser.parse_args()
    start = time.perf_counter()
    if args.to.startswith("postgresql://"):
        grow_postgres(args.to, args.articles)
    else:
        if not args.source:
            raise SystemExit("--from is needed for a SQLite target")
        from rasad.store.sqlite import path_of

        grow_sqlite(path_of(args.source), path_of(args.to), args.articles)
    log(f"grown to {args.articles:,} articles in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
