"""The Store contract's search window, on every backend: a search by relevance that matches more
articles than `search_window` ranks the newest of them by arrival (the highest ids), with the same
scores as when every match is ranked, says so in `ranked`, counts every match in `total`, counts
agencies over the ranked ones; `newest` order, searches below the window and exports are exact."""

from __future__ import annotations

from datetime import date

import pytest

from rasad.pipeline import analyze_text
from rasad.store import open_store
from rasad.store.base import ArticleStore
from rasad.store.values import SEARCH_WINDOW, SearchFilters

AGENCIES = ["خبرگزاری کار ایران", "خبرگزاری دانشجویان ایران", "خبرگزاری مهر"]
SUBJECTS = ["وزیر کشور از مشهد بازدید کرد", "مصرف آب در تهران کم می‌شود", "نمایشگاه کتاب برگزار شد"]
WINDOW = 5


def article_text(i: int) -> str:
    """Articles whose days do not follow their arrival (so the window, by id, differs from the
    newest by day), of varied lengths (so scores differ), over three agencies."""
    day = f"2025-10-{28 - (i * 7) % 19:02d}"
    subject = SUBJECTS[i % 3]
    return (f"date {day} {AGENCIES[i % 3]}\n{subject} ({i})\n\n{subject}. گزارش شماره {i} درباره این خبر است"
            + " و جزئیات بیشتر خبر" * (i % 5) + ".\n")


@pytest.fixture
def store(store_url: str):
    with open_store(store_url) as s:
        ids = [s.add(analyze_text(article_text(i), f"a{i}")).id for i in range(24)]
        s.save_story(ids[20], [(ids[20], None), (ids[21], "near-duplicate"), (ids[23], "cites")])
        yield s


def records(result) -> list[tuple[int, float, str]]:
    return [(h.id, round(h.score, 9), h.snippet) for h in result.hits]


def windowed(store, *args, **kwargs):
    store.search_window = WINDOW
    try:
        return store.search(*args, **kwargs)
    finally:
        del store.search_window


def test_the_window_is_a_store_setting() -> None:
    assert ArticleStore.search_window == SEARCH_WINDOW > 1000


@pytest.mark.parametrize(("query", "filters"), [
    ("خبر", None),  # every article
    ("وزیر کشور", None),  # side by side first, within the window too
    ("گزارش", SearchFilters(agency="ILNA")),
    ("خبر OR گزارش -نمایشگاه", None),
    ("خبر", SearchFilters(since=date(2025, 10, 12))),
    ('"وزیر کشور"', None),  # a phrase: its articles counted once
    ("می‌شود", None),
    ('خبر -"وزیر کشور"', None),  # an excluded phrase
    ("آب OR کتاب", SearchFilters(agency="ISNA")),  # alternatives only, and a filter
    ("خبر", SearchFilters(entities=[("LOC", "تهران")])),
])
def test_the_newest_matches_are_ranked_with_the_archive_scores(store, query: str, filters) -> None:
    every = store.search(query, filters, limit=100)
    assert every.ranked is None and every.total > WINDOW
    newest = set(sorted(h.id for h in every.hits)[-WINDOW:])
    result = windowed(store, query, filters, limit=100)
    assert result.ranked == WINDOW
    assert result.total == every.total  # every match counted
    # the ranking of the whole archive, restricted to the window: same order, same scores
    assert records(result) == [r for r in records(every) if r[0] in newest]
    assert sum(result.facets["agency"].values()) == WINDOW
    assert windowed(store, query, filters, limit=2, offset=2).hits == result.hits[2:4]


def test_below_the_window_nothing_changes(store) -> None:
    every = store.search("نمایشگاه", limit=100)
    assert every.total == 8
    store.search_window = 8
    assert records(store.search("نمایشگاه", limit=100)) == records(every)
    assert store.search("نمایشگاه").ranked is None


def test_newest_order_browsing_and_exports_are_exact(store) -> None:
    for query in ("خبر", ""):
        every = store.search(query, limit=100, order="newest")
        result = windowed(store, query, limit=100, order="newest")
        assert result.ranked is None and records(result) == records(every) and result.total == 24
    assert windowed(store, "", limit=100).ranked is None
    store.search_window = WINDOW
    stream = store.iter_hits("خبر")
    assert stream.total == 24 and len(list(stream)) == 24


def test_collapse_folds_the_stories_of_the_window(store) -> None:
    result = windowed(store, "خبر", collapse=True, limit=100)
    assert result.ranked == WINDOW
    # the newest five: three of them one story
    assert result.total == len(result.hits) == 3
    folded = [h for h in result.hits if h.also]
    assert len(folded) == 1 and folded[0].also == 2
