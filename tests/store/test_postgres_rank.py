"""PostgreSQL's ranking in the database (rasad.store.postgres_rank, schema 4): the postings a
trigger keeps equal to each article's word counts whoever writes the articles, and scores equal
to SQLite's FTS5 bm25 (and the in-memory store's) where they could part."""

from __future__ import annotations

import itertools
from collections.abc import Collection
from pathlib import Path

import psycopg

from rasad.models import Article
from rasad.pipeline import analyze_text
from rasad.store import open_store
from rasad.store.memory import MemoryStore
from rasad.store.postgres_db import migrations
from rasad.store.postgres_search import common_grams, stored_pair
from rasad.store.search import index_fields, occurrences, search_words, words_of
from rasad.store.transfer import Transfer
from rasad.store.values import SearchFilters, StoredArticle

# what `postings` should hold: the articles' word counts (`frequencies`) and their pairs of adjacent
# common words or common pairs (schema 8, rasad/data/common_grams.txt), counted here in Python from the words as
# rasad.store.search.occurrences counts
# (schema 11: the terms hashed by rasad_term, as `postings` keys them; before it, the terms themselves)
_TERMS = ("(SELECT {term}(f.key), a.id, f.value::int FROM articles a, jsonb_each_text(a.frequencies) f "
          "UNION ALL SELECT {term}(p.term), p.article_id, p.tf FROM pairs p)")
# postings that differ from that, either way
_DIFFERENT = ("SELECT count(*) FROM ((SELECT term, article_id, tf FROM postings EXCEPT {terms}) UNION ALL "
              "({terms} EXCEPT SELECT term, article_id, tf FROM postings)) AS d")
TEXTS = [
    "وزیرکشور در سفر\n\nوزیرکشور گفت کشور برای انتخابات آماده است و کشور آرام است.\n",
    "سخنان وزیر کشور\n\nوزیر کشور امروز درباره انتخابات سخن گفت.\n",
    "گزارش\n\nوزیر نیرو گفت آب کشور کم است.\n",
    "بازار\n\nقیمت دلار امروز بالا رفت.\n",
    "ورزش\n\nتیم ملی فوتبال امروز بازی کرد.\n",
    "هوا\n\nباران در تهران و شیراز بارید.\n",
    "کتاب\n\nنمایشگاه کتاب تهران باز شد.\n",
]


def _pairs(article: StoredArticle, common: Collection[str]) -> list[tuple[str, int, int]]:
    """(pair, article id, in the title * 65536 + in the body) of each pair of adjacent words that
    `common` keeps (both words, or the pair, in it)."""
    packed: dict[str, int] = {}
    stored = Article.from_record(article.record)
    for shift, words in zip((65536, 1), (words_of(f) for f in index_fields(stored)), strict=True):
        for pair in dict.fromkeys(itertools.pairwise(words)):
            if stored_pair(*pair, common):
                packed[" ".join(pair)] = packed.get(" ".join(pair), 0) + shift * occurrences(pair, words)
    return [(pair, article.id, tf) for pair, tf in packed.items()]


def _postings_differ(url: str, common: Collection[str] | None = None,
                     articles: list[StoredArticle] | None = None) -> int:
    """How many postings differ from the articles' words and the pairs `common` keeps (by default
    the shipped list). `articles`: the stored articles, read before (opening the store migrates it)."""
    if articles is None:
        with open_store(url) as store:
            articles = list(store.iter_articles())
    pairs = [p for article in articles for p in _pairs(article, common_grams() if common is None else common)]
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TEMP TABLE pairs (term TEXT COLLATE \"C\", article_id BIGINT, tf INTEGER)")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO pairs VALUES (%s, %s, %s)", pairs)
        hashed = conn.execute("SELECT data_type FROM information_schema.columns "
                              "WHERE table_name = 'postings' AND column_name = 'term'").fetchone() == ("bigint",)
        row = conn.execute(_DIFFERENT.format(terms=_TERMS.format(term="rasad_term" if hashed else ""))).fetchone()
    return int(row[0]) if row else -1


