"""Search over a few hundred real articles (shared/data/ir_news_dev), on every backend: every
spelling variant of a query returns the same hits, and the backends agree hit for hit and score
for score."""

from __future__ import annotations

import pytest

from rasad.pipeline import analyze_paths
from rasad.store import open_store
from rasad.store.memory import MemoryStore
from rasad.store.values import SearchFilters
from tests.conftest import require_shared

ZWNJ = "\u200c"


@pytest.fixture(scope="module")
def articles():
    folder = require_shared("data", "ir_news_dev")
    files = sorted(folder.glob("roozno_data_1*.txt"))[:150] + sorted(folder.glob("tabnak_data_1*.txt"))[:150]
    found = []
    for outcome in analyze_paths(files):
        assert outcome.error is None, outcome.error
        found += outcome.articles
    assert len(found) >= 290
    return found


@pytest.fixture(scope="module")
def stores(articles, tmp_path_factory: pytest.TempPathFactory):
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('real') / 'real.db'}", "memory": "memory://search-real"}
    MemoryStore.forget(urls["memory"])
    opened = {name: open_store(url) for name, url in urls.items()}
    for store in opened.values():
        for article in articles:
            store.add(article)
    yield opened
    for store in opened.values():
        store.close()
    MemoryStore.forget(urls["memory"])


@pytest.fixture(params=["sqlite", "memory"])
def store(request: pytest.FixtureRequest, stores):
    return stores[request.param]


def ids(store, query: str) -> set[int]:
    return {h.id for h in store.search(query, limit=1000).hits}


@pytest.mark.parametrize(
    "variants",
    [
        [f"می{ZWNJ}شود", "میشود", "می شود", "ميشود"],
        [f"همکاری{ZWNJ}های", "همکاریهای", "همکاری های", "همكاريهاي"],
        [f"سازمان{ZWNJ}های", "سازمانهای", "سازمان های", "سازمانهاي"],
        [f"اطلاع{ZWNJ}رسانی", "اطلاعرسانی", "اطلاع رسانی"],
        ["۱۴۰۰", "1400", "١٤٠٠"],
        ["وزیر کشور", "وزير كشور"],
    ],
)
def test_spelling_variants_return_the_same_hits(store, variants: list[str]) -> None:
    results = [ids(store, v) for v in variants]
    assert results[0], f"no hits for {variants[0]}"
    for variant, found in zip(variants[1:], results[1:], strict=True):
        assert found == results[0], variant


def test_agency_filter_on_real_data(store) -> None:
    tabnak = store.search("ایران", SearchFilters(agency="Tabnak"), limit=1000)
    assert tabnak.total > 0 and {h.agency for h in tabnak.hits} == {"Tabnak"}




@pytest.mark.parametrize("query", ["ایران", "وزیر کشور", '"وزیر کشور"', "میشود", "آب", "انتخابات مجلس", "۱۴۰۰"])
def test_backends_agree_hit_for_hit(stores, query: str) -> None:
    """The same hits in the same order, with the same BM25 scores, and the same facets."""
    sqlite, memory = (stores[name].search(query, limit=30) for name in ("sqlite", "memory"))
    assert sqlite.total == memory.total > 0
    assert [(h.id, h.snippet) for h in sqlite.hits] == [(h.id, h.snippet) for h in memory.hits]
    assert [h.score for h in sqlite.hits] == pytest.approx([h.score for h in memory.hits], rel=1e-6)
    assert sqlite.facets == memory.facets
    assert stores["sqlite"].articles_per_day(query) == stores["memory"].articles_per_day(query)


@pytest.mark.parametrize("collapse", [False, True])
@pytest.mark.parametrize("query", ["", "ایران", "می‌شود", '"وزیر کشور"'])
def test_every_hit_is_every_page_in_order(store, query: str, collapse: bool) -> None:
    """`iter_hits` (what exports write) gives the hits of every page of the search, in order."""
    paged, page = [], 0
    while True:
        result = store.search(query, limit=20, offset=page * 20, collapse=collapse)
        paged += [h.to_record() for h in result.hits]
        page += 1
        if page * 20 >= result.total:
            break
    stream = store.iter_hits(query, collapse=collapse, batch=7)
    assert stream.total == len(paged) and [h.to_record() for h in stream] == paged
    assert len(paged) > 20 or query == '"وزیر کشور"'
