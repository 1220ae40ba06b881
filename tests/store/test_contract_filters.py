"""The Store contract's filters, on every backend: an agency, a date range (closed, open at one end,
a whole Jalali month, a few days across a month's edge, wider than the filter words say, empty) and
both, give exactly the articles that have them, with the scores they have unfiltered. (SQLite matches
an agency and a date range as filter words of its full-text rows: rasad.store.tags.)"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rasad.models import Entity
from rasad.pipeline import analyze_text
from rasad.store import open_store
from rasad.store.values import SearchFilters

AGENCIES = {"ILNA": "خبرگزاری کار ایران", "ISNA": "خبرگزاری دانشجویان ایران", "Mehr": "خبرگزاری مهر"}
FIRST = date(2025, 3, 5)  # 14 Esfand 1403; the articles run into Ordibehesht 1404


def day_of(i: int) -> date | None:
    return None if i % 7 == 3 else FIRST + timedelta(days=2 * i)


def agency_of(i: int) -> str | None:
    """The agency the header names (read only beside a date: the undated have none)."""
    return list(AGENCIES)[i % 3] if day_of(i) else None


def article_text(i: int) -> str:
    day = day_of(i)
    dated = f"date {day.isoformat()} " if day else ""
    name = AGENCIES[list(AGENCIES)[i % 3]]
    extra = " ویژه" if i % 2 else ""
    return (f"{dated}{name}\nگزارش شماره {i}{extra}\n\nمتن گزارش {i} درباره بازار است"
            + " و جزئیات" * (i % 4) + ".\n")


@pytest.fixture(scope="module")
def articles():
    found = [analyze_text(article_text(i), f"f{i}") for i in range(30)]
    for i, article in enumerate(found):
        article.entities = [Entity("مشهد", "LOC", 0, 4)] if i % 4 == 0 else []
    return found


@pytest.fixture
def store(store_url: str, articles):
    with open_store(store_url) as s:
        ids = {s.add(article).id: i for i, article in enumerate(articles)}
        s.numbered = ids  # type: ignore[attr-defined]
        yield s


def wanted(since: date | None, until: date | None, agency: str | None, odd: bool = False) -> set[int]:
    chosen = set()
    for i in range(30):
        day = day_of(i)
        if (since or until) and day is None:
            continue
        if (since and day < since) or (until and day > until):  # type: ignore[operator]
            continue
        if (agency and agency_of(i) != agency) or (odd and not i % 2):
            continue
        chosen.add(i)
    return chosen


@pytest.mark.parametrize(("since", "until"), [
    (None, None),
    (date(2025, 3, 21), date(2025, 4, 20)),  # Farvardin 1404, whole
    (date(2025, 3, 18), date(2025, 3, 25)),  # across Esfand's end
    (date(2025, 4, 10), None),  # open at the end
    (None, date(2025, 3, 15)),  # open at the start
    (date(2020, 1, 1), date(2030, 1, 1)),  # wider than filter words say: tested per article
    (date(2025, 4, 1), date(2025, 3, 1)),  # empty
    (date(2025, 3, 6), date(2025, 3, 6)),  # a day no article has
])
@pytest.mark.parametrize("agency", [None, "ISNA"])
@pytest.mark.parametrize("query", ["گزارش", "ویژه", "بازار ویژه"])
def test_filters_give_exactly_their_articles_with_their_scores(store, query: str, agency: str | None,
                                                              since: date | None, until: date | None) -> None:
    filters = SearchFilters(agency=agency, since=since, until=until)
    every = {h.id: h.score for h in store.search(query, limit=100).hits}
    result = store.search(query, filters, limit=100)
    got = {store.numbered[h.id] for h in result.hits}
    assert got == wanted(since, until, agency, odd=query != "گزارش")
    assert result.total == len(got)
    assert all(h.score == pytest.approx(every[h.id], abs=1e-9) for h in result.hits)
    newest = store.search(query, filters, limit=100, order="newest")
    assert {store.numbered[h.id] for h in newest.hits} == got
    assert sorted(h.id for h in store.iter_hits(query, filters)) == sorted(h.id for h in result.hits)
    assert sum(c.articles for c in store.top("agency", filters, query)) == len(got)


@pytest.mark.parametrize("filters", [
    SearchFilters(entities=[("LOC", "مشهد")]),
    SearchFilters(agency="ISNA", entities=[("LOC", "مشهد")]),
    SearchFilters(since=date(2025, 3, 18), until=date(2025, 4, 25), entities=[("LOC", "مشهد")]),
])
def test_an_entity_with_the_other_filters(store, filters: SearchFilters) -> None:
    expected = {i for i in wanted(filters.since, filters.until, filters.agency) if i % 4 == 0}
    result = store.search("گزارش", filters, limit=100)
    assert {store.numbered[h.id] for h in result.hits} == expected and result.total == len(expected)