def test_postings_follow_every_write(pg_database, tmp_path: Path) -> None:
    url = pg_database()
    with open_store(url) as store:
        ids = [store.add(analyze_text(text, f"t{i}")).id for i, text in enumerate(TEXTS)]
        assert _postings_differ(url) == 0
        changed = analyze_text(TEXTS[2].replace("آب", "برق"), "t2")
        assert store.replace_enrichments(ids[2], changed)  # a reprocessed article: its words change
        assert store.documents_with("برق") == 1 and store.documents_with("اب") == 0
        assert _postings_differ(url) == 0
    with psycopg.connect(url) as conn:
        assert _postings_differ(url) == 0 and conn.execute("SELECT count(*) > 40 FROM postings").fetchone() == (True,)
        conn.execute("DELETE FROM articles WHERE id = %s", (ids[0],))
        assert conn.execute("SELECT count(*) FROM postings WHERE article_id = %s", (ids[0],)).fetchone() == (0,)
    assert _postings_differ(url) == 0

    source = f"sqlite:///{tmp_path / 'source.db'}"
    with open_store(source) as store:
        for i, text in enumerate(TEXTS):
            store.add(analyze_text(text, f"t{i}"))
    copied = pg_database()
    transfer = Transfer(source, copied, batch=3)
    try:
        assert all(check.ok for check in transfer.run(lambda step, rows: None))
    finally:
        transfer.close()
    assert _postings_differ(copied) == 0
    with open_store(copied) as store:
        assert store.documents_with("کشور") == 3


def test_a_bulk_copy_writes_the_postings_once_at_the_end(pg_database) -> None:
    """Schema 9: a session that defers the postings (as `rasad migrate-store` does) writes articles
    without them; rasad_rebuild_postings() then makes them, for every article, equal to what the
    trigger writes, and may run again. Other sessions keep the trigger."""
    url = pg_database()
    with open_store(url) as store:
        store.add(analyze_text(TEXTS[0], "t0"))
    with psycopg.connect(url, autocommit=True) as conn:
        first = conn.execute("SELECT count(*) FROM postings").fetchone()
        conn.execute("SET rasad.postings = 'deferred'")
        conn.execute("CREATE TEMP TABLE copied AS SELECT * FROM articles")
        for i in range(2, len(TEXTS) + 1):  # the same article under other ids
            conn.execute("UPDATE copied SET id = %s, url = %s, text_hash = %s", (i, f"https://example.ir/{i}", f"h{i}"))
            conn.execute("INSERT INTO articles SELECT * FROM copied")
        assert conn.execute("SELECT count(*) FROM postings").fetchone() == first  # none written
        assert conn.execute("SELECT rasad_rebuild_postings()").fetchone() == (first[0] * len(TEXTS),)
        assert conn.execute("SELECT rasad_rebuild_postings()").fetchone() == (first[0] * len(TEXTS),)
    with psycopg.connect(url, autocommit=True) as conn:  # a new session: the trigger again
        conn.execute("DELETE FROM articles WHERE id = 2")
        assert conn.execute("SELECT count(*) FROM postings").fetchone() == (first[0] * (len(TEXTS) - 1),)
    assert _postings_differ(url) == 0


QUERIES = ["وزیر کشور", "کشور", '"وزیر کشور"', "وزیر کشور -نیرو", "انتخابات OR دلار", "کشور انتخابات"]


def test_scores_are_fts5s_to_nine_places(pg_database, tmp_path: Path) -> None:
    """`وزیر کشور` is also matched as `وزیرکشور` (the archive holds it): the first article matches
    by that alternative only, and FTS5 counts none of the other alternative's words in it (its
    `کشور` twice included): so must PostgreSQL and the in-memory store. And the rest of the syntax,
    as SQLite scores it."""
    found: list[list[list[tuple[str, float]]]] = []
    articles = [analyze_text(text, f"t{i}") for i, text in enumerate(TEXTS)]
    memory = f"memory://rank-{tmp_path.name}"
    for url in (f"sqlite:///{tmp_path / 'rank.db'}", pg_database(), memory):
        with open_store(url) as store:
            for article in articles:
                store.add(article)
            found.append([[(h.title, round(h.score, 9)) for h in store.search(query).hits] for query in QUERIES])
    MemoryStore.forget(memory)
    for query, lite, pg, in_memory in zip(QUERIES, *found, strict=True):
        assert lite == pg == in_memory, query
        assert lite, query


