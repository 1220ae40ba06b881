"""The Store contract's `iter_hits`, on every backend: every hit of a search, all pages in their
order, field for field what `search` gives page by page (what an export writes)."""

from __future__ import annotations

from datetime import date

import pytest

from rasad.pipeline import analyze_text
from rasad.store import open_store
from rasad.store.values import SearchFilters

AGENCIES = ["خبرگزاری کار ایران", "خبرگزاری دانشجویان ایران", "خبرگزاری مهر"]
SUBJECTS = ["وزیر کشور از مشهد بازدید کرد", "مصرف آب در تهران کم می‌شود", "نمایشگاه کتاب برگزار شد"]


def article_text(i: int) -> str:
    """Articles that tie on score (the same sentence) and on day, some undated, over three agencies."""
    dated = f"date 2025-10-{10 + i % 7:02d} " if i % 5 else ""
    subject = SUBJECTS[i % 3]
    return (f"{dated}{AGENCIES[i % 3]}\n{subject} ({i})\n\n{subject}. گزارش شماره {i} درباره این خبر است"
            + " و جزئیات بیشتر" * (i % 4) + ".\n")


@pytest.fixture
def store(store_url: str):
    with open_store(store_url) as s:
        ids = [s.add(analyze_text(article_text(i), f"a{i}")).id for i in range(23)]
        s.save_story(ids[0], [(ids[0], None), (ids[3], "near-duplicate"), (ids[6], "cites")])
        s.save_story(ids[1], [(ids[1], None), (ids[4], "both")])
        yield s


def every_page(store, query: str, filters: SearchFilters | None, collapse: bool, size: int = 4,
               order: str = "relevance") -> list:
    hits, page = [], 0
    while True:
        result = store.search(query, filters, limit=size, offset=page * size, collapse=collapse, order=order)
        hits += result.hits
        page += 1
        if page * size >= result.total:
            return [h.to_record() for h in hits]


@pytest.mark.parametrize("order", ["relevance", "newest"])
@pytest.mark.parametrize("collapse", [False, True])
@pytest.mark.parametrize(("query", "filters"), [
    ("", None),
    ("وزیر کشور", None),
    ("خبر", None),
    ('"مصرف آب"', None),
    ("گزارش", SearchFilters(agency="ILNA")),
    ("", SearchFilters(since=date(2025, 10, 12), until=date(2025, 10, 14))),
    ("نمایشگاه", SearchFilters(since=date(2025, 10, 11))),
    ("هیچ‌کجا", None),
    ("خبر OR گزارش -نمایشگاه", None),
])
def test_iter_hits_is_every_page_in_order(store, query: str, filters: SearchFilters | None, collapse: bool,
                                          order: str) -> None:
    expected = every_page(store, query, filters, collapse, order=order)
    stream = store.iter_hits(query, filters, collapse=collapse, batch=3, order=order)
    assert stream.total == store.search(query, filters, collapse=collapse, order=order).total == len(expected)
    assert [h.to_record() for h in stream] == expected


def test_collapse_folds_a_story_into_one_hit(store) -> None:
    plain = [h.id for h in store.iter_hits("")]
    folded = list(store.iter_hits("", collapse=True))
    assert len(plain) == 23 and len(folded) == 23 - 3
    assert sorted(h.also for h in folded if h.also) == [1, 2]


def test_iter_hits_reads_lazily(store) -> None:
    """The hits are read as they are consumed: an article stored after the match is not among
    them, and the first batch is there before the rest is read."""
    stream = store.iter_hits("", batch=5)
    first = next(iter(stream))
    store.add(analyze_text("date 2025-12-01 خبرگزاری مهر\nخبر تازه‌تر\n\nمتن تازه.\n", "late"))
    rest = list(stream)
    assert 1 + len(rest) == stream.total == 23
    assert "خبر تازه‌تر" not in {first.title, *(h.title for h in rest)}