def test_schema_8_keeps_the_pairs_of_common_grams(pg_database) -> None:
    """A store of schema 7 (every pair of adjacent words of every article in `postings`) migrated:
    only the pairs of two common words and the common pairs are left, the words' postings untouched, and the trigger
    keeps them after; the searches find and score what they did."""
    url = pg_database()
    with open_store(url) as store:
        for i, text in enumerate(TEXTS):
            store.add(analyze_text(text, f"t{i}"))
    queries = ['"وزیر کشور"', '"نمایشگاه کتاب"', "قیمت دلار", "وزیر نیرو", '"کشور برای انتخابات"']
    with open_store(url) as store:
        before = [[(h.id, round(h.score, 9)) for h in store.search(q).hits] for q in queries]
        articles = list(store.iter_articles())
    schema_7 = dict(migrations())[7]
    assert isinstance(schema_7, str)
    with psycopg.connect(url, autocommit=True) as conn:  # back to schema 7: its rasad_pairs, every pair
        conn.execute("DROP TABLE postings")  # its terms as text (schema 11 hashes them), the words' alone
        conn.execute('CREATE TABLE postings (term TEXT COLLATE "C" NOT NULL, article_id BIGINT NOT NULL, '
                     "tf INTEGER NOT NULL, PRIMARY KEY (term, article_id) INCLUDE (tf))")
        conn.execute("INSERT INTO postings SELECT f.key, a.id, f.value::integer "
                     "FROM articles a, jsonb_each_text(a.frequencies) f")
        conn.execute("DROP TABLE common_grams, common_gram_words")
        conn.execute("DROP FUNCTION rasad_pairs")
        conn.execute(schema_7.encode())
        conn.execute("DELETE FROM rasad_schema WHERE version >= 8")  # 8 and after run again
        words = {w for text in TEXTS for w in search_words(text)}
        assert _postings_differ(url, words, articles) == 0  # every pair
        assert conn.execute("SELECT count(*) FROM postings WHERE term = 'نمایشگاه کتاب'").fetchone() == (1,)
    with open_store(url) as store:  # a writer migrates
        assert [[(h.id, round(h.score, 9)) for h in store.search(q).hits] for q in queries] == before
        assert store.common == common_grams()
        store.add(analyze_text("تازه\n\nوزیر کشور امروز در نمایشگاه کتاب آمد.\n", "late"))
    assert _postings_differ(url) == 0
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM postings WHERE term = rasad_term('نمایشگاه کتاب')").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM postings WHERE term = rasad_term('وزیر کشور')").fetchone() == (2,)
        assert conn.execute("SELECT data_type FROM information_schema.columns WHERE table_name = 'postings' "
                            "AND column_name = 'term'").fetchone() == ("bigint",)  # schema 11


PHRASES = ['"نمایشگاه کتاب"', "نمایشگاه کتاب", '"وزیر نیرو"', "وزیر نیرو", '"وزیر کشور"', "وزیر کشور",
           '"کشور برای انتخابات"', "کشور -\"وزیر نیرو\"", '"نمایشگاه کتاب" OR "وزیر کشور"', "آب کشور"]


def test_a_phrase_whose_pair_is_not_stored_scores_as_sqlite(pg_database, tmp_path: Path) -> None:
    """Schema 8 keeps only the pairs of two common words and the common pairs: `نمایشگاه کتاب` and
    `وزیر نیرو` are matched and counted from the articles' positions, `وزیر کشور` from its pair's
    postings. Either way the
    hits and scores are SQLite's, and those of the same store asked with no pair at all."""
    articles = [analyze_text(text, f"t{i}") for i, text in enumerate(TEXTS)]
    articles += [analyze_text(f"نمایشگاه {i}\n\nنمایشگاه کتاب تهران و نمایشگاه کتاب شیراز {'باز ' * i}شد.\n", f"b{i}")
                 for i in range(3)]
    url = pg_database()
    with open_store(f"sqlite:///{tmp_path / 'lite.db'}") as lite, open_store(url) as pg:
        for article in articles:
            lite.add(article)
            pg.add(article)
        with psycopg.connect(url) as conn:
            stored = {t for t in ("وزیر کشور", "نمایشگاه کتاب", "وزیر نیرو")
                      if conn.execute("SELECT count(*) FROM postings WHERE term = rasad_term(%s)", (t,)).fetchone()[0]}
        assert "وزیر کشور" in stored and "نمایشگاه کتاب" not in stored and "وزیر نیرو" not in stored
        for query in PHRASES:
            expected = [(h.id, round(h.score, 9)) for h in lite.search(query).hits]
            assert expected, query
            assert [(h.id, round(h.score, 9)) for h in pg.search(query).hits] == expected, query
            pg.common = frozenset()  # no pair stored: every phrase from the positions
            try:
                assert [(h.id, round(h.score, 9)) for h in pg.search(query).hits] == expected, query
            finally:
                del pg.common


def test_term_counts_are_kept_until_an_article_is_written(pg_database, tmp_path: Path) -> None:
    """How many articles hold a word (BM25's idf) is kept per store generation
    (rasad.store.postgres.TERM_COUNTS): a search after a write counts again, and scores as SQLite."""
    from rasad.store.postgres import TERM_COUNTS

    url = pg_database()
    with open_store(f"sqlite:///{tmp_path / 'lite.db'}") as lite, open_store(url) as pg:
        for i, text in enumerate(TEXTS):
            lite.add(analyze_text(text, f"t{i}"))
            pg.add(analyze_text(text, f"t{i}"))
        for text in ("تازه\n\nکشور آرام است و انتخابات نزدیک.\n", "دیگر\n\nانتخابات کشور امروز.\n"):
            for query in ("کشور انتخابات", "کشور -نیرو", "وزیر کشور"):
                expected = [(h.id, round(h.score, 9)) for h in lite.search(query).hits]
                assert [(h.id, round(h.score, 9)) for h in pg.search(query).hits] == expected, query
                assert [(h.id, round(h.score, 9)) for h in pg.search(query).hits] == expected, query  # kept
            assert any(key[0] == pg.url and key[2] == "کشور" for key in TERM_COUNTS._items)
            lite.add(analyze_text(text, "late" + text[:3]))
            pg.add(analyze_text(text, "late" + text[:3]))


def test_a_window_ranked_from_ranges_of_ids_scores_as_from_probes(pg_database, monkeypatch) -> None:
    """A dense window (its ids spanning less than RANGED_SPAN times its size) is ranked from the
    articles' and the words' index entries read in order from its least id; a sparse one by a probe
    of each index per article. Forced one way and then the other, every search gives the same hits,
    scores and order, windows cut (search_window 3) or whole, filtered or not."""
    import rasad.store.postgres as postgres

    url = pg_database()
    with open_store(url) as store:
        ids = []
        for copy in range(3):  # gaps in the ids of a word's articles: other articles between
            for i, text in enumerate(TEXTS):
                ids.append(store.add(analyze_text(text.replace("\n\n", f" {copy}\n\n", 1), f"t{copy}-{i}")).id)
        store.save_story(ids[1], [(ids[1], None), (ids[8], "near-duplicate"), (ids[15], "cites")])
    taken: list[bool] = []
    ranking = postgres.ranking

    def spy(*args, **kwargs):
        taken.append(kwargs.get("ranged", False))
        return ranking(*args, **kwargs)

    monkeypatch.setattr(postgres, "ranking", spy)
    found = []
    for span in (0, 10**9):
        monkeypatch.setattr(postgres, "RANGED_SPAN", span)
        with open_store(url) as store:
            results = []
            for window in (3, 10_000):
                store.search_window = window
                for query in [*QUERIES, *PHRASES]:
                    for filters, collapse in ((None, False), (SearchFilters(agency="IRNA"), False), (None, True)):
                        result = store.search(query, filters, limit=50, collapse=collapse)
                        results.append((query, result.total, [(h.id, round(h.score, 9), h.story, h.also)
                                                              for h in result.hits]))
            found.append(results)
    assert found[0] == found[1]
    assert any(r[2] for r in found[0])
    assert True in taken and False in taken


def test_a_union_written_without_duplicates_finds_what_the_union_finds(pg_database, monkeypatch) -> None:
    """`وزیر کشور` where the archive also writes `وزیرکشور`, `میشود` where it also writes `می شود`:
    the window is the union of the alternatives' articles. Written as a UNION, or (the counts saying
    the later alternatives are small) as the largest alternative's postings and each later one's
    without an earlier one's articles, every search gives the same total, hits, scores and order."""
    import rasad.store.postgres_window as postgres_window

    url = pg_database()
    texts = [*TEXTS, "تازه\n\nمیشود گفت وزیرکشور و وزیر کشور آمدند.\n", "دیگر\n\nمی شود گفت وزیر آمد.\n"]
    with open_store(url) as store:
        for copy in range(2):
            for i, text in enumerate(texts):
                store.add(analyze_text(text.replace("\n\n", f" {copy}\n\n", 1), f"t{copy}-{i}"))
    queries = ["وزیر کشور", "وزیرکشور", "میشود", "می شود گفت", "وزیر کشور -نیرو"]
    found, kinds = [], []
    statement_of = postgres_window.window

    def spy(*args, **kwargs):
        statement, params = statement_of(*args, **kwargs)
        kinds.append("UNION ALL" in statement)
        return statement, params

    monkeypatch.setattr("rasad.store.postgres.window", spy)
    for probe_cost in (10**9, 0.0):  # never disjoint, always
        monkeypatch.setattr(postgres_window, "PROBE_COST", probe_cost)
        with open_store(url) as store:
            store.search_window = 3
            found.append([(q, r.total, [(h.id, round(h.score, 9)) for h in r.hits])
                          for q in queries for r in [store.search(q, limit=50)]])
    assert found[0] == found[1]
    assert all(total for _, total, _ in found[0])
    assert any(kinds) and not all(kinds)  # both forms were taken
